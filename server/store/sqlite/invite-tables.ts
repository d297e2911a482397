import type Database from 'better-sqlite3';
import type { Role } from '../../../shared/roles.ts';
import { inviteIdOf } from '../../auth/secrets.ts';
import type { Invite } from '../store.ts';
import type { GroupCommitter } from './group-commit.ts';

type InviteRow = { secret: string; event_id: string; role: Role; room_id: string | null; hall_id: string | null; label: string | null; revoked_at_ms: number | null; created_at_ms: number };

const UPSERT_INVITE = `
  INSERT INTO invites (secret, event_id, role, room_id, hall_id, label, revoked_at_ms, created_at_ms)
  VALUES (@secret, @eventId, @role, @roomId, @hallId, @label, @revokedAtMs, @createdAtMs)
  ON CONFLICT (secret) DO UPDATE SET
    event_id      = excluded.event_id,
    role          = excluded.role,
    room_id       = excluded.room_id,
    hall_id       = excluded.hall_id,
    label         = excluded.label,
    revoked_at_ms = excluded.revoked_at_ms,
    created_at_ms = excluded.created_at_ms`;
const SELECT_INVITE = `SELECT secret, event_id, role, room_id, hall_id, label, revoked_at_ms, created_at_ms FROM invites WHERE secret = ?`;
const SELECT_INVITES_OF_EVENT = `
  SELECT secret, event_id, role, room_id, hall_id, label, revoked_at_ms, created_at_ms FROM invites
  WHERE event_id = ? ORDER BY created_at_ms, secret`;
const REVOKE_INVITE = `UPDATE invites SET revoked_at_ms = coalesce(revoked_at_ms, ?) WHERE secret = ?`;
const INSERT_REVOKED_INVITE = `INSERT INTO revoked_invites (invite_id, revoked_at_ms) VALUES (?, ?) ON CONFLICT DO NOTHING`;
const SELECT_REVOKED_INVITE = `SELECT 1 AS revoked FROM revoked_invites WHERE invite_id = ?`;

function toInvite(row: InviteRow): Invite {
  return {
    secret: row.secret,
    eventId: row.event_id,
    role: row.role,
    roomId: row.room_id,
    hallId: row.hall_id,
    label: row.label,
    revokedAtMs: row.revoked_at_ms,
    createdAtMs: row.created_at_ms,
  };
}

/** The invites of the SQLite store and the ids of revoked ones (its Store methods delegate here). */
export class InviteTables {
  readonly #upsert;
  readonly #select;
  readonly #selectOfEvent;
  readonly #revoke;
  readonly #insertRevoked;
  readonly #selectRevoked;

  constructor(
    db: Database.Database,
    private readonly committer: GroupCommitter,
  ) {
    this.#upsert = db.prepare<Invite>(UPSERT_INVITE);
    this.#select = db.prepare<[string], InviteRow>(SELECT_INVITE);
    this.#selectOfEvent = db.prepare<[string], InviteRow>(SELECT_INVITES_OF_EVENT);
    this.#revoke = db.prepare<[number, string]>(REVOKE_INVITE);
    this.#insertRevoked = db.prepare<[string, number]>(INSERT_REVOKED_INVITE);
    this.#selectRevoked = db.prepare<[string], { revoked: number }>(SELECT_REVOKED_INVITE);
  }

  save(invite: Invite): Promise<void> {
    return this.committer.run(() => {
      this.#upsert.run(invite);
    });
  }

  async find(secret: string): Promise<Invite | null> {
    const row = this.#select.get(secret);
    return row ? toInvite(row) : null;
  }

  async list(eventId: string): Promise<Invite[]> {
    return this.#selectOfEvent.all(eventId).map(toInvite);
  }

  revoke(secret: string, nowMs: number): Promise<boolean> {
    return this.committer.run(() => {
      if (this.#revoke.run(nowMs, secret).changes === 0) return false;
      this.#insertRevoked.run(inviteIdOf(secret), nowMs);
      return true;
    });
  }

  async revoked(inviteId: string): Promise<boolean> {
    return this.#selectRevoked.get(inviteId) !== undefined;
  }
}
