import type { QuizBoard, QuizStanding } from '../../../shared/model/quiz.ts';

/**
 * What a screen knows of one quiz's leaderboard: the latest board (a push or a read) and this
 * person's own place, read with quiz.leaderboard since a push never carries it.
 */
export type QuizBoardView = {
  board: QuizBoard | null;
  you: QuizStanding | null;
  /** How far into the quiz `you` was counted (boardProgress); -1 before any read. */
  youProgress: number;
};

export const emptyQuizBoard: QuizBoardView = { board: null, you: null, youProgress: -1 };

/**
 * How far into the quiz a board was counted: questions closed, then finished. A push and a read
 * may cross on the wire; only one at least as far along as the one shown replaces it.
 */
export function boardProgress(board: Pick<QuizBoard, 'closed' | 'finished'>): number {
  return board.closed * 2 + (board.finished ? 1 : 0);
}

function newer(current: QuizBoard | null, incoming: QuizBoard): QuizBoard {
  return current === null || boardProgress(incoming) >= boardProgress(current) ? incoming : current;
}

/** A `quiz.board` push for this quiz (the caller checks room and quiz). */
export function followBoardPush(view: QuizBoardView, push: QuizBoard): QuizBoardView {
  const board = newer(view.board, push);
  return board === view.board ? view : { ...view, board };
}

/** A quiz.leaderboard answer: the board, and this person's place as of that board. */
export function followLeaderboard(view: QuizBoardView, answer: QuizBoard & { you: QuizStanding | null }): QuizBoardView {
  const { you, ...board } = answer;
  const progress = boardProgress(board);
  const next = followBoardPush(view, board);
  if (progress < view.youProgress) return next;
  return { ...next, you, youProgress: progress };
}

export type QuizPlace = { known: false } | { known: true; you: QuizStanding | null };

/**
 * This person's place as of the board shown: known only when it was counted on the same
 * questions, so a "12th" from before never sits under a newer board. Known and null: they have
 * not answered a closed question yet.
 */
export function placeOnBoard(view: QuizBoardView): QuizPlace {
  if (!view.board || view.youProgress !== boardProgress(view.board)) return { known: false };
  return { known: true, you: view.you };
}
