import type { ServerChild } from '../children.ts';
import { rssBytes } from '../children.ts';
import { monotonicUs, type BenchContext } from '../context.ts';
import type { MemoryReport, Target } from '../messages.ts';
import { ROOM_ID } from '../moderator.ts';
import { inRoundOrder } from '../rounds.ts';
import { spread, wallMs } from '../stats.ts';

const MB = 1024 * 1024;

type Memory = MemoryReport;

async function memoryOf(server: ServerChild): Promise<Memory> {
  const report: MemoryReport = await server.memoryAfterGc();
  // The kernel's figure and the process's own agree; /proc is read after the collection settles.
  return { ...report, rss: rssBytes(server.pid) || report.rss };
}

/**
 * Memory of both servers at the same moment, each after a full collection by the same probe:
 * before any audience member connects, and again once every one has joined both.
 */
export async function memoryOfBoth(ctx: BenchContext): Promise<{ plenary: Memory; baseline: Memory }> {
  const [plenary, baseline] = await Promise.all([memoryOf(ctx.plenary), memoryOf(ctx.baseline)]);
  return { plenary, baseline };
}

type JoinFigures = { joined: number; failures: string[]; allJoinedMs: number; latencies: ReturnType<typeof spread>; snapshotBytes: number };

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
    if (sample) ctx.audienceSnapshot.value = sample as Record<string, unknown>;
  }
  return {
    joined: latencies.length,
    failures,
    allJoinedMs: Math.max(...replies.map((r) => r.lastDoneAtMs)) - startAtMs,
    latencies: spread(latencies),
    snapshotBytes: replies[0]?.snapshotBytes ?? 0,
  };
}

/**
 * Scenario 2 (join burst) and 6 (memory): every audience member connects and joins as fast
 * as it can, to one server and then the other in the round's order; then both servers' memory,
 * at the same moment and after a full collection each, against their idle figures, per
 * connection.
 */
export async function joinAndMemory(ctx: BenchContext, idle: { plenary: Memory; baseline: Memory }): Promise<void> {
  const { plenary, baseline } = await inRoundOrder(ctx.order, {
    plenary: () => burst(ctx, 'plenary', ctx.plenary),
    baseline: async () => {
      // The baseline answers a join with the snapshot Plenary sent (this round's, or the previous one's).
      await ctx.baseline.request({ type: 'baseline.snapshot', snapshot: ctx.audienceSnapshot.value ?? {} });
      return burst(ctx, 'baseline', ctx.baseline);
    },
  });
  // Let the last presence pushes go out before measuring what the connections cost.
  await new Promise((resolve) => setTimeout(resolve, 2 * ctx.flags.pushIntervalMs));
  const joined = await memoryOfBoth(ctx);
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

  const perMember = (after: Memory, before: Memory, count: number, key: keyof Memory) => (count > 0 ? (after[key] - before[key]) / count / 1024 : null);
  ctx.details['memory'] = { idle, joined };
  if (ctx.flags.scenarios.has('memory')) {
    const scenario = `Memory: ${n.toLocaleString('en-US')} joined clients`;
    const heapPerMember = { plenary: perMember(joined.plenary, idle.plenary, plenary.joined, 'heapUsed'), baseline: perMember(joined.baseline, idle.baseline, baseline.joined, 'heapUsed') };
    ctx.rows.push(
      { scenario, figure: 'JS heap idle', unit: 'MB', plenary: idle.plenary.heapUsed / MB, baseline: idle.baseline.heapUsed / MB },
      { scenario, figure: 'JS heap with everyone joined', unit: 'MB', plenary: joined.plenary.heapUsed / MB, baseline: joined.baseline.heapUsed / MB },
      { scenario, figure: 'JS heap per connected member', unit: 'KB', ...heapPerMember, target: { label: '≤ 1.5× baseline', check: { kind: 'ratio', max: 1.5 } } },
      { scenario, figure: 'RSS idle', unit: 'MB', plenary: idle.plenary.rss / MB, baseline: idle.baseline.rss / MB },
      { scenario, figure: 'RSS with everyone joined', unit: 'MB', plenary: joined.plenary.rss / MB, baseline: joined.baseline.rss / MB },
      // No target: RSS grows only once a process has used the heap it already holds (the next row), which start-up, not members, decides.
      { scenario, figure: 'RSS per connected member', unit: 'KB', plenary: perMember(joined.plenary, idle.plenary, plenary.joined, 'rss'), baseline: perMember(joined.baseline, idle.baseline, baseline.joined, 'rss') },
      { scenario, figure: 'JS heap held but unused when idle', unit: 'MB', plenary: (idle.plenary.heapTotal - idle.plenary.heapUsed) / MB, baseline: (idle.baseline.heapTotal - idle.baseline.heapUsed) / MB },
    );
  }
}
