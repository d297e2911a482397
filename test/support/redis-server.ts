import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

export type RedisServer = {
  readonly url: string;
  readonly port: number;
  /** The pid of the running redis-server; a restart changes it. */
  readonly pid: number;
  readonly dir: string;
  /** Kills the server by pid and waits for it to exit; SIGKILL simulates a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data directory, so it reloads its AOF. */
  restart(): Promise<void>;
  /** Stops it and removes its data directory. */
  dispose(): Promise<void>;
};

const READY_TIMEOUT_MS = 10_000;

/** A port nobody listens on: the kernel picks one for a listener on port 0, which then closes. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A started redis-server and the moment it ends (exits, or never started). */
type Running = { process: ChildProcess; ended: Promise<void>; hasEnded: () => boolean };

function watch(child: ChildProcess): Running {
  let ended = false;
  const endedPromise = new Promise<void>((resolve) => {
    const end = () => {
      ended = true;
      resolve();
    };
    child.once('exit', end);
    // A binary that cannot be spawned emits 'error' and no 'exit'.
    child.once('error', () => {
      if (child.pid === undefined) end();
    });
  });
  return { process: child, ended: endedPromise, hasEnded: () => ended };
}

/**
 * Resolves once this server answers PING with PONG (not LOADING), rejects if it ends
 * first. The reply must carry the child's pid: while a stopped server's port is free,
 * another test's redis-server may take it, and its PONG must not count.
 */
async function waitForPong(port: number, running: Running, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (running.hasEnded()) {
      const { exitCode, signalCode } = running.process;
      throw new Error(`redis-server on port ${port} ended (${exitCode ?? signalCode ?? 'not started'}):\n${log()}`);
    }
    if (await pongFrom(port, running.process.pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms:\n${log()}`);
}

function pongFrom(port: number, pid: number | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let replies = '';
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\nINFO server\r\n'));
    socket.on('data', (data) => {
      replies += data.toString();
      if (replies.length < 5) return;
      if (!replies.startsWith('+PONG')) return done(false);
      const match = /\r\nprocess_id:(\d+)\r\n/.exec(replies);
      if (match) done(Number(match[1]) === pid);
    });
  });
}

/** The documented persistence: AOF on with appendfsync always, no RDB snapshots. */
function durableArgs(port: number, dir: string): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir];
}

export type RedisServerOptions = {
  /** Arguments after the durable defaults (e.g. --replicaof, --cluster-enabled); given the port and data directory. */
  extraArgs?: (port: number, dir: string) => string[];
  /** The whole command line instead, e.g. a sentinel's config file and --sentinel. */
  args?: (port: number, dir: string) => string[];
};

/**
 * A redis-server of the test's own, on a free port of 127.0.0.1, persisting like the
 * documented set-up: AOF on with appendfsync always, no RDB snapshots. Never the
 * machine's Redis. The data directory is a fresh temporary one, removed by dispose().
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-redis-'));
  let port = 0;
  let running: Running | null = null;
  let output = '';
  const killOnExit = () => running?.process.kill('SIGKILL');
  process.once('exit', killOnExit);

  async function launch(): Promise<void> {
    output = '';
    const args = options.args ? options.args(port, dir) : [...durableArgs(port, dir), ...(options.extraArgs?.(port, dir) ?? [])];
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4_000);
    };
    started.stdout?.on('data', keep);
    started.stderr?.on('data', keep);
    // Without this listener a missing binary would crash the test process instead of failing the test.
    started.once('error', (error) => {
      output += `\n${error.message}: the Redis tests need redis-server on the PATH (e.g. apt-get install redis-server)`;
    });
    running = watch(started);
    await waitForPong(port, running, () => output);
  }

  async function stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const current = running;
    if (!current || current.hasEnded()) return;
    current.process.kill(signal);
    const escalate = setTimeout(() => current.process.kill('SIGKILL'), 10_000);
    await current.ended;
    clearTimeout(escalate);
  }

  // Another process may take the probed port before redis-server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      await stop('SIGKILL');
      if (attempt === 3) {
        fs.rmSync(dir, { recursive: true, force: true });
        process.off('exit', killOnExit);
        throw error;
      }
    }
  }

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return running?.process.pid ?? -1;
    },
    stop,
    async restart() {
      await stop();
      await launch();
    },
    async dispose() {
      await stop();
      process.off('exit', killOnExit);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A plain client to one server for the test's own commands, disconnected after `use`. */
export async function withClient<T>(port: number, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

/** Polls `check` until it holds; a check that throws counts as not yet. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
