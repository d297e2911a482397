import { accept, refuse, type Result } from '../../shared/errors.ts';
import type { Poll } from '../../shared/model/poll.ts';
import { quizzesOf, type Quiz } from '../../shared/model/quiz.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import { decided, type RoomHandlers } from './context.ts';
import { MAX_POLLS } from './polls.ts';
import { questionPoll, questionRefusal } from './quiz-questions.ts';

export function findQuiz(state: RoomState, quizId: string): Result<Quiz> {
  const quiz = quizzesOf(state).find((q) => q.id === quizId);
  return quiz ? accept(quiz) : refuse('not_found', 'No such quiz in this room.');
}

/** The quiz's questions' polls, in the order they are asked. */
export function questionsOf(state: RoomState, quiz: Quiz): Poll[] {
  return quiz.pollIds.flatMap((pollId) => state.polls.filter((poll) => poll.id === pollId));
}

function openQuestion(state: RoomState, quiz: Quiz): Poll | undefined {
  return questionsOf(state, quiz).find((poll) => poll.status === 'open');
}

/** A question still open is closed as if its time were up: its answer and results are revealed. */
function closeQuestion(poll: Poll, nowMs: number): Poll {
  return { ...poll, status: 'closed', closedAtMs: nowMs, revealed: true };
}

export const quizHandlers: RoomHandlers<'quiz.create' | 'quiz.delete' | 'quiz.next' | 'quiz.showLeaderboard' | 'quiz.finish'> = {
  'quiz.create': (state, { title, questions }, { nowMs, newId }) => {
    for (const [index, question] of questions.entries()) {
      const refusal = questionRefusal(question, index);
      if (refusal) return refusal;
    }
    if (state.polls.length + questions.length > MAX_POLLS) {
      return refuse('conflict', `A room holds at most ${MAX_POLLS} polls, and each quiz question is one; delete some first.`);
    }
    const quizId = newId('z');
    const polls = questions.map((question) => questionPoll(question, newId('p'), quizId, nowMs));
    const quiz: Quiz = {
      id: quizId,
      title,
      pollIds: polls.map((poll) => poll.id),
      status: 'draft',
      showing: 'question',
      createdAtMs: nowMs,
      startedAtMs: null,
      finishedAtMs: null,
    };
    const events: RoomEvent[] = [...polls.map((poll): RoomEvent => ({ type: 'poll.saved', poll })), { type: 'quiz.saved', quiz }];
    return decided(events, { quizId, pollIds: quiz.pollIds });
  },
  'quiz.delete': (state, { quizId }) => {
    const found = findQuiz(state, quizId);
    if (!found.ok) return found;
    if (found.value.status === 'running') return refuse('conflict', 'Finish the quiz before deleting it.');
    const events: RoomEvent[] = questionsOf(state, found.value).map((poll) => ({ type: 'poll.deleted', pollId: poll.id }));
    return decided([...events, { type: 'quiz.deleted', quizId }], {});
  },
  'quiz.next': (state, { quizId }, { nowMs }) => {
    const found = findQuiz(state, quizId);
    if (!found.ok) return found;
    const quiz = found.value;
    if (quiz.status === 'finished') return refuse('conflict', 'The quiz has finished.');
    if (openQuestion(state, quiz)) return refuse('conflict', 'A question is still open: wait for its time to be up, or close it.');
    const next = questionsOf(state, quiz).find((poll) => poll.status === 'draft');
    if (!next?.quiz) return refuse('conflict', 'No question is left: finish the quiz.');
    const closesAtMs = nowMs + next.quiz.timeLimitSec * 1_000;
    const poll: Poll = { ...next, status: 'open', openedAtMs: nowMs, closesAtMs, revealOnClose: true };
    const started: Quiz = { ...quiz, status: 'running', showing: 'question', startedAtMs: quiz.startedAtMs ?? nowMs };
    return decided([{ type: 'poll.saved', poll }, { type: 'quiz.saved', quiz: started }], { pollId: poll.id });
  },
  'quiz.showLeaderboard': (state, { quizId }) => {
    const found = findQuiz(state, quizId);
    if (!found.ok) return found;
    const quiz = found.value;
    if (quiz.status === 'draft') return refuse('conflict', 'The quiz has not started: no question has been asked.');
    if (quiz.showing === 'leaderboard') return refuse('conflict', 'The leaderboard is already showing.');
    if (openQuestion(state, quiz)) return refuse('conflict', 'A question is still open: the leaderboard counts it once its time is up.');
    return decided([{ type: 'quiz.saved', quiz: { ...quiz, showing: 'leaderboard' } }], {});
  },
  'quiz.finish': (state, { quizId }, { nowMs }) => {
    const found = findQuiz(state, quizId);
    if (!found.ok) return found;
    const quiz = found.value;
    if (quiz.status === 'finished') return refuse('conflict', 'The quiz has already finished.');
    if (quiz.status === 'draft') return refuse('conflict', 'The quiz has not started: delete it instead.');
    const open = openQuestion(state, quiz);
    const events: RoomEvent[] = open ? [{ type: 'poll.saved', poll: closeQuestion(open, nowMs) }] : [];
    const finished: Quiz = { ...quiz, status: 'finished', showing: 'leaderboard', finishedAtMs: nowMs };
    return decided([...events, { type: 'quiz.saved', quiz: finished }], {});
  },
};
