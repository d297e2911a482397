import type { SessionStorage } from '../transport/session.ts';

/**
 * Whom an invite link made of this device. An invite secret names no event until the server
 * answers, so without this, reopening a moderator's bookmarked link could not offer
 * "continue as …" and would make a new person of the same moderator.
 */
const PREFIX = 'plenary.invite.';

export type InvitedPerson = { eventId: string; personId: string };

export function rememberInvite(storage: SessionStorage, invite: string, person: InvitedPerson): void {
  storage.setItem(PREFIX + invite, JSON.stringify({ eventId: person.eventId, personId: person.personId }));
}

export function invitedPerson(storage: SessionStorage, invite: string): InvitedPerson | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(PREFIX + invite) ?? 'null');
    if (value && typeof value === 'object' && 'eventId' in value && 'personId' in value) {
      const { eventId, personId } = value;
      if (typeof eventId === 'string' && typeof personId === 'string') return { eventId, personId };
    }
  } catch {
    // A damaged entry is as good as none: the person joins again.
  }
  return null;
}
