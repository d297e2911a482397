import type { Poll } from '../../../shared/model/poll.ts';

/**
 * Closed polls the chair has put away, per room, for this browser tab. A closed poll keeps its
 * card (results, Reveal, Show on projector) until dismissed; the server has no say in it because
 * it only tidies one chair's screen, and a co-chair may still want the card in front of them.
 */

const keyFor = (eventId: string, roomId: string) => `plenary.dismissedPolls.${eventId}.${roomId}`;

export function readDismissedPolls(storage: Pick<Storage, 'getItem'>, eventId: string, roomId: string): Set<string> {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(keyFor(eventId, roomId)) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    // A value some other build wrote: start with every closed card shown rather than fail the console.
    return new Set();
  }
}

export function saveDismissedPolls(storage: Pick<Storage, 'setItem'>, eventId: string, roomId: string, ids: ReadonlySet<string>): void {
  storage.setItem(keyFor(eventId, roomId), JSON.stringify([...ids]));
}

/** The console's two poll lists: cards in front of the chair, and closed ones put away. */
export function splitDismissed(polls: readonly Poll[], dismissed: ReadonlySet<string>): { cards: Poll[]; putAway: Poll[] } {
  const putAway = polls.filter((poll) => poll.status === 'closed' && dismissed.has(poll.id));
  return { cards: polls.filter((poll) => !putAway.includes(poll)), putAway };
}
