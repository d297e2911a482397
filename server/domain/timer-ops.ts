import { elapsedMs, type Timer } from '../../shared/model/timer.ts';

/** Pure timer operations; each returns the new timer data. */
export const timerOps = {
  start: (timer: Timer, nowMs: number): Timer => ({ ...timer, accumulatedMs: 0, runningSinceMs: nowMs }),
  pause: (timer: Timer, nowMs: number): Timer => ({ ...timer, accumulatedMs: elapsedMs(timer, nowMs), runningSinceMs: null }),
  resume: (timer: Timer, nowMs: number): Timer => ({ ...timer, runningSinceMs: nowMs }),
  reset: (timer: Timer): Timer => ({ ...timer, accumulatedMs: 0, runningSinceMs: null }),
  /** Adding time lengthens the timer; taking it away shortens it, never below zero. */
  adjust: (timer: Timer, deltaMs: number): Timer => ({ ...timer, durationMs: Math.max(0, timer.durationMs + deltaMs) }),
  setDuration: (timer: Timer, durationMs: number): Timer => ({ ...timer, durationMs }),
};
