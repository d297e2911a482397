import { filterQuestionText } from './profanity-filter.ts';
import { accept, refuse, type Result } from '../../shared/errors.ts';
import type { AgendaPerson, AgendaRoom } from '../../shared/model/event.ts';
import type { Question, QuestionStatus } from '../../shared/model/question.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import { isChair } from '../../shared/roles.ts';
import { decided, type DomainContext, type RoomHandlers } from './context.ts';

const MAX_QUESTIONS = 2000;

export function findQuestion(state: RoomState, questionId: string): Result<Question> {
  const question = state.questions.find((q) => q.id === questionId);
  return question ? accept(question) : refuse('not_found', 'No such question in this room.');
}

function checkLength(state: RoomState, text: string): Result<string> {
  const max = state.settings.questionMaxLength;
  return text.length > max ? refuse('invalid_input', `A question has at most ${max} characters in this room.`) : accept(text);
}

const comparable = (name: string) => name.trim().toLowerCase();

/** Askers type a name; the question is addressed to that person as the agenda spells them. */
function agendaPersonNamed(room: AgendaRoom, name: string): AgendaPerson | undefined {
  const wanted = comparable(name);
  return [...room.speakers, ...room.moderators].find((person) => comparable(person.name) === wanted);
}

/**
 * Events that take a question off the projector. The projector cannot stay in question mode
 * with nothing pinned (projector.show refuses that state), so it falls back to the title.
 */
function unpinEvents(state: RoomState): RoomEvent[] {
  const events: RoomEvent[] = [{ type: 'question.pinned', questionId: null }];
  if (state.projector.mode === 'question') events.push({ type: 'projector.changed', projector: { mode: 'title', pollId: null } });
  return events;
}

export function unpinIfPinned(state: RoomState, questionId: string): RoomEvent[] {
  return state.pinnedQuestionId === questionId ? unpinEvents(state) : [];
}

/** Looks the question up, lets `change` decide its next version, and saves it (unpinning it if `change` says so). */
export function withQuestion(
  state: RoomState,
  questionId: string,
  change: (question: Question) => Result<Question>,
): Result<{ events: RoomEvent[]; result: Record<string, never> }> {
  const found = findQuestion(state, questionId);
  if (!found.ok) return found;
  const next = change(found.value);
  if (!next.ok) return next;
  const leavesBoard = next.value.status === 'dismissed' || next.value.status === 'answered';
  const unpin = leavesBoard && found.value.status !== next.value.status ? unpinIfPinned(state, questionId) : [];
  return decided([{ type: 'question.saved', question: next.value }, ...unpin], {});
}

/** A question turn that ends answers its question, if it is still on the board (the chair may have dismissed it meanwhile). */
export function answeredEvents(state: RoomState, questionId: string, nowMs: number): RoomEvent[] {
  const question = state.questions.find((q) => q.id === questionId);
  if (question?.status !== 'approved') return [];
  return [{ type: 'question.saved', question: { ...question, status: 'answered', answeredAtMs: nowMs } }, ...unpinIfPinned(state, questionId)];
}

const PINNABLE: readonly QuestionStatus[] = ['approved', 'answered'];

/** Whether `actor` asked the question: by name, or for an anonymous one by the key only the server can compute. */
export function askedBy(question: Question, personId: string, askerKey: DomainContext['askerKey']): boolean {
  if (question.authorId !== null) return question.authorId === personId;
  return question.askerKey !== undefined && askerKey !== undefined && askerKey(question.id) === question.askerKey;
}

/** An asker may change their question while it is theirs to change: not once answered or dismissed. */
export function checkOwnQuestion(question: Question, { actor, askerKey }: DomainContext): Result<Question> {
  if (!askedBy(question, actor.personId, askerKey)) return refuse('forbidden', 'Only the person who asked a question may change it.');
  if (question.status === 'answered') return refuse('conflict', 'The question has been answered; it can no longer be changed.');
  if (question.status === 'dismissed') return refuse('conflict', 'The question was dismissed by the moderator.');
  return accept(question);
}

export const questionHandlers: RoomHandlers<'qa.ask' | 'qa.approve' | 'qa.dismiss' | 'qa.answer' | 'qa.edit' | 'qa.pin'> = {
  'qa.ask': (state, { text, anonymous, addressedTo }, { actor, room, nowMs, newId, askerKey }) => {
    if (!state.open) return refuse('conflict', 'The room is closed.');
    if (state.questions.length >= MAX_QUESTIONS) return refuse('conflict', `A room holds at most ${MAX_QUESTIONS} questions.`);
    const length = checkLength(state, text);
    if (!length.ok) return length;
    if (anonymous && !state.settings.allowAnonymousQuestions) {
      return refuse('conflict', 'Anonymous questions are not allowed in this room.');
    }
    let addressee: Question['addressedTo'] = null;
    if (addressedTo !== undefined) {
      const person = agendaPersonNamed(room, addressedTo);
      if (!person) return refuse('not_found', `${addressedTo.trim()} is not a speaker or moderator in this room.`);
      addressee = { personId: null, name: person.name };
    }
    const id = newId('q');
    const filtered = filterQuestionText(state.settings, text);
    const question: Question = {
      id,
      text: filtered.text,
      // An anonymous question keeps no trace of its asker, not even for moderators.
      authorId: anonymous ? null : actor.personId,
      authorName: anonymous ? null : actor.name,
      ...(anonymous && askerKey ? { askerKey: askerKey(id) } : {}),
      addressedTo: addressee,
      status: state.settings.preModeration || filtered.profanity === 'held' ? 'pending' : 'approved',
      askedAtMs: nowMs,
      editedAtMs: null,
      answeredAtMs: null,
      ...(filtered.profanity ? { profanity: filtered.profanity } : {}),
    };
    return decided([{ type: 'question.saved', question }], { question });
  },
  'qa.approve': (state, { questionId }) =>
    withQuestion(state, questionId, (question) =>
      question.status === 'pending' ? accept({ ...question, status: 'approved' }) : refuse('conflict', 'Only a pending question can be approved.'),
    ),
  'qa.dismiss': (state, { questionId }) =>
    withQuestion(state, questionId, (question) =>
      question.status === 'dismissed'
        ? refuse('conflict', 'The question is already dismissed.')
        : accept({ ...question, status: 'dismissed', dismissedFrom: question.status }),
    ),
  'qa.answer': (state, { questionId }, { nowMs }) =>
    withQuestion(state, questionId, (question) =>
      question.status === 'approved'
        ? accept({ ...question, status: 'answered', answeredAtMs: nowMs })
        : refuse('conflict', 'Only a question on the board can be marked answered.'),
    ),
  'qa.edit': (state, { questionId, text }, ctx) =>
    withQuestion(state, questionId, (question) => {
      const length = checkLength(state, text);
      if (!length.ok) return length;
      const { profanity: _before, ...unflagged } = question;
      const filtered = filterQuestionText(state.settings, text);
      const edited: Question = { ...unflagged, text: filtered.text, editedAtMs: ctx.nowMs, ...(filtered.profanity ? { profanity: filtered.profanity } : {}) };
      if (isChair(ctx.actor.role)) return accept(edited);
      const own = checkOwnQuestion(question, ctx);
      if (!own.ok) return own;
      // The chair approved the words they read, not these: under pre-moderation, or when the
      // filter holds the new words, they read them again.
      const readAgain = question.status === 'approved' && (state.settings.preModeration || filtered.profanity === 'held');
      return accept(readAgain ? { ...edited, status: 'pending' } : edited);
    }),
  'qa.pin': (state, { questionId }) => {
    if (questionId === null) {
      return state.pinnedQuestionId === null ? refuse('conflict', 'No question is pinned.') : decided(unpinEvents(state), {});
    }
    const found = findQuestion(state, questionId);
    if (!found.ok) return found;
    if (!PINNABLE.includes(found.value.status)) return refuse('conflict', 'Only a question on the board can be pinned.');
    return decided(
      [
        { type: 'question.pinned', questionId },
        { type: 'projector.changed', projector: { mode: 'question', pollId: null } },
      ],
      {},
    );
  },
};

/** Upvotes go to questions on the board: not to those waiting for moderation, dismissed or already answered. */
export function checkUpvote(state: RoomState, questionId: string): Result<Question> {
  if (!state.open) return refuse('conflict', 'The room is closed.');
  const found = findQuestion(state, questionId);
  if (!found.ok) return found;
  if (found.value.status !== 'approved') return refuse('conflict', 'You can upvote only questions on the board.');
  return found;
}
