import { refuse, type Refusal } from '../../shared/errors.ts';
import type { Contributions, Poll } from '../../shared/model/poll.ts';
import { isCorrectAnswer, QUIZ_TALLY_KEYS, quizPoints, type QuizQuestionInput } from '../../shared/model/quiz.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';

/**
 * A quiz question is a poll: these are the rules that make one behave as a question (answered
 * once, results shown only when its time is up, its correct answer kept from the players).
 */

/** Not anonymous: the leaderboard names each player. No change of answer: the first one is scored. */
const QUIZ_POLL_SETTINGS: Poll['settings'] = {
  resultsVisibility: 'on_reveal',
  anonymous: false,
  allowChange: false,
  eligibleRoles: ['participant', 'audience'],
};

export type QuestionInput = Omit<QuizQuestionInput, 'timeLimitSec'> & { timeLimitSec: number };

/** Why a question the chair wrote cannot be asked, naming the field as the payload does; null when it can. */
export function questionRefusal(question: QuestionInput, index: number): Refusal | null {
  const field = `questions.${index}.correct`;
  const { correct, options, kind } = question;
  if (correct.length === 0) return refuse('invalid_input', `${field}: mark at least one correct option.`);
  if (correct.some((position) => position >= options.length)) {
    return refuse('invalid_input', `${field}: the question has ${options.length} options, numbered from 0.`);
  }
  if (new Set(correct).size !== correct.length) return refuse('invalid_input', `${field}: name each correct option once.`);
  if (kind === 'single' && correct.length !== 1) return refuse('invalid_input', `${field}: a single-choice question has exactly one correct option.`);
  return null;
}

/** The draft poll that asks one question; options are numbered o1, o2, … like any poll's. */
export function questionPoll(question: QuestionInput, pollId: string, quizId: string, nowMs: number): Poll {
  const options = question.options.map((label, index) => ({ id: `o${index + 1}`, label }));
  const spec: Poll['spec'] =
    question.kind === 'single' ? { kind: 'single', options } : { kind: 'multiple', options, maxChoices: options.length };
  return {
    id: pollId,
    question: question.question,
    spec,
    settings: QUIZ_POLL_SETTINGS,
    status: 'draft',
    revealed: false,
    createdAtMs: nowMs,
    openedAtMs: null,
    closedAtMs: null,
    closesAtMs: null,
    revealOnClose: false,
    quiz: {
      quizId,
      correctOptionIds: [...question.correct].sort((a, b) => a - b).map((position) => `o${position + 1}`),
      timeLimitSec: question.timeLimitSec,
    },
  };
}

/** Poll commands that would change what a quiz question asks, or when, are refused: the quiz runs it. */
export function quizQuestionRefusal(poll: Poll): Refusal | null {
  return poll.quiz ? refuse('conflict', 'This poll is a quiz question: run it from its quiz.') : null;
}

/**
 * What an answer adds to the question's tally beside its option counts: points from the
 * server's clock, whether it was right, and how long it took.
 */
export function answerContributions(poll: Poll, chosen: readonly string[], nowMs: number): Contributions {
  if (!poll.quiz || poll.openedAtMs === null) return {};
  const elapsedMs = Math.max(0, nowMs - poll.openedAtMs);
  const correct = isCorrectAnswer(chosen, poll.quiz.correctOptionIds);
  return {
    [QUIZ_TALLY_KEYS.points]: quizPoints(correct, elapsedMs, poll.quiz.timeLimitSec * 1_000),
    [QUIZ_TALLY_KEYS.correct]: correct ? 1 : 0,
    [QUIZ_TALLY_KEYS.elapsedMs]: elapsedMs,
  };
}

/** The poll as someone other than the chair may see it: no correct answer until the question closed. */
export function withoutAnswer(poll: Poll): Poll {
  if (!poll.quiz || poll.status === 'closed' || poll.quiz.correctOptionIds.length === 0) return poll;
  return { ...poll, quiz: { ...poll.quiz, correctOptionIds: [] } };
}

export function stateWithoutAnswers(state: RoomState): RoomState {
  return state.polls.some((poll) => withoutAnswer(poll) !== poll) ? { ...state, polls: state.polls.map(withoutAnswer) } : state;
}

export function eventWithoutAnswer(event: RoomEvent): RoomEvent {
  if (event.type !== 'poll.saved') return event;
  const poll = withoutAnswer(event.poll);
  return poll === event.poll ? event : { ...event, poll };
}
