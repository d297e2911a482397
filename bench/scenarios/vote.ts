import type { ServerChild } from '../children.ts';
import { monotonicUs, type BenchContext, type ScenarioContext } from '../context.ts';
import type { Target } from '../messages.ts';
import { addCounts, sameCounts, spread, sum, wallMs } from '../stats.ts';
import { inRoundOrder } from '../rounds.ts';
import { p99Figure, watchMetrics, type ServerView } from '../server-metrics.ts';
import { allFinalAfterMs, watchServer } from './sampling.ts';

const TALLY_TIMEOUT_MS = 5_000;
const MB = 1024 * 1024;
export const POLL_QUESTION = 'Which merit practice would most improve recruitment in your civil service?';
export const POLL_OPTIONS = ['Competitive entry examinations', 'Structured interviews', 'Performance-based promotion', 'Open competition for senior posts'];

export type StormFigures = {
  voters: number;
  acked: number;
  refusals: Record<string, number>;
  counted: number;
  countedByOption: Record<string, number>;
  ackedByOption: Record<string, number>;
  exact: boolean;
  /** Clients that received the final tally and hold it exactly. */
  clientsExact: number;
  ackMs: ReturnType<typeof spread>;
  /** Acknowledgements per second from the window's start to the last acknowledgement. */
  ackedPerSecond: number;
  lastAckToAllFinalMs: number | null;
  cpuSecondsPer1000: number | null;
  cpuSeconds: number;
  peakRssMb: number;
  ackBytes: number;
  resultBytes: number;
  /** Plenary's own /metrics for the storm (null for the baseline, which has none). */
  server: ServerView | null;
};

type Tally = { voters: number; counts: Record<string, number> };

/**
 * One storm against one server: every connected client votes once within the window; then
 * wait until each holds the final tally; then read the server's own count.
 */
export async function storm(
  ctx: ScenarioContext,
  target: Target,
  servers: Array<Pick<ServerChild, 'pid'>>,
  metricsUrls: string[],
  poll: { id: string; optionIds: string[] },
  serverTally: () => Promise<Tally>,
  label: string,
): Promise<StormFigures> {
  const { pool, progress, flags } = ctx;
  progress.begin(`vote storm → ${label}`);
  const metrics = await watchMetrics(metricsUrls, ['poll.vote']);
  const watches = servers.map(watchServer);
  const startAtMs = wallMs() + 500;
  const profileFrom = monotonicUs() + 500_000;
  const votes = await pool.all({ kind: 'vote', target, pollId: poll.id, optionIds: poll.optionIds, startAtMs, windowMs: flags.windowMs, seed: flags.seed });
  const acked = sum(votes.map((v) => v.acked));
  const ackedByOption = votes.reduce((all, v) => addCounts(all, v.ackedByOption), {} as Record<string, number>);
  const lastAckAtMs = Math.max(...votes.map((v) => v.lastAckAtMs));
  const tallies = await pool.all({ kind: 'awaitTally', target, pollId: poll.id, voters: acked, rows: ackedByOption, timeoutMs: TALLY_TIMEOUT_MS });
  const watched = watches.map((w) => w.stop());
  const server = await metrics();
  if (target === 'plenary') ctx.profileWindowsUs['vote'] = { from: profileFrom, to: monotonicUs() };
  progress.end();

  const cpu = sum(watched.map((w) => w.cpuSeconds));
  const final = allFinalAfterMs(tallies.flatMap((t) => t.finalAtMs), lastAckAtMs);
  const tally = await serverTally();
  const voters = sum(votes.map((v) => v.latenciesMs.length + sum(Object.values(v.refusals))));
  return {
    voters,
    acked,
    refusals: votes.reduce((all, v) => addCounts(all, v.refusals), {} as Record<string, number>),
    counted: tally.voters,
    countedByOption: tally.counts,
    ackedByOption,
    exact: tally.voters === acked && sameCounts(tally.counts, ackedByOption),
    clientsExact: sum(tallies.map((t) => t.exactFinal)),
    ackMs: spread(votes.flatMap((v) => v.latenciesMs)),
    ackedPerSecond: acked / Math.max(0.001, (lastAckAtMs - startAtMs) / 1000),
    lastAckToAllFinalMs: final.ms,
    cpuSecondsPer1000: acked > 0 ? (cpu / acked) * 1000 : null,
    cpuSeconds: cpu,
    peakRssMb: Math.max(...watched.map((w) => w.peakRssBytes)) / MB,
    ackBytes: votes[0]?.ackBytes ?? 0,
    resultBytes: tallies[0]?.resultBytes ?? 0,
    server,
  };
}

/** The moderator creates and opens a single-choice poll in Plenary; returns its id and option ids. */
export async function openPlenaryPoll(ctx: Pick<ScenarioContext, 'moderator'>): Promise<{ id: string; optionIds: string[] }> {
  const { pollId } = await ctx.moderator.run('poll.create', { question: POLL_QUESTION, spec: { kind: 'single', options: POLL_OPTIONS } });
  await ctx.moderator.run('poll.open', { pollId });
  const poll = (await ctx.moderator.snapshot()).state.polls.find((p) => p.id === pollId);
  if (!poll || poll.spec.kind !== 'single') throw new Error('the poll just created is not in the snapshot');
  return { id: pollId, optionIds: poll.spec.options.map((o) => o.id) };
}

/** Plenary's own count, as the chair sees it in a fresh snapshot. */
export async function plenaryTally(ctx: Pick<ScenarioContext, 'moderator'>, pollId: string): Promise<Tally> {
  const results = (await ctx.moderator.snapshot()).results.find((r) => r.pollId === pollId);
  return { voters: results?.voters ?? 0, counts: Object.fromEntries((results?.rows ?? []).map((row) => [row.key, row.value])) };
}

/** Scenario 1: the vote storm, on a new poll in each server, one after the other in the round's order. */
export async function voteStorm(ctx: BenchContext): Promise<StormFigures> {
  const poll = await openPlenaryPoll(ctx);
  const options = poll.optionIds.map((id, i) => ({ id, label: POLL_OPTIONS[i]! }));
  await ctx.baseline.request({ type: 'baseline.poll', pollId: poll.id, options });
  const { plenary, baseline } = await inRoundOrder(ctx.order, {
    plenary: () => storm(ctx, 'plenary', [ctx.plenary], [ctx.plenary.url], poll, () => plenaryTally(ctx, poll.id), ctx.plenary.name),
    baseline: () =>
      storm(
        ctx,
        'baseline',
        [ctx.baseline],
        [],
        poll,
        async () => {
          const answer = await ctx.baseline.request<{ type: 'baseline.tally'; id: number; voters: number; counts: Record<string, number> }>({ type: 'baseline.tally' });
          return { voters: answer.voters, counts: answer.counts };
        },
        ctx.baseline.name,
      ),
  });
  ctx.details['vote'] = { windowMs: ctx.flags.windowMs, plenary, baseline };
  addStormRows(ctx, `Vote storm: ${ctx.connected.plenary.toLocaleString('en-US')} voters in one room, ${windowLabel(ctx.flags.windowMs)} window`, plenary, baseline);
  return plenary;
}

const windowLabel = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** The final tally: within 100 ms of the last acknowledgement and in at most half the baseline's time (issue 16). */
export const FINAL_TALLY_TARGET = { label: '≤ 100 ms and ≤ 0.5× baseline', check: { kind: 'atMost', max: 100, ratio: 0.5 } } as const;

export function addStormRows(ctx: BenchContext, scenario: string, plenary: StormFigures, baseline: StormFigures | null): void {
  const voters = plenary.voters;
  ctx.exactness.push(
    { what: `${scenario}: every vote acknowledged`, pass: plenary.acked === voters },
    { what: `${scenario}: counted exactly once`, pass: plenary.exact },
    { what: `${scenario}: every client holds the exact final tally`, pass: plenary.clientsExact === voters },
  );
  const b = baseline;
  ctx.rows.push(
    { scenario, figure: 'votes acknowledged', unit: 'count', plenary: plenary.acked, baseline: b?.acked ?? null, target: { label: `= ${voters} sent`, check: { kind: 'holds', pass: plenary.acked === voters } } },
    { scenario, figure: 'votes counted by the server', unit: 'count', plenary: plenary.counted, baseline: b?.counted ?? null, target: { label: '= acknowledged, per option', check: { kind: 'holds', pass: plenary.exact } } },
    { scenario, figure: 'clients holding the exact final tally', unit: 'count', plenary: plenary.clientsExact, baseline: b?.clientsExact ?? null, target: { label: `= ${voters}`, check: { kind: 'holds', pass: plenary.clientsExact === voters } } },
    { scenario, figure: 'votes acknowledged per second', unit: '/s', plenary: plenary.ackedPerSecond, baseline: b?.ackedPerSecond ?? null },
    { scenario, figure: 'ack latency p50', unit: 'ms', plenary: plenary.ackMs.p50, baseline: b?.ackMs.p50 ?? null },
    { scenario, figure: 'ack latency p95', unit: 'ms', plenary: plenary.ackMs.p95, baseline: b?.ackMs.p95 ?? null },
    { scenario, figure: 'ack latency p99', unit: 'ms', plenary: plenary.ackMs.p99, baseline: b?.ackMs.p99 ?? null, target: { label: '≤ 2× baseline', check: { kind: 'ratio', max: 2 } } },
    { scenario, figure: p99Figure('in-server receipt → ack p99 (/metrics)', plenary.server?.commands['poll.vote']), unit: 'ms', plenary: plenary.server?.commands['poll.vote']?.p99Ms ?? null, baseline: b?.server?.commands['poll.vote']?.p99Ms ?? null },
    { scenario, figure: 'server event-loop delay p99 (/metrics)', unit: 'ms', plenary: plenary.server?.loop.p99Ms ?? null, baseline: b?.server?.loop.p99Ms ?? null },
    { scenario, figure: 'store writes per commit (/metrics)', unit: 'writes', plenary: plenary.server?.writesPerCommit ?? null, baseline: null },
    { scenario, figure: 'poll result pushes to the room (/metrics)', unit: 'count', plenary: plenary.server?.pollPushes ?? null, baseline: b?.server?.pollPushes ?? null },
    { scenario, figure: 'last ack → final tally on every client', unit: 'ms', plenary: plenary.lastAckToAllFinalMs, baseline: b?.lastAckToAllFinalMs ?? null, target: FINAL_TALLY_TARGET },
    { scenario, figure: 'server CPU per 1,000 votes', unit: 's', plenary: plenary.cpuSecondsPer1000, baseline: b?.cpuSecondsPer1000 ?? null, target: { label: '≤ 1.5× baseline', check: { kind: 'ratio', max: 1.5 } } },
    { scenario, figure: 'server peak RSS', unit: 'MB', plenary: plenary.peakRssMb, baseline: b?.peakRssMb ?? null },
  );
}
