import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PushScheduler } from '../../server/live/push-scheduler.ts';

/*
 * The scheduler's rules with fake timers: Date.now, setTimeout and setImmediate all move only
 * when the test advances them, so "at once" means "before any time passed".
 */

const INTERVAL_MS = 250;

type Push = { atMs: number; roomId: string; keys: string[] };

function scheduler(flushMs = 0) {
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
  );
  return { pushes, errors, pushesOf, failOnce: () => (failNext = true) };
}

describe('PushScheduler: a leading-edge throttle per room', () => {
  let t0 = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    t0 = Date.now();
  });
  afterEach(() => vi.useRealTimers());

  it('[PS1] the first change after a quiet interval is pushed at once; a same-turn burst is one push', async () => {
    const { pushes, pushesOf } = scheduler();
    pushesOf.mark('r1', 'poll:p1');
    pushesOf.mark('r1', 'presence');
    pushesOf.mark('r1', 'poll:p1');
    expect(pushes).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes).toEqual([{ atMs: t0, roomId: 'r1', keys: ['poll:p1', 'presence'] }]);

    // Quiet for a whole interval: the next change is again pushed at once.
    await vi.advanceTimersByTimeAsync(INTERVAL_MS + 40);
    pushesOf.mark('r1', 'votes');
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes.map((p) => p.atMs - t0)).toEqual([0, INTERVAL_MS + 40]);
    pushesOf.stop();
  });

  it('[PS2] changes that keep coming are pushed at most once per interval, and the last one always', async () => {
    const { pushes, pushesOf } = scheduler();
    // A change every 10 ms for a second, then silence.
    for (let ms = 0; ms < 1_000; ms += 10) {
      pushesOf.mark('r1', `poll:p1`);
      if (ms === 990) pushesOf.mark('r1', 'poll:last');
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(5 * INTERVAL_MS);
    const at = pushes.map((p) => p.atMs - t0);
    expect(at[0]).toBe(0);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(INTERVAL_MS);
    expect(pushes.length).toBeLessThanOrEqual(1 + Math.ceil(1_000 / INTERVAL_MS));
    expect(pushes.at(-1)!.keys).toContain('poll:last');
    // The last change came at 990 ms; the push after it is the one interval after the previous.
    expect(at.at(-1)!).toBeGreaterThanOrEqual(990);
    expect(at.at(-1)! - at.at(-2)!).toBe(INTERVAL_MS);
    pushesOf.stop();
  });

  it('[PS3] a change made while a push is under way is pushed after it, an interval after that push began', async () => {
    const { pushes, pushesOf } = scheduler(100);
    pushesOf.mark('r1', 'votes:q1');
    await vi.advanceTimersByTimeAsync(50);
    pushesOf.mark('r1', 'votes:q2');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pushes.map((p) => [p.atMs - t0, p.keys])).toEqual([
      [0, ['votes:q1']],
      [INTERVAL_MS, ['votes:q2']],
    ]);
    pushesOf.stop();
  });

  it('[PS4] an urgent change (a poll closed or revealed) is pushed at once within the interval, after a push under way', async () => {
    const { pushes, pushesOf } = scheduler(30);
    pushesOf.mark('r1', 'poll:p1');
    await vi.advanceTimersByTimeAsync(60);
    pushesOf.mark('r1', 'poll:p1');
    pushesOf.mark('r1', 'poll:p1', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes.map((p) => p.atMs - t0)).toEqual([0, 60]);

    // During a push: the urgent one follows as soon as that push ends, not an interval later.
    await vi.advanceTimersByTimeAsync(10);
    pushesOf.mark('r1', 'poll:p1', true);
    await vi.advanceTimersByTimeAsync(100);
    // The fake clock runs an immediate queued at 90 ms in its next millisecond.
    expect(pushes.map((p) => p.atMs - t0)).toEqual([0, 60, 91]);
    pushesOf.stop();
  });

  it('[PS5] rooms are throttled apart; a failed push is reported and the next change is still pushed', async () => {
    const { pushes, errors, pushesOf, failOnce } = scheduler();
    failOnce();
    pushesOf.mark('r1', 'presence');
    pushesOf.mark('r2', 'presence');
    await vi.advanceTimersByTimeAsync(0);
    expect(pushes.map((p) => p.roomId).sort()).toEqual(['r1', 'r2']);
    expect(errors).toHaveLength(1);
    pushesOf.mark('r1', 'presence');
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(pushes.filter((p) => p.roomId === 'r1').map((p) => p.atMs - t0)).toEqual([0, INTERVAL_MS]);
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
});
