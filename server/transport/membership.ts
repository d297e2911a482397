import type { PlenarySocket } from './socket-types.ts';

/** The last membership change queued on each connection; gone with the connection. */
const lastChange = new WeakMap<PlenarySocket, Promise<unknown>>();

/**
 * Runs a connection's room membership changes (join, leave, disconnect) one after another, in
 * the order they arrived. A join awaits (the room, the channel, the snapshot); run side by side,
 * two joins both entered presence and both rooms' channels, and a disconnect during a join
 * left nothing to undo, so the join finished after it and stayed present for good.
 */
export function inMembershipOrder<T>(socket: PlenarySocket, change: () => Promise<T>): Promise<T> {
  const next = (lastChange.get(socket) ?? Promise.resolve()).then(change);
  lastChange.set(
    socket,
    next.catch(() => undefined),
  );
  return next;
}
