import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cpuSeconds, freePort, rssBytes, startServer, stop, track, type ServerChild } from '../children.ts';
import { monotonicUs, type BenchContext } from '../context.ts';
import { FlagError } from '../flags.ts';
import { AUDIENCE_CODE, Moderator, ROOM_ID } from '../moderator.ts';
import { ADMIN_TOKEN, plenaryEnv } from '../plenary-env.ts';
import { findProfile, summariseProfile, type ProfileSummary } from '../profile.ts';
import { watchRedis, type RedisCosts } from '../redis-stats.ts';
import { scrape } from '../server-metrics.ts';
import { addStormRows, openPlenaryPoll, plenaryTally, storm, type StormFigures } from './vote.ts';

const MB = 1024 * 1024;

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
 * Scenario 5: the vote storm on K Plenary processes sharing one Redis, for each K of
 * `--nodes` and each on a fresh Redis, the audience spread across them round robin, the
 * moderator on the first. Compared with the single-process storm of the same run (in the
 * baseline column); the largest K's CPU per vote is held to issue 16's bound. With
 * `--redis-wait`, the largest K's storm again on a Redis with one replica and
 * PLENARY_REDIS_WAIT_REPLICAS=1, compared with the storm without WAIT: what waiting costs.
 */
export async function clusterStorm(ctx: BenchContext, tmp: string): Promise<void> {
  const { flags } = ctx;
  const single = (ctx.details['vote'] as { plenary?: StormFigures } | undefined)?.plenary ?? null;
  const largest = Math.max(...flags.nodes);
  const runs: ClusterRun[] = [];
  for (const count of flags.nodes) {
    const run = await clusterRun(ctx, path.join(tmp, `cluster-${count}`), count, 0);
    runs.push(run);
    addClusterRows(ctx, `Cluster: ${processes(count)} + Redis, ${run.connected.toLocaleString('en-US')} voters (baseline column: single-process Plenary)`, run.figures, single, count === largest);
  }
  ctx.details['cluster'] = { nodes: flags.nodes, runs, singleProcess: single };
  if (!flags.redisWait) return;
  const plain = runs.find((run) => run.nodes === largest)!;
  const waiting = await clusterRun(ctx, path.join(tmp, 'cluster-wait'), largest, 1);
  ctx.details['clusterWait'] = waiting;
  addClusterRows(ctx, `Cluster with WAIT: ${processes(largest)} + Redis + 1 replica, each ack after WAIT 1 (baseline column: the same without WAIT)`, waiting.figures, plain.figures, false);
}

const processes = (count: number) => (count === 1 ? '1 Plenary process' : `${count} Plenary processes`);

/** One node's memory once the storm is over: resident set (from /proc) and V8's used heap (from its /metrics). */
export type NodeMemory = { rssMb: number; heapUsedMb: number | null };

export type ClusterRun = {
  nodes: number;
  replicas: number;
  mintFailures: number;
  connected: number;
  figures: StormFigures;
  /** Redis's own CPU during the storm, part of figures.cpuSeconds. */
  redisCpuSeconds: number;
  perNode: NodeMemory[];
  redis: RedisCosts;
  /** With --profile: node 1's CPU profile cut to the storm. */
  profile: ProfileSummary | null;
};

async function nodeMemory(node: ServerChild): Promise<NodeMemory> {
  const heap = (await scrape(node.url)).find((sample) => sample.name === 'nodejs_heap_size_used_bytes');
  return { rssMb: rssBytes(node.pid) / MB, heapUsedMb: heap ? heap.value / MB : null };
}

async function clusterRun(ctx: BenchContext, dir: string, count: number, replicas: number): Promise<ClusterRun> {
  const { flags, pool, progress } = ctx;
  progress.note(`cluster: starting Redis${replicas ? ` with ${replicas} replica(s), WAIT ${replicas},` : ''} and ${processes(count)}`);
  const redis = await startRedisGroup(path.join(dir, 'redis'), replicas);
  const env = (i: number) => plenaryEnv(flags, path.join(dir, `node-${i + 1}`), redis[0]!.url, replicas);
  const profileDir = path.join(dir, 'profile');
  // The first node loads the demo event into Redis; the others then find it there.
  const first = await startServer({ name: 'Plenary node 1', script: 'server/main.ts', env: env(0), nodeArgs: flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
  const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => startServer({ name: `Plenary node ${i + 2}`, script: 'server/main.ts', env: env(i + 1) })));
  const nodes: ServerChild[] = [first, ...rest];
  try {
    const moderator = await Moderator.join(first.url, ADMIN_TOKEN);
    await moderator.openRoom();
    progress.begin('tokens via POST /api/join → cluster');
    const minted = await pool.all({ kind: 'mint', url: first.url, audienceCode: AUDIENCE_CODE, concurrency: 32 });
    progress.end();
    const mintFailures = minted.flatMap((m) => m.failures).length;
    progress.begin(`join burst → ${count} node(s)`);
    const joined = await pool.all({ kind: 'connect', target: 'cluster', urls: nodes.map((n) => n.url), roomId: ROOM_ID, concurrency: flags.connectConcurrency, startAtMs: Date.now() + 300 });
    progress.end();
    const connected = joined.reduce((n, r) => n + r.latenciesMs.length, 0);

    const clusterCtx = { ...ctx, moderator };
    const poll = await openPlenaryPoll(clusterCtx);
    const label = `${count} node(s) + Redis${replicas ? ` + ${replicas} replica, WAIT` : ''}`;
    const redisCost = await watchRedis(redis[0]!.url);
    const redisCpuBefore = cpuSeconds(redis[0]!.pid);
    const stormFrom = monotonicUs();
    const figures = await storm(clusterCtx, 'cluster', [...nodes, ...redis], nodes.map((n) => n.url), poll, () => plenaryTally(clusterCtx, poll.id), label);
    const stormWindow = { from: stormFrom, to: monotonicUs() };
    const redisCpuSeconds = cpuSeconds(redis[0]!.pid) - redisCpuBefore;
    const costs = await redisCost(figures.acked);
    const perNode = await Promise.all(nodes.map(nodeMemory));
    moderator.close();
    await pool.all({ kind: 'disconnect', target: 'cluster' });
    const profile = flags.profile ? await profileOf(first, profileDir, stormWindow) : null;
    return { nodes: count, replicas, mintFailures, connected, figures, redisCpuSeconds, perNode, redis: costs, profile };
  } finally {
    await Promise.all([...nodes.map((n) => stop(n.process)), ...redis.map((r) => stop(r.process))]);
  }
}

/** Stops node 1 gracefully so --cpu-prof writes its profile, and cuts it to the storm. */
async function profileOf(node: ServerChild, dir: string, window: { from: number; to: number }): Promise<ProfileSummary | null> {
  await stop(node.process, 20_000);
  const file = findProfile(dir, node.pid);
  return file ? summariseProfile(file, window) : null;
}

function addClusterRows(ctx: BenchContext, scenario: string, figures: StormFigures, compared: StormFigures | null, holdCpu: boolean): void {
  addStormRows(ctx, scenario, figures, compared);
  const ratioRow = ctx.rows.find((row) => row.scenario === scenario && row.figure === 'ack latency p99');
  if (ratioRow) delete ratioRow.target;
  // Beside another Plenary run, not the bare baseline: the final tally's bound alone applies.
  const finalRow = ctx.rows.find((row) => row.scenario === scenario && row.figure === 'last ack → final tally on every client');
  if (finalRow) finalRow.target = { label: '≤ 100 ms', check: { kind: 'atMost', max: 100 } };
  const cpuRow = ctx.rows.find((row) => row.scenario === scenario && row.figure === 'server CPU per 1,000 votes');
  if (cpuRow) {
    cpuRow.figure = 'CPU per 1,000 votes (all nodes + Redis)';
    // Issue 16, target 5: the cluster's CPU per vote at most 1.5× one process's.
    if (holdCpu) cpuRow.target = { label: '≤ 1.5× one process', check: { kind: 'ratio', max: 1.5 } };
    else delete cpuRow.target;
  }
}
