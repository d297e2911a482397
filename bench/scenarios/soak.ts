import { readdirSync } from 'node:fs';
import { rssBytes, type ServerChild } from '../children.ts';
import type { ScenarioContext } from '../context.ts';
import type { QaCommand } from '../messages.ts';
import { ROOM_ID } from '../moderator.ts';
import { loopDelay, scrape, watchMetrics, type ServerView } from '../server-metrics.ts';
import type { Check, Checkpoint } from '../soak-verdict.ts';
import { seededRandom, spread, sum, type Spread } from '../stats.ts';
import { surge, type QaPlan, type SurgeFigures } from './qa.ts';
import { openPlenaryPoll, plenaryTally, storm, type StormFigures } from './vote.ts';

const MB = 1024 * 1024;
const MINUTE_MS = 60_000;
/** Each minute's Q&A burst: a lively session's questions, and two upvotes from every member, over 10 s. */
const QUESTIONS_PER_MINUTE = 20;
const UPVOTES_PER_MEMBER = 2;
const QA_BURST_MS = 10_000;
/** The wave's clients stay away this long: the server sees them gone before they return. */
const OUTAGE_MS = 1_000;
const RECONNECT_CONCURRENCY = 100;
/**
 * Descriptors a quiet server may hold beyond its count after the join: keep-alive HTTP
 * connections of the runner's /metrics scrapes and the moderator's requests come and go.
 */
export const FD_TOLERANCE = 4;
const FD_SETTLE_MS = 10_000;

export type SoakContext = ScenarioContext & {
  plenary: ServerChild;
  reconnectShare: number;
  /** The server's descriptors and the room's presence once the audience had joined. */
  baseline: { fds: number; presence: number };
  /** Monotonic start of the soak proper (the audience joined), for the checkpoints' times. */
  startedAtMs: number;
  checkpoints: Checkpoint[];
  checks: Check[];
};

export type MinuteFigures = {
  minute: number;
  rssMb: number;
  heapMb: number;
  outsideHeapMb: number;
  peakRssMb: number;
  fds: number;
  peakFds: number;
  fdsAfterWave: number;
  /** The worst p99 of the minute's /metrics windows (each scrape starts a new one). */
  loopP99Ms: number | null;
  voteAckMs: Spread;
  upvoteAckMs: Spread;
  rejoinMs: Spread;
  voters: number;
  votesCounted: number;
  asked: number;
  upvotesAcked: number;
  rejoined: number;
  cycleS: number;
};

export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Who asks this minute's questions: a different few each minute, well within five a minute per person. */
export function soakQaPlan(clients: number, minute: number, seed: number): QaPlan {
  const count = Math.min(QUESTIONS_PER_MINUTE, clients);
  const random = seededRandom(seed ^ Math.imul(minute, 0x2545f491));
  const questions: QaCommand['questions'] = Array.from({ length: count }, (_, j) => ({
    client: (minute * count + j) % clients,
    atOffsetMs: random() * QA_BURST_MS * 0.5,
    text: `Minute ${minute}, question ${j + 1}: how would a small panel keep its selections fair across regions?`,
  }));
  return { questions, totalUpvotes: Math.min(clients * UPVOTES_PER_MEMBER, clients * count), durationMs: QA_BURST_MS };
}

/** Peak RSS and descriptors, read from /proc every 250 ms while the minute runs. */
function watchPeaks(pid: number): () => { rssMb: number; fds: number } {
  const peak = { rssMb: 0, fds: 0 };
  const sample = () => {
    peak.rssMb = Math.max(peak.rssMb, rssBytes(pid) / MB);
    peak.fds = Math.max(peak.fds, openFds(pid));
  };
  sample();
  const timer = setInterval(sample, 250);
  return () => {
    clearInterval(timer);
    sample();
    return peak;
  };
}

/** A full collection in the server, then its memory and descriptors: the minute's point of the growth trend. */
async function checkpoint(ctx: SoakContext, minute: number): Promise<Checkpoint> {
  const memory = await ctx.plenary.memoryAfterGc();
  const rss = rssBytes(ctx.plenary.pid) || memory.rss;
  const point = {
    minute,
    atMin: (performance.now() - ctx.startedAtMs) / MINUTE_MS,
    rssMb: rss / MB,
    heapMb: memory.heapUsed / MB,
    outsideHeapMb: (rss - memory.heapTotal) / MB,
    fds: openFds(ctx.plenary.pid),
  };
  ctx.checkpoints.push(point);
  return point;
}

async function fdsSettled(ctx: SoakContext): Promise<number> {
  const deadline = Date.now() + FD_SETTLE_MS;
  let fds = openFds(ctx.plenary.pid);
  while (fds > ctx.baseline.fds + FD_TOLERANCE && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    fds = openFds(ctx.plenary.pid);
  }
  return fds;
}

type Checker = (what: string, pass: boolean) => void;
const seededFor = (ctx: SoakContext, minute: number) => ({ ...ctx, flags: { ...ctx.flags, seed: ctx.flags.seed * 1_000 + minute } });

/** Open, everyone votes, close, delete: deleted, the poll leaves the room's state as it found it. */
async function votePhase(ctx: SoakContext, minute: number, check: Checker): Promise<StormFigures> {
  const { plenary, moderator } = ctx;
  const poll = await openPlenaryPoll(ctx);
  const votes = await storm(seededFor(ctx, minute), 'plenary', [plenary], [plenary.url], poll, () => plenaryTally(ctx, poll.id), `minute ${minute}`);
  await moderator.run('poll.close', { pollId: poll.id });
  await moderator.run('poll.delete', { pollId: poll.id });
  check(`every vote acknowledged (${votes.acked} of ${votes.voters})`, votes.acked === votes.voters);
  check(`votes counted exactly once (${votes.counted} counted)`, votes.exact);
  check(`every client holds the exact final tally (${votes.clientsExact})`, votes.clientsExact === votes.voters);
  return votes;
}

/** This minute's questions and upvotes, checked against the server's counts of this minute's questions only. */
async function qaPhase(ctx: SoakContext, minute: number, check: Checker, present: number): Promise<SurgeFigures> {
  const { plenary, moderator } = ctx;
  const earlier = new Set((await moderator.snapshot()).state.questions.map((q) => q.id));
  const plan = soakQaPlan(ctx.flags.clients, minute, ctx.flags.seed);
  const qa = await surge(seededFor(ctx, minute), 'plenary', plenary, plan, async () => {
    const snapshot = await moderator.snapshot();
    const fresh = snapshot.state.questions.filter((q) => !earlier.has(q.id)).map((q) => q.id);
    return { questions: fresh.length, votes: Object.fromEntries(fresh.map((id) => [id, snapshot.votes[id] ?? 0])) };
  });
  check(`every question and upvote acknowledged (${qa.asked}/${plan.questions.length}, ${qa.upvotesAcked}/${plan.totalUpvotes})`, qa.asked === plan.questions.length && qa.upvotesAcked === plan.totalUpvotes);
  check('questions stored once and upvotes counted exactly', qa.questionsExact && qa.upvotesExact);
  check(`every client holds the exact upvote counts (${qa.clientsExact})`, qa.clientsExact === present);
  return qa;
}

/** The audience sits until the minute is up; returns the event-loop delay p99 meanwhile. */
async function restOfMinute(ctx: SoakContext, minuteStartMs: number): Promise<number | null> {
  await scrape(ctx.plenary.url);
  await new Promise((resolve) => setTimeout(resolve, minuteStartMs + MINUTE_MS - performance.now()));
  return loopDelay(await scrape(ctx.plenary.url)).p99Ms;
}

/**
 * One minute of the soak: a vote storm, a Q&A burst and a reconnect wave, then the audience
 * sits until the minute is up. Counts are checked after each phase; the server's memory and
 * descriptors at the end of the minute, after a full collection: each minute's point is then
 * taken in the same state, after the same quiet spell, so minutes compare.
 */
export async function soakMinute(ctx: SoakContext, minute: number): Promise<MinuteFigures> {
  const minuteStartMs = performance.now();
  const peaks = watchPeaks(ctx.plenary.pid);
  const check: Checker = (what, pass) => ctx.checks.push({ what: `minute ${minute}: ${what}`, pass });

  const votes = await votePhase(ctx, minute, check);
  const qa = await qaPhase(ctx, minute, check, votes.voters);
  const wave = await reconnectWave(ctx, minute);
  check(`every dropped client rejoined (${wave.rejoined} of ${wave.dropped})`, wave.rejoined === wave.dropped);
  check(`every rejoined client resynchronised to the room (${wave.resynced})`, wave.resynced === wave.dropped);
  check(`descriptors back to the baseline after the wave (${wave.fds}, baseline ${ctx.baseline.fds})`, wave.fds <= ctx.baseline.fds + FD_TOLERANCE);
  check(`presence back to everyone (${wave.presence} of ${ctx.baseline.presence})`, wave.presence === ctx.baseline.presence);
  const cycleS = (performance.now() - minuteStartMs) / 1000;
  if (cycleS * 1000 > MINUTE_MS) ctx.progress.note(`minute ${minute}: the phases took ${cycleS.toFixed(0)} s, longer than the minute`);

  const restLoopP99Ms = await restOfMinute(ctx, minuteStartMs);
  const end = await checkpoint(ctx, minute);
  const peak = peaks();
  const loops = [votes.server?.loop.p99Ms, qa.server?.loop.p99Ms, wave.server?.loop.p99Ms, restLoopP99Ms].filter((ms): ms is number => typeof ms === 'number');
  return {
    minute,
    rssMb: end.rssMb,
    heapMb: end.heapMb,
    outsideHeapMb: end.outsideHeapMb,
    peakRssMb: peak.rssMb,
    fds: end.fds,
    peakFds: peak.fds,
    fdsAfterWave: wave.fds,
    loopP99Ms: loops.length ? Math.max(...loops) : null,
    voteAckMs: votes.ackMs,
    upvoteAckMs: qa.upvoteMs,
    rejoinMs: wave.rejoinMs,
    voters: votes.voters,
    votesCounted: votes.counted,
    asked: qa.asked,
    upvotesAcked: qa.upvotesAcked,
    rejoined: wave.rejoined,
    cycleS,
  };
}

type WaveFigures = { dropped: number; rejoined: number; resynced: number; rejoinMs: Spread; fds: number; presence: number; server: ServerView | null };

/** The wave; what each rejoined member must hold is the room as the moderator saw it just before. */
async function reconnectWave(ctx: SoakContext, minute: number): Promise<WaveFigures> {
  const { plenary, moderator, pool, progress } = ctx;
  const room = await moderator.snapshot();
  const expect = { questions: room.state.questions.length, votes: room.votes };
  progress.begin(`reconnect wave, minute ${minute}`);
  const metrics = await watchMetrics([plenary.url], ['room.join']);
  const replies = await pool.all({
    kind: 'reconnect',
    target: 'plenary',
    url: plenary.url,
    roomId: ROOM_ID,
    share: ctx.reconnectShare,
    seed: ctx.flags.seed * 1_000 + minute,
    outageMs: OUTAGE_MS,
    concurrency: RECONNECT_CONCURRENCY,
    expect,
  });
  const fds = await fdsSettled(ctx);
  const server = await metrics();
  progress.end();
  const failures = replies.flatMap((r) => r.failures);
  if (failures.length) progress.note(`minute ${minute}: ${failures.length} clients did not rejoin, e.g. ${failures.slice(0, 3).join('; ')}`);
  const latencies = replies.flatMap((r) => r.rejoinLatenciesMs);
  return {
    dropped: sum(replies.map((r) => r.dropped)),
    rejoined: latencies.length,
    resynced: sum(replies.map((r) => r.resynced)),
    rejoinMs: spread(latencies),
    fds,
    presence: (await moderator.snapshot()).presence.total,
    server,
  };
}
