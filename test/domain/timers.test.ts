import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRunning, remainingMs, timerPhase, type Timer } from '../../shared/model/timer.ts';
import { COMMANDS } from '../../shared/protocol/commands.ts';
import type { Actor } from '../../server/domain/context.ts';
import { findTimer } from '../../server/domain/timers.ts';
import { accepted, MINUTE_MS, namedSpeaker, openRoom, refusal, SECOND_MS, type OpenRoom } from './fixtures.ts';

/** The timers a moderator works with, by the names the console shows them under. */
function timekeeper(room: OpenRoom, chair: Actor = room.actor('moderator')) {
  return {
    start: (timerId: string) => room.command('timer.start', { timerId }, chair),
    pause: (timerId: string) => room.command('timer.pause', { timerId }, chair),
    resume: (timerId: string) => room.command('timer.resume', { timerId }, chair),
    reset: (timerId: string) => room.command('timer.reset', { timerId }, chair),
    adjust: (timerId: string, deltaSec: number) => room.command('timer.adjust', { timerId, deltaSec }, chair),
    setDuration: (timerId: string, seconds: number) => room.command('timer.setDuration', { timerId, seconds }, chair),
    setThresholds: (timerId: string, warningSec: number, dangerSec: number) =>
      room.command('timer.setThresholds', { timerId, warningSec, dangerSec }, chair),
    create: (label: string, seconds: number) => room.command('timer.create', { label, seconds }, chair),
    delete: (timerId: string) => room.command('timer.delete', { timerId }, chair),
  };
}

function timer(room: OpenRoom, timerId: string): Timer {
  const found = findTimer(room.state, timerId);
  if (!found) throw new Error(`no timer ${timerId}`);
  return found;
}

const left = (room: OpenRoom, timerId: string) => remainingMs(timer(room, timerId), room.nowMs);
const phase = (room: OpenRoom, timerId: string) => timerPhase(timer(room, timerId), room.nowMs);

/** Panel 1 runs 10:00–12:00; its agenda plans a 20-minute Q&A timer. */
const SESSION = 'session';
const QA = 't1';

describe('the timers of Panel 1 before anything starts', () => {
  it('has a session timer for the two hours, an idle turn timer of ten minutes and the planned Q&A timer', () => {
    const room = openRoom();
    expect(room.state.timers.session).toEqual({ durationMs: 120 * MINUTE_MS, runningSinceMs: null, accumulatedMs: 0, warningMs: 10 * MINUTE_MS, dangerMs: 5 * MINUTE_MS });
    expect(room.state.timers.turn).toEqual({ durationMs: 10 * MINUTE_MS, runningSinceMs: null, accumulatedMs: 0, warningMs: 2 * MINUTE_MS, dangerMs: MINUTE_MS });
    expect(room.state.timers.named).toEqual([
      { id: QA, label: 'Q&A', timer: { durationMs: 20 * MINUTE_MS, runningSinceMs: null, accumulatedMs: 0, warningMs: 4 * MINUTE_MS, dangerMs: 2 * MINUTE_MS } },
    ]);
  });

  it('shows every timer idle, with its whole duration left, however much time passes', () => {
    const room = openRoom();
    room.advance(30 * MINUTE_MS);
    for (const timerId of [SESSION, 'turn', QA]) expect(phase(room, timerId)).toBe('idle');
    expect(left(room, SESSION)).toBe(120 * MINUTE_MS);
  });
});

describe('the session timer runs the panel', () => {
  it('goes from normal to warning at ten minutes left, danger at five, and overtime after zero', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    expect(accepted(clock.start(SESSION)).events).toEqual([
      { type: 'timer.set', timerId: SESSION, timer: { ...room.state.timers.session, runningSinceMs: room.nowMs } },
    ]);

    const seen: [string, number, string][] = [];
    for (const minute of [0, 60, 109, 110, 114, 115, 120, 121]) {
      const at = room.nowMs + minute * MINUTE_MS;
      seen.push([`${minute} min`, remainingMs(timer(room, SESSION), at) / MINUTE_MS, timerPhase(timer(room, SESSION), at)]);
    }
    expect(seen).toEqual([
      ['0 min', 120, 'normal'],
      ['60 min', 60, 'normal'],
      ['109 min', 11, 'normal'],
      ['110 min', 10, 'warning'],
      ['114 min', 6, 'warning'],
      ['115 min', 5, 'danger'],
      ['120 min', 0, 'danger'],
      ['121 min', -1, 'overtime'],
    ]);
    expect(timerPhase(timer(room, SESSION), room.nowMs + 120 * MINUTE_MS + 1)).toBe('overtime');
  });

  it('pauses for the coffee break and resumes where it stopped', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    accepted(clock.start(SESSION));
    room.advance(50 * MINUTE_MS);
    accepted(clock.pause(SESSION));
    expect(left(room, SESSION)).toBe(70 * MINUTE_MS);
    expect(isRunning(timer(room, SESSION))).toBe(false);

    room.advance(15 * MINUTE_MS);
    expect(left(room, SESSION)).toBe(70 * MINUTE_MS);
    expect(phase(room, SESSION)).toBe('normal');
    accepted(clock.resume(SESSION));
    room.advance(10 * MINUTE_MS);
    expect(left(room, SESSION)).toBe(60 * MINUTE_MS);
  });

  it('refuses to pause a timer that is not running, or resume one that is', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    expect(refusal(clock.pause(SESSION))).toBe('conflict');
    accepted(clock.start(SESSION));
    expect(refusal(clock.resume(SESSION))).toBe('conflict');
    accepted(clock.pause(SESSION));
    expect(refusal(clock.pause(SESSION))).toBe('conflict');
  });

  it('lets a stopped timer be resumed even if it never started: it then runs from its whole duration', () => {
    const room = openRoom();
    accepted(timekeeper(room).resume(QA));
    room.advance(5 * MINUTE_MS);
    expect(left(room, QA)).toBe(15 * MINUTE_MS);
  });

  it('restarts from the whole duration when started again', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    accepted(clock.start(QA));
    room.advance(12 * MINUTE_MS);
    accepted(clock.pause(QA));
    accepted(clock.start(QA));
    expect(left(room, QA)).toBe(20 * MINUTE_MS);
    expect(isRunning(timer(room, QA))).toBe(true);
  });

  it('goes back to idle with its whole duration on reset, running or not', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    accepted(clock.start(QA));
    room.advance(25 * MINUTE_MS);
    expect(phase(room, QA)).toBe('overtime');
    accepted(clock.reset(QA));
    expect(phase(room, QA)).toBe('idle');
    expect(left(room, QA)).toBe(20 * MINUTE_MS);
    accepted(clock.reset(QA));
  });
});

describe('changing a timer while it runs', () => {
  it('adds and takes away time without touching what has run', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    accepted(clock.start(QA));
    room.advance(15 * MINUTE_MS);
    accepted(clock.adjust(QA, +120));
    expect(left(room, QA)).toBe(7 * MINUTE_MS);
    accepted(clock.adjust(QA, -300));
    expect(left(room, QA)).toBe(2 * MINUTE_MS);
    expect(timer(room, QA)).toMatchObject({ durationMs: 17 * MINUTE_MS, accumulatedMs: 0 });
  });

  it('never shortens a timer below zero: taking away more than it has leaves it in overtime by what has run', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    accepted(clock.start(QA));
    room.advance(3 * MINUTE_MS);
    accepted(clock.adjust(QA, -3_600));
    expect(timer(room, QA).durationMs).toBe(0);
    expect(left(room, QA)).toBe(-3 * MINUTE_MS);
    expect(phase(room, QA)).toBe('overtime');
  });

  it('sets a new duration, counted from the same start', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    accepted(clock.start(SESSION));
    room.advance(40 * MINUTE_MS);
    accepted(clock.setDuration(SESSION, 90 * 60));
    expect(left(room, SESSION)).toBe(50 * MINUTE_MS);
    accepted(clock.setDuration(SESSION, 30 * 60));
    expect(left(room, SESSION)).toBe(-10 * MINUTE_MS);
  });

  it('moves the warning and danger thresholds', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    accepted(clock.start(QA));
    room.advance(14 * MINUTE_MS);
    expect(phase(room, QA)).toBe('normal');
    accepted(clock.setThresholds(QA, 8 * 60, 6 * 60));
    expect(phase(room, QA)).toBe('danger');
    expect(timer(room, QA)).toMatchObject({ warningMs: 8 * MINUTE_MS, dangerMs: 6 * MINUTE_MS });
    accepted(clock.setThresholds(QA, 0, 0));
    expect(phase(room, QA)).toBe('normal');
  });

  it('takes thresholds, adjustments and durations only within the protocol’s bounds', () => {
    const parses = <N extends keyof typeof COMMANDS>(name: N, input: unknown) => COMMANDS[name].payload.safeParse(input).success;
    expect(parses('timer.setThresholds', { timerId: QA, warningSec: 60, dangerSec: 120 })).toBe(false);
    expect(parses('timer.setThresholds', { timerId: QA, warningSec: 3_601, dangerSec: 0 })).toBe(false);
    expect(parses('timer.setThresholds', { timerId: QA, warningSec: 120, dangerSec: 120 })).toBe(true);
    expect(parses('timer.adjust', { timerId: QA, deltaSec: 0 })).toBe(false);
    expect(parses('timer.adjust', { timerId: QA, deltaSec: -3_601 })).toBe(false);
    expect(parses('timer.setDuration', { timerId: QA, seconds: 0 })).toBe(false);
    expect(parses('timer.create', { label: '   ', seconds: 60 })).toBe(false);
  });

  it('runs the turn timer with the same operations as any other', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    accepted(clock.start('turn'));
    room.advance(9 * MINUTE_MS);
    expect(phase(room, 'turn')).toBe('danger');
    accepted(clock.adjust('turn', 60));
    expect(phase(room, 'turn')).toBe('warning');
    accepted(clock.pause('turn'));
    accepted(clock.reset('turn'));
    expect(phase(room, 'turn')).toBe('idle');
  });
});

describe('named timers', () => {
  it('creates a "Coffee break" timer, amber at a fifth left and red at a tenth', () => {
    const room = openRoom();
    const decision = accepted(timekeeper(room).create('Coffee break', 15 * 60));
    expect(decision.result).toEqual({ timerId: 't2' });
    expect(decision.events).toEqual([
      {
        type: 'timer.created',
        timer: { id: 't2', label: 'Coffee break', timer: { durationMs: 15 * MINUTE_MS, runningSinceMs: null, accumulatedMs: 0, warningMs: 3 * MINUTE_MS, dangerMs: 90 * SECOND_MS } },
      },
    ]);
    expect(room.state.timers.named.map((t) => t.label)).toEqual(['Q&A', 'Coffee break']);
  });

  it('holds at most twenty named timers in a room', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    for (let i = 2; i <= 20; i++) accepted(clock.create(`Breakout ${i}`, 600));
    expect(room.state.timers.named).toHaveLength(20);
    expect(refusal(clock.create('One too many', 600))).toBe('conflict');
    accepted(clock.delete('t5'));
    accepted(clock.create('Room for one more', 600));
  });

  it('deletes a named timer; the session and turn timers cannot be deleted', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    expect(accepted(clock.delete(QA)).events).toEqual([{ type: 'timer.deleted', timerId: QA }]);
    expect(room.state.timers.named).toEqual([]);
    expect(refusal(clock.delete(QA))).toBe('not_found');
    expect(refusal(clock.delete(SESSION))).toBe('not_found');
    expect(refusal(clock.delete('turn'))).toBe('not_found');
  });

  it('answers not_found for every operation on a timer the room does not have', () => {
    const room = openRoom();
    const clock = timekeeper(room);
    const codes = [
      clock.start('t9'),
      clock.pause('t9'),
      clock.resume('t9'),
      clock.reset('t9'),
      clock.adjust('t9', 60),
      clock.setDuration('t9', 60),
      clock.setThresholds('t9', 60, 30),
      clock.delete('t9'),
    ].map(refusal);
    expect(codes).toEqual(Array(8).fill('not_found'));
  });
});

// ---------------------------------------------------------------------------------------------
// Property: a timer's remaining time is its duration minus the time it has run, however it got there.

type TimerStep =
  | { op: 'start' | 'pause' | 'resume' | 'reset' }
  | { op: 'adjust'; deltaSec: number }
  | { op: 'setDuration'; seconds: number }
  | { op: 'wait'; ms: number };

const timerStep: fc.Arbitrary<TimerStep> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constantFrom('start' as const, 'pause' as const, 'resume' as const) }), weight: 4 },
  { arbitrary: fc.constant({ op: 'reset' as const }), weight: 1 },
  {
    arbitrary: fc.record({ op: fc.constant('adjust' as const), deltaSec: fc.integer({ min: -3_600, max: 3_600 }).filter((n) => n !== 0) }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('setDuration' as const), seconds: fc.integer({ min: 1, max: 7_200 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 20 * MINUTE_MS }) }), weight: 5 },
);

const INITIAL_DURATION_MS: Record<string, number> = { session: 120 * MINUTE_MS, turn: 10 * MINUTE_MS, t1: 20 * MINUTE_MS };

function perform(room: OpenRoom, timerId: string, step: TimerStep) {
  const clock = timekeeper(room);
  switch (step.op) {
    case 'start':
    case 'pause':
    case 'resume':
    case 'reset':
      return clock[step.op](timerId);
    case 'adjust':
      return clock.adjust(timerId, step.deltaSec);
    case 'setDuration':
      return clock.setDuration(timerId, step.seconds);
    case 'wait':
      room.advance(step.ms);
      return null;
  }
}

/** Performs the steps with a zero-length pause in the middle of every wait during which the timer runs. */
function performWithPausesMidWait(room: OpenRoom, timerId: string, steps: readonly TimerStep[]): void {
  for (const step of steps) {
    if (step.op !== 'wait' || !isRunning(timer(room, timerId))) {
      perform(room, timerId, step);
      continue;
    }
    const half = Math.floor(step.ms / 2);
    room.advance(half);
    accepted(timekeeper(room).pause(timerId));
    accepted(timekeeper(room).resume(timerId));
    room.advance(step.ms - half);
  }
}

describe('any timer, through any sequence of operations', () => {
  const target = fc.constantFrom('session', 'turn', 't1');

  it('has remaining = duration − time it has run, continuous across pause and resume', () => {
    fc.assert(
      fc.property(target, fc.array(timerStep, { maxLength: 60 }), (timerId, steps) => {
        const room = openRoom();
        // The model, kept apart from the timer's own fields.
        let durationMs = INITIAL_DURATION_MS[timerId] ?? 0;
        let running = false;
        let ranMs = 0;

        for (const step of steps) {
          const leftBefore = left(room, timerId);
          const outcome = perform(room, timerId, step);
          switch (step.op) {
            case 'wait':
              if (running) ranMs += step.ms;
              break;
            case 'start':
              running = true;
              ranMs = 0;
              break;
            case 'reset':
              running = false;
              ranMs = 0;
              break;
            case 'pause':
            case 'resume':
              expect(outcome?.ok).toBe(step.op === 'pause' ? running : !running);
              running = step.op === 'resume';
              expect(left(room, timerId)).toBe(leftBefore);
              break;
            case 'adjust':
              durationMs = Math.max(0, durationMs + step.deltaSec * SECOND_MS);
              break;
            case 'setDuration':
              durationMs = step.seconds * SECOND_MS;
              break;
          }
          expect(left(room, timerId)).toBe(durationMs - ranMs);
          expect(isRunning(timer(room, timerId))).toBe(running);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('does not depend on how many operations happened: extra zero-length pauses change nothing', () => {
    fc.assert(
      fc.property(target, fc.array(timerStep, { maxLength: 40 }), fc.nat({ max: 60 * MINUTE_MS }), (timerId, steps, laterMs) => {
        const plain = openRoom();
        const interrupted = openRoom();
        for (const step of steps) perform(plain, timerId, step);
        performWithPausesMidWait(interrupted, timerId, steps);

        expect(interrupted.nowMs).toBe(plain.nowMs);
        const [a, b] = [timer(plain, timerId), timer(interrupted, timerId)];
        expect(isRunning(b)).toBe(isRunning(a));
        expect(remainingMs(b, plain.nowMs)).toBe(remainingMs(a, plain.nowMs));
        expect(remainingMs(b, plain.nowMs + laterMs)).toBe(remainingMs(a, plain.nowMs + laterMs));
        expect(timerPhase(b, plain.nowMs + laterMs)).toBe(timerPhase(a, plain.nowMs + laterMs));
      }),
      { numRuns: 500 },
    );
  });
});

describe('the turn timer while someone speaks', () => {
  it('cannot be restarted or reset, since it records the speaking time; adjusting still works', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    accepted(room.command('floor.add', { speaker: namedSpeaker('Aigerim Sadykova', 'Agency for Civil Service Affairs', 'Kazakhstan'), kind: 'contribution' }, chair));
    accepted(room.command('floor.call', {}, chair));
    room.advance(90 * SECOND_MS);
    expect(refusal(room.command('timer.reset', { timerId: 'turn' }, chair))).toBe('conflict');
    expect(refusal(room.command('timer.start', { timerId: 'turn' }, chair))).toBe('conflict');
    accepted(room.command('timer.adjust', { timerId: 'turn', deltaSec: 60 }, chair));
    accepted(room.command('floor.endTurn', {}, chair));
    expect(room.state.floor.finished[0]?.spokenMs).toBe(90 * SECOND_MS);
    accepted(room.command('timer.reset', { timerId: 'turn' }, chair));
  });
});
