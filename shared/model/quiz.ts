import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';

/**
 * A quiz is a sequence of questions with correct answers, each asked as a poll of its own (single
 * or multiple choice, timed, results revealed when time is up). The poll carries its quiz part
 * (PollQuizSchema); ballots are the answers, so an answer counts exactly once per player and
 * question the way a ballot does, stamped by the server's clock.
 */

/** The rule, documented and shown to players: a correct answer earns from QUIZ_POINTS.max (at once) down to QUIZ_POINTS.min (at the last moment). */
export const QUIZ_POINTS = { max: 1000, min: 500 } as const;

/** A quiz question runs at least 5 s (a time limit under that is refused) and at most 10 minutes. */
export const QUIZ_TIME_LIMIT_SEC = { min: 5, max: 600, default: 20 } as const;

export const QUIZ_MAX_QUESTIONS = 50;

/** Rows on a leaderboard push; the report lists every player. */
export const QUIZ_BOARD_SIZE = 10;

/**
 * Points for one answer, from the server's clock: 0 when wrong; when right, falling linearly
 * from max at the opening instant to min when time is up. A multiple-choice answer is right
 * only when it picks exactly the correct options.
 */
export function quizPoints(correct: boolean, elapsedMs: number, timeLimitMs: number): number {
  if (!correct) return 0;
  const used = Math.min(1, Math.max(0, elapsedMs / timeLimitMs));
  return Math.round(QUIZ_POINTS.max - (QUIZ_POINTS.max - QUIZ_POINTS.min) * used);
}

export function isCorrectAnswer(chosen: readonly string[], correctOptionIds: readonly string[]): boolean {
  const correct = new Set(correctOptionIds);
  return chosen.length === correct.size && chosen.every((id) => correct.has(id));
}

/**
 * Tally counters a quiz answer adds beside its option counts: the sum of points, of correct
 * answers and of answering time (ms since the question opened) over the question's players.
 */
export const QUIZ_TALLY_KEYS = { points: 'quiz:points', correct: 'quiz:correct', elapsedMs: 'quiz:ms' } as const;

/** The quiz part of a poll that is a quiz question. `correctOptionIds` reaches only the chair until the question closes. */
export const PollQuizSchema = z.object({
  quizId: IdSchema,
  /** Empty in what people other than the chair receive while the question is a draft or open. */
  correctOptionIds: z.array(IdSchema),
  timeLimitSec: z.number().int().min(QUIZ_TIME_LIMIT_SEC.min).max(QUIZ_TIME_LIMIT_SEC.max),
});
export type PollQuiz = z.infer<typeof PollQuizSchema>;

/** What the chair writes for one question: options as labels, the correct ones by their position (0-based). */
export const QuizQuestionInputSchema = z
  .object({
    question: z.string().trim().min(1).max(300),
    kind: z.enum(['single', 'multiple']),
    options: z
      .array(z.string().trim().min(1).max(120))
      .min(2)
      .max(20)
      .refine((labels) => new Set(labels).size === labels.length, 'options must differ'),
    correct: z.array(z.number().int().min(0).max(19)).max(20),
    timeLimitSec: z.number().int().min(QUIZ_TIME_LIMIT_SEC.min).max(QUIZ_TIME_LIMIT_SEC.max).default(QUIZ_TIME_LIMIT_SEC.default),
  })
  .strict();
export type QuizQuestionInput = z.input<typeof QuizQuestionInputSchema>;

export const QUIZ_STATUSES = ['draft', 'running', 'finished'] as const;
export const QuizStatusSchema = z.enum(QUIZ_STATUSES);
export type QuizStatus = z.infer<typeof QuizStatusSchema>;

/** What the quiz's screens show between questions: the question (open, then its answer) or the leaderboard. */
export const QuizShowingSchema = z.enum(['question', 'leaderboard']);

export const QuizSchema = z.object({
  id: IdSchema,
  title: z.string().min(1).max(120),
  /** Its questions' polls, in the order they are asked. */
  pollIds: z.array(IdSchema).min(1).max(QUIZ_MAX_QUESTIONS),
  status: QuizStatusSchema,
  showing: QuizShowingSchema,
  createdAtMs: EpochMsSchema,
  startedAtMs: EpochMsSchema.nullable(),
  finishedAtMs: EpochMsSchema.nullable(),
});
export type Quiz = z.infer<typeof QuizSchema>;

/** One line of a leaderboard: competition ranking (equal points share a rank, the next rank skips). */
export const QuizRowSchema = z.object({
  rank: z.number().int().positive(),
  /** The nickname the player chose for this quiz, else their display name. */
  name: z.string(),
  points: z.number().int().nonnegative(),
  correct: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
});
export type QuizRow = z.infer<typeof QuizRowSchema>;

export const QuizStandingSchema = z.object({
  rank: z.number().int().positive(),
  players: z.number().int().nonnegative(),
  points: z.number().int().nonnegative(),
  correct: z.number().int().nonnegative(),
  answered: z.number().int().nonnegative(),
  name: z.string(),
});
export type QuizStanding = z.infer<typeof QuizStandingSchema>;

/** A leaderboard after the questions closed so far: pushed as `quiz.board`, read with `quiz.leaderboard`. */
export const QuizBoardSchema = z.object({
  quizId: IdSchema,
  /** Questions closed so far, of `questions`. */
  closed: z.number().int().nonnegative(),
  questions: z.number().int().positive(),
  finished: z.boolean(),
  /** Everyone who answered at least one question. */
  players: z.number().int().nonnegative(),
  top: z.array(QuizRowSchema),
});
export type QuizBoard = z.infer<typeof QuizBoardSchema>;

/** A quiz state stored before quizzes existed has none. */
export function quizzesOf(state: { quizzes?: Quiz[] }): Quiz[] {
  return state.quizzes ?? [];
}
