import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../bench/flags.ts';
import { verdictOf, type Row } from '../../bench/report.ts';
import { FINAL_TALLY_TARGET } from '../../bench/scenarios/vote.ts';

const finalTally = (plenary: number | null, baseline: number | null): Row => ({
  scenario: 'Vote storm',
  figure: 'last ack → final tally on every client',
  unit: 'ms',
  plenary,
  baseline,
  target: FINAL_TALLY_TARGET,
});

describe('the final tally target: at most 100 ms and at most half the baseline', () => {
  it('passes only when both hold', () => {
    expect(verdictOf(finalTally(60, 200))).toBe('pass');
    expect(verdictOf(finalTally(60, 100))).toBe('fail');
    expect(verdictOf(finalTally(120, 400))).toBe('fail');
  });

  it('is unknown without a figure to compare, and fails over the bound whatever the baseline', () => {
    expect(verdictOf(finalTally(null, 200))).toBe('unknown');
    expect(verdictOf(finalTally(60, null))).toBe('unknown');
    expect(verdictOf(finalTally(150, null))).toBe('fail');
  });
});

describe('--window', () => {
  it('spreads the ballots over the given ms; 5 s by default; a non-number is refused', () => {
    expect(parseFlags(['--window', '1000'])).toMatchObject({ windowMs: 1000 });
    expect(parseFlags([])).toMatchObject({ windowMs: 5000 });
    expect(() => parseFlags(['--window', 'soon'])).toThrow(/--window must be a positive integer/);
  });
});

describe('--connect-concurrency', () => {
  it('sets the connections each worker opens at once; 200 by default; a non-number is refused', () => {
    expect(parseFlags(['--connect-concurrency', '400'])).toMatchObject({ connectConcurrency: 400 });
    expect(parseFlags([])).toMatchObject({ connectConcurrency: 200 });
    expect(() => parseFlags(['--connect-concurrency', 'all'])).toThrow(/--connect-concurrency must be a positive integer/);
  });
});

describe('--nodes', () => {
  it('takes one count or a list of them, each run on its own Redis; none without the flag', () => {
    expect(parseFlags(['--nodes', '3'])).toMatchObject({ nodes: [3] });
    expect(parseFlags(['--nodes', '1,2,4'])).toMatchObject({ nodes: [1, 2, 4] });
    expect(parseFlags([])).toMatchObject({ nodes: [] });
  });

  it('refuses a count that is not a positive integer, a count listed twice, and --redis-wait without 2 or more', () => {
    expect(() => parseFlags(['--nodes', '1,,4'])).toThrow(/--nodes must be a positive integer/);
    expect(() => parseFlags(['--nodes', '2,2'])).toThrow(/twice/);
    expect(() => parseFlags(['--nodes', '1', '--redis-wait'])).toThrow(/--redis-wait needs/);
    expect(parseFlags(['--nodes', '1,4', '--redis-wait'])).toMatchObject({ nodes: [1, 4], redisWait: true });
  });
});
