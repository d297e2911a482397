import type { RoomDelta } from './room-events.ts';
import type { ServerEventPayload } from './server-events.ts';

/** The part of a Socket.IO client socket that unpacking needs. */
type ListeningSocket = {
  on(event: 'room.deltas', listener: (batch: ServerEventPayload<'room.deltas'>) => void): unknown;
  listeners(event: 'room.delta'): ((delta: RoomDelta) => void)[];
};

/**
 * Hands each delta of a `room.deltas` batch, in order, to the socket's `room.delta` listeners,
 * so code that follows a room sees one delta at a time however the server grouped them.
 */
export function unpackDeltaBatches(socket: ListeningSocket): void {
  socket.on('room.deltas', ({ deltas }) => {
    for (const delta of deltas) {
      for (const listener of socket.listeners('room.delta')) listener(delta);
    }
  });
}
