import { isRunning, remainingMs, timerPhase, type Timer, type TimerPhase } from '../../../shared/model/timer.ts';

export type TimerView = { remainingMs: number; phase: TimerPhase; running: boolean; text: string };

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

export function timerView(timer: Timer, serverNowMs: number): TimerView {
  const left = remainingMs(timer, serverNowMs);
  return { remainingMs: left, phase: timerPhase(timer, serverNowMs), running: isRunning(timer), text: formatClock(left) };
}
