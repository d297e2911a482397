import type { Socket as EngineSocket } from 'engine.io';

/** The part of a transport this needs: engine.io's WebSocket transport holds the `ws` socket. */
type WebSocketLike = { bufferedAmount: number; terminate(): void };

function webSocketOf(connection: EngineSocket): WebSocketLike | null {
  const socket = (connection.transport as unknown as { socket?: Partial<WebSocketLike> }).socket;
  return socket && typeof socket.bufferedAmount === 'number' && typeof socket.terminate === 'function' ? (socket as WebSocketLike) : null;
}

/**
 * Bounds what may wait to be sent to one connection. A client that stops reading (while still
 * answering pings) would otherwise pin the kernel's send buffer and then grow the server's
 * memory with every delta, for ever. Waiting is engine.io's write buffer (packets not yet handed
 * to the transport: it holds them while the transport has not finished the previous write)
 * plus what the WebSocket has not got into the kernel. Text is counted in characters, near
 * enough to bytes for a bound. A burst within one turn of the event loop waits in the write
 * buffer even for a healthy client, so the bound is checked again on the next turn: still past
 * `maxBytes`, the connection is cut at once. Its buffers are freed, and a client that comes
 * back resynchronises by revision.
 */
export function boundSendQueue(connection: EngineSocket, maxBytes: number, dropped: (queuedBytes: number) => void): void {
  let unflushed = 0;
  let checking = false;
  const queued = () => unflushed + (webSocketOf(connection)?.bufferedAmount ?? 0);
  const checkAgain = () => {
    const bytes = queued();
    if (bytes <= maxBytes || connection.readyState === 'closed') {
      checking = false;
      return;
    }
    dropped(bytes);
    const webSocket = webSocketOf(connection);
    if (webSocket) webSocket.terminate();
    else connection.close(true);
  };
  connection.on('packetCreate', (packet: { data?: unknown }) => {
    const data = packet.data;
    unflushed += typeof data === 'string' ? data.length : data instanceof Buffer ? data.byteLength : 0;
    if (checking || queued() <= maxBytes) return;
    checking = true;
    setImmediate(checkAgain);
  });
  // A flush hands engine.io's whole write buffer to the transport.
  connection.on('flush', () => {
    unflushed = 0;
  });
}
