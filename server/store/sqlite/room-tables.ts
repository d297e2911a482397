import type Database from 'better-sqlite3';
import { upgradeRoomState, type RoomState } from '../../../shared/model/room.ts';
import type { RoomDelta } from '../../../shared/protocol/room-events.ts';
import type { CommandReceipt, CommitOutcome } from '../store.ts';
import type { GroupCommitter } from './group-commit.ts';

const INSERT_ROOM_IF_ABSENT = `
  INSERT INTO rooms (room_id, revision, state) VALUES (?, 0, ?)
  ON CONFLICT (room_id) DO NOTHING`;
const SELECT_ROOM_STATE = `SELECT state FROM rooms WHERE room_id = ?`;
const SELECT_ROOM_REVISION = `SELECT revision FROM rooms WHERE room_id = ?`;
const UPDATE_ROOM = `UPDATE rooms SET revision = ?, state = ? WHERE room_id = ?`;
const INSERT_ROOM_DELTA = `INSERT INTO room_deltas (room_id, revision, delta) VALUES (?, ?, ?)`;
const SELECT_RECEIPT = `
  SELECT result FROM command_receipts
  WHERE room_id = ? AND person_id = ? AND command_id = ? AND expires_at_ms > ?`;
/** Over an expired receipt of the same id only: a live one was checked for before, in the same savepoint. */
const UPSERT_RECEIPT = `
  INSERT INTO command_receipts (room_id, person_id, command_id, result, expires_at_ms)
  VALUES (@roomId, @personId, @commandId, @result, @expiresAtMs)
  ON CONFLICT (room_id, person_id, command_id) DO UPDATE SET
    result        = excluded.result,
    expires_at_ms = excluded.expires_at_ms`;
const DELETE_EXPIRED_RECEIPTS = `DELETE FROM command_receipts WHERE expires_at_ms <= ?`;
const SELECT_DELTAS_SINCE = `
  SELECT delta FROM room_deltas
  WHERE room_id = ? AND revision > ?
  ORDER BY revision LIMIT ?`;

/** The rooms of the SQLite store, their deltas and the receipts of commands sent with an id (its Store methods delegate here). */
export class RoomTables {
  readonly #insertIfAbsent;
  readonly #selectState;
  readonly #selectRevision;
  readonly #update;
  readonly #insertDelta;
  readonly #selectReceipt;
  readonly #upsertReceipt;
  readonly #deleteExpiredReceipts;
  readonly #selectDeltasSince;

  constructor(
    db: Database.Database,
    private readonly committer: GroupCommitter,
  ) {
    this.#insertIfAbsent = db.prepare<[string, string]>(INSERT_ROOM_IF_ABSENT);
    this.#selectState = db.prepare<[string], { state: string }>(SELECT_ROOM_STATE);
    this.#selectRevision = db.prepare<[string], { revision: number }>(SELECT_ROOM_REVISION);
    this.#update = db.prepare<[number, string, string]>(UPDATE_ROOM);
    this.#insertDelta = db.prepare<[string, number, string]>(INSERT_ROOM_DELTA);
    this.#selectReceipt = db.prepare<[string, string, string, number], { result: string }>(SELECT_RECEIPT);
    this.#upsertReceipt = db.prepare<{ roomId: string; personId: string; commandId: string; result: string; expiresAtMs: number }>(UPSERT_RECEIPT);
    this.#deleteExpiredReceipts = db.prepare<[number]>(DELETE_EXPIRED_RECEIPTS);
    this.#selectDeltasSince = db.prepare<[string, number, number], { delta: string }>(SELECT_DELTAS_SINCE);
  }

  /** Inside a write only (an event's save): never over a live room, whose state has moved on since the agenda was first imported. */
  insertIfAbsent(room: RoomState): void {
    this.#insertIfAbsent.run(room.roomId, JSON.stringify(room));
  }

  async load(roomId: string): Promise<RoomState | null> {
    const row = this.#selectState.get(roomId);
    return row ? upgradeRoomState(JSON.parse(row.state) as RoomState) : null;
  }

  async commit(delta: RoomDelta, next: RoomState, receipt?: CommandReceipt): Promise<CommitOutcome> {
    if (next.roomId !== delta.roomId || next.revision !== delta.revision) {
      throw new Error(`state ${next.roomId}@${next.revision} does not follow delta ${delta.roomId}@${delta.revision}`);
    }
    const { roomId } = delta;
    return this.committer.run((): CommitOutcome => {
      if (receipt && this.#selectReceipt.get(roomId, receipt.personId, receipt.commandId, delta.atMs)) return 'duplicate';
      const stored = this.#selectRevision.get(roomId);
      if (stored?.revision !== delta.revision - 1) return 'conflict';
      this.#insertDelta.run(roomId, delta.revision, JSON.stringify(delta));
      this.#update.run(delta.revision, JSON.stringify(next), roomId);
      if (receipt) {
        this.#deleteExpiredReceipts.run(delta.atMs);
        this.#upsertReceipt.run({ roomId, ...receipt });
      }
      return 'committed';
    });
  }

  async receipt(roomId: string, personId: string, commandId: string, nowMs: number): Promise<string | null> {
    return this.#selectReceipt.get(roomId, personId, commandId, nowMs)?.result ?? null;
  }

  async deltasSince(roomId: string, revision: number, limit: number): Promise<RoomDelta[]> {
    // SQLite reads a negative LIMIT as "no limit".
    if (limit <= 0) return [];
    return this.#selectDeltasSince.all(roomId, revision, limit).map((row) => JSON.parse(row.delta) as RoomDelta);
  }
}
