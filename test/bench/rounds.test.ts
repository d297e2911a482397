import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../bench/flags.ts';
import { markdownTable, ratioOf, verdictOf, type Row } from '../../bench/report.ts';
import { runName } from '../../bench/results.ts';
import { combineRounds, inRoundOrder, roundOrder } from '../../bench/rounds.ts';
import { median, range } from '../../bench/stats.ts';

const ackP99 = (plenary: number | null, baseline: number | null, scenario = 'Vote storm: 5,000 voters'): Row => ({
  scenario,
  figure: 'ack latency p99',
  unit: 'ms',
  plenary,
  baseline,
  target: { label: '≤ 2× baseline', check: { kind: 'ratio', max: 2 } },
});

const acknowledged = (plenary: number, pass: boolean): Row => ({
  scenario: 'Vote storm',
  figure: 'votes acknowledged',
  unit: 'count',
  plenary,
  baseline: 5000,
  target: { label: '= 5000 sent', check: { kind: 'holds', pass } },
});

describe('median and range', () => {
  it('takes the middle value, or the mean of the middle two, ignoring missing figures', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([null, 5, null])).toBe(5);
    expect(median([null])).toBeNull();
    expect(median([])).toBeNull();
  });

  it('gives the smallest and largest figure, or null when there is none', () => {
    expect(range([3, null, 1, 2])).toEqual({ min: 1, max: 3 });
    expect(range([null])).toBeNull();
  });
});

describe('the order of the servers, round by round', () => {
  it('puts Plenary first in round 1, the baseline first in round 2, and alternates', () => {
    expect([0, 1, 2, 3].map(roundOrder)).toEqual([
      ['plenary', 'baseline'],
      ['baseline', 'plenary'],
      ['plenary', 'baseline'],
      ['baseline', 'plenary'],
    ]);
  });

  it('runs both sides one after the other, never at once, in that order', async () => {
    const log: string[] = [];
    const side = (name: string) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`${name} end`);
      return name;
    };
    const results = await inRoundOrder(roundOrder(1), { plenary: side('plenary'), baseline: side('baseline') });
    expect(results).toEqual({ plenary: 'plenary', baseline: 'baseline' });
    expect(log).toEqual(['baseline start', 'baseline end', 'plenary start', 'plenary end']);
  });
});

describe('rows over rounds', () => {
  it('reports medians, keeps every round, and judges the median of the rounds’ own ratios', () => {
    // Per round: 3.0×, 1.0×, 1.5× → median 1.5× (the ratio of the medians would be 200 / 150 = 1.33×).
    const [row] = combineRounds([[ackP99(300, 100)], [ackP99(200, 200)], [ackP99(150, 100)]]);
    expect(row).toMatchObject({ plenary: 200, baseline: 100, rounds: { plenary: [300, 200, 150], baseline: [100, 200, 100] } });
    expect(ratioOf(row!)).toBe(1.5);
    expect(verdictOf(row!)).toBe('pass');
  });

  it('fails a ratio target on the median even if one round passed, and passes it even if one round failed', () => {
    expect(verdictOf(combineRounds([[ackP99(100, 100)], [ackP99(300, 100)], [ackP99(250, 100)]])[0]!)).toBe('fail');
    expect(verdictOf(combineRounds([[ackP99(500, 100)], [ackP99(100, 100)], [ackP99(150, 100)]])[0]!)).toBe('pass');
  });

  it('passes an exactness check only if it held in every round', () => {
    expect(verdictOf(combineRounds([[acknowledged(5000, true)], [acknowledged(5000, true)], [acknowledged(5000, true)]])[0]!)).toBe('pass');
    expect(verdictOf(combineRounds([[acknowledged(5000, true)], [acknowledged(4999, false)], [acknowledged(5000, true)]])[0]!)).toBe('fail');
  });

  it('matches rows by position and figure, though a scenario title names another count', () => {
    const [row] = combineRounds([[ackP99(100, 100, 'Vote storm: 5,000 voters')], [ackP99(120, 100, 'Vote storm: 4,998 voters')]]);
    expect(row).toMatchObject({ scenario: 'Vote storm: 5,000 voters', plenary: 110, rounds: { plenary: [100, 120] } });
  });

  it('counts a figure missing from a round as a failed check, not a pass', () => {
    const other: Row = { ...acknowledged(5000, true), figure: 'something else' };
    expect(verdictOf(combineRounds([[acknowledged(5000, true)], [other]])[0]!)).toBe('fail');
  });

  it('leaves a single round as it was', () => {
    const rows = [ackP99(300, 100)];
    expect(combineRounds([rows])).toEqual(rows);
  });

  it('shows each median with its min–max in the table', () => {
    const table = markdownTable(combineRounds([[ackP99(300, 100)], [ackP99(200, 200)], [ackP99(150, 100)]]));
    expect(table).toContain('| ack latency p99 (ms) | 200 (150–300) | 100 (100–200) | 1.50× (1.00×–3.00×) | ✓ ≤ 2× baseline |');
  });
});

describe('--rounds and --out', () => {
  it('runs three rounds by default and one with --smoke unless told otherwise', () => {
    expect(parseFlags([])).toMatchObject({ rounds: 3, out: null });
    expect(parseFlags(['--smoke'])).toMatchObject({ rounds: 1 });
    expect(parseFlags(['--smoke', '--rounds', '2'])).toMatchObject({ rounds: 2 });
    expect(() => parseFlags(['--rounds', '0'])).toThrow(/--rounds must be a positive integer/);
  });

  it('names the result files by what ran', () => {
    const flags = parseFlags(['--clients', '5000', '--scenario', 'vote', '--window', '1000', '--out', 'docs/results/x']);
    if (flags === 'help') throw new Error('unexpected --help');
    expect(flags.out).toBe('docs/results/x');
    expect(runName(flags)).toBe('vote-5000-w1000-r3');
  });
});

describe('--scenario', () => {
  it('takes one scenario, several joined by commas, or all', () => {
    const scenarios = (argv: string[]) => {
      const flags = parseFlags(argv);
      return flags === 'help' ? null : [...flags.scenarios];
    };
    expect(scenarios(['--scenario', 'vote'])).toEqual(['vote']);
    expect(scenarios(['--scenario', 'vote,join,memory,qa'])).toEqual(['vote', 'join', 'memory', 'qa']);
    expect(scenarios([])).toHaveLength(6);
    expect(() => parseFlags(['--scenario', 'vote,polls'])).toThrow(/not "polls"/);
  });
});
