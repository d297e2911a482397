import { io, type Socket } from 'socket.io-client';
import type { ProtocolError } from '../../../shared/errors.ts';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/ack.ts';
import type { WithCommandId } from '../../../shared/protocol/command-id.ts';
import { PROTOCOL_VERSION, type CommandInput, type CommandName, type CommandResult } from '../../../shared/protocol/commands.ts';
import { unpackDeltaBatches } from '../../../shared/protocol/delta-batches.ts';
import { initialConnection, nextConnection, type ConnectionEvent, type ConnectionState } from '../lib/connection-state.ts';

export type PlenarySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * An answer, or a local verdict: `unconfirmed: false` — not sent (offline); `unconfirmed: true` —
 * sent, but no answer came, so the command may or may not have run.
 */
export type SendResult<N extends CommandName> = Ack<CommandResult<N>> | { ok: false; error: ProtocolError; unconfirmed: boolean };

const ACK_TIMEOUT_MS = 10_000;
const PAUSE_WITHOUT_RETRY_AFTER_MS = 10_000;

export type PlenaryClientOptions = { url?: string; token: string; onState: (state: ConnectionState) => void };

/** One socket per page. Reconnects with backoff by itself; reports every change of state. */
export class PlenaryClient {
  readonly socket: PlenarySocket;
  private state: ConnectionState = initialConnection;
  /** A room.join on its way: room commands wait for it (see send). */
  private joining: Promise<unknown> | null = null;
  /** Closed for good (a new token replaced this one): the network coming back must not revive it. */
  private closed = false;
  private resumeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onBrowserOffline = () => {
    if (!this.closed) this.socket.disconnect();
  };
  private readonly onBrowserOnline = () => {
    if (!this.closed && !this.socket.connected) this.socket.connect();
  };

  constructor(options: PlenaryClientOptions) {
    const url = options.url ?? window.location.origin;
    this.socket = io(url, {
      auth: { token: options.token, protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      randomizationFactor: 0.5,
    });
    const report = (event: ConnectionEvent) => {
      this.state = nextConnection(this.state, event);
      options.onState(this.state);
    };
    unpackDeltaBatches(this.socket);
    this.socket.on('connect', () => report({ type: 'connected', at: Date.now() }));
    this.socket.on('disconnect', () => report({ type: 'disconnected', at: Date.now() }));
    this.socket.on('connect_error', (error: Error & { data?: ProtocolError }) => {
      if (error.data?.code === 'rate_limited') this.pause(error.data, report);
      // At connection time, unavailable means the server holds all the connections it may.
      else if (error.data?.code === 'unavailable') this.pause(error.data, report, 'full');
      else if (error.data) report({ type: 'refused', code: error.data.code, message: error.data.message });
      else report({ type: 'disconnected', at: Date.now() });
    });
    // Closed for flooding: come back later. Closed for good (a revoked invite): say so and stay closed.
    this.socket.on('connection.closed', (reason) => {
      if (reason.code === 'rate_limited') this.pause(reason, report);
      else report({ type: 'refused', code: reason.code, message: reason.message });
    });
    this.socket.io.on('reconnect_attempt', (attempt) => report({ type: 'retrying', attempt }));
    // A phone that loses its network keeps a dead WebSocket open until the ping times out (about
    // 45 s), and Chromium keeps it open outright when the network is switched off. The browser knows
    // at once: say so at once, stop sending into the void, and reconnect when the network is back.
    if (typeof window !== 'undefined') {
      window.addEventListener('offline', this.onBrowserOffline);
      window.addEventListener('online', this.onBrowserOnline);
    }
  }

  /**
   * The server closed the connection, or refused it (too many messages, or full), saying when to come back: say why, and
   * connect again once then, not at once into the same refusal. Socket.IO's own reconnection
   * does not follow a close by the server.
   */
  private pause(reason: ProtocolError, report: (event: ConnectionEvent) => void, why: 'closed' | 'full' = 'closed'): void {
    const waitMs = reason.retryAfterMs ?? PAUSE_WITHOUT_RETRY_AFTER_MS;
    const until = Date.now() + waitMs;
    report(why === 'full' ? { type: 'full', until } : { type: 'closed', message: reason.message, until });
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = null;
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, waitMs);
  }

  get connection(): ConnectionState {
    return this.state;
  }

  /**
   * `onAnswer` runs the moment the answer is read, before any message read after it: a push that
   * came in the same network read as a room.join's snapshot is then applied on top of the
   * snapshot, not overwritten by it (a promise's continuation would run after both).
   */
  send<N extends CommandName>(name: N, payload: WithCommandId<CommandInput<N>>, timeoutMs = ACK_TIMEOUT_MS, onAnswer?: (result: SendResult<N>) => void): Promise<SendResult<N>> {
    // Nothing is buffered for later: the caller sends again, with the same commandId (useCommand).
    if (!this.socket.connected) {
      const offline: SendResult<N> = { ok: false, unconfirmed: false, error: { code: 'unavailable', message: 'You are offline; nothing was sent.' } };
      onAnswer?.(offline);
      return Promise.resolve(offline);
    }
    if (name === 'room.join') {
      const joining = this.emit(name, payload, timeoutMs, onAnswer);
      this.joining = joining;
      void joining.finally(() => {
        if (this.joining === joining) this.joining = null;
      });
      return joining;
    }
    // After a reconnect the server knows this socket in no room until the re-join is answered; a
    // command retried on "connect" would otherwise race it and be refused with not_joined.
    if (this.joining && name !== 'clock.ping') return this.joining.then(() => this.send(name, payload, timeoutMs, onAnswer));
    return this.emit(name, payload, timeoutMs, onAnswer);
  }

  private emit<N extends CommandName>(name: N, payload: WithCommandId<CommandInput<N>>, timeoutMs: number, onAnswer?: (result: SendResult<N>) => void): Promise<SendResult<N>> {
    return new Promise((resolve) => {
      const timed = this.socket.timeout(timeoutMs);
      const emit = timed.emit.bind(timed) as unknown as (
        event: string,
        payload: unknown,
        ack: (error: Error | null, response: Ack<CommandResult<N>>) => void,
      ) => void;
      emit(name, payload, (error, response) => {
        const result: SendResult<N> = error
          ? { ok: false, unconfirmed: true, error: { code: 'unavailable', message: 'No answer from the server; it may not have been received.' } }
          : response;
        onAnswer?.(result);
        resolve(result);
      });
    });
  }

  close(): void {
    this.closed = true;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    if (typeof window !== 'undefined') {
      window.removeEventListener('offline', this.onBrowserOffline);
      window.removeEventListener('online', this.onBrowserOnline);
    }
    this.socket.disconnect();
  }
}
