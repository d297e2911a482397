import type { Agenda } from '../../shared/model/event.ts';
import type { Role } from '../../shared/roles.ts';
import { randomSecret } from '../auth/secrets.ts';
import type { Invite, Store } from '../store/store.ts';

/** Moderators, panellists and displays are invited per room; delegates (participants) to the whole event. */
const ROOM_INVITE_ROLES: readonly Role[] = ['moderator', 'panellist', 'display'];

export function inviteUrl(publicUrl: string, invite: Invite): string {
  return `${publicUrl}/join/${invite.secret}`;
}

/** Creates the standard invites an event lacks; existing links keep working. */
export async function ensureInvites(store: Store, agenda: Agenda, nowMs: number): Promise<Invite[]> {
  const existing = await store.listInvites(agenda.id);
  const has = (role: Role, roomId: string | null) => existing.some((i) => i.role === role && i.roomId === roomId);
  const wanted: Array<{ role: Role; roomId: string | null }> = [
    { role: 'participant', roomId: null },
    ...agenda.rooms.flatMap((room) => ROOM_INVITE_ROLES.map((role) => ({ role, roomId: room.id }))),
  ];
  for (const { role, roomId } of wanted) {
    if (has(role, roomId)) continue;
    const invite: Invite = { secret: randomSecret(18), eventId: agenda.id, role, roomId, createdAtMs: nowMs };
    await store.saveInvite(invite);
    existing.push(invite);
  }
  return existing;
}
