import type { ServerChild } from '../children.ts';
import { monotonicUs, type BenchContext, type ScenarioContext } from '../context.ts';
import type { QaCommand, Target } from '../messages.ts';
import { inRoundOrder } from '../rounds.ts';
import { addCounts, sameCounts, seededRandom, spread, sum, wallMs } from '../stats.ts';
import { p99Figure, watchMetrics, type ServerView } from '../server-metrics.ts';
import { allFinalAfterMs, watchServer } from './sampling.ts';

/** The surge: 500 questions and 20,000 upvotes over 30 s; --smoke runs a tenth of it in 5 s. */
const FULL = { questions: 500, upvotes: 20_000, durationMs: 30_000 };
const SMOKE = { questions: 50, upvotes: 2_000, durationMs: 5_000 };
/** Per person: 5 questions a minute, 120 upvotes a minute (server/transport/rate-limits.ts). */
const ASKS_PER_PERSON = 5;
const UPVOTES_PER_PERSON = 100;
/** Questions are asked over the first 60 % of the surge, so the last ones still collect upvotes. */
const ASKING_SHARE = 0.6;
const SETTLE_TIMEOUT_MS = 5_000;

export type QaPlan = { questions: QaCommand['questions']; totalUpvotes: number; durationMs: number };

const TOPICS = ['structured interviews', 'probation periods', 'merit-based promotion', 'open competitions', 'integrity checks', 'digital exams', 'regional recruitment', 'mobility between ministries'];

/** Who asks what, when: spread over at least min(N, questions) people, within the per-person limits. */
export function planSurge(clients: number, smoke: boolean, seed: number): QaPlan {
  const size = smoke ? SMOKE : FULL;
  const questionCount = Math.min(size.questions, clients * ASKS_PER_PERSON);
  const random = seededRandom(seed ^ 0x51a5);
  const questions = Array.from({ length: questionCount }, (_, j) => ({
    client: Math.floor((j * clients) / questionCount),
    atOffsetMs: random() * size.durationMs * ASKING_SHARE,
    text: `Question ${j + 1}: how does your civil service handle ${TOPICS[j % TOPICS.length]} when a selection panel is small and the candidates come from many regions?`,
  }));
  const totalUpvotes = Math.min(size.upvotes, clients * Math.min(UPVOTES_PER_PERSON, questionCount));
  return { questions, totalUpvotes, durationMs: size.durationMs };
}

export type Counts = { questions: number; votes: Record<string, number> };

export type SurgeFigures = {
  plannedQuestions: number;
  plannedUpvotes: number;
  asked: number;
  upvotesAcked: number;
  unsent: number;
  askRefusals: Record<string, number>;
  upvoteRefusals: Record<string, number>;
  questionsOnServer: number;
  upvotesCounted: number;
  /** Every acknowledged question is stored, once; an ask whose ack timed out may or may not have run. */
  questionsExact: boolean;
  /** Every question's upvote count equals the upvotes acknowledged for it. */
  upvotesExact: boolean;
  /** Clients that received the final counts and hold them exactly. */
  clientsExact: number;
  askMs: ReturnType<typeof spread>;
  upvoteMs: ReturnType<typeof spread>;
  lastAckToAllFinalMs: number | null;
  cpuSecondsPer1000: number | null;
  votesBytes: number;
  votesTotalBytes: number;
  /** The worst of the load workers' event-loop delay p99: a client's ack latency includes it. */
  workerLoopDelayP99Ms: number;
  server: ServerView | null;
};

export async function surge(ctx: ScenarioContext, target: Target, server: ServerChild, plan: QaPlan, serverCounts: () => Promise<Counts>): Promise<SurgeFigures> {
  const { pool, progress, flags } = ctx;
  progress.begin(`Q&A surge → ${server.name}`);
  const metrics = await watchMetrics(target === 'baseline' ? [] : [server.url], ['qa.ask', 'qa.upvote']);
  const watch = watchServer(server);
  const startAtMs = wallMs() + 500;
  const profileFrom = monotonicUs() + 500_000;
  const replies = await pool.each(({ first, count }) => ({
    kind: 'qa',
    target,
    startAtMs,
    durationMs: plan.durationMs,
    questions: plan.questions.filter((q) => q.client >= first && q.client < first + count),
    totalUpvotes: plan.totalUpvotes,
    totalClients: flags.clients,
    seed: flags.seed,
  }));
  const expected = replies.reduce((all, r) => addCounts(all, r.ackedUpvotes), {} as Record<string, number>);
  const lastAckAtMs = Math.max(...replies.map((r) => r.lastAckAtMs));
  const settled = await pool.all({ kind: 'awaitQuestionVotes', target, votes: expected, timeoutMs: SETTLE_TIMEOUT_MS });
  const cpu = watch.stop().cpuSeconds;
  const view = await metrics();
  if (target === 'plenary') ctx.profileWindowsUs['qa'] = { from: profileFrom, to: monotonicUs() };
  progress.end();

  const counts = await serverCounts();
  const asked = sum(replies.map((r) => r.asked));
  const upvotesAcked = sum(Object.values(expected));
  const finalAt = settled.flatMap((s) => s.finalAtMs);
  return {
    plannedQuestions: plan.questions.length,
    plannedUpvotes: plan.totalUpvotes,
    asked,
    upvotesAcked,
    unsent: sum(replies.map((r) => r.unsent)),
    askRefusals: replies.reduce((all, r) => addCounts(all, r.askRefusals), {} as Record<string, number>),
    upvoteRefusals: replies.reduce((all, r) => addCounts(all, r.upvoteRefusals), {} as Record<string, number>),
    questionsOnServer: counts.questions,
    upvotesCounted: sum(Object.values(counts.votes)),
    questionsExact: counts.questions >= asked && counts.questions <= plan.questions.length,
    upvotesExact: sameCounts(counts.votes, expected),
    clientsExact: sum(settled.map((s) => s.exactFinal)),
    askMs: spread(replies.flatMap((r) => r.askLatenciesMs)),
    upvoteMs: spread(replies.flatMap((r) => r.upvoteLatenciesMs)),
    lastAckToAllFinalMs: allFinalAfterMs(finalAt, lastAckAtMs).ms,
    cpuSecondsPer1000: asked + upvotesAcked > 0 ? (cpu / (asked + upvotesAcked)) * 1000 : null,
    votesBytes: settled[0]?.votesBytes ?? 0,
    votesTotalBytes: settled[0]?.votesTotalBytes ?? 0,
    workerLoopDelayP99Ms: Math.max(...replies.map((r) => r.loopDelayP99Ms)),
    server: view,
  };
}

/** Scenario 3: the Q&A surge, on both servers in the round's order, with every count checked. */
export async function qaSurge(ctx: BenchContext): Promise<void> {
  const plan = planSurge(ctx.flags.clients, ctx.flags.smoke, ctx.flags.seed);
  const { plenary, baseline } = await inRoundOrder(ctx.order, {
    plenary: () =>
      surge(ctx, 'plenary', ctx.plenary, plan, async () => {
        const snapshot = await ctx.moderator.snapshot();
        return { questions: snapshot.state.questions.length, votes: snapshot.votes };
      }),
    baseline: () => surge(ctx, 'baseline', ctx.baseline, plan, () => baselineCounts(ctx)),
  });
  ctx.details['qa'] = { plan: { questions: plan.questions.length, upvotes: plan.totalUpvotes, durationMs: plan.durationMs }, plenary, baseline };

  const n = ctx.connected.plenary;
  const scenario = `Q&A surge: ${plan.questions.length} questions, ${plan.totalUpvotes.toLocaleString('en-US')} upvotes over ${plan.durationMs / 1000} s, room of ${n.toLocaleString('en-US')}`;
  const allFinal = plenary.clientsExact === n;
  ctx.exactness.push(
    { what: 'Q&A: every question and upvote acknowledged', pass: plenary.asked === plan.questions.length && plenary.upvotesAcked === plan.totalUpvotes },
    { what: 'Q&A: every acknowledged question stored once', pass: plenary.questionsExact },
    { what: 'Q&A: every upvote count exact on the server', pass: plenary.upvotesExact },
    { what: 'Q&A: every client holds the exact final counts', pass: allFinal },
  );
  ctx.rows.push(
    { scenario, figure: 'questions acknowledged within 30 s', unit: 'count', plenary: plenary.asked, baseline: baseline.asked, target: { label: `= ${plan.questions.length} asked`, check: { kind: 'holds', pass: plenary.asked === plan.questions.length } } },
    { scenario, figure: 'questions stored by the server', unit: 'count', plenary: plenary.questionsOnServer, baseline: baseline.questionsOnServer, target: { label: '≥ acknowledged, ≤ asked', check: { kind: 'holds', pass: plenary.questionsExact } } },
    { scenario, figure: 'upvotes acknowledged', unit: 'count', plenary: plenary.upvotesAcked, baseline: baseline.upvotesAcked, target: { label: `= ${plan.totalUpvotes} sent`, check: { kind: 'holds', pass: plenary.upvotesAcked === plan.totalUpvotes } } },
    { scenario, figure: 'upvotes counted by the server', unit: 'count', plenary: plenary.upvotesCounted, baseline: baseline.upvotesCounted, target: { label: '= acknowledged, per question', check: { kind: 'holds', pass: plenary.upvotesExact } } },
    { scenario, figure: 'clients holding the exact final counts', unit: 'count', plenary: plenary.clientsExact, baseline: baseline.clientsExact, target: { label: `= ${n}`, check: { kind: 'holds', pass: allFinal } } },
    { scenario, figure: 'ask ack p50', unit: 'ms', plenary: plenary.askMs.p50, baseline: baseline.askMs.p50 },
    { scenario, figure: 'ask ack p99', unit: 'ms', plenary: plenary.askMs.p99, baseline: baseline.askMs.p99 },
    { scenario, figure: 'upvote ack p50', unit: 'ms', plenary: plenary.upvoteMs.p50, baseline: baseline.upvoteMs.p50 },
    { scenario, figure: 'upvote ack p95', unit: 'ms', plenary: plenary.upvoteMs.p95, baseline: baseline.upvoteMs.p95 },
    { scenario, figure: 'upvote ack p99', unit: 'ms', plenary: plenary.upvoteMs.p99, baseline: baseline.upvoteMs.p99 },
    { scenario, figure: 'in-server ask receipt → ack mean (/metrics)', unit: 'ms', plenary: plenary.server?.commands['qa.ask']?.meanMs ?? null, baseline: null },
    { scenario, figure: p99Figure('in-server ask receipt → ack p99 (/metrics)', plenary.server?.commands['qa.ask']), unit: 'ms', plenary: plenary.server?.commands['qa.ask']?.p99Ms ?? null, baseline: null },
    { scenario, figure: p99Figure('in-server upvote receipt → ack p99 (/metrics)', plenary.server?.commands['qa.upvote']), unit: 'ms', plenary: plenary.server?.commands['qa.upvote']?.p99Ms ?? null, baseline: null },
    { scenario, figure: 'server event-loop delay p99 (/metrics)', unit: 'ms', plenary: plenary.server?.loop.p99Ms ?? null, baseline: null },
    // The clients run on the server's cores: a worker late in reading its sockets adds its delay to every ack it reads.
    { scenario, figure: 'load worker event-loop delay p99, worst worker', unit: 'ms', plenary: plenary.workerLoopDelayP99Ms, baseline: baseline.workerLoopDelayP99Ms },
    { scenario, figure: 'store writes per commit (/metrics)', unit: 'writes', plenary: plenary.server?.writesPerCommit ?? null, baseline: null },
    { scenario, figure: 'last ack → final counts on every client', unit: 'ms', plenary: plenary.lastAckToAllFinalMs, baseline: baseline.lastAckToAllFinalMs },
    { scenario, figure: 'server CPU per 1,000 commands', unit: 's', plenary: plenary.cpuSecondsPer1000, baseline: baseline.cpuSecondsPer1000 },
    { scenario, figure: 'qa.votes push to a member, mean size', unit: 'bytes', plenary: plenary.votesBytes, baseline: baseline.votesBytes },
    // The mean alone misleads: a server that pushes more often sends smaller pushes, and one that falls behind fewer.
    { scenario, figure: 'qa.votes to a member over the surge, sum', unit: 'bytes', plenary: plenary.votesTotalBytes, baseline: baseline.votesTotalBytes },
  );
}

/**
 * The baseline's counts. A baseline the surge saturated is still writing its backlog of deltas
 * for a while after the surge and may not answer within a request's 30 s: at 5,000 that ended
 * the whole run without a figure. It is asked again, for up to three requests.
 */
async function baselineCounts(ctx: BenchContext): Promise<Counts> {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await ctx.baseline.request<{ type: 'baseline.questions'; id: number; questions: number; votes: Record<string, number> }>({ type: 'baseline.questions' });
      return { questions: answer.questions, votes: answer.votes };
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}
