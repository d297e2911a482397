import { refuse, type Result } from '../../shared/errors.ts';
import type { SpeakerRequest } from '../../shared/model/floor.ts';
import type { AgendaPerson } from '../../shared/model/event.ts';
import type { Speaker } from '../../shared/model/person.ts';
import { isProgrammePerson } from '../../shared/model/programme.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import { decided, type Actor, type RoomHandler, type RoomHandlers } from './context.ts';
import { callEvents, endTurnEvents, resumeEvents, turnTimerEvents } from './turns.ts';
import { timerOps } from './timer-ops.ts';

const MAX_QUEUE = 500;

export function speakerOf(actor: Actor): Speaker {
  return { personId: actor.personId, name: actor.name, organisation: actor.organisation, country: actor.country };
}

function isSameSpeaker(a: Speaker, b: Speaker): boolean {
  return a.personId !== null || b.personId !== null ? a.personId === b.personId : a.name === b.name;
}

/**
 * A point of order concerns the conduct of the meeting itself, so it is heard before any
 * substantive contribution: it goes behind earlier points of order, ahead of everyone else.
 */
function queuePosition(queue: readonly SpeakerRequest[], request: SpeakerRequest): number {
  if (request.kind !== 'point_of_order') return queue.length;
  const firstOther = queue.findIndex((r) => r.kind !== 'point_of_order');
  return firstOther === -1 ? queue.length : firstOther;
}

export function enqueue(state: RoomState, request: SpeakerRequest): Result<RoomEvent[]> {
  const { queue, current } = state.floor;
  if (queue.length >= MAX_QUEUE) return refuse('conflict', `The list of speakers holds at most ${MAX_QUEUE} requests.`);
  // A point of order may be raised by someone already waiting to speak: they keep their place for the other request.
  const pointOfOrder = request.kind === 'point_of_order';
  if (queue.some((r) => isSameSpeaker(r.speaker, request.speaker) && (r.kind === 'point_of_order') === pointOfOrder)) {
    const already = pointOfOrder ? 'has already raised a point of order' : 'is already on the list of speakers';
    return refuse('conflict', `${request.speaker.name} ${already}.`);
  }
  if (current && isSameSpeaker(current.speaker, request.speaker) && request.kind !== 'point_of_order') {
    return refuse('conflict', `${request.speaker.name} has the floor now.`);
  }
  const suspended = state.floor.suspended?.turn;
  if (suspended && isSameSpeaker(suspended.speaker, request.speaker) && request.kind !== 'point_of_order') {
    return refuse('conflict', `${request.speaker.name}’s turn was interrupted and will be resumed.`);
  }
  const at = queuePosition(queue, request);
  const events: RoomEvent[] = [{ type: 'floor.requested', request }];
  if (at < queue.length) {
    const order = queue.map((r) => r.id);
    order.splice(at, 0, request.id);
    events.push({ type: 'floor.reordered', order });
  }
  return { ok: true, value: events };
}

function findRequest(state: RoomState, requestId: string): Result<SpeakerRequest> {
  const request = state.floor.queue.find((r) => r.id === requestId);
  return request ? { ok: true, value: request } : refuse('not_found', 'That request is not on the list of speakers.');
}

function programmeSpeakerOnList(state: RoomState, person: AgendaPerson): boolean {
  const { queue, current } = state.floor;
  return queue.some((r) => isProgrammePerson(person, r.speaker)) || (current !== null && isProgrammePerson(person, current.speaker));
}

function programmeSpeaker(person: AgendaPerson, present: readonly Speaker[]): Speaker {
  const joined = present.find((speaker) => speaker.personId !== null && isProgrammePerson(person, speaker));
  return joined ?? { personId: null, name: person.name, organisation: person.organisation ?? null, country: person.country ?? null };
}

const addProgramme: RoomHandler<'floor.addProgramme'> = (state, { index, present }, { room, nowMs, newId }) => {
  if (room.speakers.length === 0) return refuse('not_found', 'The programme names no speakers for this room.');
  if (index !== undefined && index >= room.speakers.length) return refuse('not_found', `The programme names ${room.speakers.length} speakers for this room.`);
  const named = index === undefined ? room.speakers : [room.speakers[index]!];
  const toAdd = named.filter((person) => !programmeSpeakerOnList(state, person));
  // One speaker asked for by name is refused when already there; the whole programme adds whoever is missing.
  if (toAdd.length === 0) {
    const who = named.length === 1 ? `${named[0]!.name} is` : "The programme's speakers are";
    return refuse('conflict', `${who} already on the list of speakers.`);
  }
  if (state.floor.queue.length + toAdd.length > MAX_QUEUE) return refuse('conflict', `The list of speakers holds at most ${MAX_QUEUE} requests.`);
  const requests = toAdd.map(
    (person): SpeakerRequest => ({
      id: newId('r'),
      speaker: programmeSpeaker(person, present),
      kind: 'contribution',
      requestedAtMs: nowMs,
      allottedMs: null,
      addedByModerator: true,
    }),
  );
  return decided(
    requests.map((request): RoomEvent => ({ type: 'floor.requested', request })),
    { requestIds: requests.map((r) => r.id) },
  );
};

/**
 * A panellist who joins is the programme speaker added under their name before they had a
 * device: that entry, their running turn and their finished turns become theirs, so their
 * speaking time counts to one person.
 */
const claim: RoomHandler<'floor.claim'> = (state, _payload, { actor, room }) => {
  const me = speakerOf(actor);
  const person = room.speakers.find((p) => isProgrammePerson(p, me));
  if (!person) return refuse('not_found', 'The programme does not name you as a speaker in this room.');
  const { queue, current, finished } = state.floor;
  if (queue.some((r) => r.speaker.personId === actor.personId) && queue.some((r) => r.speaker.personId === null && isProgrammePerson(person, r.speaker))) {
    return refuse('conflict', 'You are already on the list of speakers.');
  }
  const mine = (speaker: Speaker) => speaker.personId === null && isProgrammePerson(person, speaker);
  const requestIds = [
    ...queue.filter((r) => mine(r.speaker)).map((r) => r.id),
    ...(current && mine(current.speaker) ? [current.requestId] : []),
    ...finished.filter((t) => mine(t.speaker)).map((t) => t.requestId),
  ];
  if (requestIds.length === 0) return refuse('not_found', 'The list of speakers has no programme entry under your name.');
  return decided([{ type: 'floor.bound', requestIds, speaker: me }], { requestIds });
};

export const floorHandlers: RoomHandlers<
  | 'floor.request'
  | 'floor.withdraw'
  | 'floor.add'
  | 'floor.remove'
  | 'floor.reorder'
  | 'floor.allot'
  | 'floor.closeList'
  | 'floor.reopenList'
  | 'floor.call'
  | 'floor.endTurn'
  | 'floor.resume'
  | 'floor.extraTime'
  | 'floor.addProgramme'
  | 'floor.claim'
> = {
  'floor.request': (state, { kind }, { actor, nowMs, newId }) => {
    if (!state.open) return refuse('conflict', 'The room is closed.');
    // A point of order may be raised even on a closed list: it is about how the meeting is run.
    if (!state.floor.listOpen && kind !== 'point_of_order') return refuse('conflict', 'The list of speakers is closed.');
    const request: SpeakerRequest = {
      id: newId('r'),
      speaker: speakerOf(actor),
      kind,
      requestedAtMs: nowMs,
      allottedMs: null,
      addedByModerator: false,
    };
    const events = enqueue(state, request);
    return events.ok ? decided(events.value, { requestId: request.id }) : events;
  },
  'floor.withdraw': (state, { requestId }, { actor }) => {
    const own = state.floor.queue.find((r) => r.speaker.personId === actor.personId && (!requestId || r.id === requestId));
    if (!own) return refuse('not_found', 'You have no request on the list of speakers.');
    return decided([{ type: 'floor.withdrawn', requestId: own.id }], {});
  },
  'floor.add': (state, { speaker, kind, allottedSec }, { nowMs, newId }) => {
    const request: SpeakerRequest = {
      id: newId('r'),
      speaker,
      kind,
      requestedAtMs: nowMs,
      allottedMs: allottedSec === undefined ? null : allottedSec * 1000,
      addedByModerator: true,
    };
    const events = enqueue(state, request);
    return events.ok ? decided(events.value, { requestId: request.id }) : events;
  },
  'floor.remove': (state, { requestId }) => {
    const found = findRequest(state, requestId);
    return found.ok ? decided([{ type: 'floor.removed', requestId }], {}) : found;
  },
  'floor.reorder': (state, { requestId, toIndex }) => {
    const found = findRequest(state, requestId);
    if (!found.ok) return found;
    const order = state.floor.queue.map((r) => r.id).filter((id) => id !== requestId);
    order.splice(Math.min(toIndex, order.length), 0, requestId);
    return decided([{ type: 'floor.reordered', order }], {});
  },
  'floor.allot': (state, { requestId, allottedSec }) => {
    const found = findRequest(state, requestId);
    if (!found.ok) return found;
    return decided([{ type: 'floor.allotted', requestId, allottedMs: allottedSec === null ? null : allottedSec * 1000 }], {});
  },
  'floor.closeList': (state) =>
    state.floor.listOpen ? decided([{ type: 'floor.listClosed' }], {}) : refuse('conflict', 'The list of speakers is already closed.'),
  'floor.reopenList': (state) =>
    state.floor.listOpen ? refuse('conflict', 'The list of speakers is already open.') : decided([{ type: 'floor.listReopened' }], {}),
  'floor.call': (state, { requestId }, { nowMs, actor }) => {
    const next = requestId ? findRequest(state, requestId) : firstInQueue(state);
    if (!next.ok) return next;
    const events = callEvents(state, next.value, nowMs, actor.name);
    return events.ok ? decided(events.value, {}) : events;
  },
  'floor.endTurn': (state, _payload, { nowMs, actor }) =>
    state.floor.current ? decided(endTurnEvents(state, nowMs, actor.name), {}) : refuse('conflict', 'Nobody has the floor.'),
  'floor.resume': (state, _payload, { nowMs, actor }) => {
    const events = resumeEvents(state, nowMs, actor.name);
    return events.ok ? decided(events.value, {}) : events;
  },
  'floor.extraTime': (state, { seconds }, { nowMs, actor }) =>
    state.floor.current
      ? decided(turnTimerEvents(state, timerOps.adjust(state.timers.turn, seconds * 1000), nowMs, actor.name), {})
      : refuse('conflict', 'Nobody has the floor.'),
  'floor.addProgramme': addProgramme,
  'floor.claim': claim,
};

function firstInQueue(state: RoomState): Result<SpeakerRequest> {
  const first = state.floor.queue[0];
  return first ? { ok: true, value: first } : refuse('conflict', 'Nobody is waiting on the list of speakers.');
}
