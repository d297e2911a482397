import type { Contributions } from '../../shared/model/poll.ts';
import { QUIZ_TALLY_KEYS, type QuizBoard, type QuizRow, type QuizStanding } from '../../shared/model/quiz.ts';

/** One answer as the store keeps it: a quiz question's ballots are not anonymous, so the voter key is the person's id. */
export type ScoredAnswer = { voterKey: string; contributions: Contributions };

export type RankingInput = {
  quizId: string;
  questions: number;
  finished: boolean;
  /** The answers of each closed question: a question still open or never asked counts for nobody. */
  closedAnswers: ReadonlyArray<readonly ScoredAnswer[]>;
  /** The player's nickname for this quiz, else their display name. */
  nameOf: (personId: string) => string;
};

type Player = { personId: string; name: string; points: number; correct: number; answered: number; rank: number };

/** Everyone who answered a closed question, best first, with the place of each. */
export type QuizRanking = {
  quizId: string;
  closed: number;
  questions: number;
  finished: boolean;
  players: readonly Player[];
  placeOf: ReadonlyMap<string, number>;
};

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sums each player's points, correct answers and answers over the closed questions. Equal
 * points share a rank and the next rank skips (competition ranking: 1, 2, 2, 4); among equals
 * the list is ordered by name, then id, so every screen shows the same order.
 */
export function rankQuiz({ quizId, questions, finished, closedAnswers, nameOf }: RankingInput): QuizRanking {
  const totals = new Map<string, Omit<Player, 'name' | 'rank'>>();
  for (const answers of closedAnswers) {
    for (const { voterKey, contributions } of answers) {
      const total = totals.get(voterKey) ?? { personId: voterKey, points: 0, correct: 0, answered: 0 };
      total.points += contributions[QUIZ_TALLY_KEYS.points] ?? 0;
      total.correct += contributions[QUIZ_TALLY_KEYS.correct] ?? 0;
      total.answered += 1;
      totals.set(voterKey, total);
    }
  }
  const sorted = [...totals.values()]
    .map((total) => ({ ...total, name: nameOf(total.personId) }))
    .sort((a, b) => b.points - a.points || byCodePoint(a.name, b.name) || byCodePoint(a.personId, b.personId));
  const players: Player[] = [];
  for (const [index, player] of sorted.entries()) {
    const previous = players[index - 1];
    players.push({ ...player, rank: previous && previous.points === player.points ? previous.rank : index + 1 });
  }
  return { quizId, closed: closedAnswers.length, questions, finished, players, placeOf: new Map(players.map((p, index) => [p.personId, index])) };
}

const rowOf = ({ rank, name, points, correct, answered }: Player): QuizRow => ({ rank, name, points, correct, answered });

export function boardOf(ranking: QuizRanking, limit: number): QuizBoard {
  const { quizId, closed, questions, finished, players } = ranking;
  return { quizId, closed, questions, finished, players: players.length, top: players.slice(0, limit).map(rowOf) };
}

/** The whole leaderboard, as the report lists it. */
export function allRows(ranking: QuizRanking): QuizRow[] {
  return ranking.players.map(rowOf);
}

/** A player's place ("12th of 214"); null for someone who answered no closed question. */
export function standingOf(ranking: QuizRanking, personId: string): QuizStanding | null {
  const index = ranking.placeOf.get(personId);
  const player = index === undefined ? undefined : ranking.players[index];
  if (!player) return null;
  const { rank, name, points, correct, answered } = player;
  return { rank, players: ranking.players.length, points, correct, answered, name };
}
