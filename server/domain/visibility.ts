import type { Poll } from '../../shared/model/poll.ts';
import type { Question } from '../../shared/model/question.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import { eventWithoutAnswer, stateWithoutAnswers, withoutAnswer } from './quiz-questions.ts';

/**
 * What people who are not staff may see of a room: no questions waiting for moderation or
 * dismissed, no draft polls, no messages meant for the speaker, and not the speaking-time ledger
 * (reports and the chair read it; every screen reads the floor and its timers, which grow by less
 * in a long session than the ledger would in every phone's snapshot). Deltas sent to them are
 * projected with `publicEvent` so that following deltas from a public snapshot yields
 * exactly the public view of the new state. Nobody but the chair sees a quiz question's correct
 * answer before the question closes, so a phone cannot read it off the socket.
 */
export function isPublicQuestion(question: Question): boolean {
  return question.status === 'approved' || question.status === 'answered';
}

export function isPublicPoll(poll: Poll): boolean {
  return poll.status !== 'draft';
}

export function publicView(state: RoomState): RoomState {
  return {
    ...state,
    messages: [],
    floor: { ...state.floor, ledger: [] },
    questions: state.questions.filter(isPublicQuestion),
    polls: state.polls.filter(isPublicPoll).map(withoutAnswer),
  };
}

/** What the stage (panellists, displays) sees: everything staff see, but no quiz answer before its question closes. */
export function stageView(state: RoomState): RoomState {
  return stateWithoutAnswers(state);
}

export function stageEvent(event: RoomEvent): RoomEvent {
  return eventWithoutAnswer(event);
}

const HIDDEN: RoomEvent = { type: 'hidden' };

/** The event as the public sees it, given the full state just before it was applied. */
export function publicEvent(event: RoomEvent, before: RoomState): RoomEvent {
  switch (event.type) {
    case 'message.sent':
    case 'message.dismissed':
    case 'floor.logged':
      return HIDDEN;
    case 'question.saved': {
      if (isPublicQuestion(event.question)) return event;
      const wasPublic = before.questions.some((q) => q.id === event.question.id && isPublicQuestion(q));
      return wasPublic ? { type: 'question.removed', questionId: event.question.id } : HIDDEN;
    }
    case 'question.removed':
      return before.questions.some((q) => q.id === event.questionId && isPublicQuestion(q)) ? event : HIDDEN;
    case 'poll.saved':
      return isPublicPoll(event.poll) ? eventWithoutAnswer(event) : HIDDEN;
    case 'poll.deleted':
      return before.polls.some((p) => p.id === event.pollId && isPublicPoll(p)) ? event : HIDDEN;
    default:
      return event;
  }
}
