import type { JoinResponse } from '../../../shared/protocol/http.ts';

/**
 * The session token lives on the device, so a reload or a reconnect is the same person.
 * Keyed by event: one device may be audience at one event and moderator at another.
 */
export type StoredSession = JoinResponse;

const PREFIX = 'plenary.session.';
const LAST_EVENT = 'plenary.lastEvent';

export type SessionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function saveSession(storage: SessionStorage, session: StoredSession): void {
  storage.setItem(PREFIX + session.person.eventId, JSON.stringify(session));
  storage.setItem(LAST_EVENT, session.person.eventId);
}

export function loadSession(storage: SessionStorage, eventId: string): StoredSession | null {
  const raw = storage.getItem(PREFIX + eventId);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as StoredSession;
  } catch {
    return null;
  }
}

export function lastEventId(storage: SessionStorage): string | null {
  return storage.getItem(LAST_EVENT);
}

export function forgetSession(storage: SessionStorage, eventId: string): void {
  storage.removeItem(PREFIX + eventId);
}
