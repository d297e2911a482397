import { isRunning, type Timer } from '../../../shared/model/timer.ts';

export type TimerRunState = 'idle' | 'running' | 'paused';

/** Which of start / pause / resume a timer's main button offers. */
export function timerRunState(timer: Timer): TimerRunState {
  if (isRunning(timer)) return 'running';
  return timer.accumulatedMs === 0 ? 'idle' : 'paused';
}
