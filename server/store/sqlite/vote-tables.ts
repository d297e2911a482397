import type Database from 'better-sqlite3';
import type { Ballot } from '../../../shared/model/poll.ts';
import type { BallotOutcome, BallotWrite, Contributions, PollTally } from '../store.ts';
import type { GroupCommitter } from './group-commit.ts';

type BallotRow = { ballot: string; contributions: string };

const SELECT_BALLOT = `SELECT ballot, contributions FROM ballots WHERE poll_id = ? AND voter_key = ?`;
/** REPLACE rather than UPDATE: a changed ballot gets a fresh rowid, so it sorts as the newest answer. */
const REPLACE_BALLOT = `
  INSERT OR REPLACE INTO ballots (poll_id, voter_key, room_id, ballot, contributions, at_ms)
  VALUES (@pollId, @voterKey, @roomId, @ballot, @contributions, @atMs)`;
const ADD_TO_TALLY = `
  INSERT INTO poll_tally (poll_id, key, value) VALUES (?, ?, ?)
  ON CONFLICT (poll_id, key) DO UPDATE SET value = value + excluded.value`;
const DELETE_ZERO_TALLIES = `DELETE FROM poll_tally WHERE poll_id = ? AND value = 0`;
const ADD_VOTER = `
  INSERT INTO poll_voters (poll_id, voters) VALUES (?, 1)
  ON CONFLICT (poll_id) DO UPDATE SET voters = voters + 1`;
const SELECT_VOTERS = `SELECT voters FROM poll_voters WHERE poll_id = ?`;
const SELECT_TALLY = `SELECT key, value FROM poll_tally WHERE poll_id = ?`;
const SELECT_RECENT_ANSWERS = `
  SELECT json_extract(ballot, '$.text') AS text FROM ballots
  WHERE poll_id = ? AND json_extract(ballot, '$.kind') = 'open_text'
  ORDER BY at_ms DESC, rowid DESC LIMIT ?`;

const INSERT_UPVOTE = `
  INSERT INTO upvotes (room_id, question_id, person_id) VALUES (?, ?, ?)
  ON CONFLICT DO NOTHING`;
const DELETE_UPVOTE = `DELETE FROM upvotes WHERE room_id = ? AND question_id = ? AND person_id = ?`;
const ADD_TO_UPVOTE_COUNT = `
  INSERT INTO upvote_counts (room_id, question_id, count) VALUES (?, ?, ?)
  ON CONFLICT (room_id, question_id) DO UPDATE SET count = count + excluded.count`;
const DELETE_ZERO_UPVOTE_COUNT = `DELETE FROM upvote_counts WHERE room_id = ? AND question_id = ? AND count = 0`;
const SELECT_UPVOTE_COUNTS = `SELECT question_id, count FROM upvote_counts WHERE room_id = ?`;
const SELECT_UPVOTES_OF_PERSON = `
  SELECT question_id FROM upvotes WHERE room_id = ? AND person_id = ? ORDER BY question_id`;

/** Ballots with their tallies, open-text answers and upvotes of the SQLite store (its Store methods delegate here). */
export class VoteTables {
  readonly #selectBallot;
  readonly #replaceBallot;
  readonly #addToTally;
  readonly #deleteZeroTallies;
  readonly #addVoter;
  readonly #selectVoters;
  readonly #selectTally;
  readonly #selectRecentAnswers;
  readonly #insertUpvote;
  readonly #deleteUpvote;
  readonly #addToUpvoteCount;
  readonly #deleteZeroUpvoteCount;
  readonly #selectUpvoteCounts;
  readonly #selectUpvotesOfPerson;

  constructor(
    db: Database.Database,
    private readonly committer: GroupCommitter,
  ) {
    this.#selectBallot = db.prepare<[string, string], BallotRow>(SELECT_BALLOT);
    this.#replaceBallot = db.prepare<{ pollId: string; voterKey: string; roomId: string; ballot: string; contributions: string; atMs: number }>(REPLACE_BALLOT);
    this.#addToTally = db.prepare<[string, string, number]>(ADD_TO_TALLY);
    this.#deleteZeroTallies = db.prepare<[string]>(DELETE_ZERO_TALLIES);
    this.#addVoter = db.prepare<[string]>(ADD_VOTER);
    this.#selectVoters = db.prepare<[string], { voters: number }>(SELECT_VOTERS);
    this.#selectTally = db.prepare<[string], { key: string; value: number }>(SELECT_TALLY);
    this.#selectRecentAnswers = db.prepare<[string, number], { text: string }>(SELECT_RECENT_ANSWERS);
    this.#insertUpvote = db.prepare<[string, string, string]>(INSERT_UPVOTE);
    this.#deleteUpvote = db.prepare<[string, string, string]>(DELETE_UPVOTE);
    this.#addToUpvoteCount = db.prepare<[string, string, number]>(ADD_TO_UPVOTE_COUNT);
    this.#deleteZeroUpvoteCount = db.prepare<[string, string]>(DELETE_ZERO_UPVOTE_COUNT);
    this.#selectUpvoteCounts = db.prepare<[string], { question_id: string; count: number }>(SELECT_UPVOTE_COUNTS);
    this.#selectUpvotesOfPerson = db.prepare<[string, string], { question_id: string }>(SELECT_UPVOTES_OF_PERSON);
  }

  castBallot(write: BallotWrite): Promise<BallotOutcome> {
    const ballot = JSON.stringify(write.ballot);
    const contributions = JSON.stringify(write.contributions);
    return this.committer.run((): BallotOutcome => {
      const stored = this.#selectBallot.get(write.pollId, write.voterKey);
      if (stored?.ballot === ballot) return 'unchanged';
      if (stored && !write.allowChange) return 'already_voted';

      const row = { pollId: write.pollId, voterKey: write.voterKey, roomId: write.roomId, ballot, contributions, atMs: write.atMs };
      this.#replaceBallot.run(row);
      if (!stored) {
        this.#tally(write.pollId, write.contributions, 1);
        this.#addVoter.run(write.pollId);
        return 'counted';
      }
      // Subtract what the stored ballot added, not what the caller thinks it added.
      this.#tally(write.pollId, JSON.parse(stored.contributions) as Contributions, -1);
      this.#tally(write.pollId, write.contributions, 1);
      this.#deleteZeroTallies.run(write.pollId);
      return 'replaced';
    });
  }

  #tally(pollId: string, contributions: Contributions, sign: 1 | -1): void {
    for (const [key, value] of Object.entries(contributions)) {
      if (value !== 0) this.#addToTally.run(pollId, key, sign * value);
    }
  }

  async ballotOf(pollId: string, voterKey: string): Promise<Ballot | null> {
    const row = this.#selectBallot.get(pollId, voterKey);
    return row ? (JSON.parse(row.ballot) as Ballot) : null;
  }

  async pollTally(pollId: string): Promise<PollTally> {
    const voters = this.#selectVoters.get(pollId)?.voters ?? 0;
    const counters: Contributions = {};
    for (const { key, value } of this.#selectTally.all(pollId)) counters[key] = value;
    return { voters, counters };
  }

  async recentAnswers(pollId: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    return this.#selectRecentAnswers.all(pollId, limit).map((row) => row.text);
  }

  setUpvote(roomId: string, questionId: string, personId: string, upvoted: boolean): Promise<boolean> {
    return this.committer.run(() => {
      if (upvoted) {
        if (this.#insertUpvote.run(roomId, questionId, personId).changes === 0) return false;
        this.#addToUpvoteCount.run(roomId, questionId, 1);
        return true;
      }
      if (this.#deleteUpvote.run(roomId, questionId, personId).changes === 0) return false;
      this.#addToUpvoteCount.run(roomId, questionId, -1);
      this.#deleteZeroUpvoteCount.run(roomId, questionId);
      return true;
    });
  }

  async upvoteCounts(roomId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const row of this.#selectUpvoteCounts.all(roomId)) counts[row.question_id] = row.count;
    return counts;
  }

  async upvotesOf(roomId: string, personId: string): Promise<string[]> {
    return this.#selectUpvotesOfPerson.all(roomId, personId).map((row) => row.question_id);
  }
}
