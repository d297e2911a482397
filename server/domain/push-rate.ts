/**
 * The bound on coalesced pushes per room, as a rate: at most `perWindow` pushes in any rolling
 * `windowMs` (1,000 / PLENARY_PUSH_INTERVAL_MS a second, today's bound on broadcasts per second
 * per room), and when each push is due. Pure: the caller keeps the times and the timers.
 */

/**
 * How long a room must go without a change before its pending push goes out from the storm's
 * share: a ballot storm of hundreds of voters marks a room every few milliseconds, so a 20 ms
 * gap means the storm is over (or thinning), and waiting 20 ms is a fifth of the final tally's
 * 100 ms target.
 */
export const QUIET_MS = 20;

/**
 * How long a room must go without a change before the push kept for a storm's end is spent on
 * it. A storm has pauses longer than QUIET_MS; when each one could spend that push, three pauses
 * early in a storm left its real end waiting up to a second (issue 16, target 2). Pauses are
 * pushed from the storm's share while it has room; only a gap of this length draws on the end's,
 * and 50 ms is half the final tally's 100 ms target.
 */
export const END_QUIET_MS = 50;

export type PushRate = {
  windowMs: number;
  perWindow: number;
  /** What the push END_QUIET_MS after the last change may use: all but the chair's reserved push. */
  endPerWindow: number;
  /**
   * What every other non-urgent push may use (while changes keep coming, the first after a quiet
   * moment, a quiet time after a change): one more is kept for the end of the storm.
   */
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
  return { windowMs, perWindow, endPerWindow: perWindow - 1, stormPerWindow, stormGapMs: Math.ceil(windowMs / stormPerWindow) };
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
 * When a room's pending changes are pushed. Within the storm's share (all but two of the
 * window's pushes): the first change after a quiet moment at once; during a storm a stormGapMs
 * after the previous push; QUIET_MS after the last change. Within the end's share (all but the
 * chair's push): END_QUIET_MS after the last change. Whichever comes first. An urgent change as
 * soon as the whole budget allows, which is at once unless chairs acted several times in one
 * window. Changes that may wait go no sooner than their notBefore: it only ever delays a push,
 * so the bound holds as it does without it.
 *
 * What this guarantees (test/domain/push-rate.test.ts, test/live/push-scheduler.test.ts):
 * - at most perWindow pushes start in any rolling window, and at most endPerWindow of them
 *   non-urgent ones;
 * - the last change, marked at m, is pushed by m + QUIET_MS when fewer than stormPerWindow
 *   pushes started in the window before then, and by m + END_QUIET_MS when each push that
 *   started in the window before then found fewer than stormPerWindow in its own window (none
 *   drew on the end's share): the latest of them then leaves the end's push free. Only a gap of
 *   END_QUIET_MS without a change (or a chair's push once the storm's share is spent) draws on it,
 *   so a storm that began a window after the room's last push, without a chair's push after
 *   its first change, and whose pauses are all shorter than END_QUIET_MS, ends within
 *   END_QUIET_MS of its last change, however many pauses it had;
 * - the first change after a quiet moment, with nothing pending, is pushed at once when fewer
 *   than stormPerWindow pushes started in the window (always after a window without pushes).
 */
export function nextPushAt(rate: PushRate, pending: PendingPush, now: number): number {
  if (pending.urgent) return budgetAt(rate, pending.starts, rate.perWindow, now);
  const previous = pending.starts.at(-1);
  const stormBudget = budgetAt(rate, pending.starts, rate.stormPerWindow, now);
  const stormDue = Math.max(previous === undefined ? now : previous + rate.stormGapMs, stormBudget);
  const quietDue = Math.max(pending.afterQuiet ? now : pending.lastMarkAt + QUIET_MS, stormBudget);
  const endDue = Math.max(pending.lastMarkAt + END_QUIET_MS, budgetAt(rate, pending.starts, rate.endPerWindow, now));
  return Math.max(now, pending.notBefore ?? now, Math.min(stormDue, quietDue, endDue));
}
