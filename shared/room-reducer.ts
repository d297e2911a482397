import type { Speaker } from './model/person.ts';
import type { RoomState } from './model/room.ts';
import type { RoomDelta, RoomEvent } from './protocol/room-events.ts';

function replaceById<T extends { id: string }>(items: readonly T[], item: T): T[] {
  const at = items.findIndex((existing) => existing.id === item.id);
  if (at === -1) return [...items, item];
  const copy = [...items];
  copy[at] = item;
  return copy;
}

/**
 * Adds or replaces an item, keeping the list in order of creation (time, then id). People who
 * are not staff receive a question or poll only when it becomes public, later than it was
 * created; inserting by creation rather than arrival puts it where everyone else has it.
 */
function upsertInCreationOrder<T extends { id: string }>(items: readonly T[], item: T, createdAtMs: (item: T) => number): T[] {
  if (items.some((existing) => existing.id === item.id)) return replaceById(items, item);
  const comesBefore = (a: T, b: T) => createdAtMs(a) < createdAtMs(b) || (createdAtMs(a) === createdAtMs(b) && a.id < b.id);
  const at = items.findIndex((existing) => comesBefore(item, existing));
  return at === -1 ? [...items, item] : [...items.slice(0, at), item, ...items.slice(at)];
}

function withoutId<T extends { id: string }>(items: readonly T[], id: string): T[] {
  return items.filter((item) => item.id !== id);
}

/** Pure: the state after one event. Events naming an unknown id change nothing; clients apply each revision once. */
export function applyRoomEvent(state: RoomState, event: RoomEvent): RoomState {
  const floor = state.floor;
  switch (event.type) {
    case 'room.opened':
      return { ...state, open: true };
    case 'room.closed':
      return { ...state, open: false };
    case 'room.configured':
      return { ...state, settings: event.settings };
    case 'floor.requested':
      return { ...state, floor: { ...floor, queue: [...floor.queue, event.request] } };
    case 'floor.withdrawn':
    case 'floor.removed':
      return { ...state, floor: { ...floor, queue: withoutId(floor.queue, event.requestId) } };
    case 'floor.reordered': {
      const byId = new Map(floor.queue.map((request) => [request.id, request]));
      const queue = event.order.flatMap((id) => byId.get(id) ?? []);
      return { ...state, floor: { ...floor, queue } };
    }
    case 'floor.allotted':
      return {
        ...state,
        floor: {
          ...floor,
          queue: floor.queue.map((r) => (r.id === event.requestId ? { ...r, allottedMs: event.allottedMs } : r)),
        },
      };
    case 'floor.listClosed':
      return { ...state, floor: { ...floor, listOpen: false } };
    case 'floor.listReopened':
      return { ...state, floor: { ...floor, listOpen: true } };
    case 'floor.turnStarted':
      return {
        ...state,
        floor: { ...floor, current: event.turn, queue: withoutId(floor.queue, event.turn.requestId) },
      };
    case 'floor.turnEnded':
      return { ...state, floor: { ...floor, current: null, finished: [...floor.finished, event.finished] } };
    case 'floor.extended':
      return floor.current ? { ...state, floor: { ...floor, current: { ...floor.current, allottedMs: event.allottedMs } } } : state;
    case 'floor.turnSuspended':
      return { ...state, floor: { ...floor, current: null, suspended: event.suspended } };
    case 'floor.turnResumed':
      return { ...state, floor: { ...floor, current: event.turn, suspended: null } };
    case 'floor.logged':
      return { ...state, floor: { ...floor, ledger: [...floor.ledger, event.entry] } };
    case 'floor.invited':
      return { ...state, floor: { ...floor, invitation: event.invitation } };
    case 'floor.inviteEnded':
      return floor.invitation?.questionId === event.questionId ? { ...state, floor: { ...floor, invitation: null } } : state;
    case 'floor.bound': {
      const bound = new Set(event.requestIds);
      const rebind = <T extends { speaker: Speaker }>(entry: T, id: string): T => (bound.has(id) ? { ...entry, speaker: event.speaker } : entry);
      return {
        ...state,
        floor: {
          ...floor,
          queue: floor.queue.map((r) => rebind(r, r.id)),
          current: floor.current ? rebind(floor.current, floor.current.requestId) : null,
          finished: floor.finished.map((t) => rebind(t, t.requestId)),
          suspended: floor.suspended ? { ...floor.suspended, turn: rebind(floor.suspended.turn, floor.suspended.turn.requestId) } : null,
          ledger: floor.ledger.map((entry) => rebind(entry, entry.requestId)),
        },
      };
    }
    case 'timer.set':
      return { ...state, timers: setTimer(state, event.timerId, event.timer) };
    case 'timer.created':
      return { ...state, timers: { ...state.timers, named: replaceById(state.timers.named, event.timer) } };
    case 'timer.deleted':
      return { ...state, timers: { ...state.timers, named: withoutId(state.timers.named, event.timerId) } };
    case 'message.sent':
      return { ...state, messages: [...state.messages, event.message] };
    case 'message.dismissed':
      return { ...state, messages: withoutId(state.messages, event.messageId) };
    case 'poll.saved':
      return { ...state, polls: upsertInCreationOrder(state.polls, event.poll, (poll) => poll.createdAtMs) };
    case 'poll.deleted':
      return {
        ...state,
        polls: withoutId(state.polls, event.pollId),
        projector: state.projector.pollId === event.pollId ? { mode: 'title', pollId: null } : state.projector,
      };
    case 'quiz.saved':
      return { ...state, quizzes: upsertInCreationOrder(state.quizzes ?? [], event.quiz, (quiz) => quiz.createdAtMs) };
    case 'quiz.deleted':
      return {
        ...state,
        quizzes: withoutId(state.quizzes ?? [], event.quizId),
        projector: state.projector.quizId === event.quizId ? { mode: 'title', pollId: null, quizId: null } : state.projector,
      };
    case 'question.saved':
      return { ...state, questions: upsertInCreationOrder(state.questions, event.question, (question) => question.askedAtMs) };
    case 'question.removed':
      return { ...state, questions: withoutId(state.questions, event.questionId) };
    case 'question.pinned':
      return { ...state, pinnedQuestionId: event.questionId };
    case 'projector.changed':
      return { ...state, projector: event.projector };
    case 'hidden':
      return state;
    default:
      return assertNever(event);
  }
}

function setTimer(state: RoomState, timerId: string, timer: RoomState['timers']['turn']): RoomState['timers'] {
  const timers = state.timers;
  if (timerId === 'session') return { ...timers, session: timer };
  if (timerId === 'turn') return { ...timers, turn: timer };
  return { ...timers, named: timers.named.map((named) => (named.id === timerId ? { ...named, timer } : named)) };
}

export function applyRoomDelta(state: RoomState, delta: RoomDelta): RoomState {
  const next = delta.events.reduce(applyRoomEvent, state);
  return { ...next, revision: delta.revision };
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
