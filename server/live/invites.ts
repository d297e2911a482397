import type { Agenda } from '../../shared/model/event.ts';
import type { Role } from '../../shared/roles.ts';
import type { InviteView } from '../../shared/protocol/http.ts';
import { inviteIdOf, randomSecret } from '../auth/secrets.ts';
import type { Runtime } from '../runtime.ts';
import type { Invite, Store } from '../store/store.ts';

/** Moderators, panellists and displays are invited per room; delegates (participants) to the whole event. */
const ROOM_INVITE_ROLES: readonly Role[] = ['moderator', 'panellist', 'display'];

export function inviteUrl(publicUrl: string, invite: Invite): string {
  return `${publicUrl}/join/${invite.secret}`;
}

export function inviteView(publicUrl: string, invite: Invite): InviteView {
  const { role, roomId, hallId, label, revokedAtMs } = invite;
  return { id: inviteIdOf(invite.secret), role, roomId, hallId, label, url: inviteUrl(publicUrl, invite), revokedAtMs };
}

type InviteScope = { role: Role; roomId: string | null; hallId: string | null };

/**
 * Creates the standard invites an event lacks: delegates', each room's, and one display invite
 * per hall (its screens follow the hall's sessions). Existing links keep working.
 */
export async function ensureInvites(store: Store, agenda: Pick<Agenda, 'id' | 'rooms' | 'halls'>, nowMs: number): Promise<Invite[]> {
  const existing = await store.listInvites(agenda.id);
  const has = ({ role, roomId, hallId }: InviteScope) => existing.some((i) => i.role === role && i.roomId === roomId && i.hallId === hallId);
  const wanted: InviteScope[] = [
    { role: 'participant', roomId: null, hallId: null },
    ...agenda.halls.map((hall) => ({ role: 'display' as const, roomId: null, hallId: hall.id })),
    ...agenda.rooms.flatMap((room) => ROOM_INVITE_ROLES.map((role) => ({ role, roomId: room.id, hallId: null }))),
  ];
  for (const scope of wanted) {
    if (has(scope)) continue;
    const invite: Invite = { secret: randomSecret(18), eventId: agenda.id, ...scope, label: null, revokedAtMs: null, createdAtMs: nowMs };
    await store.saveInvite(invite);
    existing.push(invite);
  }
  return existing;
}

/**
 * Revokes an invite: joining with it is refused from now on, and the sessions already joined
 * with it are closed here and, through Redis, on every other process. A session connecting
 * meanwhile is refused at the handshake, which reads the store.
 */
export async function revokeInvite(runtime: Runtime, invite: Invite): Promise<void> {
  await runtime.store.revokeInvite(invite.secret, runtime.now());
  const inviteId = inviteIdOf(invite.secret);
  runtime.inviteSessions.close(inviteId);
  runtime.scaleOut?.announceInviteRevoked(inviteId);
  runtime.logger.info({ eventId: invite.eventId, inviteId, role: invite.role, roomId: invite.roomId, hallId: invite.hallId }, 'invite revoked');
}
