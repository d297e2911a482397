import type { Poll } from '../../../shared/model/poll.ts';

/**
 * What interrupts a person wherever they are in the room: a poll that opened, a poll whose
 * results were revealed to them, an invitation to speak. Each is said once per browser tab
 * session: what was announced is remembered (sessionStorage), so the snapshot a reconnect or a
 * reload brings back announces only what is new since.
 */
export type Announcement =
  | { kind: 'opened'; pollId: string; question: string }
  | { kind: 'revealed'; pollId: string; question: string }
  | { kind: 'invited'; questionId: string };

export type AnnouncementView = {
  polls: readonly Pick<Poll, 'id' | 'question' | 'status' | 'revealed' | 'settings'>[];
  /** The waiting invitation to speak, only when it is this person's. */
  invitation: { questionId: string; invitedAtMs: number } | null;
};

const pollKey = (kind: 'opened' | 'revealed', pollId: string) => `${kind}:${pollId}`;
// An asker invited again later about the same question is a new invitation: the time tells them apart.
const invitationKey = (invitation: { questionId: string; invitedAtMs: number }) => `invited:${invitation.questionId}:${invitation.invitedAtMs}`;

/** Results the audience sees only now: revealed, or shown at close. 'live' results came with the poll itself. */
function isRevealed(poll: AnnouncementView['polls'][number]): boolean {
  if (poll.revealed) return true;
  return poll.settings.resultsVisibility === 'after_close' && poll.status === 'closed';
}

/**
 * Compares the room with what this tab already announced. `announced` is null when the tab has
 * no memory yet (a first visit): an open poll and a waiting invitation still want the person, so
 * they are announced; results revealed before they came are history, remembered silently.
 */
export function decideAnnouncements(view: AnnouncementView, announced: ReadonlySet<string> | null): { announce: Announcement[]; announced: Set<string> } {
  const firstVisit = announced === null;
  const next = new Set(announced ?? []);
  const announce: Announcement[] = [];
  for (const poll of view.polls) {
    if (poll.status === 'open' && !next.has(pollKey('opened', poll.id))) {
      next.add(pollKey('opened', poll.id));
      announce.push({ kind: 'opened', pollId: poll.id, question: poll.question });
    }
    if (isRevealed(poll) && !next.has(pollKey('revealed', poll.id))) {
      next.add(pollKey('revealed', poll.id));
      // A poll seen opening is remembered as opened too, so closing it never announces it as new.
      next.add(pollKey('opened', poll.id));
      if (!firstVisit) announce.push({ kind: 'revealed', pollId: poll.id, question: poll.question });
    }
  }
  if (view.invitation && !next.has(invitationKey(view.invitation))) {
    next.add(invitationKey(view.invitation));
    announce.push({ kind: 'invited', questionId: view.invitation.questionId });
  }
  return { announce, announced: next };
}

const storageKey = (eventId: string, roomId: string) => `plenary.announced.${eventId}.${roomId}`;

export function readAnnounced(storage: Pick<Storage, 'getItem'>, eventId: string, roomId: string): Set<string> | null {
  const raw = storage.getItem(storageKey(eventId, roomId));
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return new Set(Array.isArray(parsed) ? parsed.filter((key): key is string => typeof key === 'string') : []);
  } catch {
    // Another build's value: a first visit's rules announce only what still wants the person.
    return null;
  }
}

export function saveAnnounced(storage: Pick<Storage, 'setItem'>, eventId: string, roomId: string, announced: ReadonlySet<string>): void {
  storage.setItem(storageKey(eventId, roomId), JSON.stringify([...announced]));
}
