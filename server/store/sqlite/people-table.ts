import type Database from 'better-sqlite3';
import type { Person } from '../../../shared/model/person.ts';
import type { PeoplePage } from '../store.ts';
import type { GroupCommitter } from './group-commit.ts';

const UPSERT_PERSON = `
  INSERT INTO people (id, event_id, created_at_ms, person)
  VALUES (@id, @eventId, @createdAtMs, @person)
  ON CONFLICT (id) DO UPDATE SET
    event_id      = excluded.event_id,
    created_at_ms = excluded.created_at_ms,
    person        = excluded.person`;
const SELECT_PERSON = `SELECT person FROM people WHERE id = ?`;
/** A negative limit reads as no limit. */
const SELECT_PEOPLE_OF_EVENT = `SELECT person FROM people WHERE event_id = ? ORDER BY created_at_ms, id LIMIT ? OFFSET ?`;
const COUNT_PEOPLE_OF_EVENT = `SELECT COUNT(*) AS count FROM people WHERE event_id = ?`;
const SELECT_PERSON_CONNECTION = `SELECT person, connected_at_ms FROM people WHERE id = ?`;
const MARK_PERSON_CONNECTED = `UPDATE people SET connected_at_ms = ? WHERE id = ? AND connected_at_ms IS NULL`;
const DELETE_UNCONNECTED_PEOPLE = `
  DELETE FROM people WHERE id IN (
    SELECT id FROM people WHERE connected_at_ms IS NULL AND created_at_ms < ? ORDER BY created_at_ms LIMIT ?)`;

/**
 * How long first connections wait in memory before they are written together. A join burst
 * connects hundreds of people a second; each commit of their marks holds the event loop for an
 * fsync (synchronous=FULL), so one commit a second instead of one per group-commit window.
 */
const MARK_WRITE_DELAY_MS = 1_000;

/** The people of the SQLite store (its Store methods delegate here). */
export class PeopleTable {
  readonly #upsert;
  readonly #select;
  readonly #selectOfEvent;
  readonly #countOfEvent;
  readonly #selectConnection;
  readonly #markConnected;
  readonly #deleteUnconnected;
  /** First connections not yet written: person id → when they connected. */
  readonly #pendingMarks = new Map<string, number>();
  #markTimer: NodeJS.Timeout | null = null;

  constructor(
    db: Database.Database,
    private readonly committer: GroupCommitter,
  ) {
    this.#upsert = db.prepare<{ id: string; eventId: string; createdAtMs: number; person: string }>(UPSERT_PERSON);
    this.#select = db.prepare<[string], { person: string }>(SELECT_PERSON);
    this.#selectOfEvent = db.prepare<[string, number, number], { person: string }>(SELECT_PEOPLE_OF_EVENT);
    this.#countOfEvent = db.prepare<[string], { count: number }>(COUNT_PEOPLE_OF_EVENT);
    this.#selectConnection = db.prepare<[string], { person: string; connected_at_ms: number | null }>(SELECT_PERSON_CONNECTION);
    this.#markConnected = db.prepare<[number, string]>(MARK_PERSON_CONNECTED);
    this.#deleteUnconnected = db.prepare<[number, number]>(DELETE_UNCONNECTED_PEOPLE);
  }

  save(person: Person): Promise<void> {
    return this.committer.run(() => {
      this.#upsert.run({ id: person.id, eventId: person.eventId, createdAtMs: person.createdAtMs, person: JSON.stringify(person) });
    });
  }

  async get(personId: string): Promise<Person | null> {
    const row = this.#select.get(personId);
    return row ? (JSON.parse(row.person) as Person) : null;
  }

  async list(eventId: string, page: PeoplePage = { offset: 0, limit: -1 }): Promise<Person[]> {
    return this.#selectOfEvent.all(eventId, page.limit, page.offset).map((row) => JSON.parse(row.person) as Person);
  }

  async count(eventId: string): Promise<number> {
    return this.#countOfEvent.get(eventId)?.count ?? 0;
  }

  /**
   * The first connection is noted in memory and written within MARK_WRITE_DELAY_MS, not waited
   * for: what it guards is the sweep, and every deletion writes the pending marks first, in its
   * own transaction, so a person admitted here is never swept. A crash before the write loses
   * only the note; the person's client reconnects and notes it again (docs/ARCHITECTURE.md, Durability).
   */
  async connect(personId: string, nowMs: number): Promise<Person | null> {
    const row = this.#selectConnection.get(personId);
    if (!row) return null;
    if (row.connected_at_ms === null && !this.#pendingMarks.has(personId)) {
      this.#pendingMarks.set(personId, nowMs);
      this.#markTimer ??= setTimeout(() => void this.#writeMarks(), MARK_WRITE_DELAY_MS).unref();
    }
    return JSON.parse(row.person) as Person;
  }

  deleteUnconnected(joinedBeforeMs: number, limit: number): Promise<number> {
    return this.committer.run(() => {
      this.#markPending();
      return this.#deleteUnconnected.run(joinedBeforeMs, limit).changes;
    });
  }

  /** Writes the pending first connections now; the store's close waits for it. */
  flushMarks(): Promise<void> {
    if (this.#markTimer) clearTimeout(this.#markTimer);
    this.#markTimer = null;
    if (this.#pendingMarks.size === 0) return Promise.resolve();
    return this.committer.run(() => this.#markPending());
  }

  async #writeMarks(): Promise<void> {
    // A failed batch fails loudly for the writes that wait on it; a lost mark only leaves a connected person sweepable.
    await this.flushMarks().catch(() => undefined);
  }

  /** Inside a committer write: marks every pending first connection (a person deleted meanwhile has no row to mark). */
  #markPending(): void {
    for (const [personId, atMs] of this.#pendingMarks) this.#markConnected.run(atMs, personId);
    this.#pendingMarks.clear();
  }
}
