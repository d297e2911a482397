import { refuse, type Result } from '../../shared/errors.ts';
import type { FinishedTurn, SpeakerRequest, Turn } from '../../shared/model/floor.ts';
import type { Speaker } from '../../shared/model/person.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { elapsedMs, newTimer } from '../../shared/model/timer.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import { decided, type Actor, type RoomHandlers } from './context.ts';
import { timerOps } from './timers.ts';

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

function enqueue(state: RoomState, request: SpeakerRequest): Result<RoomEvent[]> {
  const { queue, current } = state.floor;
  if (queue.length >= MAX_QUEUE) return refuse('conflict', `The list of speakers holds at most ${MAX_QUEUE} requests.`);
  if (queue.some((r) => isSameSpeaker(r.speaker, request.speaker))) {
    return refuse('conflict', `${request.speaker.name} is already on the list of speakers.`);
  }
  if (current && isSameSpeaker(current.speaker, request.speaker) && request.kind !== 'point_of_order') {
    return refuse('conflict', `${request.speaker.name} has the floor now.`);
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

/**
 * Messages sent during a turn were for that speaker ("2 minutes", "please wrap up"): they go with
 * the turn, so the next speaker never reads them. Messages sent between turns stay until dismissed.
 */
export function endTurnEvents(state: RoomState, nowMs: number): RoomEvent[] {
  const current = state.floor.current;
  if (!current) return [];
  const turnTimer = state.timers.turn;
  const finished: FinishedTurn = { ...current, endedAtMs: nowMs, spokenMs: elapsedMs(turnTimer, nowMs) };
  const turnMessages = state.messages.filter((message) => message.sentAtMs >= current.startedAtMs);
  return [
    { type: 'floor.turnEnded', finished },
    { type: 'timer.set', timerId: 'turn', timer: timerOps.pause(turnTimer, nowMs) },
    ...turnMessages.map((message): RoomEvent => ({ type: 'message.dismissed', messageId: message.id })),
  ];
}

function startTurnEvents(state: RoomState, request: SpeakerRequest, nowMs: number): RoomEvent[] {
  const { settings } = state;
  const allottedMs = request.allottedMs ?? settings.defaultTurnMs;
  const turn: Turn = { requestId: request.id, speaker: request.speaker, kind: request.kind, allottedMs, startedAtMs: nowMs };
  const timer = timerOps.start(newTimer(allottedMs, settings.warningMs, settings.dangerMs), nowMs);
  return [
    { type: 'floor.turnStarted', turn },
    { type: 'timer.set', timerId: 'turn', timer },
  ];
}

function findRequest(state: RoomState, requestId: string): Result<SpeakerRequest> {
  const request = state.floor.queue.find((r) => r.id === requestId);
  return request ? { ok: true, value: request } : refuse('not_found', 'That request is not on the list of speakers.');
}

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
  | 'floor.extraTime'
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
  'floor.call': (state, { requestId }, { nowMs }) => {
    const next = requestId ? findRequest(state, requestId) : firstInQueue(state);
    if (!next.ok) return next;
    return decided([...endTurnEvents(state, nowMs), ...startTurnEvents(state, next.value, nowMs)], {});
  },
  'floor.endTurn': (state, _payload, { nowMs }) =>
    state.floor.current ? decided(endTurnEvents(state, nowMs), {}) : refuse('conflict', 'Nobody has the floor.'),
  'floor.extraTime': (state, { seconds }) => {
    const current = state.floor.current;
    if (!current) return refuse('conflict', 'Nobody has the floor.');
    const extraMs = seconds * 1000;
    return decided(
      [
        { type: 'floor.extended', allottedMs: current.allottedMs + extraMs },
        { type: 'timer.set', timerId: 'turn', timer: timerOps.adjust(state.timers.turn, extraMs) },
      ],
      {},
    );
  },
};

function firstInQueue(state: RoomState): Result<SpeakerRequest> {
  const first = state.floor.queue[0];
  return first ? { ok: true, value: first } : refuse('conflict', 'Nobody is waiting on the list of speakers.');
}
