import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AskableRequestKind as RequestKind, SpeakerRequest } from '../../shared/model/floor.ts';
import type { Speaker } from '../../shared/model/person.ts';
import { isRunning, remainingMs, timerPhase } from '../../shared/model/timer.ts';
import { COMMANDS } from '../../shared/protocol/commands.ts';
import type { Actor } from '../../server/domain/context.ts';
import { speakerOf } from '../../server/domain/floor.ts';
import { accepted, MINUTE_MS, namedSpeaker, openRoom, refusal, SECOND_MS, type OpenRoom } from './fixtures.ts';

/** The seven people on stage for Panel 1, in the order the programme lists them. */
const PANELLISTS: Speaker[] = [
  namedSpeaker('Lieve Janssens', 'Federal Public Service Policy and Support', 'Belgium'),
  namedSpeaker('Daniel Tremblay', 'Public Service Commission', 'Canada'),
  namedSpeaker('Aishath Rasheed', 'Civil Service Commission', 'Maldives'),
  namedSpeaker('Ержан Мукашев', 'Agency for Civil Service Affairs', 'Kazakhstan'),
  namedSpeaker('Kim Soo-jin', 'Ministry of Personnel Management', 'Republic of Korea'),
  namedSpeaker('Фарход Рахимов', 'Agency for Civil Service', 'Tajikistan'),
  namedSpeaker('Margaret Collins', 'Office of Personnel Management', 'USA'),
];
const [janssens, tremblay, rasheed, mukashev] = PANELLISTS as [Speaker, Speaker, Speaker, Speaker, ...Speaker[]];

/** The moderator's side of the list of speakers, in the words a chair would use. */
function chairOf(room: OpenRoom, chair: Actor = room.actor('moderator')) {
  return {
    add: (speaker: Speaker, kind: RequestKind = 'contribution', allottedSec?: number) =>
      room.command('floor.add', { speaker, kind, ...(allottedSec === undefined ? {} : { allottedSec }) }, chair),
    remove: (requestId: string) => room.command('floor.remove', { requestId }, chair),
    reorder: (requestId: string, toIndex: number) => room.command('floor.reorder', { requestId, toIndex }, chair),
    allot: (requestId: string, allottedSec: number | null) => room.command('floor.allot', { requestId, allottedSec }, chair),
    closeList: () => room.command('floor.closeList', {}, chair),
    reopenList: () => room.command('floor.reopenList', {}, chair),
    callNext: () => room.command('floor.call', {}, chair),
    call: (requestId: string) => room.command('floor.call', { requestId }, chair),
    endTurn: () => room.command('floor.endTurn', {}, chair),
    extraTime: (seconds: number) => room.command('floor.extraTime', { seconds }, chair),
    pauseTurnTimer: () => room.command('timer.pause', { timerId: 'turn' }, chair),
    resumeTurnTimer: () => room.command('timer.resume', { timerId: 'turn' }, chair),
  };
}

function requestFloor(room: OpenRoom, who: Actor, kind: RequestKind = 'contribution') {
  return room.command('floor.request', { kind }, who);
}

function withdraw(room: OpenRoom, who: Actor, requestId?: string) {
  return room.command('floor.withdraw', requestId === undefined ? {} : { requestId }, who);
}

const names = (requests: readonly { speaker: Speaker }[]) => requests.map((r) => r.speaker.name);
const currentName = (room: OpenRoom) => room.state.floor.current?.speaker.name ?? null;

describe('Panel 1 – Meritocracy in action: seven panellists, ten minutes each', () => {
  it('gives each panellist a timed turn in the order they were added and records how long each spoke', () => {
    const room = openRoom();
    const chair = chairOf(room);

    const requestIds = PANELLISTS.map((panellist) => accepted(chair.add(panellist)).result.requestId);
    expect(requestIds).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    expect(room.state.floor.queue).toEqual(
      PANELLISTS.map((speaker, i) => ({
        id: `r${i + 1}`,
        speaker,
        kind: 'contribution',
        requestedAtMs: room.nowMs,
        allottedMs: null,
        addedByModerator: true,
      })),
    );

    // Ms Mukashev runs a minute over; Ms Collins finishes early.
    const spokeMinutes = [9.5, 10, 8, 11, 9, 10.25, 7];
    const panelStartMs = room.nowMs;
    for (const [i, minutes] of spokeMinutes.entries()) {
      accepted(chair.callNext());
      expect(currentName(room)).toBe(PANELLISTS[i]?.name);
      expect(room.state.floor.current).toMatchObject({ requestId: `r${i + 1}`, allottedMs: 10 * MINUTE_MS, startedAtMs: room.nowMs });
      expect(remainingMs(room.state.timers.turn, room.nowMs)).toBe(10 * MINUTE_MS);
      room.advance(minutes * MINUTE_MS);
    }
    expect(timerPhase(room.state.timers.turn, room.nowMs)).toBe('normal');
    accepted(chair.endTurn());

    const { finished, queue, current } = room.state.floor;
    expect(queue).toEqual([]);
    expect(current).toBeNull();
    expect(names(finished)).toEqual(PANELLISTS.map((p) => p.name));
    expect(finished.map((t) => t.spokenMs)).toEqual(spokeMinutes.map((m) => m * MINUTE_MS));
    expect(finished.map((t) => t.speaker.country)).toEqual(['Belgium', 'Canada', 'Maldives', 'Kazakhstan', 'Republic of Korea', 'Tajikistan', 'USA']);
    expect(finished[0]?.startedAtMs).toBe(panelStartMs);
    expect(finished.at(-1)?.endedAtMs).toBe(room.nowMs);
    for (const [i, turn] of finished.entries()) {
      expect(turn.endedAtMs - turn.startedAtMs).toBe(turn.spokenMs);
      if (i > 0) expect(turn.startedAtMs).toBe(finished[i - 1]?.endedAtMs);
    }
  });

  it('shows the stage display going amber at two minutes left, red at one, then counting overtime', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.add(mukashev));
    accepted(chair.callNext());
    const turnTimer = () => room.state.timers.turn;
    const at = (elapsedMs: number) => ({ phase: timerPhase(turnTimer(), room.nowMs + elapsedMs), left: remainingMs(turnTimer(), room.nowMs + elapsedMs) });

    expect(at(0)).toEqual({ phase: 'normal', left: 10 * MINUTE_MS });
    expect(at(8 * MINUTE_MS - 1)).toEqual({ phase: 'normal', left: 2 * MINUTE_MS + 1 });
    expect(at(8 * MINUTE_MS)).toEqual({ phase: 'warning', left: 2 * MINUTE_MS });
    expect(at(9 * MINUTE_MS)).toEqual({ phase: 'danger', left: MINUTE_MS });
    expect(at(10 * MINUTE_MS)).toEqual({ phase: 'danger', left: 0 });
    expect(at(10 * MINUTE_MS + 1)).toEqual({ phase: 'overtime', left: -1 });
    expect(at(11 * MINUTE_MS)).toEqual({ phase: 'overtime', left: -MINUTE_MS });
  });

  it('opens the discussion: a delegate asks for the floor and is called after the panellists', () => {
    const room = openRoom();
    const chair = chairOf(room);
    for (const panellist of PANELLISTS) accepted(chair.add(panellist));
    const delegate = room.actor('participant', { name: 'Nodira Karimova', organisation: 'Civil Service Agency', country: 'Uzbekistan' });

    room.advance(3 * MINUTE_MS);
    const decision = accepted(requestFloor(room, delegate));
    expect(decision.result).toEqual({ requestId: 'r8' });
    expect(decision.events).toEqual([
      {
        type: 'floor.requested',
        request: {
          id: 'r8',
          speaker: { personId: delegate.personId, name: 'Nodira Karimova', organisation: 'Civil Service Agency', country: 'Uzbekistan' },
          kind: 'contribution',
          requestedAtMs: room.nowMs,
          allottedMs: null,
          addedByModerator: false,
        },
      },
    ]);
    expect(names(room.state.floor.queue).at(-1)).toBe('Nodira Karimova');

    for (const _ of PANELLISTS) accepted(chair.callNext());
    accepted(chair.callNext());
    expect(room.state.floor.current?.speaker).toEqual(speakerOf(delegate));
    expect(refusal(chair.callNext())).toBe('conflict');
  });
});

describe('asking for the floor', () => {
  it('refuses a second request from someone already on the list, but lets them raise one point of order and keep their place', () => {
    const room = openRoom();
    const delegate = room.actor('participant');
    const other = room.actor('participant');
    accepted(requestFloor(room, other));
    const { requestId } = accepted(requestFloor(room, delegate)).result;
    expect(refusal(requestFloor(room, delegate))).toBe('conflict');
    expect(refusal(requestFloor(room, delegate, 'reply'))).toBe('conflict');
    accepted(requestFloor(room, delegate, 'point_of_order'));
    expect(refusal(requestFloor(room, delegate, 'point_of_order'))).toBe('conflict');
    expect(room.state.floor.queue.map((r) => [r.kind, r.speaker.personId])).toEqual([
      ['point_of_order', delegate.personId],
      ['contribution', other.personId],
      ['contribution', delegate.personId],
    ]);
    expect(room.state.floor.queue[2]?.id).toBe(requestId);
  });

  it('refuses the moderator adding a name that is already on the list', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.add(tremblay));
    expect(refusal(chair.add({ ...tremblay, organisation: null }))).toBe('conflict');
  });

  it('tells apart people with an account by id, even when two share a name', () => {
    const room = openRoom();
    accepted(requestFloor(room, room.actor('participant', { name: 'Aziz Karimov' })));
    accepted(requestFloor(room, room.actor('participant', { name: 'Aziz Karimov' })));
    expect(room.state.floor.queue).toHaveLength(2);
  });

  it('lets the speaker holding the floor raise a point of order, but not queue a contribution', () => {
    const room = openRoom();
    const delegate = room.actor('participant');
    accepted(requestFloor(room, delegate));
    accepted(chairOf(room).callNext());
    expect(refusal(requestFloor(room, delegate))).toBe('conflict');
    expect(refusal(requestFloor(room, delegate, 'reply'))).toBe('conflict');
    accepted(requestFloor(room, delegate, 'point_of_order'));
  });

  it('lets a delegate withdraw their own request', () => {
    const room = openRoom();
    const delegate = room.actor('participant');
    const other = room.actor('participant');
    const { requestId } = accepted(requestFloor(room, delegate)).result;
    accepted(requestFloor(room, other));

    expect(accepted(withdraw(room, delegate)).events).toEqual([{ type: 'floor.withdrawn', requestId }]);
    expect(room.state.floor.queue.map((r) => r.speaker.personId)).toEqual([other.personId]);
    expect(refusal(withdraw(room, delegate))).toBe('not_found');
  });

  it('does not let anyone withdraw someone else’s request, even by naming it', () => {
    const room = openRoom();
    const delegate = room.actor('participant');
    const { requestId } = accepted(requestFloor(room, delegate)).result;
    expect(refusal(withdraw(room, room.actor('participant'), requestId))).toBe('not_found');
    expect(refusal(withdraw(room, delegate, 'r999'))).toBe('not_found');
    accepted(withdraw(room, delegate, requestId));
  });

  it('refuses requests while the room is closed', () => {
    const room = openRoom();
    room.apply({ type: 'room.closed' });
    expect(refusal(requestFloor(room, room.actor('participant')))).toBe('conflict');
    expect(refusal(requestFloor(room, room.actor('participant'), 'point_of_order'))).toBe('conflict');
  });
});

describe('points of order', () => {
  it('jump ahead of contributions and replies, but stay behind an earlier point of order', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.add(janssens));
    accepted(chair.add(tremblay, 'reply'));
    const first = room.actor('participant', { name: 'Nodira Karimova' });
    const second = room.actor('participant', { name: 'Rustam Aliyev' });

    const decision = accepted(requestFloor(room, first, 'point_of_order'));
    expect(decision.events).toEqual([
      { type: 'floor.requested', request: expect.objectContaining({ id: 'r3', kind: 'point_of_order' }) },
      { type: 'floor.reordered', order: ['r3', 'r1', 'r2'] },
    ]);
    accepted(requestFloor(room, second, 'point_of_order'));
    accepted(chair.add(rasheed));

    expect(names(room.state.floor.queue)).toEqual(['Nodira Karimova', 'Rustam Aliyev', 'Lieve Janssens', 'Daniel Tremblay', 'Aishath Rasheed']);
    accepted(chair.callNext());
    expect(currentName(room)).toBe('Nodira Karimova');
  });

  it('need no reordering when only points of order wait', () => {
    const room = openRoom();
    accepted(requestFloor(room, room.actor('participant'), 'point_of_order'));
    const decision = accepted(requestFloor(room, room.actor('participant'), 'point_of_order'));
    expect(decision.events.map((e) => e.type)).toEqual(['floor.requested']);
  });
});

describe('closing the list of speakers', () => {
  it('refuses new contributions and replies but still admits a point of order', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.add(janssens));
    expect(accepted(chair.closeList()).events).toEqual([{ type: 'floor.listClosed' }]);

    expect(refusal(requestFloor(room, room.actor('participant')))).toBe('conflict');
    expect(refusal(requestFloor(room, room.actor('participant'), 'reply'))).toBe('conflict');
    accepted(requestFloor(room, room.actor('participant', { name: 'Rustam Aliyev' }), 'point_of_order'));
    expect(names(room.state.floor.queue)).toEqual(['Rustam Aliyev', 'Lieve Janssens']);
  });

  it('still lets the moderator add a speaker by hand', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.closeList());
    accepted(chair.add(tremblay));
    expect(names(room.state.floor.queue)).toEqual(['Daniel Tremblay']);
  });

  it('refuses closing a closed list and reopening an open one', () => {
    const room = openRoom();
    const chair = chairOf(room);
    expect(refusal(chair.reopenList())).toBe('conflict');
    accepted(chair.closeList());
    expect(refusal(chair.closeList())).toBe('conflict');
    expect(accepted(chair.reopenList()).events).toEqual([{ type: 'floor.listReopened' }]);
    expect(room.state.floor.listOpen).toBe(true);
    accepted(requestFloor(room, room.actor('participant')));
  });
});

describe('the moderator arranges the list', () => {
  function panelOfFour() {
    const room = openRoom();
    const chair = chairOf(room);
    for (const panellist of [janssens, tremblay, rasheed, mukashev]) accepted(chair.add(panellist));
    return { room, chair };
  }

  it('removes a request, and answers not_found for one that is not there', () => {
    const { room, chair } = panelOfFour();
    expect(accepted(chair.remove('r2')).events).toEqual([{ type: 'floor.removed', requestId: 'r2' }]);
    expect(names(room.state.floor.queue)).toEqual(['Lieve Janssens', 'Aishath Rasheed', 'Ержан Мукашев']);
    expect(refusal(chair.remove('r2'))).toBe('not_found');
  });

  it('moves a request to a new place; a place beyond the end means last', () => {
    const { room, chair } = panelOfFour();
    expect(accepted(chair.reorder('r4', 0)).events).toEqual([{ type: 'floor.reordered', order: ['r4', 'r1', 'r2', 'r3'] }]);
    accepted(chair.reorder('r1', 2));
    expect(names(room.state.floor.queue)).toEqual(['Ержан Мукашев', 'Daniel Tremblay', 'Lieve Janssens', 'Aishath Rasheed']);
    accepted(chair.reorder('r4', 10_000));
    expect(room.state.floor.queue.map((r) => r.id)).toEqual(['r2', 'r1', 'r3', 'r4']);
    expect(refusal(chair.reorder('r99', 0))).toBe('not_found');
  });

  it('may move a contribution ahead of a point of order: the chair decides', () => {
    const { room, chair } = panelOfFour();
    const { requestId } = accepted(requestFloor(room, room.actor('participant'), 'point_of_order')).result;
    accepted(chair.reorder(requestId, 1));
    expect(room.state.floor.queue.map((r) => r.kind)).toEqual(['contribution', 'point_of_order', 'contribution', 'contribution', 'contribution']);
  });

  it('gives one speaker a longer turn than the room default, which calling them then uses', () => {
    const { room, chair } = panelOfFour();
    expect(accepted(chair.allot('r1', 15 * 60)).events).toEqual([{ type: 'floor.allotted', requestId: 'r1', allottedMs: 15 * MINUTE_MS }]);
    accepted(chair.callNext());
    expect(room.state.floor.current?.allottedMs).toBe(15 * MINUTE_MS);
    expect(room.state.timers.turn.durationMs).toBe(15 * MINUTE_MS);
    expect(remainingMs(room.state.timers.turn, room.nowMs + 12 * MINUTE_MS)).toBe(3 * MINUTE_MS);

    accepted(chair.allot('r2', 5 * 60));
    accepted(chair.allot('r2', null));
    accepted(chair.callNext());
    expect(room.state.floor.current?.allottedMs).toBe(10 * MINUTE_MS);
    expect(refusal(chair.allot('r1', 300))).toBe('not_found');
  });

  it('takes the time a speaker was added with as their allotted time', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.add(janssens, 'contribution', 20 * 60));
    expect(room.state.floor.queue[0]?.allottedMs).toBe(20 * MINUTE_MS);
    accepted(chair.callNext());
    expect(room.state.timers.turn.durationMs).toBe(20 * MINUTE_MS);
  });

  it('refuses a list longer than 500 requests', () => {
    const room = openRoom();
    const chair = chairOf(room);
    for (let i = 1; i <= 500; i++) accepted(chair.add(namedSpeaker(`Delegate ${i}`)));
    expect(refusal(chair.add(namedSpeaker('Delegate 501')))).toBe('conflict');
    expect(refusal(requestFloor(room, room.actor('participant'), 'point_of_order'))).toBe('conflict');
  });

  it('takes allotted and extra time only within the bounds the protocol sets', () => {
    expect(COMMANDS['floor.allot'].payload.safeParse({ requestId: 'r1', allottedSec: 9 }).success).toBe(false);
    expect(COMMANDS['floor.add'].payload.safeParse({ speaker: { name: 'A' }, allottedSec: 14_401 }).success).toBe(false);
    expect(COMMANDS['floor.extraTime'].payload.safeParse({ seconds: 0 }).success).toBe(false);
    expect(COMMANDS['floor.reorder'].payload.safeParse({ requestId: 'r1', toIndex: -1 }).success).toBe(false);
  });
});

describe('calling and ending turns', () => {
  it('calls a named request out of order; the others keep their places', () => {
    const room = openRoom();
    const chair = chairOf(room);
    for (const panellist of [janssens, tremblay, rasheed]) accepted(chair.add(panellist));
    accepted(chair.call('r3'));
    expect(currentName(room)).toBe('Aishath Rasheed');
    expect(names(room.state.floor.queue)).toEqual(['Lieve Janssens', 'Daniel Tremblay']);
    expect(refusal(chair.call('r3'))).toBe('not_found');
  });

  it('refuses to call next when nobody is waiting', () => {
    const room = openRoom();
    expect(refusal(chairOf(room).callNext())).toBe('conflict');
  });

  it('ends the current turn first when the next speaker is called', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.add(janssens));
    accepted(chair.add(tremblay));
    accepted(chair.callNext());
    room.advance(9 * MINUTE_MS);

    const decision = accepted(chair.callNext());
    expect(decision.events.map((e) => e.type)).toEqual(['floor.logged', 'floor.turnEnded', 'timer.set', 'floor.turnStarted', 'floor.logged', 'timer.set']);
    expect(room.state.floor.ledger.map((entry) => [entry.kind, entry.requestId])).toEqual([['call', 'r1'], ['end', 'r1'], ['call', 'r2']]);
    expect(room.state.floor.finished).toEqual([
      {
        requestId: 'r1',
        speaker: janssens,
        kind: 'contribution',
        allottedMs: 10 * MINUTE_MS,
        startedAtMs: room.nowMs - 9 * MINUTE_MS,
        endedAtMs: room.nowMs,
        spokenMs: 9 * MINUTE_MS,
      },
    ]);
    expect(room.state.floor.current).toEqual({ requestId: 'r2', speaker: tremblay, kind: 'contribution', allottedMs: 10 * MINUTE_MS, startedAtMs: room.nowMs });
    expect(room.state.timers.turn).toMatchObject({ runningSinceMs: room.nowMs, accumulatedMs: 0, durationMs: 10 * MINUTE_MS });
  });

  it('records the time on the turn timer as speaking time: a pause for a technical problem does not count', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.add(rasheed));
    accepted(chair.callNext());
    room.advance(4 * MINUTE_MS);
    accepted(chair.pauseTurnTimer()); // the microphone fails
    room.advance(2 * MINUTE_MS);
    expect(remainingMs(room.state.timers.turn, room.nowMs)).toBe(6 * MINUTE_MS);
    accepted(chair.resumeTurnTimer());
    room.advance(3 * MINUTE_MS + 30 * SECOND_MS);

    accepted(chair.endTurn());
    const [turn] = room.state.floor.finished;
    expect(turn?.spokenMs).toBe(7 * MINUTE_MS + 30 * SECOND_MS);
    expect((turn?.endedAtMs ?? 0) - (turn?.startedAtMs ?? 0)).toBe(9 * MINUTE_MS + 30 * SECOND_MS);
  });

  it('stops the turn timer when a turn ends, so the display holds the time left', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.add(rasheed));
    accepted(chair.callNext());
    room.advance(7 * MINUTE_MS);
    accepted(chair.endTurn());
    expect(isRunning(room.state.timers.turn)).toBe(false);
    room.advance(5 * MINUTE_MS);
    expect(remainingMs(room.state.timers.turn, room.nowMs)).toBe(3 * MINUTE_MS);
    expect(room.state.floor.current).toBeNull();
  });

  it('refuses to end a turn when nobody has the floor', () => {
    const room = openRoom();
    expect(refusal(chairOf(room).endTurn())).toBe('conflict');
  });

  it('gives extra time: the allotted time and the turn timer both grow', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.add(mukashev));
    accepted(chair.callNext());
    room.advance(9 * MINUTE_MS + 30 * SECOND_MS);
    expect(timerPhase(room.state.timers.turn, room.nowMs)).toBe('danger');

    const decision = accepted(chair.extraTime(120));
    expect(decision.events).toContainEqual({ type: 'floor.extended', allottedMs: 12 * MINUTE_MS });
    expect(room.state.floor.ledger.at(-1)).toMatchObject({ kind: 'extra', ms: 2 * MINUTE_MS, requestId: 'r1' });
    expect(room.state.floor.current?.allottedMs).toBe(12 * MINUTE_MS);
    expect(room.state.timers.turn.durationMs).toBe(12 * MINUTE_MS);
    expect(remainingMs(room.state.timers.turn, room.nowMs)).toBe(2 * MINUTE_MS + 30 * SECOND_MS);
    expect(timerPhase(room.state.timers.turn, room.nowMs)).toBe('normal');

    room.advance(MINUTE_MS);
    accepted(chair.endTurn());
    expect(room.state.floor.finished[0]).toMatchObject({ allottedMs: 12 * MINUTE_MS, spokenMs: 10 * MINUTE_MS + 30 * SECOND_MS });
  });

  it('refuses extra time when nobody has the floor', () => {
    const room = openRoom();
    expect(refusal(chairOf(room).extraTime(60))).toBe('conflict');
  });
});

describe('every refusal of the list of speakers, by code', () => {
  it('answers conflict for what does not fit the moment and not_found for what does not exist', () => {
    const room = openRoom();
    const chair = chairOf(room);
    const delegate = room.actor('participant');
    const codes = {
      'nobody to call': refusal(chair.callNext()),
      'nobody to end': refusal(chair.endTurn()),
      'no extra time without a speaker': refusal(chair.extraTime(30)),
      'list already open': refusal(chair.reopenList()),
      'no request to withdraw': refusal(withdraw(room, delegate)),
      'no request to remove': refusal(chair.remove('r1')),
      'no request to move': refusal(chair.reorder('r1', 0)),
      'no request to allot': refusal(chair.allot('r1', 60)),
      'no request to call': refusal(chair.call('r1')),
    };
    accepted(requestFloor(room, delegate));
    accepted(chair.closeList());
    Object.assign(codes, {
      'already on the list': refusal(chair.add(speakerOf(delegate))),
      'list closed': refusal(requestFloor(room, room.actor('participant'))),
      'list already closed': refusal(chair.closeList()),
    });
    room.apply({ type: 'room.closed' });
    Object.assign(codes, { 'room closed': refusal(requestFloor(room, room.actor('participant'), 'point_of_order')) });

    expect(codes).toEqual({
      'nobody to call': 'conflict',
      'nobody to end': 'conflict',
      'no extra time without a speaker': 'conflict',
      'list already open': 'conflict',
      'no request to withdraw': 'not_found',
      'no request to remove': 'not_found',
      'no request to move': 'not_found',
      'no request to allot': 'not_found',
      'no request to call': 'not_found',
      'already on the list': 'conflict',
      'list closed': 'conflict',
      'list already closed': 'conflict',
      'room closed': 'conflict',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: any session of the list of speakers, as random steps with time passing between them.

type FloorStep =
  | { step: 'request'; who: number; kind: RequestKind }
  | { step: 'add'; who: number; kind: RequestKind; allottedSec?: number }
  | { step: 'withdraw'; who: number }
  | { step: 'remove'; at: number }
  | { step: 'allot'; at: number; allottedSec: number | null }
  | { step: 'call' }
  | { step: 'callById'; at: number }
  | { step: 'endTurn' }
  | { step: 'extraTime'; seconds: number }
  | { step: 'pause' }
  | { step: 'resume' }
  | { step: 'closeList' }
  | { step: 'reopenList' }
  | { step: 'reorder'; at: number; toIndex: number }
  | { step: 'wait'; ms: number };

const DELEGATES = 4;
const NAMED = ['Lieve Janssens', 'Daniel Tremblay', 'Aishath Rasheed'];
const kindArb = fc.constantFrom<RequestKind>('contribution', 'reply', 'point_of_order');
const whoArb = fc.nat({ max: DELEGATES - 1 });
const indexArb = fc.nat({ max: 8 });

const stepArbs = {
  request: fc.record({ step: fc.constant('request' as const), who: whoArb, kind: kindArb }),
  add: fc.record(
    { step: fc.constant('add' as const), who: fc.nat({ max: NAMED.length - 1 }), kind: kindArb, allottedSec: fc.integer({ min: 10, max: 1200 }) },
    { requiredKeys: ['step', 'who', 'kind'] },
  ),
  withdraw: fc.record({ step: fc.constant('withdraw' as const), who: whoArb }),
  remove: fc.record({ step: fc.constant('remove' as const), at: indexArb }),
  allot: fc.record({ step: fc.constant('allot' as const), at: indexArb, allottedSec: fc.option(fc.integer({ min: 10, max: 1200 }), { nil: null }) }),
  call: fc.constant({ step: 'call' as const }),
  callById: fc.record({ step: fc.constant('callById' as const), at: indexArb }),
  endTurn: fc.constant({ step: 'endTurn' as const }),
  extraTime: fc.record({ step: fc.constant('extraTime' as const), seconds: fc.integer({ min: 1, max: 300 }) }),
  pause: fc.constant({ step: 'pause' as const }),
  resume: fc.constant({ step: 'resume' as const }),
  closeList: fc.constant({ step: 'closeList' as const }),
  reopenList: fc.constant({ step: 'reopenList' as const }),
  reorder: fc.record({ step: fc.constant('reorder' as const), at: indexArb, toIndex: fc.nat({ max: 12 }) }),
  wait: fc.record({ step: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 15 * MINUTE_MS }) }),
} satisfies Record<FloorStep['step'], fc.Arbitrary<FloorStep>>;

/** A request id by position in the queue, or one that is not there when the position is past the end. */
function requestAt(room: OpenRoom, at: number): string {
  return room.state.floor.queue[at]?.id ?? `r-missing-${at}`;
}

function floorSession(room: OpenRoom) {
  const chair = chairOf(room);
  const delegates = Array.from({ length: DELEGATES }, (_, i) => room.actor('participant', { name: `Delegate ${i + 1}` }));
  const delegate = (who: number) => delegates[who] as Actor;
  return (step: FloorStep) => {
    switch (step.step) {
      case 'request':
        return requestFloor(room, delegate(step.who), step.kind);
      case 'add':
        return chair.add(namedSpeaker(NAMED[step.who] ?? 'Guest'), step.kind, step.allottedSec);
      case 'withdraw':
        return withdraw(room, delegate(step.who));
      case 'remove':
        return chair.remove(requestAt(room, step.at));
      case 'allot':
        return chair.allot(requestAt(room, step.at), step.allottedSec);
      case 'call':
        return chair.callNext();
      case 'callById':
        return chair.call(requestAt(room, step.at));
      case 'endTurn':
        return chair.endTurn();
      case 'extraTime':
        return chair.extraTime(step.seconds);
      case 'pause':
        return chair.pauseTurnTimer();
      case 'resume':
        return chair.resumeTurnTimer();
      case 'closeList':
        return chair.closeList();
      case 'reopenList':
        return chair.reopenList();
      case 'reorder':
        return chair.reorder(requestAt(room, step.at), step.toIndex);
      case 'wait':
        room.advance(step.ms);
        return null;
    }
  };
}

const personKey = (speaker: Speaker) => speaker.personId ?? `name:${speaker.name}`;
/** One person may hold one point of order beside one other request. */
const requestKey = (request: SpeakerRequest) => `${personKey(request.speaker)}:${request.kind === 'point_of_order'}`;

function pointsOfOrderFirst(queue: readonly SpeakerRequest[]): boolean {
  const firstOther = queue.findIndex((r) => r.kind !== 'point_of_order');
  return firstOther === -1 || queue.slice(firstOther).every((r) => r.kind !== 'point_of_order');
}

describe('the list of speakers, for any session', () => {
  const timedSteps = fc.array(
    fc.oneof(
      { arbitrary: stepArbs.wait, weight: 5 },
      { arbitrary: stepArbs.request, weight: 2 },
      { arbitrary: stepArbs.add, weight: 2 },
      { arbitrary: stepArbs.call, weight: 3 },
      { arbitrary: stepArbs.endTurn, weight: 2 },
      { arbitrary: stepArbs.extraTime, weight: 1 },
      { arbitrary: stepArbs.pause, weight: 2 },
      { arbitrary: stepArbs.resume, weight: 2 },
    ),
    { maxLength: 60 },
  );

  it('records as speaking time exactly the time the turn timer ran during turns, never less than zero', () => {
    fc.assert(
      fc.property(timedSteps, (steps) => {
        const room = openRoom();
        const perform = floorSession(room);
        // The model: is someone speaking, is the turn timer running, and for how long it has run this turn.
        let speaking = false;
        let timerRunning = false;
        let thisTurnMs = 0;
        let spokenTotalMs = 0;
        let turnsEnded = 0;
        const endTurn = () => {
          spokenTotalMs += thisTurnMs;
          turnsEnded += 1;
          speaking = false;
          timerRunning = false;
        };

        for (const step of steps) {
          // A point of order called during another turn suspends that turn: it is not ended, so not yet recorded.
          const interrupts = speaking && room.state.floor.queue[0]?.kind === 'point_of_order' && room.state.floor.current?.kind !== 'point_of_order';
          const outcome = perform(step);
          if (step.step === 'wait') {
            if (speaking && timerRunning) thisTurnMs += step.ms;
            continue;
          }
          const ok = outcome?.ok === true;
          switch (step.step) {
            case 'call':
              if (ok) {
                if (speaking && !interrupts) endTurn();
                speaking = true;
                timerRunning = true;
                thisTurnMs = 0;
              }
              break;
            case 'endTurn':
              expect(ok).toBe(speaking);
              if (ok) endTurn();
              break;
            case 'extraTime':
              expect(ok).toBe(speaking);
              break;
            case 'pause':
              expect(ok).toBe(timerRunning);
              if (ok) timerRunning = false;
              break;
            case 'resume':
              expect(ok).toBe(!timerRunning);
              if (ok) timerRunning = true;
              break;
          }
        }

        const { finished } = room.state.floor;
        expect(finished).toHaveLength(turnsEnded);
        for (const turn of finished) expect(turn.spokenMs).toBeGreaterThanOrEqual(0);
        expect(finished.reduce((sum, turn) => sum + turn.spokenMs, 0)).toBe(spokenTotalMs);
      }),
      { numRuns: 500 },
    );
  });

  it('never holds two requests of one sort from one person, and without the chair reordering, points of order always come first', () => {
    const stepsWithoutReorder = fc.array(
      fc.oneof(
        stepArbs.request,
        stepArbs.add,
        stepArbs.withdraw,
        stepArbs.remove,
        stepArbs.allot,
        stepArbs.call,
        stepArbs.callById,
        stepArbs.endTurn,
        stepArbs.closeList,
        stepArbs.reopenList,
        stepArbs.wait,
      ),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(stepsWithoutReorder, (steps) => {
        const room = openRoom();
        const perform = floorSession(room);
        for (const step of steps) {
          perform(step);
          const { queue } = room.state.floor;
          const people = queue.map(requestKey);
          expect(new Set(people).size).toBe(people.length);
          expect(pointsOfOrderFirst(queue)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never holds two requests of one sort from one person, whatever the chair reorders', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(...Object.values(stepArbs)), { maxLength: 60 }), (steps) => {
        const room = openRoom();
        const perform = floorSession(room);
        for (const step of steps) {
          perform(step);
          const people = room.state.floor.queue.map(requestKey);
          expect(new Set(people).size).toBe(people.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('messages to the speaker end with the turn they were sent in', () => {
  it('takes down "2 minutes" when the speaker finishes, but keeps a message sent between turns', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    accepted(room.command('message.send', { text: 'Coffee break at 11:00' }, chair));
    room.advance(MINUTE_MS);
    accepted(room.command('floor.add', { speaker: namedSpeaker('Nodira Yusupova', 'Civil Service Agency', 'Uzbekistan'), kind: 'contribution' }, chair));
    accepted(room.command('floor.add', { speaker: namedSpeaker('Giorgi Kapanadze', 'Civil Service Bureau', 'Georgia'), kind: 'contribution' }, chair));
    accepted(room.command('floor.call', {}, chair));
    room.advance(8 * MINUTE_MS);
    accepted(room.command('message.send', { text: '2 minutes' }, chair));
    room.advance(2 * MINUTE_MS);
    const next = accepted(room.command('floor.call', {}, chair));
    expect(next.events.filter((event) => event.type === 'message.dismissed')).toHaveLength(1);
    expect(room.state.messages.map((message) => message.text)).toEqual(['Coffee break at 11:00']);
  });
});
