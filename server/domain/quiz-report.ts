import type { PollTally } from '../../shared/model/poll.ts';
import { QUIZ_TALLY_KEYS, quizzesOf, type QuizRow } from '../../shared/model/quiz.ts';
import type { QuizQuestionReport, QuizReport } from '../../shared/model/report.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { questionsOf } from './quizzes.ts';

export type QuizReportInput = {
  state: RoomState;
  /** Each quiz question's tally, by poll id; a question missing here was never answered. */
  tallies: Record<string, PollTally>;
  /** Each quiz's full leaderboard, by quiz id. */
  leaderboards: Record<string, QuizRow[]>;
};

/** A room's quizzes as the report lists them: each question's answers from its tally, and the full leaderboard. */
export function quizReports({ state, tallies, leaderboards }: QuizReportInput): QuizReport[] {
  return quizzesOf(state).map((quiz) => ({
    quizId: quiz.id,
    title: quiz.title,
    status: quiz.status,
    startedAtMs: quiz.startedAtMs,
    finishedAtMs: quiz.finishedAtMs,
    questions: questionsOf(state, quiz).map((poll): QuizQuestionReport => {
      const tally = tallies[poll.id] ?? { voters: 0, counters: {} };
      const options = poll.spec.kind === 'single' || poll.spec.kind === 'multiple' ? poll.spec.options : [];
      const correctIds = new Set(poll.quiz?.correctOptionIds ?? []);
      return {
        pollId: poll.id,
        question: poll.question,
        kind: poll.spec.kind === 'multiple' ? 'multiple' : 'single',
        status: poll.status,
        timeLimitSec: poll.quiz?.timeLimitSec ?? 0,
        correctLabels: options.filter((option) => correctIds.has(option.id)).map((option) => option.label),
        answered: tally.voters,
        correct: tally.counters[QUIZ_TALLY_KEYS.correct] ?? 0,
        meanAnswerMs: tally.voters === 0 ? null : Math.round((tally.counters[QUIZ_TALLY_KEYS.elapsedMs] ?? 0) / tally.voters),
      };
    }),
    leaderboard: leaderboards[quiz.id] ?? [],
  }));
}
