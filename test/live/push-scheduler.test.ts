import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { END_QUIET_MS, QUIET_MS } from '../../server/domain/push-rate.ts';
import { PushScheduler, type SlowKeys } from '../../server/live/push-scheduler.ts';

/*
 * The scheduler's rules with fake timers: Date.now, setTimeout and setImmediate all move only
 * when the test advances them, so "at once" means "before any time passed".
 */

const INTERVAL_MS = 250;
/** 1,000 / INTERVAL_MS pushes in any rolling second. */
const PER_SECOND = 4;
/** A storm keeps two pushes of the second in reserve (its end's and a chair's): two a second. */
const STORM_GAP_MS = 500;
/** What pushes other than a storm's end and a chair's may use of a second. */
const STORM_SHARE = 2;

type Push = { atMs: number; roomId: string; keys: string[] };

/** Presence in a room the test calls large may wait a second. */
const SLOW_MS = 1_000;
const SLOW: SlowKeys<string> = { intervalMs: SLOW_MS, mayWait: (roomId, key) => roomId === 'large' && key.startsWith('presence') };

function scheduler(flushMs = 0, slow: SlowKeys<string> | null = null) {
  const pushes: Push[] = [];
  const errors: unknown[] = [];
  let failNext = false;
  const pushesOf = new PushScheduler<string>(
    INTERVAL_MS,
    async (roomId, keys) => {
      pushes.push({ atMs: Date.now(), roomId, keys: [...keys].sort() });
      if (flushMs > 0) await new Promise((resolve) => setTimeout(resolve, flushMs));
      if (failNext) {
        failNext = false;
        throw new Error('store unreachable');
      }
    },
    (error) => errors.push(error),
    Date.now,
    slow,
  );
  return { pushes, errors, pushesOf, failOnce: () => (failNext = true) };
}

/** Any PER_SECOND + 1 pushes in a row span at least a second. */
function expectWithinRate(at: number[]): void {
  for (let i = PER_SECOND; i < at.length; i++) expect(at[i]! - at[i - PER_SECOND]!).toBeGreaterThanOrEqual(1_000);
}

describe('PushScheduler: coalesced pushes under a rate bound per room', () => {
  let t0 = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    t0 = Date.now();
  });
  afterEach(() => vi.useRealTimers());

  it('[PS1] the first change after a quiet moment is pushed at once; a same-turn burst is one push', async () => {
    const { pushes, pushesOf } = scheduler();
    pushesOf.mark('r1', 'poll:p1');
    pushesOf.mark('r1', 'presence');
    pushesOf.mark('r1', 'poll:p1');
    expect(pushes).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes).toEqual([{ atMs: t0, roomId: 'r1', keys: ['poll:p1', 'presence'] }]);

    // After a quiet moment the next change is again pushed at once.
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    pushesOf.mark('r1', 'votes');
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes.map((p) => p.atMs - t0)).toEqual([0, QUIET_MS]);
    pushesOf.stop();
  });

  it('[PS2] a storm is pushed a storm gap apart, and its last change END_QUIET_MS after it, from the reserve', async () => {
    const { pushes, pushesOf } = scheduler();
    // A change every 5 ms for 900 ms, then silence.
    for (let ms = 0; ms < 900; ms += 5) {
      pushesOf.mark('r1', 'poll:p1');
      await vi.advanceTimersByTimeAsync(5);
    }
    pushesOf.mark('r1', 'poll:last');
    await vi.advanceTimersByTimeAsync(5_000);
    const at = pushes.map((p) => p.atMs - t0);
    expectWithinRate(at);
    expect(pushes.at(-1)!.keys).toContain('poll:last');
    // The storm's share was spent, the end's was not: the last change (at 900 ms) went out
    // END_QUIET_MS after it.
    expect(at).toEqual([0, STORM_GAP_MS, 900 + END_QUIET_MS]);
    pushesOf.stop();
  });

  it('[PS10] pauses in a storm longer than a quiet time do not starve its end', async () => {
    const { pushes, pushesOf } = scheduler();
    // A change every 2 ms for 600 ms, with pauses of 30 ms at 20, 100, 180 and 260 ms.
    for (let ms = 0; ms <= 600; ms += 2) {
      if (![20, 100, 180, 260].some((pause) => ms > pause && ms < pause + 30)) pushesOf.mark('r1', `k${ms}`);
      await vi.advanceTimersByTimeAsync(2);
    }
    await vi.advanceTimersByTimeAsync(2_000);
    // The first change at once, the first pause from the storm's share, the end from its own.
    expect(pushes.map((p) => p.atMs - t0)).toEqual([0, 20 + QUIET_MS, 600 + END_QUIET_MS]);
    expect(pushes.at(-1)!.keys).toContain('k600');
    pushesOf.stop();
  });

  it('[PS3] a change made while a push is under way is pushed when that push ends, if quiet by then', async () => {
    const { pushes, pushesOf } = scheduler(100);
    pushesOf.mark('r1', 'votes:q1');
    await vi.advanceTimersByTimeAsync(50);
    pushesOf.mark('r1', 'votes:q2');
    await vi.advanceTimersByTimeAsync(1_000);
    // The fake clock runs an immediate queued at 100 ms in its next millisecond.
    expect(pushes.map((p) => [p.atMs - t0, p.keys])).toEqual([
      [0, ['votes:q1']],
      [101, ['votes:q2']],
    ]);
    pushesOf.stop();
  });

  it('[PS4] an urgent change (a poll closed or revealed) is pushed at once within the budget, after a push under way', async () => {
    const { pushes, pushesOf } = scheduler(30);
    pushesOf.mark('r1', 'poll:p1');
    await vi.advanceTimersByTimeAsync(60);
    pushesOf.mark('r1', 'poll:p1');
    pushesOf.mark('r1', 'poll:p1', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes.map((p) => p.atMs - t0)).toEqual([0, 60]);

    // During a push: the urgent one follows as soon as that push ends.
    await vi.advanceTimersByTimeAsync(10);
    pushesOf.mark('r1', 'poll:p1', true);
    await vi.advanceTimersByTimeAsync(100);
    // The fake clock runs an immediate queued at 90 ms in its next millisecond.
    expect(pushes.map((p) => p.atMs - t0)).toEqual([0, 60, 91]);

    // A fourth urgent push spends the second's budget; a fifth waits for it to free up.
    await vi.advanceTimersByTimeAsync(10);
    pushesOf.mark('r1', 'poll:p1', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes.map((p) => p.atMs - t0)).toEqual([0, 60, 91, 180]);
    await vi.advanceTimersByTimeAsync(40);
    pushesOf.mark('r1', 'poll:p1', true);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(pushes.map((p) => p.atMs - t0)).toEqual([0, 60, 91, 180, 1_000]);
    pushesOf.stop();
  });

  it('[PS5] rooms are bounded apart; a failed push is reported and the next change is still pushed', async () => {
    const { pushes, errors, pushesOf, failOnce } = scheduler();
    failOnce();
    pushesOf.mark('r1', 'presence');
    pushesOf.mark('r2', 'presence');
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes.map((p) => p.roomId).sort()).toEqual(['r1', 'r2']);
    expect(errors).toHaveLength(1);
    pushesOf.mark('r1', 'presence');
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(pushes.filter((p) => p.roomId === 'r1').map((p) => p.atMs - t0)).toEqual([0, QUIET_MS]);
    pushesOf.stop();
  });

  it('[PS6] drain pushes what is pending now; stop drops it', async () => {
    const { pushes, pushesOf } = scheduler();
    pushesOf.mark('r1', 'presence');
    await vi.advanceTimersByTimeAsync(0);
    pushesOf.mark('r1', 'votes');
    await pushesOf.drain();
    expect(pushes.map((p) => [p.atMs - t0, p.keys])).toEqual([
      [0, ['presence']],
      [0, ['votes']],
    ]);
    pushesOf.mark('r1', 'presence');
    pushesOf.stop();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    expect(pushes).toHaveLength(2);
  });

  it('[PS7] whatever the marks: at most four pushes in any rolling second, every mark pushed, and the last one a quiet or end time after it when its share allows', async () => {
    const mark = fc.record({ gapMs: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 400 })), urgent: fc.boolean() }, { noNullPrototype: true });
    await fc.assert(
      fc.asyncProperty(fc.array(mark, { minLength: 1, maxLength: 300 }), fc.integer({ min: 0, max: 40 }), async (marks, flushMs) => {
        vi.setSystemTime(t0);
        const { pushes, pushesOf } = scheduler(flushMs);
        const markedAt: number[] = [];
        let urgentLast = false;
        for (const [i, { gapMs, urgent }] of marks.entries()) {
          await vi.advanceTimersByTimeAsync(gapMs);
          markedAt.push(Date.now() - t0);
          pushesOf.mark('r1', `k${i}`, urgent);
          urgentLast = urgent;
        }
        const lastAt = markedAt.at(-1)!;
        const before = pushes.map((p) => p.atMs - t0);
        await vi.advanceTimersByTimeAsync(5_000);
        const at = pushes.map((p) => p.atMs - t0);
        expectWithinRate(at);
        // Every mark went out in a push that started at or after it.
        for (const [i, when] of markedAt.entries()) {
          const carrying = pushes.findIndex((p) => p.keys.includes(`k${i}`));
          expect(carrying).toBeGreaterThanOrEqual(0);
          expect(at[carrying]!).toBeGreaterThanOrEqual(when);
        }
        // The last mark, with no push under way: an urgent one at once with a push of the second
        // free; else a quiet time after it with the storm's share free, and END_QUIET_MS after it
        // when no push of the second before drew on the end's share (push-rate.ts).
        const inWindow = (t: number) => before.filter((ms) => ms > t - 1_000);
        const found = (ms: number) => before.filter((other) => other > ms - 1_000 && other < ms).length;
        const busy = before.some((ms) => ms + flushMs > lastAt);
        if (!busy && urgentLast && inWindow(lastAt).length < PER_SECOND) expect(at.at(-1)!).toBeLessThanOrEqual(lastAt + 1);
        if (!busy && !urgentLast && inWindow(lastAt + QUIET_MS).length < STORM_SHARE) expect(at.at(-1)!).toBeLessThanOrEqual(lastAt + QUIET_MS + 1);
        if (!busy && !urgentLast && inWindow(lastAt + END_QUIET_MS).every((ms) => found(ms) < STORM_SHARE)) expect(at.at(-1)!).toBeLessThanOrEqual(lastAt + END_QUIET_MS + 1);
        pushesOf.stop();
      }),
      { numRuns: 150 },
    );
  });

  it('[PS8] a large room’s presence alone goes out at most once a second, rides along with any other push, and its last change still goes out', async () => {
    const { pushes, pushesOf } = scheduler(0, SLOW);
    // A join burst: presence marked every 10 ms for 3 s, in a large room and in a small one.
    for (let ms = 0; ms < 3_000; ms += 10) {
      pushesOf.mark('large', 'presence');
      pushesOf.mark('small', 'presence');
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(100);
    const large = () => pushes.filter((p) => p.roomId === 'large').map((p) => p.atMs - t0);
    expect(large()).toEqual([0, 1_000, 2_000, 3_000]);
    // The small room keeps the storm's cadence: two a second, then the end of the storm.
    const small = pushes.filter((p) => p.roomId === 'small').map((p) => p.atMs - t0);
    expect(small).toEqual([0, 500, 1_000, 1_500, 2_000, 2_500, 3_000]);

    // A vote count changed while presence waits: both go out together at once.
    await vi.advanceTimersByTimeAsync(400);
    pushesOf.mark('large', 'presence');
    await vi.advanceTimersByTimeAsync(100);
    expect(large()).toEqual([0, 1_000, 2_000, 3_000]);
    pushesOf.mark('large', 'votes');
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes.at(-1)).toEqual({ atMs: t0 + 3_600, roomId: 'large', keys: ['presence', 'votes'] });
    // That push carried presence: the next presence alone waits a second from it.
    pushesOf.mark('large', 'presence');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(large()).toEqual([0, 1_000, 2_000, 3_000, 3_600, 4_600]);
    pushesOf.stop();
  });

  it('[PS9] whatever the marks, with presence that may wait: within the rate, every mark pushed, presence alone a second apart, the last mark within a second', async () => {
    const mark = fc.record({ gapMs: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 1_500 })), presence: fc.boolean(), urgent: fc.boolean() }, { noNullPrototype: true });
    await fc.assert(
      fc.asyncProperty(fc.array(mark, { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 40 }), async (marks, flushMs) => {
        vi.setSystemTime(t0);
        const { pushes, pushesOf } = scheduler(flushMs, SLOW);
        const markedAt: number[] = [];
        for (const [i, { gapMs, presence, urgent }] of marks.entries()) {
          await vi.advanceTimersByTimeAsync(gapMs);
          markedAt.push(Date.now() - t0);
          if (presence) pushesOf.mark('large', `presence${i}`);
          else pushesOf.mark('large', `votes${i}`, urgent);
        }
        await vi.advanceTimersByTimeAsync(5_000);
        const at = pushes.map((p) => p.atMs - t0);
        expectWithinRate(at);
        for (const [i, when] of markedAt.entries()) {
          const carrying = pushes.findIndex((p) => p.keys.includes(`presence${i}`) || p.keys.includes(`votes${i}`));
          expect(carrying).toBeGreaterThanOrEqual(0);
          expect(at[carrying]!).toBeGreaterThanOrEqual(when);
        }
        let slowAt = -Infinity;
        for (const [i, push] of pushes.entries()) {
          const slow = push.keys.filter((key) => key.startsWith('presence')).length;
          if (slow === push.keys.length) expect(at[i]! - slowAt).toBeGreaterThanOrEqual(SLOW_MS);
          if (slow > 0) slowAt = at[i]!;
        }
        expect(at.at(-1)!).toBeLessThanOrEqual(markedAt.at(-1)! + SLOW_MS + flushMs + 1);
        pushesOf.stop();
      }),
      { numRuns: 150 },
    );
  });
});
