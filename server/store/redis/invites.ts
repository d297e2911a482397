import { inviteIdOf } from '../../auth/secrets.ts';
import type { Invite } from '../store.ts';
import type { RedisCall, RedisWrite } from './connection.ts';
import type { RedisKeys } from './keys.ts';
import { listIndexed } from './replies.ts';

/** Invites of the Redis store, with the set of revoked invite ids (its Store methods delegate here). */
export class RedisInvites {
  constructor(
    private readonly keys: RedisKeys,
    private readonly call: RedisCall,
    private readonly write: RedisWrite,
  ) {}

  async save(invite: Invite): Promise<void> {
    const { keys } = this;
    await this.write((redis) =>
      redis.plenarySaveIndexed(keys.invites(), keys.invitesOfEvent(invite.eventId), invite.secret, JSON.stringify(invite), invite.createdAtMs),
    );
  }

  async find(secret: string): Promise<Invite | null> {
    const json = await this.call((redis) => redis.hget(this.keys.invites(), secret));
    return json ? withInviteDefaults(JSON.parse(json) as Invite) : null;
  }

  async list(eventId: string): Promise<Invite[]> {
    const invites = await listIndexed<Invite>((commands) => this.call(commands), this.keys.invites(), this.keys.invitesOfEvent(eventId));
    return invites.filter((invite) => invite.eventId === eventId).map(withInviteDefaults);
  }

  async revoke(secret: string, nowMs: number): Promise<boolean> {
    const { keys } = this;
    const found = await this.write<number>((redis) => redis.plenaryRevokeInvite(keys.invites(), keys.revokedInvites(), secret, inviteIdOf(secret), nowMs));
    return found === 1;
  }

  async revoked(inviteId: string): Promise<boolean> {
    return (await this.call((redis) => redis.hexists(this.keys.revokedInvites(), inviteId))) === 1;
  }
}

/** Invites stored before labels, revocation and halls have none of them. */
function withInviteDefaults(invite: Invite): Invite {
  return { ...invite, hallId: invite.hallId ?? null, label: invite.label ?? null, revokedAtMs: invite.revokedAtMs ?? null };
}
