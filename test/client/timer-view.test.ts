import { describe, expect, it } from 'vitest';
import { formatClock } from '../../shared/model/timer.ts';
import { timerView } from '../../client/src/lib/timer-view.ts';
import { newTimer } from '../../shared/model/timer.ts';

const START = 1_684_300_000_000;
/** A 10-minute panel turn, amber at 2 minutes left, red at 1. */
const running = { ...newTimer(600_000, 120_000, 60_000), runningSinceMs: START };

describe('rendering a turn timer from server time', () => {
  it.each([
    [0, '10:00', 'normal'],
    [400, '10:00', 'normal'],
    [1_000, '9:59', 'normal'],
    [479_000, '2:01', 'normal'],
    [480_000, '2:00', 'warning'],
    [540_000, '1:00', 'danger'],
    [599_500, '0:01', 'danger'],
    [600_000, '0:00', 'danger'],
    [600_001, '+0:00', 'overtime'],
    [672_000, '+1:12', 'overtime'],
  ])('%i ms into the turn shows %s (%s)', (elapsed, text, phase) => {
    const view = timerView(running, START + elapsed);
    expect(view.text).toBe(text);
    expect(view.phase).toBe(phase);
  });

  it('shows a paused timer frozen, and an unstarted one idle', () => {
    const paused = { ...running, runningSinceMs: null, accumulatedMs: 200_000 };
    expect(timerView(paused, START + 999_999)).toMatchObject({ text: '6:40', running: false, phase: 'normal' });
    expect(timerView(newTimer(600_000, 120_000, 60_000), START)).toMatchObject({ text: '10:00', phase: 'idle' });
  });

  it('formats long sessions with hours', () => {
    expect(formatClock(2 * 3_600_000 + 5 * 60_000)).toBe('2:05:00');
    expect(formatClock(-(3_600_000 + 1_000))).toBe('+1:00:01');
  });

  it('two devices with different clocks show the same second once both render from server time', () => {
    const serverNow = START + 123_456;
    const laptop = timerView(running, serverNow);
    const phone = timerView(running, serverNow);
    expect(laptop.text).toBe(phone.text);
  });
});
