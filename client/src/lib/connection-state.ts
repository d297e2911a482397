/**
 * The connection as the person sees it. Pure transitions, so the banner's behaviour is tested
 * without a socket: offline keeps the last state on screen, and a return resynchronises.
 */
export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'online'; since: number }
  | { status: 'offline'; since: number; attempts: number }
  | { status: 'signed_out'; reason: string }
  /** The server closed the connection itself (e.g. too many messages): the client waits until `until`, then reconnects once. */
  | { status: 'paused'; reason: string; until: number }
  /** The server refused the connection because it holds as many as it may (PLENARY_MAX_CONNECTIONS): it tries again at `until`. */
  | { status: 'full'; until: number };

export type ConnectionEvent =
  | { type: 'connected'; at: number }
  | { type: 'disconnected'; at: number }
  | { type: 'retrying'; attempt: number }
  | { type: 'refused'; code: string; message: string }
  | { type: 'closed'; message: string; until: number }
  | { type: 'full'; until: number };

export const initialConnection: ConnectionState = { status: 'connecting' };

export function nextConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  if (state.status === 'signed_out') return state;
  switch (event.type) {
    case 'connected':
      return { status: 'online', since: event.at };
    case 'disconnected':
      return state.status === 'offline' || state.status === 'paused' || state.status === 'full' ? state : { status: 'offline', since: event.at, attempts: 0 };
    case 'retrying':
      return state.status === 'offline' ? { ...state, attempts: event.attempt } : state;
    case 'closed':
      return { status: 'paused', reason: event.message, until: event.until };
    case 'full':
      return { status: 'full', until: event.until };
    case 'refused':
      // A refused token will not become valid by retrying: the person has to join again.
      return event.code === 'unauthenticated' ? { status: 'signed_out', reason: event.message } : state;
  }
}

/** True when a reconnect must be followed by a fresh snapshot: anything may have been missed. */
export function needsResync(before: ConnectionState, after: ConnectionState): boolean {
  return before.status !== 'online' && after.status === 'online';
}
