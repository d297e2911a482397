import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { refuse, type ProtocolError } from '../../shared/errors.ts';
import { mayRun } from '../../shared/permissions.ts';
import { splitCommandId } from '../../shared/protocol/command-id.ts';
import { COMMANDS, PROTOCOL_VERSION, isCommandName, type CommandName } from '../../shared/protocol/commands.ts';
import { roleInRoom } from '../auth/access.ts';
import type { Runtime } from '../runtime.ts';
import { isStoreFailure } from '../store/failures.ts';
import { channels } from './channels.ts';
import { COMMAND_HANDLERS, leaveRoom, needsRoom, type CommandContext } from './command-handlers.ts';
import { SocketPublisher } from './socket-publisher.ts';
import { inMembershipOrder } from './membership.ts';
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
    perMessageDeflate: false,
    httpCompression: false,
    cors: { origin: config.corsOrigins, credentials: false },
    // Browsers always send Origin: check it against the allowlist (CSWSH). Non-browser clients send none.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, origin === undefined || config.corsOrigins.includes(origin) || config.corsOrigins.includes('*'));
    },
  });
  runtime.publisher.target = new SocketPublisher(io);

  io.use(async (socket, next) => {
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
    socket.data = { person, roomId: null };
    next();
  });

  io.on('connection', (socket) => onConnection(runtime, socket));
  return io;
}

function onConnection(runtime: Runtime, socket: PlenarySocket): void {
  const { metrics, logger } = runtime;
  metrics.connectedSockets.inc();
  void socket.join(channels.person(socket.data.person.id));
  logger.debug({ personId: socket.data.person.id, socketId: socket.id }, 'connected');

  // One listener for every command rather than one per command: a room of thousands keeps
  // thousands of sockets, and forty closures each were most of a socket's own heap.
  socket.onAny((event: string, ...args: unknown[]) => {
    // The callback is always the last argument, also in emit(name, ack) with no payload: that
    // command is answered (invalid_input), not dropped as if it had no callback.
    const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
    if (isCommandName(event)) {
      void dispatch(runtime, socket, event, payloadOf(args), ack);
      return;
    }
    metrics.commands.inc({ command: 'unknown', outcome: 'unknown_command' });
    if (typeof ack === 'function') ack(refuse('unknown_command', `There is no command "${String(event).slice(0, 60)}".`));
  });
  socket.on('disconnect', () => {
    metrics.connectedSockets.dec();
    const receivedAtMs = runtime.now();
    // After any join still in flight on this connection, so the leave undoes it.
    void inMembershipOrder(socket, async () => leaveRoom({ runtime, socket, receivedAtMs }));
  });
}

async function dispatch(runtime: Runtime, socket: PlenarySocket, name: CommandName, raw: unknown, ack: unknown): Promise<void> {
  const { metrics, logger } = runtime;
  const receivedAtMs = runtime.now();
  const stopTimer = metrics.commandSeconds.startTimer({ command: name });
  // A command without an acknowledgement callback cannot be answered; running it would leave the sender unsure.
  if (typeof ack !== 'function') {
    metrics.commands.inc({ command: name, outcome: 'no_ack' });
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

/** A command carries exactly one payload: none arrives as undefined, several as an array; no payload schema accepts either. */
function payloadOf(args: unknown[]): unknown {
  if (args.length === 1) return args[0];
  return args.length === 0 ? undefined : args;
}

type AnyResult = { ok: true; value: object } | ReturnType<typeof refuse>;

async function runCommand(context: CommandContext, name: CommandName, raw: unknown): Promise<AnyResult> {
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
  const role = roomId ? roleInRoom(person, roomId) : person.role;
  if (!mayRun(role, name)) return refuse('forbidden', `A ${role} may not run ${name}.`);
  const limited = await ctx.runtime.limits.check(person.id, name);
  if (limited) return limited;
  const handler = COMMAND_HANDLERS[name] as (ctx: CommandContext, payload: unknown) => Promise<AnyResult>;
  return handler(ctx, parsed.data);
}
