import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { budgetAt, END_QUIET_MS, nextPushAt, pushRate, QUIET_MS, type PushRate } from '../../server/domain/push-rate.ts';

/** The time from one mark to the next: bursts, pauses around the quiet times, and long silences; some urgent. */
const GAP = fc.record({ gapMs: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 2_000 })), urgent: fc.boolean() }, { noNullPrototype: true });

describe('pushRate: the bound on a room’s pushes for an interval', () => {
  it('[PR1] four a second at 250 ms; at least three a window, two kept from a storm', () => {
    expect(pushRate(250)).toEqual({ windowMs: 1_000, perWindow: 4, endPerWindow: 3, stormPerWindow: 2, stormGapMs: 500 });
    expect(pushRate(50)).toEqual({ windowMs: 1_000, perWindow: 20, endPerWindow: 19, stormPerWindow: 18, stormGapMs: 56 });
    // Above 333 ms a second holds fewer than three intervals: the window is three of them.
    expect(pushRate(300)).toEqual({ windowMs: 1_000, perWindow: 3, endPerWindow: 2, stormPerWindow: 1, stormGapMs: 1_000 });
    expect(pushRate(5_000)).toEqual({ windowMs: 15_000, perWindow: 3, endPerWindow: 2, stormPerWindow: 1, stormGapMs: 15_000 });
  });

  it('[PR2] the budget frees when the oldest counted push leaves the window', () => {
    const rate = pushRate(250);
    expect(budgetAt(rate, [0, 100, 200], 4, 300)).toBe(300);
    expect(budgetAt(rate, [0, 100, 200, 300], 4, 400)).toBe(1_000);
    expect(budgetAt(rate, [0, 100, 200, 300], 3, 400)).toBe(1_100);
  });

  it('[PR3] storm, quiet, end and urgent pushes draw on their shares', () => {
    const rate = pushRate(250);
    // A first change ever, or after a quiet moment: at once.
    expect(nextPushAt(rate, { starts: [], lastMarkAt: 10, afterQuiet: true, urgent: false }, 10)).toBe(10);
    expect(nextPushAt(rate, { starts: [0], lastMarkAt: 300, afterQuiet: true, urgent: false }, 300)).toBe(300);
    // Changes still coming: a storm gap after the previous push, unless quiet comes first.
    expect(nextPushAt(rate, { starts: [0], lastMarkAt: 490, afterQuiet: false, urgent: false }, 490)).toBe(500);
    expect(nextPushAt(rate, { starts: [0], lastMarkAt: 300, afterQuiet: false, urgent: false }, 300)).toBe(300 + QUIET_MS);
    // The storm's share spent (the first change, a pause): the next pause is no end yet; a
    // change END_QUIET_MS old is, from the end's share.
    expect(nextPushAt(rate, { starts: [0, 30], lastMarkAt: 60, afterQuiet: true, urgent: false }, 60)).toBe(60 + END_QUIET_MS);
    // Three pushes this second: the end's share is spent, the chair's push is not.
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

type Mark = { at: number; urgent: boolean };
type Push = { at: number; marks: number[]; urgent: boolean; /** Pushes started in the window before this one. */ before: number };

/**
 * The rule run as its caller runs it, on injected time with pushes that take no time: a push
 * starts when nextPushAt says; a mark at the very time a push is due joins that push.
 */
function simulate(rate: PushRate, marks: readonly Mark[]): Push[] {
  const pushes: Push[] = [];
  const starts: number[] = [];
  let pending: number[] = [];
  let lastMarkAt = -Infinity;
  let afterQuiet = false;
  let urgent = false;
  let clock = -Infinity;
  const pushBefore = (limit: number) => {
    if (pending.length === 0) return;
    const at = nextPushAt(rate, { starts: starts.slice(-rate.perWindow), lastMarkAt, afterQuiet, urgent }, clock);
    if (at >= limit) return;
    pushes.push({ at, marks: pending, urgent, before: starts.filter((start) => start > at - rate.windowMs).length });
    starts.push(at);
    clock = at;
    pending = [];
    urgent = false;
  };
  for (const [i, mark] of marks.entries()) {
    pushBefore(mark.at);
    clock = mark.at;
    if (pending.length === 0) afterQuiet = mark.at - lastMarkAt >= QUIET_MS;
    pending.push(i);
    lastMarkAt = mark.at;
    urgent ||= mark.urgent;
  }
  pushBefore(Infinity);
  return pushes;
}

/** Marks at the given gaps from time 0. */
function marksAt(gaps: readonly { gapMs: number; urgent: boolean }[]): Mark[] {
  let at = 0;
  return gaps.map(({ gapMs, urgent }) => ({ at: (at += gapMs), urgent }));
}

const INTERVALS = fc.constantFrom(50, 100, 250, 300, 500);

describe('nextPushAt over whole storms (injected time)', () => {
  it('[PR5] three pauses early in a storm no longer starve its end: pushed END_QUIET_MS after the last change', () => {
    const rate = pushRate(250);
    // A ballot every 2 ms for 600 ms, with pauses of 30 ms at 20, 100 and 180 ms.
    const marks: Mark[] = [];
    for (let at = 0; at <= 600; at += 2) if (![20, 100, 180].some((pause) => at > pause && at < pause + 30)) marks.push({ at, urgent: false });
    const pushes = simulate(rate, marks);
    // The first change at once; the first pause from the storm's share; the others wait for the
    // storm's cadence or its end, which the end's share keeps for it.
    expect(pushes.map((push) => push.at)).toEqual([0, 20 + QUIET_MS, 600 + END_QUIET_MS]);
    expect(pushes.at(-1)!.marks).toContain(marks.length - 1);
  });

  it('[PR6] (a) whatever the marks: at most perWindow pushes in any rolling window, endPerWindow of them non-urgent; every mark pushed at or after it', () => {
    fc.assert(
      fc.property(INTERVALS, fc.array(GAP, { minLength: 1, maxLength: 300 }), (intervalMs, gaps) => {
        const rate = pushRate(intervalMs);
        const marks = marksAt(gaps);
        const pushes = simulate(rate, marks);
        const within = (at: number[], per: number) => at.every((start, i) => i < per || start - at[i - per]! >= rate.windowMs);
        expect(within(pushes.map((push) => push.at), rate.perWindow)).toBe(true);
        expect(within(pushes.filter((push) => !push.urgent).map((push) => push.at), rate.endPerWindow)).toBe(true);
        const carried = pushes.flatMap((push) => push.marks.map((i) => [i, push.at] as const));
        expect(carried.map(([i]) => i)).toEqual(marks.map((_, i) => i));
        for (const [i, at] of carried) expect(at).toBeGreaterThanOrEqual(marks[i]!.at);
      }),
      { numRuns: 400 },
    );
  });

  it('[PR7] (b) whatever the marks, the last (non-urgent) one is pushed by QUIET_MS after it with the storm’s share free, by END_QUIET_MS after it when no push in the window drew on the end’s share, and within a window more in any case', () => {
    fc.assert(
      fc.property(INTERVALS, fc.array(GAP, { minLength: 1, maxLength: 300 }), (intervalMs, gaps) => {
        const rate = pushRate(intervalMs);
        const marks = marksAt(gaps);
        const last = marks.at(-1)!;
        fc.pre(!last.urgent);
        const pushes = simulate(rate, marks);
        const end = pushes.at(-1)!;
        expect(end.marks).toContain(marks.length - 1);
        const earlier = pushes.slice(0, -1);
        const inWindowBefore = (t: number) => earlier.filter((push) => push.at > t - rate.windowMs && push.at < t);
        if (inWindowBefore(last.at + QUIET_MS).length < rate.stormPerWindow) expect(end.at).toBeLessThanOrEqual(last.at + QUIET_MS);
        if (inWindowBefore(last.at + END_QUIET_MS).every((push) => push.before < rate.stormPerWindow)) expect(end.at).toBeLessThanOrEqual(last.at + END_QUIET_MS);
        expect(end.at).toBeLessThanOrEqual(last.at + END_QUIET_MS + rate.windowMs);
      }),
      { numRuns: 400 },
    );
  });

  it('[PR8] (b) storms with random pauses, each shorter than END_QUIET_MS, a poll opening first: each storm’s end is pushed by END_QUIET_MS after its last change', () => {
    const pause = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: QUIET_MS, max: END_QUIET_MS - 1 }), fc.integer({ min: 0, max: END_QUIET_MS - 1 }));
    const storm = fc.record({ opens: fc.boolean(), gaps: fc.array(pause, { minLength: 1, maxLength: 400 }) }, { noNullPrototype: true });
    fc.assert(
      fc.property(INTERVALS, fc.array(storm, { minLength: 1, maxLength: 4 }), (intervalMs, storms) => {
        const rate = pushRate(intervalMs);
        const marks: Mark[] = [];
        const ends: number[] = [];
        let at = 0;
        for (const { opens, gaps } of storms) {
          // A quiet of a window and the end's wait: the previous storm's pushes are out of it.
          at += rate.windowMs + END_QUIET_MS;
          marks.push({ at, urgent: opens });
          for (const gapMs of gaps) marks.push({ at: (at += gapMs), urgent: false });
          ends.push(marks.length - 1);
        }
        const pushes = simulate(rate, marks);
        for (const i of ends) {
          const carrying = pushes.find((push) => push.marks.includes(i))!;
          expect(carrying.at).toBeLessThanOrEqual(marks[i]!.at + END_QUIET_MS);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('[PR9] (c) whatever the marks, the first change after a quiet moment, with the storm’s share free, is pushed at once', () => {
    fc.assert(
      fc.property(INTERVALS, fc.array(GAP, { minLength: 1, maxLength: 300 }), (intervalMs, gaps) => {
        const rate = pushRate(intervalMs);
        const marks = marksAt(gaps);
        const pushes = simulate(rate, marks);
        for (const [i, mark] of marks.entries()) {
          const previous = marks[i - 1]?.at ?? -Infinity;
          const carrying = pushes.findIndex((push) => push.marks.includes(i));
          const earlier = pushes.slice(0, carrying);
          const nothingPending = pushes.every((push, p) => p >= carrying || push.at < mark.at) && pushes[carrying]!.marks[0] === i;
          const shareFree = earlier.filter((push) => push.at > mark.at - rate.windowMs).length < rate.stormPerWindow;
          if (mark.at - previous >= QUIET_MS && nothingPending && shareFree) expect(pushes[carrying]!.at).toBe(mark.at);
        }
      }),
      { numRuns: 400 },
    );
  });
});
