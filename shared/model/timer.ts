import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';

/**
 * A timer is data, never a ticking interval: any process, and any client that knows its
 * offset to server time, computes the same remaining time from these fields.
 */
export const TimerSchema = z.object({
  durationMs: z.number().int().nonnegative(),
  /** Server time the current run began; null while paused or never started. */
  runningSinceMs: EpochMsSchema.nullable(),
  /** Time elapsed in earlier runs, before the last pause. */
  accumulatedMs: z.number().int().nonnegative(),
  /** Remaining time at which the display turns amber. */
  warningMs: z.number().int().nonnegative(),
  /** Remaining time at which the display turns red. */
  dangerMs: z.number().int().nonnegative(),
});
export type Timer = z.infer<typeof TimerSchema>;

export const NamedTimerSchema = z.object({
  id: IdSchema,
  label: z.string().min(1).max(60),
  timer: TimerSchema,
});
export type NamedTimer = z.infer<typeof NamedTimerSchema>;

export const TIMER_PHASES = ['idle', 'normal', 'warning', 'danger', 'overtime'] as const;
export type TimerPhase = (typeof TIMER_PHASES)[number];

export function elapsedMs(timer: Timer, nowMs: number): number {
  const running = timer.runningSinceMs === null ? 0 : Math.max(0, nowMs - timer.runningSinceMs);
  return timer.accumulatedMs + running;
}

/** Negative once the timer has run past zero: that is overtime. */
export function remainingMs(timer: Timer, nowMs: number): number {
  return timer.durationMs - elapsedMs(timer, nowMs);
}

export function isRunning(timer: Timer): boolean {
  return timer.runningSinceMs !== null;
}

export function timerPhase(timer: Timer, nowMs: number): TimerPhase {
  if (!isRunning(timer) && timer.accumulatedMs === 0) return 'idle';
  const left = remainingMs(timer, nowMs);
  if (left < 0) return 'overtime';
  if (left <= timer.dangerMs) return 'danger';
  if (left <= timer.warningMs) return 'warning';
  return 'normal';
}

export function newTimer(durationMs: number, warningMs: number, dangerMs: number): Timer {
  return { durationMs, runningSinceMs: null, accumulatedMs: 0, warningMs, dangerMs };
}

/** m:ss, or h:mm:ss past an hour; overtime counts up with a leading "+". */
export function formatClock(ms: number): string {
  const overtime = ms < 0;
  // Count down in whole seconds the way a stopwatch does: 9:59.2 shows 10:00 until it passes 9:59.
  const totalSeconds = overtime ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes);
  const body = `${hours > 0 ? `${hours}:` : ''}${mm}:${String(seconds).padStart(2, '0')}`;
  return overtime ? `+${body}` : body;
}
