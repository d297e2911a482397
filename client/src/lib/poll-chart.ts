import type { PollKind, PollResults } from '../../../shared/model/poll.ts';

/** One bar of a result chart, with what it says in words as well as in length. */
export type ChartBar = { key: string; label: string; value: number; percent: number; widthPercent: number };

/**
 * Whole percentages of `total`. When every voter counts once (single choice, a rating), the
 * largest-remainder method makes them add up to 100, so a projector does not show 99 % or 101 %,
 * except where that would show two equal counts as different percentages: equal counts always
 * get equal percentages, and a tie that cannot share the last point gets none of it.
 */
export function wholePercentages(values: readonly number[], total: number, addUpTo100: boolean): number[] {
  if (total <= 0) return values.map(() => 0);
  const exact = values.map((value) => (value / total) * 100);
  if (!addUpTo100) return exact.map((share) => Math.round(share));
  const result = exact.map((share) => Math.floor(share));
  let missing = 100 - result.reduce((sum, share) => sum + share, 0);
  const remainders = [...new Set(exact.map((share) => share - Math.floor(share)))].filter((r) => r > 1e-9).sort((a, b) => b - a);
  for (const remainder of remainders) {
    const tied = exact.flatMap((share, index) => (Math.abs(share - Math.floor(share) - remainder) < 1e-9 ? [index] : []));
    if (tied.length > missing) continue;
    for (const index of tied) result[index] = (result[index] ?? 0) + 1;
    missing -= tied.length;
  }
  return result;
}

/** Single choice and ratings count each voter once; multiple choice lets a voter fill several bars. */
export function sharesAddUp(kind: PollKind): boolean {
  return kind === 'single' || kind === 'rating';
}

/** Bars for single, multiple and rating polls: percent of voters, and a bar as long as that percent. */
export function chartBars(results: Pick<PollResults, 'kind' | 'rows' | 'voters'>): ChartBar[] {
  const percents = wholePercentages(results.rows.map((row) => row.value), results.voters, sharesAddUp(results.kind));
  return results.rows.map((row, index) => {
    const exact = results.voters > 0 ? (row.value / results.voters) * 100 : 0;
    return { key: row.key, label: row.label, value: row.value, percent: percents[index] ?? 0, widthPercent: Math.min(100, exact) };
  });
}

/** Competition ranking ("1, 2, 2, 4"): options with equal points share a place. Rows arrive sorted by points. */
export function rankPlaces(points: readonly number[]): number[] {
  return points.map((value) => points.indexOf(value) + 1);
}

/** The mean with one decimal, as a projector shows it. */
export function formatMean(mean: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(mean);
}

export type CloudWord = { key: string; label: string; value: number; sizeEm: number; tone: number };

/**
 * A word cloud with no randomness: font size grows with the square root of the count (so area,
 * not height, tracks frequency), and the words are arranged centre-out — the most frequent in the
 * middle, the next ones alternately after and before it — so a flex-wrap line reads like a cloud
 * and every screen draws the same picture.
 */
export function cloudWords(rows: PollResults['rows'], minEm = 1, maxEm = 3.5, tones = 4): CloudWord[] {
  const sorted = [...rows].filter((row) => row.value > 0).sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const top = sorted[0]?.value ?? 0;
  const bottom = sorted[sorted.length - 1]?.value ?? 0;
  const span = Math.sqrt(top) - Math.sqrt(bottom);
  const sized = sorted.map((row, index) => ({
    key: row.key,
    label: row.label,
    value: row.value,
    sizeEm: span > 0 ? round2(minEm + ((Math.sqrt(row.value) - Math.sqrt(bottom)) / span) * (maxEm - minEm)) : sorted.length === 1 ? maxEm : round2((minEm + maxEm) / 2),
    tone: index % tones,
  }));
  const arranged: CloudWord[] = [];
  sized.forEach((word, index) => (index % 2 === 0 ? arranged.push(word) : arranged.unshift(word)));
  return arranged;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
