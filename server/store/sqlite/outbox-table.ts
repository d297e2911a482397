import type Database from 'better-sqlite3';
import type { OutboxCursor } from '../store.ts';
import type { GroupCommitter } from './group-commit.ts';

const SELECT_OUTBOX_CURSOR = `SELECT revision, memo FROM room_outboxes WHERE room_id = ? AND outbox = ?`;
const ADVANCE_OUTBOX_CURSOR = `
  INSERT INTO room_outboxes (room_id, outbox, revision, memo) VALUES (@roomId, @outbox, @revision, @memo)
  ON CONFLICT (room_id, outbox) DO UPDATE SET revision = excluded.revision, memo = excluded.memo
  WHERE excluded.revision > room_outboxes.revision`;

/** The outbox cursors (server/media/video-outbox.ts) and leases of the SQLite store (its Store methods delegate here). */
export class OutboxTable {
  readonly #selectCursor;
  readonly #advanceCursor;
  /**
   * Outbox leases by `<outbox>/<room>`, in memory: only one process opens the file, so a lease
   * only keeps this process's own workers apart, and a restarted process owns every outbox at once.
   */
  readonly #leases = new Map<string, { owner: string; untilMs: number }>();

  constructor(
    db: Database.Database,
    private readonly committer: GroupCommitter,
  ) {
    this.#selectCursor = db.prepare<[string, string], { revision: number; memo: string | null }>(SELECT_OUTBOX_CURSOR);
    this.#advanceCursor = db.prepare<{ roomId: string; outbox: string; revision: number; memo: string | null }>(ADVANCE_OUTBOX_CURSOR);
  }

  async cursor(outbox: string, roomId: string): Promise<OutboxCursor> {
    const row = this.#selectCursor.get(roomId, outbox);
    return { revision: row?.revision ?? 0, memo: row?.memo ?? null };
  }

  async claim(outbox: string, roomId: string, owner: string, leaseMs: number): Promise<boolean> {
    const key = `${outbox}/${roomId}`;
    const nowMs = Date.now();
    const lease = this.#leases.get(key);
    if (lease && lease.owner !== owner && lease.untilMs > nowMs) return false;
    this.#leases.set(key, { owner, untilMs: nowMs + leaseMs });
    return true;
  }

  async advance(outbox: string, roomId: string, owner: string, cursor: OutboxCursor): Promise<boolean> {
    const lease = this.#leases.get(`${outbox}/${roomId}`);
    if (lease?.owner !== owner || lease.untilMs <= Date.now()) return false;
    await this.committer.run(() => {
      this.#advanceCursor.run({ roomId, outbox, revision: cursor.revision, memo: cursor.memo });
    });
    return true;
  }

  async release(outbox: string, roomId: string, owner: string): Promise<void> {
    const key = `${outbox}/${roomId}`;
    if (this.#leases.get(key)?.owner === owner) this.#leases.delete(key);
  }
}
