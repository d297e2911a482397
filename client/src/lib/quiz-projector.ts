import type { Poll, PollResults } from '../../../shared/model/poll.ts';
import { QUIZ_BOARD_SIZE, type Quiz, type QuizBoard, type QuizRow } from '../../../shared/model/quiz.ts';

/**
 * Where a quiz stands, read from its questions' polls, and what its screens show: the console
 * and the projector read the same quiz and agree on "question 3 of 10".
 */
export type QuizProgress = {
  questions: number;
  /** Questions opened so far (open or closed). */
  asked: number;
  /** The question asked last, open or closed; null before the first. */
  current: Poll | null;
  /** Its number, 1-based; 0 before the first. */
  number: number;
};

/** A quiz's questions in the order they are asked, as far as this client has them. */
export function quizPolls(quiz: Quiz, polls: readonly Poll[]): Poll[] {
  const byId = new Map(polls.map((poll) => [poll.id, poll]));
  return quiz.pollIds.flatMap((id) => byId.get(id) ?? []);
}

export function quizProgress(quiz: Quiz, polls: readonly Poll[]): QuizProgress {
  const questions = quizPolls(quiz, polls);
  const asked = questions.filter((poll) => poll.status !== 'draft');
  const current = asked.at(-1) ?? null;
  return { questions: quiz.pollIds.length, asked: asked.length, current, number: current ? questions.indexOf(current) + 1 : 0 };
}

/** A, B, C… for options: read out by the host and found on the phones by the same letter. */
export function optionLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

export type QuizScreen =
  | { view: 'ready' }
  | { view: 'question'; poll: Poll; number: number; questions: number }
  | { view: 'answer'; poll: Poll; number: number; questions: number }
  | { view: 'leaderboard'; final: boolean };

/** What the quiz's screens show: its leaderboard when the chair chose it or at the end, else the question asked last (open, or with its answer once closed). */
export function quizScreen(quiz: Quiz, polls: readonly Poll[]): QuizScreen {
  if (quiz.status === 'finished') return { view: 'leaderboard', final: true };
  if (quiz.showing === 'leaderboard') return { view: 'leaderboard', final: false };
  const { current, number, questions } = quizProgress(quiz, polls);
  if (!current) return { view: 'ready' };
  return { view: current.status === 'open' ? 'question' : 'answer', poll: current, number, questions };
}

export type AnswerRow = { id: string; letter: string; label: string; count: number | null; correct: boolean };

/**
 * A question's options with their counts (null until this screen may see results) and the
 * correct ones marked. The tally's quiz counters (points, time) are not options and are left out.
 */
export function answerRows(poll: Poll, results: PollResults | null): AnswerRow[] {
  const spec = poll.spec;
  if (spec.kind !== 'single' && spec.kind !== 'multiple') return [];
  const correct = new Set(poll.quiz?.correctOptionIds ?? []);
  const counts = new Map((results?.rows ?? []).map((row) => [row.key, row.value]));
  return spec.options.map((option, index) => ({
    id: option.id,
    letter: optionLetter(index),
    label: option.label,
    count: results ? (counts.get(option.id) ?? 0) : null,
    correct: correct.has(option.id),
  }));
}

/** The rows a screen shows: the top of the board, never more than a push carries. */
export function boardTop(board: QuizBoard | null): QuizRow[] {
  return board ? board.top.slice(0, QUIZ_BOARD_SIZE) : [];
}
