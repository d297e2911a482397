import type { Ballot, Poll } from '../../../shared/model/poll.ts';
import { isCorrectAnswer, QUIZ_POINTS, quizzesOf, type Quiz } from '../../../shared/model/quiz.ts';
import type { RoomState } from '../../../shared/model/room.ts';

/** The letter a player taps for an option: A, B, C… (a question has at most 20 options). */
export function optionLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

export function isQuizPoll(poll: Pick<Poll, 'quiz'>): boolean {
  return poll.quiz !== undefined;
}

/** The polls a room lists as polls: a quiz's questions appear only in their quiz's card. */
export function ordinaryPolls<P extends Pick<Poll, 'quiz'>>(polls: readonly P[]): P[] {
  return polls.filter((poll) => !isQuizPoll(poll));
}

/** A quiz question's place in its quiz: "Question 3 of 10". */
export type QuizQuestionRef = { quiz: Quiz; number: number; total: number };

export function quizQuestionOf(quizzes: readonly Quiz[], poll: Pick<Poll, 'id' | 'quiz'>): QuizQuestionRef | null {
  if (!poll.quiz) return null;
  const quiz = quizzes.find((candidate) => candidate.id === poll.quiz?.quizId);
  const index = quiz ? quiz.pollIds.indexOf(poll.id) : -1;
  return quiz && index >= 0 ? { quiz, number: index + 1, total: quiz.pollIds.length } : null;
}

/** The question a player's card shows: the last one asked (open, or closed with its answer); null before the first. */
export function currentQuestion(quiz: Quiz, polls: readonly Poll[]): Poll | null {
  const asked = quiz.pollIds.map((id) => polls.find((poll) => poll.id === id)).filter((poll): poll is Poll => poll !== undefined && poll.status !== 'draft');
  return asked.at(-1) ?? null;
}

/** What a player's quiz card shows besides the question: before the first question, the chair's leaderboard, or the final results. */
export type QuizStage = 'waiting' | 'question' | 'leaderboard' | 'final';

export function quizStage(quiz: Quiz, question: Poll | null): QuizStage {
  if (quiz.status === 'finished') return 'final';
  if (question === null) return 'waiting';
  // While a question is open the chair cannot be showing the board: the question wins.
  if (quiz.showing === 'leaderboard' && question.status !== 'open') return 'leaderboard';
  return 'question';
}

export function chosenOptions(ballot: Ballot | null | undefined): string[] {
  if (ballot?.kind === 'single') return [ballot.optionId];
  if (ballot?.kind === 'multiple') return ballot.optionIds;
  return [];
}

/**
 * Where a player stands on one question. The correct options reach a phone only once the
 * question is closed, so until then an answer can only be locked in, never judged.
 */
export type QuizAnswerState =
  | { phase: 'answering' }
  | { phase: 'locked'; chosen: string[] }
  /** Time is up, and the answer is not out yet. */
  | { phase: 'time_up'; chosen: string[] }
  /** `correct` null: the player did not answer. */
  | { phase: 'result'; correct: boolean | null; chosen: string[]; correctOptionIds: string[] };

export function quizAnswerState(poll: Pick<Poll, 'status' | 'quiz'>, ballot: Ballot | null | undefined, timeUp: boolean): QuizAnswerState {
  const chosen = chosenOptions(ballot);
  const correctOptionIds = poll.quiz?.correctOptionIds ?? [];
  if (poll.status === 'closed' && correctOptionIds.length > 0) {
    return { phase: 'result', correct: chosen.length ? isCorrectAnswer(chosen, correctOptionIds) : null, chosen, correctOptionIds };
  }
  if (poll.status === 'closed' || timeUp) return { phase: 'time_up', chosen };
  return chosen.length ? { phase: 'locked', chosen } : { phase: 'answering' };
}

/** The ballot for the options a player picked; null while none is picked. */
export function quizBallot(kind: 'single' | 'multiple', chosen: readonly string[]): Ballot | null {
  if (!chosen.length) return null;
  return kind === 'single' ? { kind: 'single', optionId: chosen[0]! } : { kind: 'multiple', optionIds: [...chosen] };
}

/** A multiple-choice pick toggled, never past the poll's maximum. */
export function togglePick(chosen: readonly string[], optionId: string, maxChoices: number): string[] {
  if (chosen.includes(optionId)) return chosen.filter((id) => id !== optionId);
  return chosen.length < maxChoices ? [...chosen, optionId] : [...chosen];
}

/** The scoring rule's numbers, for the one line shown to players (shared/model/quiz.ts decides them). */
export const quizRule = { max: QUIZ_POINTS.max, min: QUIZ_POINTS.min };

const englishOrdinals = new Intl.PluralRules('en', { type: 'ordinal' });
const englishSuffix: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };

/**
 * A place as the language writes it in "You are 12th of 214" / "Вы на 12-м месте из 214":
 * English suffixes follow the ordinal rules (21st, 112th); Russian's prepositional ordinal ends
 * in "-м" for every number.
 */
export function placeOrdinal(rank: number, locale: string): string {
  if (locale.startsWith('ru')) return `${rank}-м`;
  return `${rank}${englishSuffix[englishOrdinals.select(rank)] ?? 'th'}`;
}

/**
 * Whether a refusal of `quiz.nickname` is about the name itself ("nickname: that name is not
 * allowed here…"): the phone then says so in its own language, not the server's English.
 */
export function refusesNickname(message: string): boolean {
  return /(?:^|: )nickname: /.test(message);
}

/**
 * The quizzes a phone shows: a draft only while the projector shows it (the chair announcing it
 * to the hall, so players can pick their name), never the ones the chair prepares ahead.
 */
export function quizzesOnPhones(state: Pick<RoomState, 'quizzes' | 'projector'>): Quiz[] {
  const { projector } = state;
  return quizzesOf(state).filter((quiz) => quiz.status !== 'draft' || (projector.mode === 'quiz' && projector.quizId === quiz.id));
}
