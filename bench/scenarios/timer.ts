import type { BenchContext } from '../context.ts';
import type { ClockReply, Target } from '../messages.ts';
import { inRoundOrder } from '../rounds.ts';
import { sum, spread } from '../stats.ts';
import type { Timer } from '../../shared/model/timer.ts';

const TIMER_CLIENTS = 1_000;
/** Clients start their sync at random moments over this span, as devices joining at different times would. */
const SPREAD_MS = 2_000;

type ClockFigures = { clients: number; failures: number; absErrorMs: ReturnType<typeof spread>; signedErrorMs: ReturnType<typeof spread>; bestRoundTripMs: ReturnType<typeof spread> };

async function measure(ctx: BenchContext, target: Target, clients: number, label: string, timer?: Timer): Promise<ClockFigures> {
  const { pool, progress, flags } = ctx;
  progress.begin(`timer accuracy → ${label}`);
  const total = pool.workers.reduce((n, w) => n + w.count, 0);
  // Each worker takes its share of the clients, in proportion to its slice of the audience.
  const replies: ClockReply[] = await pool.each(({ first, count }) => ({
    kind: 'clock',
    target,
    clients: Math.round(((first + count) * clients) / total) - Math.round((first * clients) / total),
    spreadMs: SPREAD_MS,
    seed: flags.seed,
    ...(timer ? { timer } : {}),
  }));
  progress.end();
  const errors = replies.flatMap((r) => r.errorsMs);
  return {
    clients: errors.length,
    failures: sum(replies.map((r) => r.failures)),
    absErrorMs: spread(errors.map(Math.abs)),
    signedErrorMs: spread(errors),
    bestRoundTripMs: spread(replies.flatMap((r) => r.bestRoundTripsMs)),
  };
}

/**
 * Scenario 4: timer accuracy. The moderator starts the session timer in Plenary; each client
 * renders it at its estimated server time. Against the baseline, the same clients run the same
 * sync over its clock.ping and render a timer started at the same moment.
 */
export async function timerAccuracy(ctx: BenchContext): Promise<void> {
  const clients = Math.min(TIMER_CLIENTS, ctx.connected.plenary, ctx.connected.baseline);
  const session = (await ctx.moderator.snapshot()).state.timers.session;
  if (session.runningSinceMs === null) await ctx.moderator.run('timer.start', { timerId: 'session' });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const { plenary, baseline } = await inRoundOrder(ctx.order, {
    plenary: () => measure(ctx, 'plenary', clients, ctx.plenary.name),
    baseline: () => {
      const timer: Timer = { ...session, runningSinceMs: Date.now(), accumulatedMs: 0 };
      return measure(ctx, 'baseline', clients, ctx.baseline.name, timer);
    },
  });
  ctx.details['timer'] = { clients, maxSkewMs: 30_000, plenary, baseline };

  const scenario = `Timer accuracy: ${clients.toLocaleString('en-US')} clients, clocks off by up to ±30 s, jittered round trips`;
  ctx.rows.push(
    { scenario, figure: 'clients rendering the timer', unit: 'count', plenary: plenary.clients, baseline: baseline.clients, target: { label: `= ${clients}`, check: { kind: 'holds', pass: plenary.clients === clients } } },
    { scenario, figure: 'timer error, absolute, p50', unit: 'ms', plenary: plenary.absErrorMs.p50, baseline: baseline.absErrorMs.p50 },
    { scenario, figure: 'timer error, absolute, p99', unit: 'ms', plenary: plenary.absErrorMs.p99, baseline: baseline.absErrorMs.p99, target: { label: '< 50 ms', check: { kind: 'atMost', max: 50 } } },
    { scenario, figure: 'timer error, absolute, max', unit: 'ms', plenary: plenary.absErrorMs.max, baseline: baseline.absErrorMs.max },
    { scenario, figure: 'best round trip p50', unit: 'ms', plenary: plenary.bestRoundTripMs.p50, baseline: baseline.bestRoundTripMs.p50 },
  );
}
