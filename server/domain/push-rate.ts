/**
 * The bound on coalesced pushes per room, as a rate: at most `perWindow` pushes in any rolling
 * `windowMs` (1,000 / PLENARY_PUSH_INTERVAL_MS a second, today's bound on broadcasts per second
 * per room), and when each push is due. Pure: the caller keeps the times and the timers.
 */

/**
 * How long a room must go without a change before its pending push counts as final: a ballot
 * storm of hundreds of voters marks a room every few milliseconds, so a 20 ms gap means the
 * storm is over (or thinning), and waiting 20 ms is a fifth of the final tally's 100 ms target.
 */
export const QUIET_MS = 20;

export type PushRate = {
  windowMs: number;
  perWindow: number;
  /** What a push a quiet time after the last change may use: all but the chair's reserved push. */
  quietPerWindow: number;
  /** What pushes while changes keep coming may use: one more is kept for the end of the storm. */
  stormPerWindow: number;
  /** Spacing of pushes while changes keep coming, so that they stay within their share. */
  stormGapMs: number;
};

/**
 * A window holds at least three pushes, so that one is kept for the push after a storm and one
 * for a chair's urgent push: a second at intervals up to 333 ms, three intervals above that
 * (the same pushes per second on average as one per interval).
 */
export function pushRate(intervalMs: number): PushRate {
  const windowMs = Math.max(1_000, 3 * intervalMs);
  const perWindow = Math.floor(windowMs / intervalMs);
  const stormPerWindow = perWindow - 2;
  return { windowMs, perWindow, quietPerWindow: perWindow - 1, stormPerWindow, stormGapMs: Math.ceil(windowMs / stormPerWindow) };
}

/**
 * The earliest time ≥ now at which one more push keeps at most `allowed` pushes in any rolling
 * window. `starts` holds the room's latest push start times, oldest first.
 */
export function budgetAt(rate: PushRate, starts: readonly number[], allowed: number, now: number): number {
  if (starts.length < allowed) return now;
  return Math.max(now, starts[starts.length - allowed]! + rate.windowMs);
}

export type PendingPush = {
  /** The room's latest push start times, oldest first (the last `perWindow` suffice). */
  starts: readonly number[];
  /** When the latest pending change was marked. */
  lastMarkAt: number;
  /** The first pending change came a quiet time or more after the change before it. */
  afterQuiet: boolean;
  /** A poll opened, closed or was revealed: pushed as soon as the whole budget allows. */
  urgent: boolean;
  /**
   * Only changes that may wait are pending (a large room's presence counts): not pushed before
   * this time, unless something else is marked meanwhile and they go out with it.
   */
  notBefore?: number;
};

/**
 * When a room's pending changes are pushed: during a storm a stormGapMs after the previous push
 * (within the storm's share), or QUIET_MS after the last change (within the quiet share),
 * whichever comes first; an urgent change as soon as the whole budget allows, which is at once
 * unless chairs acted several times in one window. The first change after a quiet moment is
 * pushed at once, within the quiet share. Changes that may wait go no sooner than their
 * notBefore: it only ever delays a push, so the bound holds as it does without it.
 */
export function nextPushAt(rate: PushRate, pending: PendingPush, now: number): number {
  if (pending.urgent) return budgetAt(rate, pending.starts, rate.perWindow, now);
  const previous = pending.starts.at(-1);
  const stormDue = Math.max(previous === undefined ? now : previous + rate.stormGapMs, budgetAt(rate, pending.starts, rate.stormPerWindow, now));
  const quietDue = Math.max(pending.afterQuiet ? now : pending.lastMarkAt + QUIET_MS, budgetAt(rate, pending.starts, rate.quietPerWindow, now));
  return Math.max(now, pending.notBefore ?? now, Math.min(stormDue, quietDue));
}
