import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, afterEach } from 'vitest';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/ack.ts';
import type { CommandInput, CommandName, CommandResult } from '../../shared/protocol/commands.ts';
import type { JoinRequest, JoinResponse } from '../../shared/protocol/http.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { RedisStore } from '../../server/store/redis/redis-store.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { unpackDeltaBatches } from '../../shared/protocol/delta-batches.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type TestServer = RunningServer & {
  dataDir: string;
  join(request: JoinRequest): Promise<JoinResponse>;
  connect(token: string): Promise<ClientSocket>;
  /** Joins with a credential and connects: one person, one socket. */
  person(request: JoinRequest): Promise<{ socket: ClientSocket; person: JoinResponse['person']; token: string }>;
  /** The invite's secret for a role and room of the demo conference, or of `eventId`. */
  inviteFor(role: string, roomId: string | null, eventId?: string): Promise<string>;
  admin(path: string, init?: RequestInit): Promise<Response>;
};

type Teardown = () => Promise<void>;
const startedForTest: Teardown[] = [];
const startedForFile: Teardown[] = [];

afterEach(async () => {
  while (startedForTest.length) await startedForTest.pop()?.();
});

afterAll(async () => {
  while (startedForFile.length) await startedForFile.pop()?.();
});

export type PlenaryOptions = {
  /**
   * 'test' (the default): torn down after the test that started it. 'file': lives until the
   * test file ends, for suites that share one server across many cases (start it in beforeAll).
   */
  lifetime?: 'test' | 'file';
};

/** A real Plenary on port 0 with its own SQLite file (or the Redis of REDIS_URL), torn down after the test (Hocuspocus's newHocuspocus idea). */
export async function startPlenary(env: Record<string, string> = {}, options: PlenaryOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plenary-test-'));
  const config: Config = loadConfig({ PORT: '0', HOST: '127.0.0.1', PLENARY_DATA: join(dataDir, 'plenary.db'), LOG_LEVEL: 'silent', PLENARY_PUSH_INTERVAL_MS: '50', ...env });
  // REDIS_URL in env gives the Redis store and the cluster's presence, limits and adapter, in this process.
  const store = config.store.kind === 'redis' ? new RedisStore(config.store.topology) : new SqliteStore(config.dataPath);
  const server = await startServer(config, createLogger(config.logLevel), store);
  const sockets: ClientSocket[] = [];

  const testServer: TestServer = {
    ...server,
    dataDir,
    async join(request) {
      const response = await fetch(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      if (response.status !== 201) throw new Error(`join failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as JoinResponse;
    },
    async connect(token) {
      const socket: ClientSocket = connectSocket(server.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(socket);
      unpackDeltaBatches(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async person(request) {
      const { token, person } = await testServer.join(request);
      return { socket: await testServer.connect(token), person, token };
    },
    async inviteFor(role, roomId, eventId = 'acsh-2023') {
      const invites = (await (await testServer.admin(`/api/events/${eventId}/invites`)).json()) as Array<{ role: string; roomId: string | null; url: string }>;
      const invite = invites.find((i) => i.role === role && i.roomId === roomId);
      if (!invite) throw new Error(`no ${role} invite for ${roomId}`);
      return invite.url.split('/join/')[1] ?? '';
    },
    admin(path, init = {}) {
      return fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${server.runtime.adminToken}`, ...(init.headers ?? {}) } });
    },
  };
  (options.lifetime === 'file' ? startedForFile : startedForTest).push(async () => {
    for (const socket of sockets) socket.disconnect();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return testServer;
}

/** Sends a command and resolves with its acknowledgement. */
export function send<N extends CommandName>(socket: ClientSocket, name: N, payload: CommandInput<N>): Promise<Ack<CommandResult<N>>> {
  return new Promise((resolve) => {
    (socket.emit as (event: string, payload: unknown, ack: (response: Ack<CommandResult<N>>) => void) => void)(name, payload, resolve);
  });
}

/** Sends a command that must succeed; fails the test with the server's refusal otherwise. */
export async function ok<N extends CommandName>(socket: ClientSocket, name: N, payload: CommandInput<N>): Promise<CommandResult<N>> {
  const ack = await send(socket, name, payload);
  if (!ack.ok) throw new Error(`${name} refused: ${ack.error.code}: ${ack.error.message}`);
  return ack as unknown as CommandResult<N>;
}

/**
 * Emits any event with any arguments (then an acknowledgement callback) and resolves with the
 * acknowledgement, or rejects if none comes within `timeoutMs`: for tests that send what the
 * typed `send` would not compile.
 */
export function emitUnchecked(socket: ClientSocket, event: string, args: unknown[], timeoutMs = 5_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timed = socket.timeout(timeoutMs);
    (timed.emit as (event: string, ...args: unknown[]) => void).call(timed, event, ...args, (error: Error | null, response: unknown) =>
      error ? reject(new Error(`no acknowledgement for ${event} within ${timeoutMs} ms`)) : resolve(response),
    );
  });
}

/** Sends any event with any payload and resolves with its acknowledgement (see emitUnchecked). */
export function sendUnchecked(socket: ClientSocket, event: string, payload: unknown, timeoutMs = 5_000): Promise<unknown> {
  return emitUnchecked(socket, event, [payload], timeoutMs);
}
