import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { refuse, type ProtocolError } from '../../shared/errors.ts';
import { mayRun } from '../../shared/permissions.ts';
import { splitCommandId } from '../../shared/protocol/command-id.ts';
import { COMMANDS, PROTOCOL_VERSION, isCommandName, type CommandName } from '../../shared/protocol/commands.ts';
import { roleInRoom } from '../auth/access.ts';
import type { Runtime } from '../runtime.ts';
import { isStoreFailure } from '../store/failures.ts';
import { REVOKED_INVITE_MESSAGE } from './invite-sessions.ts';
import { channels } from './channels.ts';
import { COMMAND_HANDLERS, joinedRoomRef, leaveRoom, needsRoom, type CommandContext } from './command-handlers.ts';
import { InboundBudget } from './inbound-budget.ts';
import { jsonOnlyParser } from './json-only-parser.ts';
import { FLOOD_BAR_SECONDS, rateLimited, type LimitRefusal } from './rate-limits.ts';
import { ConnectionLimit } from './connection-limit.ts';
import { boundSendQueue } from './send-queue.ts';
import { inMembershipOrder } from './membership.ts';
import { SocketPublisher } from './socket-publisher.ts';
import type { PlenaryServer, PlenarySocket } from './socket-types.ts';

/** Plenary's messages are small; anything larger is refused by the transport itself. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

type AckFn = (response: unknown) => void;

/** @param adapter the Socket.IO adapter that fans broadcasts out to other processes; none with one process */
export function createSocketServer(http: HttpServer, runtime: Runtime, adapter?: ServerOptions['adapter']): PlenaryServer {
  const { config } = runtime;
  const io: PlenaryServer = new Server(http, {
    ...(adapter ? { adapter } : {}),
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    parser: jsonOnlyParser,
    perMessageDeflate: false,
    httpCompression: false,
    cors: { origin: config.corsOrigins, credentials: false },
    // Browsers always send Origin: check it against the allowlist (CSWSH). Non-browser clients send none.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, origin === undefined || config.corsOrigins.includes(origin) || config.corsOrigins.includes('*'));
    },
  });
  runtime.publisher.target = new SocketPublisher(io, config.deltaBatchMs);
  runtime.inviteSessions.io = io;
  runtime.hallScreens.io = io;

  // Counted by engine.io from the moment a connection opens, this one included: no count of our
  // own to leak when a client goes away in the middle of its handshake.
  const limit = new ConnectionLimit(config.maxConnections, runtime.logger, runtime.now);
  io.use(async (socket, next) => {
    const full = limit.admit(io.engine.clientsCount);
    if (full) {
      runtime.metrics.refusedConnections.inc();
      const error = new Error('unavailable') as Error & { data: ProtocolError };
      error.data = full;
      next(error);
      // Socket.IO writes the refusal on the next tick; then the connection closes, freeing its
      // descriptor even if a client would keep it open.
      setImmediate(() => socket.conn.close());
      return;
    }
    const protocolVersion: unknown = socket.handshake.auth?.['protocolVersion'];
    if (protocolVersion !== undefined && protocolVersion !== PROTOCOL_VERSION) {
      const error = new Error('invalid_input') as Error & { data: ProtocolError };
      error.data = { code: 'invalid_input', message: `This server speaks protocol ${PROTOCOL_VERSION}; reload the app.` };
      return next(error);
    }
    const token: unknown = socket.handshake.auth?.['token'];
    const claims = typeof token === 'string' ? await runtime.tokens.verify(token) : null;
    // Connecting is what keeps a join: people who never connect are swept (server/live/unconnected-sweep.ts).
    const person = claims ? await runtime.store.connectPerson(claims.personId, runtime.now()).catch(() => null) : null;
    if (!person || person.eventId !== claims?.eventId) {
      const error = new Error('unauthenticated') as Error & { data: ProtocolError };
      error.data = { code: 'unauthenticated', message: 'Present a valid session token from /api/join.' };
      return next(error);
    }
    // Fails open: the store answered connectPerson just now, and a revocation also closes live sessions by broadcast.
    if (person.inviteId !== undefined && (await runtime.store.inviteRevoked(person.inviteId).catch(() => false))) {
      const error = new Error('unauthenticated') as Error & { data: ProtocolError };
      error.data = { code: 'unauthenticated', message: REVOKED_INVITE_MESSAGE };
      return next(error);
    }
    const barredMs = await runtime.limits.barredForMs(person.id).catch(() => 0);
    if (barredMs > 0) {
      const error = new Error('rate_limited') as Error & { data: ProtocolError };
      error.data = rateLimited('messages: this person was dropped for flooding', barredMs).error;
      return next(error);
    }
    socket.data = { person, roomId: null, roomHall: null, hallId: null };
    next();
  });

  io.on('connection', (socket) => onConnection(runtime, socket));
  return io;
}

function onConnection(runtime: Runtime, socket: PlenarySocket): void {
  const { metrics, logger } = runtime;
  metrics.connectedSockets.inc();
  void socket.join(channels.person(socket.data.person.id));
  void socket.join(channels.event(socket.data.person.eventId));
  const { inviteId } = socket.data.person;
  if (inviteId !== undefined) {
    void socket.join(channels.invite(inviteId));
    // A revocation announced between the handshake's check and this join reached the channel
    // before this socket did; the store, written before any announcement, still tells.
    void runtime.store.inviteRevoked(inviteId).then(
      (revoked) => revoked && runtime.inviteSessions.close(inviteId),
      () => undefined,
    );
  }
  boundSendQueue(socket.conn, runtime.config.sendQueueBytes, (queuedBytes) => {
    metrics.droppedConnections.inc({ reason: 'slow_reader' });
    logger.warn({ personId: socket.data.person.id, socketId: socket.id, queuedBytes }, 'connection dropped: it stopped reading');
  });
  logger.debug({ personId: socket.data.person.id, socketId: socket.id }, 'connected');

  // One listener for every command rather than one per command: a room of thousands keeps
  // thousands of sockets, and forty closures each were most of a socket's own heap.
  const budget = new InboundBudget(runtime.limits.messagesPerSecond, runtime.now());
  socket.onAny((event: string, ...args: unknown[]) => {
    // The callback is always the last argument, also in emit(name, ack) with no payload: that
    // command is answered (invalid_input), not dropped as if it had no callback.
    const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
    // Every message counts against the budget before anything is made of it, refused or not.
    const admission = budget.take(runtime.now());
    if (admission === 'allowed') {
      void admit(runtime, socket, event, args, ack);
      return;
    }
    metrics.commands.inc({ command: isCommandName(event) ? event : 'unknown', outcome: 'rate_limited' });
    if (admission === 'exhausted') dropFlooder(runtime, socket);
    else if (typeof ack === 'function') ack(rateLimited('messages on this connection', budget.waitMs()));
  });
  // A malformed packet (or a binary one) closes the connection; Socket.IO reports it here first.
  socket.on('error', (error) => logger.info({ personId: socket.data.person.id, socketId: socket.id, err: error.message }, 'connection closed on a refused packet'));
  socket.on('disconnect', () => {
    metrics.connectedSockets.dec();
    const receivedAtMs = runtime.now();
    // After any join still in flight on this connection, so the leave undoes it.
    void inMembershipOrder(socket, async () => leaveRoom({ runtime, socket, receivedAtMs }));
  });
}

/**
 * The person's overall budget, across their connections (and processes, with Redis), for a
 * message that is not a command; a command's is taken with its own category (runCommand).
 */
async function admit(runtime: Runtime, socket: PlenarySocket, event: string, args: unknown[], ack: unknown): Promise<void> {
  const { metrics, logger } = runtime;
  if (isCommandName(event)) return dispatch(runtime, socket, event, payloadOf(args), ack);
  const refusal = await runtime.limits.admit(socket.data.person.id).catch((error: unknown) => {
    logger.warn({ err: error, personId: socket.data.person.id }, 'overall rate limit unavailable; message let through');
    return null;
  });
  metrics.commands.inc({ command: 'unknown', outcome: refusal ? 'rate_limited' : 'unknown_command' });
  if (typeof ack === 'function') ack(refusal ?? refuse('unknown_command', `There is no command "${String(event).slice(0, 60)}".`));
}

/** The overall budget and, for a runnable command, its category's; a failure of the store lets the message through. */
async function takeBudgets(runtime: Runtime, personId: string, runnable: CommandName | null): Promise<LimitRefusal | null> {
  return runtime.limits.admitCommand(personId, runnable).catch((error: unknown) => {
    runtime.logger.warn({ err: error, personId }, 'rate limit unavailable; message let through');
    return null;
  });
}

/**
 * A connection that kept sending past its refusals: told why, closed, and its person barred
 * from connecting for a while, so a runaway client pauses instead of reconnecting into the
 * same wall. Closed by the server, the Socket.IO client does not reconnect by itself.
 */
function dropFlooder(runtime: Runtime, socket: PlenarySocket): void {
  if (!socket.connected) return;
  const { person } = socket.data;
  runtime.logger.warn({ personId: person.id, socketId: socket.id }, 'connection dropped: it kept sending past the rate limit');
  runtime.metrics.droppedConnections.inc({ reason: 'flooding' });
  const { error } = rateLimited('messages: this connection kept sending past the limit and was closed', FLOOD_BAR_SECONDS * 1_000);
  socket.emit('connection.closed', error);
  socket.disconnect(true);
  runtime.limits.bar(person.id).catch((failure: unknown) => runtime.logger.warn({ err: failure, personId: person.id }, 'could not bar a flooding person'));
}

async function dispatch(runtime: Runtime, socket: PlenarySocket, name: CommandName, raw: unknown, ack: unknown): Promise<void> {
  const { metrics, logger } = runtime;
  const receivedAtMs = runtime.now();
  const stopTimer = metrics.commandSeconds.startTimer({ command: name });
  // A command without an acknowledgement callback cannot be answered; running it would leave the sender unsure.
  if (typeof ack !== 'function') {
    const limited = await takeBudgets(runtime, socket.data.person.id, null);
    metrics.commands.inc({ command: name, outcome: limited ? 'rate_limited' : 'no_ack' });
    return;
  }
  const reply = ack as AckFn;
  let outcome = 'ok';
  try {
    const result = await runCommand({ runtime, socket, receivedAtMs }, name, raw);
    if (result.ok) reply({ ok: true, ...result.value });
    else {
      outcome = result.error.code;
      reply(result);
    }
  } catch (error) {
    const unavailable = isStoreFailure(error);
    outcome = unavailable ? 'unavailable' : 'internal';
    logger.error({ err: error, command: name, personId: socket.data.person.id }, 'command failed');
    reply(unavailable ? refuse('unavailable', 'The store did not confirm the change; retry.') : refuse('internal', 'Unexpected server error; nothing was acknowledged.'));
  } finally {
    metrics.commands.inc({ command: name, outcome });
    const seconds = stopTimer();
    // The command and its outcome, never its payload: questions and names are personal data.
    logger.debug({ command: name, outcome, personId: socket.data.person.id, roomId: socket.data.roomId, ms: Math.round(seconds * 1000) }, 'command');
  }
}

/**
 * A retry of a command that was committed (its acknowledgement lost) is answered from its
 * receipt and changes nothing: refusing it because the first copy used up the budget of its
 * kind (5 questions a minute) would leave the client unable to learn the outcome. Asked only
 * once a limit refuses, so a command within its budget costs no extra store read.
 */
async function isAnsweredRetry(ctx: CommandContext, roomId: string | null): Promise<boolean> {
  if (!ctx.commandId || !roomId) return false;
  return ctx.runtime.live.willAnswer(roomId, ctx.socket.data.person.id, ctx.commandId, ctx.runtime.now());
}

/** A command carries exactly one payload: none arrives as undefined, several as an array; no payload schema accepts either. */
function payloadOf(args: unknown[]): unknown {
  if (args.length === 1) return args[0];
  return args.length === 0 ? undefined : args;
}

type AnyResult = { ok: true; value: object } | ReturnType<typeof refuse>;

async function runCommand(context: CommandContext, name: CommandName, raw: unknown): Promise<AnyResult> {
  const vetted = vet(context, name, raw);
  // One step for both budgets (one round trip with Redis); a command refused before it could run still counts overall.
  const limited = await takeBudgets(context.runtime, context.socket.data.person.id, vetted.ok ? name : null);
  if (!vetted.ok) return limited?.refusal ?? vetted;
  const { ctx, roomId, payload } = vetted;
  if (limited && (limited.limit === 'overall' || !(await isAnsweredRetry(ctx, roomId)))) return limited.refusal;
  const handler = COMMAND_HANDLERS[name] as (ctx: CommandContext, payload: unknown) => Promise<AnyResult>;
  return handler(ctx, payload);
}

type Vetted = { ok: true; ctx: CommandContext; roomId: string | null; payload: unknown } | ReturnType<typeof refuse>;

/** Whether the command may run as sent: its id, payload, room and the sender's role there. */
function vet(context: CommandContext, name: CommandName, raw: unknown): Vetted {
  const split = splitCommandId(raw);
  if (!split.ok) return refuse('invalid_input', `${name}: ${split.message}`);
  const ctx = { ...context, commandId: split.commandId };
  const parsed = COMMANDS[name].payload.safeParse(split.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse('invalid_input', `${name}: ${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`);
  }
  const { person, roomId: joined } = ctx.socket.data;
  const roomId = name === 'room.join' ? (parsed.data as { roomId: string }).roomId : joined;
  if (needsRoom(name) && !roomId) return refuse('not_joined', 'Join a room first (room.join).');
  // Hall commands are judged here like any other, on the joined room's role; hall.open's handler then checks the session it names.
  const role = roomId ? roleInRoom(person, joinedRoomRef(ctx, roomId)) : person.role;
  if (!mayRun(role, name)) return refuse('forbidden', `A ${role} may not run ${name}.`);
  return { ok: true, ctx, roomId, payload: parsed.data };
}
