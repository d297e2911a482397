import { describe, expect, it } from 'vitest';
import { budgetAt, nextPushAt, pushRate, QUIET_MS } from '../../server/domain/push-rate.ts';

describe('pushRate: the bound on a room’s pushes for an interval', () => {
  it('[PR1] four a second at 250 ms; at least three a window, two kept from a storm', () => {
    expect(pushRate(250)).toEqual({ windowMs: 1_000, perWindow: 4, quietPerWindow: 3, stormPerWindow: 2, stormGapMs: 500 });
    expect(pushRate(50)).toEqual({ windowMs: 1_000, perWindow: 20, quietPerWindow: 19, stormPerWindow: 18, stormGapMs: 56 });
    // Above 333 ms a second holds fewer than three intervals: the window is three of them.
    expect(pushRate(300)).toEqual({ windowMs: 1_000, perWindow: 3, quietPerWindow: 2, stormPerWindow: 1, stormGapMs: 1_000 });
    expect(pushRate(5_000)).toEqual({ windowMs: 15_000, perWindow: 3, quietPerWindow: 2, stormPerWindow: 1, stormGapMs: 15_000 });
  });

  it('[PR2] the budget frees when the oldest counted push leaves the window', () => {
    const rate = pushRate(250);
    expect(budgetAt(rate, [0, 100, 200], 4, 300)).toBe(300);
    expect(budgetAt(rate, [0, 100, 200, 300], 4, 400)).toBe(1_000);
    expect(budgetAt(rate, [0, 100, 200, 300], 3, 400)).toBe(1_100);
  });

  it('[PR3] storm, quiet and urgent pushes draw on their shares', () => {
    const rate = pushRate(250);
    // A first change ever, or after a quiet moment: at once.
    expect(nextPushAt(rate, { starts: [], lastMarkAt: 10, afterQuiet: true, urgent: false }, 10)).toBe(10);
    expect(nextPushAt(rate, { starts: [0], lastMarkAt: 300, afterQuiet: true, urgent: false }, 300)).toBe(300);
    // Changes still coming: a storm gap after the previous push, unless quiet comes first.
    expect(nextPushAt(rate, { starts: [0], lastMarkAt: 490, afterQuiet: false, urgent: false }, 490)).toBe(500);
    expect(nextPushAt(rate, { starts: [0], lastMarkAt: 300, afterQuiet: false, urgent: false }, 300)).toBe(300 + QUIET_MS);
    // Three pushes this second: the quiet share is spent, the chair's push is not.
    const spent = [0, 500, 520];
    expect(nextPushAt(rate, { starts: spent, lastMarkAt: 600, afterQuiet: false, urgent: false }, 600)).toBe(1_000);
    expect(nextPushAt(rate, { starts: spent, lastMarkAt: 600, afterQuiet: false, urgent: true }, 600)).toBe(600);
    expect(nextPushAt(rate, { starts: [...spent, 600], lastMarkAt: 610, afterQuiet: false, urgent: true }, 610)).toBe(1_000);
  });

  it('[PR4] changes that may wait go no sooner than their notBefore, which only ever delays; an urgent change ignores it', () => {
    const rate = pushRate(250);
    const pending = { starts: [0], lastMarkAt: 300, afterQuiet: true, urgent: false };
    expect(nextPushAt(rate, { ...pending, notBefore: 1_000 }, 300)).toBe(1_000);
    expect(nextPushAt(rate, { ...pending, notBefore: 100 }, 300)).toBe(300);
    // A later push than the rule's stays as late.
    const spent = { starts: [0, 500, 520], lastMarkAt: 600, afterQuiet: false, urgent: false };
    expect(nextPushAt(rate, { ...spent, notBefore: 700 }, 600)).toBe(1_000);
    expect(nextPushAt(rate, { ...spent, urgent: true, notBefore: 1_500 }, 600)).toBe(600);
  });
});
