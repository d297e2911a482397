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
const SELECT_PERSON_EXISTS = `SELECT 1 AS found FROM people WHERE id = ?`;
const DELETE_UNCONNECTED_PEOPLE = `
  DELETE FROM people WHERE id IN (
    SELECT id FROM people WHERE connected_at_ms IS NULL AND created_at_ms < ? ORDER BY created_at_ms LIMIT ?)`;

/** The people of the SQLite store (its Store methods delegate here). */
export class PeopleTable {
  readonly #upsert;
  readonly #select;
  readonly #selectOfEvent;
  readonly #countOfEvent;
  readonly #selectConnection;
  readonly #markConnected;
  readonly #selectExists;
  readonly #deleteUnconnected;

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
    this.#selectExists = db.prepare<[string], { found: number }>(SELECT_PERSON_EXISTS);
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

  async connect(personId: string, nowMs: number): Promise<Person | null> {
    const row = this.#selectConnection.get(personId);
    if (!row) return null;
    if (row.connected_at_ms === null) {
      // Only the first connection writes; a sweep committed since the read leaves nothing to mark.
      const stillThere = await this.committer.run(
        () => this.#markConnected.run(nowMs, personId).changes > 0 || this.#selectExists.get(personId) !== undefined,
      );
      if (!stillThere) return null;
    }
    return JSON.parse(row.person) as Person;
  }

  deleteUnconnected(joinedBeforeMs: number, limit: number): Promise<number> {
    return this.committer.run(() => this.#deleteUnconnected.run(joinedBeforeMs, limit).changes);
  }
}
