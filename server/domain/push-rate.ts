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
  /**
   * Spacing of pushes while changes keep coming: one push of the window's budget stays unused,
   * so the push that follows the last change (or an urgent one) can go at once.
   */
  stormGapMs: number;
  /** What pushes during a storm may use of the window's budget: all but the reserved one. */
  stormPerWindow: number;
};

export function pushRate(intervalMs: number): PushRate {
  const windowMs = Math.max(1_000, intervalMs);
  const perWindow = Math.max(1, Math.floor(windowMs / intervalMs));
  // With a single push a window there is none to keep in reserve: the storm spends it.
  const stormPerWindow = Math.max(1, perWindow - 1);
  return { windowMs, perWindow, stormGapMs: Math.ceil(windowMs / stormPerWindow), stormPerWindow };
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
  /** A poll opened, closed or was revealed: pushed as soon as the budget allows. */
  urgent: boolean;
};

/**
 * When a room's pending changes are pushed: during a storm a stormGapMs after the previous push
 * (within the storm's share of the budget), or QUIET_MS after the last change (within the whole
 * budget), whichever comes first; an urgent change as soon as the budget allows. The first
 * change after a quiet moment is pushed at once, since the previous push is a storm gap behind.
 */
export function nextPushAt(rate: PushRate, pending: PendingPush, now: number): number {
  const budget = budgetAt(rate, pending.starts, rate.perWindow, now);
  if (pending.urgent) return budget;
  const previous = pending.starts.at(-1);
  const stormDue = Math.max(previous === undefined ? now : previous + rate.stormGapMs, budgetAt(rate, pending.starts, rate.stormPerWindow, now));
  const quietDue = Math.max(pending.lastMarkAt + QUIET_MS, budget);
  return Math.max(now, Math.min(stormDue, quietDue));
}
