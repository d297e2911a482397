import type { ServerChild } from '../children.ts';
import { rssBytes } from '../children.ts';
import { monotonicUs, type BenchContext } from '../context.ts';
import type { MemoryReport, Target } from '../messages.ts';
import { ROOM_ID } from '../moderator.ts';
import { spread, wallMs } from '../stats.ts';

const MB = 1024 * 1024;

type Memory = { rss: number; heapUsed: number };

async function memoryOf(server: ServerChild): Promise<Memory> {
  const report: MemoryReport = await server.memoryAfterGc();
  // The kernel's figure and the process's own agree; /proc is read after the collection settles.
  return { rss: rssBytes(server.pid) || report.rss, heapUsed: report.heapUsed };
}

/** Memory of both servers before any audience member connects (after a full collection). */
export async function measureIdleMemory(ctx: BenchContext): Promise<{ plenary: Memory; baseline: Memory }> {
  const [plenary, baseline] = await Promise.all([memoryOf(ctx.plenary), memoryOf(ctx.baseline)]);
  return { plenary, baseline };
}

type JoinFigures = { joined: number; failures: string[]; allJoinedMs: number; latencies: ReturnType<typeof spread>; snapshotBytes: number; memory: Memory };

async function burst(ctx: BenchContext, target: Target, server: ServerChild): Promise<JoinFigures> {
  const { pool, progress, flags } = ctx;
  progress.begin(`join burst → ${server.name}`);
  const startAtMs = wallMs() + 300;
  const profileFrom = monotonicUs() + 300_000;
  const replies = await pool.all({ kind: 'connect', target, urls: [server.url], roomId: ROOM_ID, concurrency: flags.connectConcurrency, startAtMs });
  if (target === 'plenary') ctx.profileWindowsUs['join'] = { from: profileFrom, to: monotonicUs() };
  progress.end();
  const latencies = replies.flatMap((r) => r.latenciesMs);
  const failures = replies.flatMap((r) => r.failures);
  if (failures.length) progress.note(`${server.name}: ${failures.length} of ${flags.clients} clients failed to join, e.g. ${failures.slice(0, 3).join('; ')}`);
  if (target === 'plenary') {
    const sample = replies.find((r) => r.sampleSnapshot)?.sampleSnapshot;
    await ctx.baseline.request({ type: 'baseline.snapshot', snapshot: sample ?? {} });
  }
  // Let the last presence push go out before measuring what the connections cost.
  await new Promise((resolve) => setTimeout(resolve, 2 * flags.pushIntervalMs));
  return {
    joined: latencies.length,
    failures,
    allJoinedMs: Math.max(...replies.map((r) => r.lastDoneAtMs)) - startAtMs,
    latencies: spread(latencies),
    snapshotBytes: replies[0]?.snapshotBytes ?? 0,
    memory: await memoryOf(server),
  };
}

/**
 * Scenario 2 (join burst) and 6 (memory): every audience member connects and joins as fast
 * as it can, first to Plenary, then to the baseline; then each server's memory after a full
 * collection, against its idle figure, per connection.
 */
export async function joinAndMemory(ctx: BenchContext, idle: { plenary: Memory; baseline: Memory }): Promise<void> {
  const plenary = await burst(ctx, 'plenary', ctx.plenary);
  const baseline = await burst(ctx, 'baseline', ctx.baseline);
  ctx.connected = { plenary: plenary.joined, baseline: baseline.joined };
  const n = ctx.flags.clients;
  ctx.exactness.push({ what: 'every client joined Plenary', pass: plenary.joined === n });

  ctx.details['join'] = { plenary: { ...plenary, failures: plenary.failures.slice(0, 20) }, baseline: { ...baseline, failures: baseline.failures.slice(0, 20) } };
  if (ctx.flags.scenarios.has('join')) {
    const scenario = `Join burst: ${n.toLocaleString('en-US')} clients connect and join`;
    ctx.rows.push(
      { scenario, figure: 'clients holding their snapshot', unit: 'count', plenary: plenary.joined, baseline: baseline.joined, target: { label: `= ${n}`, check: { kind: 'holds', pass: plenary.joined === n } } },
      { scenario, figure: 'time until all hold it', unit: 's', plenary: plenary.allJoinedMs / 1000, baseline: baseline.allJoinedMs / 1000, target: { label: '≤ 1.5× baseline', check: { kind: 'ratio', max: 1.5 } } },
      { scenario, figure: 'connect → snapshot p50', unit: 'ms', plenary: plenary.latencies.p50, baseline: baseline.latencies.p50 },
      { scenario, figure: 'connect → snapshot p99', unit: 'ms', plenary: plenary.latencies.p99, baseline: baseline.latencies.p99 },
      { scenario, figure: 'snapshot size', unit: 'bytes', plenary: plenary.snapshotBytes, baseline: baseline.snapshotBytes },
    );
  }

  const perMember = (joined: Memory, before: Memory, count: number, key: keyof Memory) => (count > 0 ? (joined[key] - before[key]) / count / 1024 : null);
  ctx.details['memory'] = { idle, joined: { plenary: plenary.memory, baseline: baseline.memory } };
  if (ctx.flags.scenarios.has('memory')) {
    const scenario = `Memory: ${n.toLocaleString('en-US')} joined clients`;
    ctx.rows.push(
      { scenario, figure: 'RSS idle', unit: 'MB', plenary: idle.plenary.rss / MB, baseline: idle.baseline.rss / MB },
      { scenario, figure: 'RSS with everyone joined', unit: 'MB', plenary: plenary.memory.rss / MB, baseline: baseline.memory.rss / MB },
      {
        scenario,
        figure: 'RSS per connected member',
        unit: 'KB',
        plenary: perMember(plenary.memory, idle.plenary, plenary.joined, 'rss'),
        baseline: perMember(baseline.memory, idle.baseline, baseline.joined, 'rss'),
        target: { label: '≤ 1.5× baseline', check: { kind: 'ratio', max: 1.5 } },
      },
      { scenario, figure: 'JS heap per connected member', unit: 'KB', plenary: perMember(plenary.memory, idle.plenary, plenary.joined, 'heapUsed'), baseline: perMember(baseline.memory, idle.baseline, baseline.joined, 'heapUsed') },
    );
  }
}
