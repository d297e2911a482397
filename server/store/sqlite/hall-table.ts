import type Database from 'better-sqlite3';
import { emptyHallState, type HallState } from '../../../shared/model/hall.ts';
import type { GroupCommitter } from './group-commit.ts';

const SELECT_HALL = `SELECT revision, room_id, changed_at_ms FROM halls WHERE event_id = ? AND hall_id = ?`;
const UPSERT_HALL = `
  INSERT INTO halls (event_id, hall_id, revision, room_id, changed_at_ms)
  VALUES (@eventId, @hallId, @revision, @roomId, @changedAtMs)
  ON CONFLICT (event_id, hall_id) DO UPDATE SET
    revision      = excluded.revision,
    room_id       = excluded.room_id,
    changed_at_ms = excluded.changed_at_ms`;

/** The session each hall's screens show, of the SQLite store (its Store methods delegate here). */
export class HallTable {
  readonly #select;
  readonly #upsert;

  constructor(
    db: Database.Database,
    private readonly committer: GroupCommitter,
  ) {
    this.#select = db.prepare<[string, string], { revision: number; room_id: string | null; changed_at_ms: number | null }>(SELECT_HALL);
    this.#upsert = db.prepare<{ eventId: string; hallId: string; revision: number; roomId: string | null; changedAtMs: number | null }>(UPSERT_HALL);
  }

  async load(eventId: string, hallId: string): Promise<HallState> {
    const row = this.#select.get(eventId, hallId);
    if (!row) return emptyHallState(eventId, hallId);
    return { eventId, hallId, revision: row.revision, roomId: row.room_id, changedAtMs: row.changed_at_ms };
  }

  switch(eventId: string, hallId: string, roomId: string, nowMs: number): Promise<HallState> {
    return this.committer.run((): HallState => {
      const row = this.#select.get(eventId, hallId);
      if (row && row.room_id === roomId) return { eventId, hallId, revision: row.revision, roomId, changedAtMs: row.changed_at_ms };
      const next = { eventId, hallId, revision: (row?.revision ?? 0) + 1, roomId, changedAtMs: nowMs };
      this.#upsert.run(next);
      return next;
    });
  }
}
