import { formatClock, isRunning, remainingMs, timerPhase, type Timer, type TimerPhase } from '../../../shared/model/timer.ts';

export type TimerView = { remainingMs: number; phase: TimerPhase; running: boolean; text: string };

export function timerView(timer: Timer, serverNowMs: number): TimerView {
  const left = remainingMs(timer, serverNowMs);
  return { remainingMs: left, phase: timerPhase(timer, serverNowMs), running: isRunning(timer), text: formatClock(left) };
}
