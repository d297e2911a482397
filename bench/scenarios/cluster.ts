import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort, startServer, stop, track, type ServerChild } from '../children.ts';
import type { BenchContext } from '../context.ts';
import { FlagError } from '../flags.ts';
import { AUDIENCE_CODE, Moderator, ROOM_ID } from '../moderator.ts';
import { ADMIN_TOKEN, plenaryEnv } from '../plenary-env.ts';
import { addStormRows, openPlenaryPoll, plenaryTally, storm, type StormFigures } from './vote.ts';

const CONNECT_CONCURRENCY = 200;

/** The cluster scenario runs its own redis-server, so the binary must be on the PATH. */
export function checkClusterSupport(): void {
  redisBinary();
}

function redisBinary(): string {
  const found = (process.env['PATH'] ?? '').split(path.delimiter).map((dir) => path.join(dir, 'redis-server')).find(existsSync);
  if (!found) throw new FlagError('--nodes needs redis-server on the PATH');
  return found;
}

function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A throwaway redis-server with the durability the compose file promises: AOF, fsync on every write. */
async function startRedis(dir: string): Promise<{ url: string; process: ChildProcess; pid: number }> {
  const port = await freePort();
  mkdirSync(dir, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no'];
  const child = track(spawn(redisBinary(), args, { stdio: 'ignore' }));
  const deadline = Date.now() + 10_000;
  while (!(await pong(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `redis://127.0.0.1:${port}`, process: child, pid: child.pid! };
}

/**
 * Scenario 5: the vote storm on `--nodes` Plenary processes sharing one Redis, the audience
 * spread across them round robin, the moderator on the first. Compared with the
 * single-process storm of the same run (in the baseline column).
 */
export async function clusterStorm(ctx: BenchContext, tmp: string): Promise<void> {
  const { flags, pool, progress } = ctx;
  progress.note(`cluster: starting Redis and ${flags.nodes} Plenary processes`);
  const redis = await startRedis(path.join(tmp, 'redis'));
  const env = (i: number) => plenaryEnv(flags, path.join(tmp, `node-${i + 1}`), redis.url);
  // The first node loads the demo event into Redis; the others then find it there.
  const first = await startServer({ name: 'Plenary node 1', script: 'server/main.ts', env: env(0) });
  const rest = await Promise.all(Array.from({ length: flags.nodes - 1 }, (_, i) => startServer({ name: `Plenary node ${i + 2}`, script: 'server/main.ts', env: env(i + 1) })));
  const nodes: ServerChild[] = [first, ...rest];
  try {
    const moderator = await Moderator.join(first.url, ADMIN_TOKEN);
    await moderator.openRoom();
    progress.begin('tokens via POST /api/join → cluster');
    const minted = await pool.all({ kind: 'mint', url: first.url, audienceCode: AUDIENCE_CODE, concurrency: 32 });
    progress.end();
    const mintFailures = minted.flatMap((m) => m.failures).length;
    progress.begin(`join burst → ${flags.nodes} nodes`);
    const joined = await pool.all({ kind: 'connect', target: 'cluster', urls: nodes.map((n) => n.url), roomId: ROOM_ID, concurrency: CONNECT_CONCURRENCY, startAtMs: Date.now() + 300 });
    progress.end();
    const connected = joined.reduce((n, r) => n + r.latenciesMs.length, 0);

    const clusterCtx = { ...ctx, moderator };
    const poll = await openPlenaryPoll(clusterCtx);
    const figures = await storm(clusterCtx, 'cluster', [...nodes, redis], nodes.map((n) => n.url), poll, () => plenaryTally(clusterCtx, poll.id), `${flags.nodes} nodes + Redis`);
    moderator.close();
    await pool.all({ kind: 'disconnect', target: 'cluster' });

    const single = (ctx.details['vote'] as { plenary?: StormFigures } | undefined)?.plenary ?? null;
    ctx.details['cluster'] = { nodes: flags.nodes, mintFailures, connected, figures, singleProcess: single };
    addStormRows(ctx, `Cluster: ${flags.nodes} Plenary processes + Redis, ${connected.toLocaleString('en-US')} voters (baseline column: single-process Plenary)`, figures, single);
    const ratioRow = ctx.rows.find((row) => row.scenario.startsWith('Cluster') && row.figure === 'ack latency p99');
    if (ratioRow) delete ratioRow.target;
    const cpuRow = ctx.rows.find((row) => row.scenario.startsWith('Cluster') && row.figure === 'server CPU per 1,000 votes');
    if (cpuRow) {
      cpuRow.figure = 'CPU per 1,000 votes (all nodes + Redis)';
      delete cpuRow.target;
    }
  } finally {
    await Promise.all([...nodes.map((n) => stop(n.process)), stop(redis.process)]);
  }
}
