import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ledgerTurn, type LedgerEntry } from '../../shared/model/ledger.ts';
import type { Actor } from '../../server/domain/context.ts';
import { DEFAULT_POINT_OF_ORDER_MS, upgradeRoomState, type RoomState } from '../../shared/model/room.ts';
import { elapsedMs, isRunning, remainingMs } from '../../shared/model/timer.ts';
import { roomReport } from '../../server/domain/reports.ts';
import { accepted, MINUTE_MS, namedSpeaker, openRoom, refusal, SECOND_MS, type OpenRoom } from './fixtures.ts';
import { chairOf, stepArb as floorStepArb, type Step as FloorStep } from './ledger-steps.ts';

const minister = namedSpeaker('Aida Balayeva', 'Ministry of Public Administration', 'Azerbaijan');

const report = (room: OpenRoom) => roomReport({ room: room.agenda, state: room.state, pollResults: [], votes: {}, nowMs: room.nowMs });

/** The keynote of the reference conference: the minister has twenty minutes. */
function keynote() {
  const room = openRoom();
  const chair = chairOf(room);
  const delegate = room.actor('participant', { name: 'Nino Beridze', organisation: 'Civil Service Bureau', country: 'Georgia' });
  accepted(chair.add(minister, 'contribution', 20 * 60));
  accepted(room.command('floor.request', { kind: 'contribution' }, delegate));
  accepted(chair.call());
  room.advance(7 * MINUTE_MS + 12 * SECOND_MS);
  return { room, chair, delegate };
}

describe('a point of order interrupts the keynote', () => {
  it('suspends the keynote with its timer stopped, gives the point of order two minutes, and keeps the list as it was', () => {
    const { room, chair, delegate } = keynote();
    const { requestId } = accepted(room.command('floor.request', { kind: 'point_of_order' }, delegate)).result;
    const queueBefore = room.state.floor.queue.filter((r) => r.id !== requestId).map((r) => r.id);
    accepted(chair.call(requestId));

    const { current, suspended, queue, finished } = room.state.floor;
    expect(current).toMatchObject({ requestId, kind: 'point_of_order', allottedMs: DEFAULT_POINT_OF_ORDER_MS });
    expect(suspended?.turn.speaker).toEqual(minister);
    expect(isRunning(suspended!.timer)).toBe(false);
    expect(remainingMs(suspended!.timer, room.nowMs)).toBe(12 * MINUTE_MS + 48 * SECOND_MS);
    expect(finished).toEqual([]);
    expect(queue.map((r) => r.id)).toEqual(queueBefore);
    expect(room.state.timers.turn).toMatchObject({ durationMs: 2 * MINUTE_MS, runningSinceMs: room.nowMs });
    expect(room.state.floor.ledger.map((e) => e.kind)).toEqual(['call', 'interrupt', 'call']);
  });

  it('resumes the keynote with exactly the time it had left, ending the point of order', () => {
    const { room, chair, delegate } = keynote();
    accepted(room.command('floor.request', { kind: 'point_of_order' }, delegate));
    accepted(chair.call());
    room.advance(95 * SECOND_MS);
    room.advance(10 * MINUTE_MS); // however long the point of order takes, the keynote's time does not run

    accepted(chair.resume());
    const { current, suspended, finished } = room.state.floor;
    expect(current?.speaker).toEqual(minister);
    expect(suspended).toBeNull();
    expect(finished.map((t) => [t.kind, t.spokenMs])).toEqual([['point_of_order', 11 * MINUTE_MS + 35 * SECOND_MS]]);
    expect(remainingMs(room.state.timers.turn, room.nowMs)).toBe(12 * MINUTE_MS + 48 * SECOND_MS);
    expect(isRunning(room.state.timers.turn)).toBe(true);
    expect(room.state.floor.ledger.map((e) => e.kind)).toEqual(['call', 'interrupt', 'call', 'overtime', 'end', 'resumeInterrupted']);
  });

  it('leaves the keynote waiting, visible, when the point of order is ended on its own; only resuming brings it back', () => {
    const { room, chair, delegate } = keynote();
    accepted(room.command('floor.request', { kind: 'point_of_order' }, delegate));
    accepted(chair.call());
    room.advance(MINUTE_MS);
    accepted(chair.endTurn());
    expect(room.state.floor.current).toBeNull();
    expect(room.state.floor.suspended?.turn.speaker).toEqual(minister);

    const before = room.state;
    expect(refusal(chair.call())).toBe('conflict'); // the next contribution waits for the keynote
    expect(room.state).toBe(before);
    room.advance(3 * MINUTE_MS);
    accepted(chair.resume());
    expect(remainingMs(room.state.timers.turn, room.nowMs)).toBe(12 * MINUTE_MS + 48 * SECOND_MS);
  });

  it('takes the point-of-order time from the room setting, and a request’s own allotted time over it', () => {
    const { room, chair, delegate } = keynote();
    accepted(chair.configure(90 * SECOND_MS));
    accepted(room.command('floor.request', { kind: 'point_of_order' }, delegate));
    accepted(chair.call());
    expect(room.state.floor.current?.allottedMs).toBe(90 * SECOND_MS);
    expect(refusal(chair.configure(5 * SECOND_MS))).toBe('invalid_input');
  });
});

describe('refusals around interrupts: nothing changes', () => {
  it('refuses to resume when nothing is interrupted', () => {
    const { room, chair } = keynote();
    const before = room.state;
    const refused = chair.resume();
    expect(refusal(refused)).toBe('conflict');
    expect(refused.ok ? '' : refused.error.message).toMatch(/nothing to resume/);
    expect(room.state).toBe(before);
  });

  it('refuses a point of order inside a point of order (interrupts nest one level)', () => {
    const { room, chair, delegate } = keynote();
    accepted(room.command('floor.request', { kind: 'point_of_order' }, delegate));
    accepted(chair.call());
    accepted(room.command('floor.request', { kind: 'point_of_order' }, room.actor('participant', { name: 'Aibek Tashiev' })));
    const before = room.state;
    expect(refusal(chair.call())).toBe('conflict');
    expect(room.state).toBe(before);
  });

  it('refuses putting the interrupted speaker on the list again: their turn will resume', () => {
    const { room, chair, delegate } = keynote();
    accepted(room.command('floor.request', { kind: 'point_of_order' }, delegate));
    accepted(chair.call());
    const before = room.state;
    expect(refusal(chair.add(minister))).toBe('conflict');
    expect(room.state).toBe(before);
  });

  it('refuses calling the next contribution while a point of order interrupts a turn', () => {
    const { room, chair, delegate } = keynote();
    accepted(room.command('floor.request', { kind: 'point_of_order' }, delegate));
    accepted(chair.call());
    const before = room.state;
    expect(refusal(chair.call())).toBe('conflict');
    expect(room.state).toBe(before);
  });
});

describe('one ledger: what the stage display showed is what the report says', () => {
  it('reports the overtime the stage display showed when the chair took time away, and the turn in progress', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.add(minister));
    accepted(chair.call());
    room.advance(5 * MINUTE_MS);
    accepted(chair.adjust(-60));
    room.advance(4 * MINUTE_MS + 18 * SECOND_MS);
    expect(remainingMs(room.state.timers.turn, room.nowMs)).toBe(-18 * SECOND_MS); // the stage display: +0:18

    const [turn] = report(room).speakingTime.turns;
    expect(turn).toMatchObject({ allottedMs: 10 * MINUTE_MS, extraMs: -MINUTE_MS, spokenMs: 9 * MINUTE_MS + 18 * SECOND_MS, overtimeMs: 18 * SECOND_MS, inProgress: true });
    expect(report(room).speakingTime.totalMs).toBe(9 * MINUTE_MS + 18 * SECOND_MS);
    expect(report(room).speakingTime.perPerson[0]).toMatchObject({ overtimeMs: 18 * SECOND_MS, extraMs: -MINUTE_MS });
  });

  it('marks a suspended turn in the report and counts none of the interrupt against it', () => {
    const { room, chair, delegate } = keynote();
    accepted(room.command('floor.request', { kind: 'point_of_order' }, delegate));
    accepted(chair.call());
    room.advance(MINUTE_MS);
    const turns = report(room).speakingTime.turns;
    expect(turns.map((t) => [t.kind, t.spokenMs, t.inProgress, t.suspended])).toEqual([
      ['contribution', 7 * MINUTE_MS + 12 * SECOND_MS, true, true],
      ['point_of_order', MINUTE_MS, true, false],
    ]);
  });
});

describe('room states stored before the ledger', () => {
  it('load with an empty ledger, no suspended turn and the default point-of-order time; their finished turns are still reported', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.add(minister));
    accepted(chair.call());
    room.advance(3 * MINUTE_MS);
    accepted(chair.endTurn());
    const { pointOfOrderMs: _p, ...oldSettings } = room.state.settings;
    const { ledger: _l, suspended: _s, ...oldFloor } = room.state.floor;
    const stored = JSON.parse(JSON.stringify({ ...room.state, settings: oldSettings, floor: oldFloor })) as RoomState;

    const upgraded = upgradeRoomState(stored);
    expect(upgraded.floor.ledger).toEqual([]);
    expect(upgraded.floor.suspended).toBeNull();
    expect(upgraded.settings.pointOfOrderMs).toBe(DEFAULT_POINT_OF_ORDER_MS);
    expect(upgradeRoomState(upgraded)).toBe(upgraded);
    const turns = roomReport({ room: room.agenda, state: upgraded, pollResults: [], votes: {}, nowMs: room.nowMs }).speakingTime.turns;
    expect(turns.map((t) => [t.speaker.name, t.spokenMs, t.inProgress])).toEqual([[minister.name, 3 * MINUTE_MS, false]]);
  });
});

/** The floor's steps, and a question's asker invited to speak and accepting. */
type Step = FloorStep | { step: 'ask'; who: number; anonymous: boolean } | { step: 'invite' } | { step: 'accept' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: floorStepArb, weight: 20 },
  { arbitrary: fc.record({ step: fc.constant('ask' as const), who: fc.nat({ max: 1 }), anonymous: fc.boolean() }), weight: 1 },
  { arbitrary: fc.constant({ step: 'invite' as const }), weight: 1 },
  { arbitrary: fc.constant({ step: 'accept' as const }), weight: 1 },
);

/** Speaking time per person straight from the entries: each run from a call or resume to a pause, interrupt or end. */
function ledgerTotals(ledger: readonly LedgerEntry[], nowMs: number): Map<string, number> {
  const runningSince = new Map<string, number>();
  const who = new Map<string, string>();
  const totals = new Map<string, number>();
  const add = (requestId: string, ms: number) => {
    const person = who.get(requestId)!;
    totals.set(person, (totals.get(person) ?? 0) + ms);
  };
  for (const entry of ledger) {
    who.set(entry.requestId, entry.speaker.personId ?? entry.speaker.name);
    const since = runningSince.get(entry.requestId);
    if (['call', 'resume', 'resumeInterrupted'].includes(entry.kind)) runningSince.set(entry.requestId, entry.atMs);
    if (['pause', 'interrupt', 'end'].includes(entry.kind) && since !== undefined) {
      add(entry.requestId, entry.atMs - since);
      runningSince.delete(entry.requestId);
    }
  }
  for (const [requestId, since] of runningSince) add(requestId, nowMs - since);
  return totals;
}

describe('the ledger, for any sequence of calls, pauses, interrupts, resumes and extra time', () => {
  it('gives each person the total of their turns in the report, and a resumed turn the time it had when suspended', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 20, maxLength: 60 }), (steps) => {
        const room = openRoom();
        const chair = chairOf(room);
        const delegates = Array.from({ length: 5 }, (_, i) => room.actor('participant', { name: `Delegate ${i + 1}` }));
        // Guests from the audience whose questions may become turns.
        const guests = Array.from({ length: 2 }, (_, i) => room.actor('audience', { name: `Guest ${i + 1}` }));
        const askers = new Map<string, Actor>();
        let leftWhenSuspended: number | null = null;
        for (const step of steps) {
          const leftBefore = remainingMs(room.state.timers.turn, room.nowMs);
          const suspendedBefore = room.state.floor.suspended;
          switch (step.step) {
            case 'request':
              room.command('floor.request', { kind: step.kind }, delegates[step.who]!);
              break;
            case 'call':
              chair.call();
              break;
            case 'callPointOfOrder': {
              const pointOfOrder = room.state.floor.queue.find((r) => r.kind === 'point_of_order');
              if (pointOfOrder) chair.call(pointOfOrder.id);
              break;
            }
            case 'endTurn':
              chair.endTurn();
              break;
            case 'resumeInterrupted': {
              const resumed = chair.resume();
              expect(resumed.ok).toBe(leftWhenSuspended !== null);
              if (resumed.ok) {
                expect(remainingMs(room.state.timers.turn, room.nowMs)).toBe(leftWhenSuspended);
                leftWhenSuspended = null;
              }
              break;
            }
            case 'extraTime':
              chair.extraTime(step.seconds);
              break;
            case 'adjust':
              chair.adjust(step.deltaSec);
              break;
            case 'pause':
              chair.pause();
              break;
            case 'unpause':
              chair.unpause();
              break;
            case 'wait':
              room.advance(step.ms);
              break;
            case 'ask': {
              const asked = room.command('qa.ask', { text: `Question ${askers.size + 1}`, anonymous: step.anonymous }, guests[step.who]!);
              if (asked.ok) askers.set(asked.value.result.question.id, guests[step.who]!);
              break;
            }
            case 'invite': {
              const onBoard = room.state.questions.find((q) => q.status === 'approved');
              if (onBoard) room.command('qa.inviteAsker', { questionId: onBoard.id, askerName: null }, room.actor('moderator'));
              break;
            }
            case 'accept': {
              const invitation = room.state.floor.invitation;
              if (invitation) room.command('qa.acceptInvite', { questionId: invitation.questionId }, askers.get(invitation.questionId)!);
              break;
            }
          }

          const { floor, timers } = room.state;
          if (!suspendedBefore && floor.suspended) leftWhenSuspended = leftBefore;
          const time = report(room).speakingTime;
          const fromLedger = ledgerTotals(floor.ledger, room.nowMs);
          const fromReport = new Map<string, number>();
          for (const turn of time.turns) {
            const person = turn.speaker.personId ?? turn.speaker.name;
            fromReport.set(person, (fromReport.get(person) ?? 0) + turn.spokenMs);
          }
          expect(fromReport).toEqual(fromLedger);
          expect(time.perPerson.reduce((sum, p) => sum + p.spokenMs, 0)).toBe([...fromLedger.values()].reduce((a, b) => a + b, 0));
          if (floor.current) {
            const turn = ledgerTurn(floor.ledger, floor.current.requestId, room.nowMs)!;
            expect(turn.spokenMs).toBe(elapsedMs(timers.turn, room.nowMs));
            expect(turn.allottedMs + turn.extraMs).toBe(timers.turn.durationMs);
            expect(floor.current.allottedMs).toBe(timers.turn.durationMs);
          }
          if (floor.suspended) {
            const turn = ledgerTurn(floor.ledger, floor.suspended.turn.requestId, room.nowMs)!;
            expect(turn.spokenMs).toBe(elapsedMs(floor.suspended.timer, room.nowMs));
          }
          // A question turn that ended answered its question; one still to come or running left it on the board.
          for (const question of room.state.questions) {
            const ended = floor.finished.some((t) => t.questionId === question.id);
            expect(question.status, `question ${question.id}`).toBe(ended ? 'answered' : 'approved');
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
