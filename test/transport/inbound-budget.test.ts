import { describe, expect, it } from 'vitest';
import { InboundBudget } from '../../server/transport/inbound-budget.ts';

describe('a connection’s inbound budget', () => {
  it('[IB1] allows a second’s worth at once, refuses the rest, and refills with time', () => {
    const budget = new InboundBudget(60, 0);
    const first = Array.from({ length: 61 }, () => budget.take(0));
    expect(first.filter((admission) => admission === 'allowed')).toHaveLength(60);
    expect(first.at(-1)).toBe('refused');
    expect(budget.waitMs()).toBeGreaterThan(0);
    // The refused message took a token too: one token's worth of time later there is still none.
    expect(budget.take(17)).toBe('refused');
    expect(budget.take(1_000)).toBe('allowed');
  });

  it('[IB2] is exhausted when a client keeps sending a second’s worth past its refusals', () => {
    const budget = new InboundBudget(60, 0);
    const admissions = Array.from({ length: 120 }, () => budget.take(0));
    expect(admissions.slice(0, 60).every((admission) => admission === 'allowed')).toBe(true);
    expect(admissions.slice(60, 119).every((admission) => admission === 'refused')).toBe(true);
    expect(admissions[119]).toBe('exhausted');
  });

  it('[IB3] a steady sender at the rate is never refused', () => {
    const budget = new InboundBudget(60, 0);
    for (let i = 0; i < 600; i++) expect(budget.take(Math.ceil((i * 1_000) / 60))).toBe('allowed');
  });
});
