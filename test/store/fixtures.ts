import { initialRoomState } from '../../server/domain/initial-state.ts';
import type { BallotWrite, Invite } from '../../server/store/store.ts';
import { AgendaSchema, type Agenda, type AgendaInput } from '../../shared/model/event.ts';
import type { Person } from '../../shared/model/person.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomDelta, RoomEvent } from '../../shared/protocol/room-events.ts';
import { applyRoomDelta } from '../../shared/room-reducer.ts';

export const T0 = Date.parse('2023-05-17T09:00:00+06:00');

/** Day one of the Astana conference, cut down to a keynote and a panel. */
export function astanaAgenda(overrides: Partial<AgendaInput> = {}): Agenda {
  return AgendaSchema.parse({
    id: 'astana-2023',
    title: 'Meritocracy. Integrity. Innovation.',
    venue: 'Astana',
    timezone: 'Asia/Almaty',
    audienceCode: 'MERIT23',
    rooms: [
      {
        id: 'keynote-1',
        title: 'Keynote: merit-based civil service',
        kind: 'keynote',
        startsAt: '2023-05-17T10:00:00+06:00',
        endsAt: '2023-05-17T10:40:00+06:00',
        timers: [{ label: 'Q&A', minutes: 10 }],
      },
      {
        id: 'panel-1',
        title: 'Panel: integrity in public service',
        kind: 'panel',
        startsAt: '2023-05-17T11:00:00+06:00',
        endsAt: '2023-05-17T12:30:00+06:00',
        turnMinutes: 10,
      },
    ],
    ...overrides,
  });
}

export function initialRooms(agenda: Agenda): RoomState[] {
  return agenda.rooms.map((room) => initialRoomState(room));
}

/** The delta that follows `state` with these events, and the state it leads to. */
export function nextDelta(state: RoomState, events: RoomEvent[], atMs = T0): { delta: RoomDelta; next: RoomState } {
  const delta: RoomDelta = { roomId: state.roomId, revision: state.revision + 1, atMs, events };
  return { delta, next: applyRoomDelta(state, delta) };
}

export function person(id: string, overrides: Partial<Person> = {}): Person {
  return {
    id,
    eventId: 'astana-2023',
    name: `Delegate ${id}`,
    organisation: null,
    country: 'Kazakhstan',
    role: 'participant',
    roomId: null,
    attendance: 'hall',
    createdAtMs: T0,
    ...overrides,
  };
}

export function invite(secret: string, overrides: Partial<Invite> = {}): Invite {
  return { secret, eventId: 'astana-2023', role: 'moderator', roomId: 'panel-1', hallId: null, label: null, revokedAtMs: null, createdAtMs: T0, ...overrides };
}

/** A single-choice vote for `optionId`, contributing one to that option. */
export function singleVote(voterKey: string, optionId: string, overrides: Partial<BallotWrite> = {}): BallotWrite {
  return {
    roomId: 'keynote-1',
    pollId: 'poll-1',
    voterKey,
    ballot: { kind: 'single', optionId },
    contributions: { [optionId]: 1 },
    allowChange: true,
    atMs: T0,
    ...overrides,
  };
}

/** A multiple-choice vote, contributing one to each option chosen. */
export function multipleVote(voterKey: string, optionIds: string[], overrides: Partial<BallotWrite> = {}): BallotWrite {
  return {
    roomId: 'keynote-1',
    pollId: 'poll-1',
    voterKey,
    ballot: { kind: 'multiple', optionIds },
    contributions: Object.fromEntries(optionIds.map((id) => [id, 1])),
    allowChange: true,
    atMs: T0,
    ...overrides,
  };
}

export function openTextAnswer(voterKey: string, text: string, atMs: number, overrides: Partial<BallotWrite> = {}): BallotWrite {
  return {
    roomId: 'keynote-1',
    pollId: 'poll-text',
    voterKey,
    ballot: { kind: 'open_text', text },
    contributions: {},
    allowChange: true,
    atMs,
    ...overrides,
  };
}

/** Counters without zero entries: a store may keep or drop a counter that fell back to zero. */
export function nonZero(counters: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counters).filter(([, value]) => value !== 0));
}

/** The New York workshop: another event, with rooms of its own. */
export function workshopAgenda(overrides: Partial<AgendaInput> = {}): Agenda {
  return AgendaSchema.parse({
    id: 'ny-workshop',
    title: 'Change management workshop',
    venue: 'New York',
    timezone: 'America/New_York',
    audienceCode: 'NYC2023',
    rooms: [
      {
        id: 'ny-opening',
        title: 'Opening',
        kind: 'plenary',
        startsAt: '2023-11-27T09:00:00-05:00',
        endsAt: '2023-11-27T10:00:00-05:00',
      },
    ],
    ...overrides,
  });
}
