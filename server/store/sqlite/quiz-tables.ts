import type Database from 'better-sqlite3';
import type { Contributions, StoredBallot } from '../store.ts';
import type { GroupCommitter } from './group-commit.ts';

/** What a quiz's leaderboard reads in the SQLite store: every answer of a question, and the players' nicknames (its Store methods delegate here). */
export class QuizTables {
  readonly #selectBallots;
  readonly #upsertNickname;
  readonly #selectNicknames;

  constructor(
    db: Database.Database,
    private readonly committer: GroupCommitter,
  ) {
    this.#selectBallots = db.prepare<[string], { voter_key: string; contributions: string; at_ms: number }>(
      `SELECT voter_key, contributions, at_ms FROM ballots WHERE poll_id = ? ORDER BY voter_key`,
    );
    this.#upsertNickname = db.prepare<[string, string, string]>(
      `INSERT INTO quiz_nicknames (quiz_id, person_id, nickname) VALUES (?, ?, ?)
       ON CONFLICT (quiz_id, person_id) DO UPDATE SET nickname = excluded.nickname`,
    );
    this.#selectNicknames = db.prepare<[string], { person_id: string; nickname: string }>(`SELECT person_id, nickname FROM quiz_nicknames WHERE quiz_id = ?`);
  }

  async pollBallots(pollId: string): Promise<StoredBallot[]> {
    return this.#selectBallots.all(pollId).map((row) => ({ voterKey: row.voter_key, contributions: JSON.parse(row.contributions) as Contributions, atMs: row.at_ms }));
  }

  setNickname(quizId: string, personId: string, nickname: string): Promise<void> {
    return this.committer.run(() => {
      this.#upsertNickname.run(quizId, personId, nickname);
    });
  }

  async nicknames(quizId: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.#selectNicknames.all(quizId).map((row) => [row.person_id, row.nickname]));
  }
}
