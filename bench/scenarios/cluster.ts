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

/** The cluster scenario runs its own redis-server, so the binary must be on the PATH. */
export function checkClusterSupport(): void {
  redisBinary();
}

function redisBinary(): string {
  const found = (process.env['PATH'] ?? '').split(path.delimiter).map((dir) => path.join(dir, 'redis-server')).find(existsSync);
  if (!found) throw new FlagError('--nodes needs redis-server on the PATH');
  return found;
}

/** The first reply of one server to `command` (inline form), or null if it does not answer. */
function reply(port: number, command: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write(`${command}\r\n`));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('error', () => resolve(null));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(null);
    });
  });
}

async function until(what: string, check: () => Promise<boolean>, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${what} did not happen`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type RedisChild = { url: string; port: number; process: ChildProcess; pid: number };

/** A throwaway redis-server with the durability the compose file promises: AOF, fsync on every write. */
async function startRedis(dir: string, extraArgs: string[] = []): Promise<RedisChild> {
  const port = await freePort();
  mkdirSync(dir, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', ...extraArgs];
  const child = track(spawn(redisBinary(), args, { stdio: 'ignore' }));
  await until('redis-server start', async () => (await reply(port, 'PING'))?.startsWith('+PONG') ?? false, child);
  return { url: `redis://127.0.0.1:${port}`, port, process: child, pid: child.pid! };
}

/** A primary, and with `replicas` that many replicas in sync with it (no delay before the first sync). */
async function startRedisGroup(dir: string, replicas: number): Promise<RedisChild[]> {
  const primary = await startRedis(path.join(dir, 'primary'), ['--repl-diskless-sync-delay', '0']);
  const group = [primary];
  for (let i = 0; i < replicas; i++) {
    const replica = await startRedis(path.join(dir, `replica-${i + 1}`), ['--replicaof', '127.0.0.1', String(primary.port)]);
    group.push(replica);
    await until('replica sync', async () => (await reply(replica.port, 'INFO replication'))?.includes('master_link_status:up') ?? false, replica.process);
  }
  return group;
}

/**
 * Scenario 5: the vote storm on `--nodes` Plenary processes sharing one Redis, the audience
 * spread across them round robin, the moderator on the first. Compared with the
 * single-process storm of the same run (in the baseline column). With `--redis-wait`, the
 * same storm again on a Redis with one replica and PLENARY_REDIS_WAIT_REPLICAS=1, compared
 * with the storm without WAIT: what waiting for a replica costs.
 */
export async function clusterStorm(ctx: BenchContext, tmp: string): Promise<void> {
  const { flags } = ctx;
  const single = (ctx.details['vote'] as { plenary?: StormFigures } | undefined)?.plenary ?? null;
  const plain = await clusterRun(ctx, path.join(tmp, 'cluster'), 0);
  ctx.details['cluster'] = { nodes: flags.nodes, ...plain, singleProcess: single };
  addClusterRows(ctx, `Cluster: ${flags.nodes} Plenary processes + Redis, ${plain.connected.toLocaleString('en-US')} voters (baseline column: single-process Plenary)`, plain.figures, single);
  if (!flags.redisWait) return;
  const waiting = await clusterRun(ctx, path.join(tmp, 'cluster-wait'), 1);
  ctx.details['clusterWait'] = { nodes: flags.nodes, replicas: 1, ...waiting };
  addClusterRows(ctx, `Cluster with WAIT: ${flags.nodes} Plenary processes + Redis + 1 replica, each ack after WAIT 1 (baseline column: the same without WAIT)`, waiting.figures, plain.figures);
}

type ClusterRun = { mintFailures: number; connected: number; figures: StormFigures };

async function clusterRun(ctx: BenchContext, dir: string, replicas: number): Promise<ClusterRun> {
  const { flags, pool, progress } = ctx;
  progress.note(`cluster: starting Redis${replicas ? ` with ${replicas} replica(s), WAIT ${replicas},` : ''} and ${flags.nodes} Plenary processes`);
  const redis = await startRedisGroup(path.join(dir, 'redis'), replicas);
  const env = (i: number) => plenaryEnv(flags, path.join(dir, `node-${i + 1}`), redis[0]!.url, replicas);
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
    const joined = await pool.all({ kind: 'connect', target: 'cluster', urls: nodes.map((n) => n.url), roomId: ROOM_ID, concurrency: flags.connectConcurrency, startAtMs: Date.now() + 300 });
    progress.end();
    const connected = joined.reduce((n, r) => n + r.latenciesMs.length, 0);

    const clusterCtx = { ...ctx, moderator };
    const poll = await openPlenaryPoll(clusterCtx);
    const label = `${flags.nodes} nodes + Redis${replicas ? ` + ${replicas} replica, WAIT` : ''}`;
    const figures = await storm(clusterCtx, 'cluster', [...nodes, ...redis], nodes.map((n) => n.url), poll, () => plenaryTally(clusterCtx, poll.id), label);
    moderator.close();
    await pool.all({ kind: 'disconnect', target: 'cluster' });
    return { mintFailures, connected, figures };
  } finally {
    await Promise.all([...nodes.map((n) => stop(n.process)), ...redis.map((r) => stop(r.process))]);
  }
}

function addClusterRows(ctx: BenchContext, scenario: string, figures: StormFigures, compared: StormFigures | null): void {
  addStormRows(ctx, scenario, figures, compared);
  const ratioRow = ctx.rows.find((row) => row.scenario === scenario && row.figure === 'ack latency p99');
  if (ratioRow) delete ratioRow.target;
  // Beside another Plenary run, not the bare baseline: the final tally's bound alone applies.
  const finalRow = ctx.rows.find((row) => row.scenario === scenario && row.figure === 'last ack → final tally on every client');
  if (finalRow) finalRow.target = { label: '≤ 100 ms', check: { kind: 'atMost', max: 100 } };
  const cpuRow = ctx.rows.find((row) => row.scenario === scenario && row.figure === 'server CPU per 1,000 votes');
  if (cpuRow) {
    cpuRow.figure = 'CPU per 1,000 votes (all nodes + Redis)';
    delete cpuRow.target;
  }
}
