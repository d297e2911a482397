import type { EventSession } from './useEventSession.ts';

/**
 * The page's open event sessions, by event. Apart from useEventSession, so the join page can drop
 * a stale one without loading the socket client (docs/performance.md, route budgets).
 */
export const sessions = new Map<string, EventSession>();

/** After joining again (a new token), the old connection must go. */
export function dropEventSession(eventId: string): void {
  sessions.get(eventId)?.client.close();
  sessions.delete(eventId);
}
