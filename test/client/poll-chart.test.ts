import { describe, expect, it } from 'vitest';
import { chartBars, cloudWords, formatMean, rankPlaces, wholePercentages } from '../../client/src/lib/poll-chart.ts';

/** Panel 1's poll: 36 delegates pick the merit practice that would help them most. */
const meritPoll = {
  kind: 'single' as const,
  voters: 36,
  rows: [
    { key: 'o1', label: 'Competitive entry examinations', value: 9 },
    { key: 'o2', label: 'Structured interviews', value: 14 },
    { key: 'o3', label: 'Performance-based promotion', value: 13 },
  ],
};

describe('percentages on a result chart', () => {
  it('adds up to exactly 100 when each voter counts once', () => {
    expect(wholePercentages([9, 14, 13], 36, true)).toEqual([25, 39, 36]);
    // 14.29 each rounds to 14 (98 in all); 42.86 and 28.57 take the two missing points.
    expect(wholePercentages([1, 1, 3, 2], 7, true)).toEqual([14, 14, 43, 29]);
    expect(wholePercentages([1, 2, 4], 7, true).reduce((a, b) => a + b)).toBe(100);
  });

  it('never shows equal counts as different percentages, even if the total is then 99', () => {
    expect(wholePercentages([2, 3, 2], 7, true)).toEqual([28, 43, 28]);
    expect(wholePercentages([1, 1, 1], 3, true)).toEqual([33, 33, 33]);
  });

  it('rounds each bar on its own for multiple choice, where one voter fills several bars', () => {
    expect(wholePercentages([20, 15, 1], 30, false)).toEqual([67, 50, 3]);
  });

  it('shows zeros, not NaN, before anyone voted', () => {
    expect(wholePercentages([0, 0], 0, true)).toEqual([0, 0]);
    expect(chartBars({ ...meritPoll, voters: 0, rows: meritPoll.rows.map((r) => ({ ...r, value: 0 })) }).map((b) => b.percent)).toEqual([0, 0, 0]);
  });

  it('draws each bar as long as its share of the voters', () => {
    const bars = chartBars(meritPoll);
    expect(bars.map((b) => b.percent)).toEqual([25, 39, 36]);
    expect(bars[1]?.widthPercent).toBeCloseTo(38.89, 2);
    expect(bars[0]).toMatchObject({ key: 'o1', label: 'Competitive entry examinations', value: 9 });
  });
});

describe('ranking places', () => {
  it('lets options with equal points share a place', () => {
    expect(rankPlaces([30, 22, 22, 10])).toEqual([1, 2, 2, 4]);
    expect(rankPlaces([])).toEqual([]);
  });
});

describe('a rating mean', () => {
  it('has one decimal in the viewer’s language', () => {
    expect(formatMean(3.8571, 'en')).toBe('3.9');
    expect(formatMean(4, 'ru')).toBe('4,0');
  });
});

describe('a word cloud', () => {
  const rows = [
    { key: 'w:merit', label: 'merit', value: 16 },
    { key: 'w:trust', label: 'trust', value: 9 },
    { key: 'w:integrity', label: 'integrity', value: 4 },
    { key: 'w:digital', label: 'digital', value: 1 },
    { key: 'w:zero', label: 'zero', value: 0 },
  ];

  it('sizes words by the square root of their count, between the smallest and largest size', () => {
    const sizes = Object.fromEntries(cloudWords(rows, 1, 4).map((w) => [w.label, w.sizeEm]));
    expect(sizes).toEqual({ merit: 4, trust: 3, integrity: 2, digital: 1 });
  });

  it('puts the most frequent word in the middle, the same way every time', () => {
    const order = cloudWords(rows).map((w) => w.label);
    expect(order).toEqual(['digital', 'trust', 'merit', 'integrity']);
    expect(cloudWords(rows)).toEqual(cloudWords([...rows].reverse()));
  });

  it('gives words with equal counts one middle size, and a single word the largest', () => {
    expect(cloudWords([{ key: 'a', label: 'a', value: 2 }, { key: 'b', label: 'b', value: 2 }], 1, 3).map((w) => w.sizeEm)).toEqual([2, 2]);
    expect(cloudWords([{ key: 'a', label: 'a', value: 5 }], 1, 3)[0]?.sizeEm).toBe(3);
  });
});
