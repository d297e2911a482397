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
