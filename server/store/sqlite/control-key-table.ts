import type Database from 'better-sqlite3';
import type { ControlKey } from '../store.ts';
import type { GroupCommitter } from './group-commit.ts';

type ControlKeyRow = { id: string; event_id: string; room_id: string | null; hall_id: string | null; label: string; secret_hash: string; created_at_ms: number; revoked_at_ms: number | null };

const COLUMNS = 'id, event_id, room_id, hall_id, label, secret_hash, created_at_ms, revoked_at_ms';

function toControlKey(row: ControlKeyRow): ControlKey {
  return { id: row.id, eventId: row.event_id, roomId: row.room_id, hallId: row.hall_id, label: row.label, secretHash: row.secret_hash, createdAtMs: row.created_at_ms, revokedAtMs: row.revoked_at_ms };
}

/** The control keys of the SQLite store (its Store methods delegate here). */
export class ControlKeyTable {
  readonly #insert;
  readonly #select;
  readonly #selectOfEvent;
  readonly #revoke;

  constructor(
    db: Database.Database,
    private readonly committer: GroupCommitter,
  ) {
    this.#insert = db.prepare<ControlKey>(
      `INSERT INTO control_keys (${COLUMNS}) VALUES (@id, @eventId, @roomId, @hallId, @label, @secretHash, @createdAtMs, @revokedAtMs)`,
    );
    this.#select = db.prepare<[string], ControlKeyRow>(`SELECT ${COLUMNS} FROM control_keys WHERE id = ?`);
    this.#selectOfEvent = db.prepare<[string], ControlKeyRow>(`SELECT ${COLUMNS} FROM control_keys WHERE event_id = ? ORDER BY created_at_ms, id`);
    this.#revoke = db.prepare<[number, string]>(`UPDATE control_keys SET revoked_at_ms = coalesce(revoked_at_ms, ?) WHERE id = ?`);
  }

  save(key: ControlKey): Promise<void> {
    return this.committer.run(() => {
      this.#insert.run(key);
    });
  }

  async get(id: string): Promise<ControlKey | null> {
    const row = this.#select.get(id);
    return row ? toControlKey(row) : null;
  }

  async list(eventId: string): Promise<ControlKey[]> {
    return this.#selectOfEvent.all(eventId).map(toControlKey);
  }

  revoke(id: string, nowMs: number): Promise<boolean> {
    return this.committer.run(() => this.#revoke.run(nowMs, id).changes > 0);
  }
}
