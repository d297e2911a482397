import { io as connectSocket } from 'socket.io-client';
import type { Ack } from '../../shared/protocol/ack.ts';
import { PROTOCOL_VERSION, type CommandInput, type CommandName, type CommandResult } from '../../shared/protocol/commands.ts';
import type { JoinRequest, JoinResponse } from '../../shared/protocol/http.ts';
import type { ClientSocket } from './plenary.ts';
import { startPlenaryProcess, type PlenaryNode } from './plenary-process.ts';

export type { PlenaryNode };
import { startRedisServer, type RedisServer } from './redis-server.ts';
import { RoomFollower } from './room-follower.ts';
import { unpackDeltaBatches } from '../../shared/protocol/delta-batches.ts';

/*
 * A Plenary cluster as the README runs it by hand: one redis-server of the test's own (AOF,
 * appendfsync always), or a Sentinel group or Redis Cluster, and real server processes,
 * `node --import tsx server/main.ts` with REDIS_URL (or REDIS_SENTINELS…), each on its own
 * port, sharing PLENARY_SECRET and PLENARY_ADMIN_TOKEN. Every child is killed by its pid when
 * the cluster stops, and on exit of the test process whatever happens.
 */

export const CLUSTER_ADMIN_TOKEN = 'cluster-admin-token-0123456789';
const CLUSTER_SECRET = 'cluster-session-secret-0123456789abcdef';
export const CLUSTER_EVENT_ID = 'acsh-2023';
export const PUSH_INTERVAL_MS = 50;

/** Plenary processes sharing one Redis of the test's own, whichever topology it has. */
export type PlenaryCluster = {
  readonly nodes: PlenaryNode[];
  urls(): string[];
  admin(path: string, init?: RequestInit): Promise<Response>;
  inviteFor(role: string, roomId: string | null): Promise<string>;
  /** Kills every process by pid and removes Redis with its data. */
  stop(): Promise<void>;
};

/** On one redis-server, which a test may stop and restart. */
export type Cluster = PlenaryCluster & { readonly redis: RedisServer };

/** Where the processes find Redis (REDIS_URL, or REDIS_SENTINELS…), and how to remove it afterwards. */
export type RedisBackend = { env: Record<string, string>; dispose(): Promise<void> };

/** A server process of the cluster: its own port, the cluster's Redis, secret and admin token. */
export function startNode(name: string, redisEnv: Record<string, string>, env: Record<string, string> = {}): Promise<PlenaryNode> {
  return startPlenaryProcess(name, {
    ...redisEnv,
    PLENARY_ADMIN_TOKEN: CLUSTER_ADMIN_TOKEN,
    PLENARY_SECRET: CLUSTER_SECRET,
    PLENARY_PUSH_INTERVAL_MS: String(PUSH_INTERVAL_MS),
    LOG_LEVEL: 'warn',
    ...env,
  });
}

/** Redis and `size` server processes, started together (they take turns loading the demo). */
export async function startCluster(size = 3, env: Record<string, string> = {}): Promise<Cluster> {
  const redis = await startRedisServer();
  const cluster = await startClusterOn({ env: { REDIS_URL: redis.url }, dispose: () => redis.dispose() }, size, env);
  return { ...cluster, redis };
}

/** `size` server processes on a Redis the caller started; stop() disposes of it too. */
export async function startClusterOn(backend: RedisBackend, size = 3, env: Record<string, string> = {}): Promise<PlenaryCluster> {
  const nodes: PlenaryNode[] = [];
  const cluster: PlenaryCluster = {
    nodes,
    urls: () => nodes.map((node) => node.url),
    admin: (path, init = {}) => fetch(`${nodes[0]!.url}${path}`, { ...init, headers: { authorization: `Bearer ${CLUSTER_ADMIN_TOKEN}`, ...(init.headers ?? {}) } }),
    async inviteFor(role, roomId) {
      const invites = (await (await cluster.admin(`/api/events/${CLUSTER_EVENT_ID}/invites`)).json()) as Array<{ role: string; roomId: string | null; url: string }>;
      const invite = invites.find((i) => i.role === role && i.roomId === roomId);
      if (!invite) throw new Error(`no ${role} invite for ${roomId}`);
      return invite.url.split('/join/')[1]!;
    },
    async stop() {
      await Promise.all(nodes.map((node) => node.kill('SIGKILL')));
      await backend.dispose();
    },
  };
  try {
    const started = await Promise.allSettled(Array.from({ length: size }, (_, i) => startNode(`server ${'ABCDEFGH'[i]}`, backend.env, env)));
    for (const result of started) if (result.status === 'fulfilled') nodes.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

export async function joinAt(url: string, request: JoinRequest): Promise<JoinResponse> {
  const response = await fetch(`${url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  if (response.status !== 201) throw new Error(`join failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as JoinResponse;
}

export function connectTo(url: string, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = connectSocket(url, { auth: { token, protocolVersion: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
  unpackDeltaBatches(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export type Answer<N extends CommandName> = Ack<CommandResult<N>> | { ok: false; error: { code: 'no_answer'; message: string } };

/**
 * One person's screen in a cluster: it knows every server's address, as a load balancer would,
 * and when its server goes away it connects to the next one and joins the room again — a
 * fresh snapshot, as PROTOCOL.md tells clients to do after any reconnect.
 */
export class ClusterScreen {
  socket!: ClientSocket;
  room!: RoomFollower;
  /** Every follower this screen had, one per connection: problems of each are kept. */
  readonly followers: RoomFollower[] = [];
  reconnections = 0;
  private reconnecting: Promise<void> | null = null;
  private closed = false;

  private constructor(
    readonly name: string,
    readonly personId: string,
    readonly token: string,
    private readonly urls: () => string[],
    private at: number,
    readonly roomId: string,
  ) {}

  /** Joins the event at one server (HTTP), connects there and follows the room. */
  static async arrive(urls: () => string[], at: number, request: JoinRequest, roomId: string): Promise<ClusterScreen> {
    const { token, person } = await joinAt(urls()[at]!, request);
    return ClusterScreen.withToken(urls, at, person.name, person.id, token, roomId);
  }

  /** Another device of the same person: same token, possibly another server. */
  static async withToken(urls: () => string[], at: number, name: string, personId: string, token: string, roomId: string): Promise<ClusterScreen> {
    const screen = new ClusterScreen(name, personId, token, urls, at, roomId);
    await screen.connect();
    return screen;
  }

  get url(): string {
    return this.urls()[this.at]!;
  }

  get problems(): string[] {
    return this.followers.flatMap((follower) => follower.problems);
  }

  /** Resolves once a reconnection in progress (if any) has finished. */
  async settled(): Promise<void> {
    while (this.reconnecting) await this.reconnecting;
  }

  /** Sends a command; a command whose server dies before answering gets `no_answer`, never hangs. */
  async send<N extends CommandName>(name: N, payload: CommandInput<N>, timeoutMs = 5_000): Promise<Answer<N>> {
    await this.settled();
    const socket = this.socket;
    const url = this.url;
    return new Promise((resolve) => {
      // A socket that is gone will never answer: say so now rather than at the timeout.
      const gone = () => resolve({ ok: false, error: { code: 'no_answer', message: `${url} went away before answering ${name}` } });
      socket.once('disconnect', gone);
      const timed = socket.timeout(timeoutMs);
      (timed.emit as (event: string, payload: unknown, ack: (error: Error | null, response: Ack<CommandResult<N>>) => void) => void)(name, payload, (error, response) => {
        socket.off('disconnect', gone);
        resolve(error ? { ok: false, error: { code: 'no_answer', message: `no answer to ${name} within ${timeoutMs} ms` } } : response);
      });
    });
  }

  async must<N extends CommandName>(name: N, payload: CommandInput<N>): Promise<CommandResult<N>> {
    const answer = await this.send(name, payload);
    if (!answer.ok) throw new Error(`${this.name}: ${name} refused: ${answer.error.code}: ${answer.error.message}`);
    return answer as unknown as CommandResult<N>;
  }

  close(): void {
    this.closed = true;
    this.socket?.disconnect();
  }

  private async connect(): Promise<void> {
    const socket = await connectTo(this.url, this.token);
    this.socket = socket;
    socket.once('disconnect', (reason) => {
      if (this.closed || reason === 'io client disconnect') return;
      this.reconnecting ??= this.failOver().finally(() => (this.reconnecting = null));
    });
    this.room = await RoomFollower.follow(socket, this.roomId);
    this.followers.push(this.room);
  }

  /** The next server in the list that answers; it may take a few tries while a server is dying. */
  private async failOver(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (let tries = 0; ; tries++) {
      this.at = (this.at + 1) % this.urls().length;
      try {
        await this.connect();
        this.reconnections += 1;
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${this.name} found no server to reconnect to: ${String(error)}`);
        if (tries % this.urls().length === this.urls().length - 1) await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
}

/** Runs `act` for every item, `size` at a time. */
export async function inBatches<T, R>(items: readonly T[], act: (item: T, index: number) => Promise<R>, size = 50): Promise<R[]> {
  const done: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    done.push(...(await Promise.all(items.slice(start, start + size).map((item, i) => act(item, start + i)))));
  }
  return done;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function eventually(check: () => void | Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(25);
    }
  }
}
