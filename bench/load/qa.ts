import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AwaitQuestionVotesCommand, AwaitQuestionVotesReply, QaCommand, QaReply } from '../messages.ts';
import { sameCounts, seededRandom, wallMs } from '../stats.ts';
import { countRefusal, sleep, type BenchClient } from './bench-client.ts';
import { clientsOf, progressTicker, type WorkerState } from './worker-state.ts';

/** Upvotes begin once some questions are on the board and run to the end of the surge. */
const UPVOTES_FROM = 0.15;
const RETRY_MS = 200;
/** How long past the surge an upvote may wait for a question it has not upvoted yet. */
const GRACE_MS = 10_000;

export function upvotesOf(index: number, totalUpvotes: number, totalClients: number): number {
  return Math.floor(totalUpvotes / totalClients) + (index < totalUpvotes % totalClients ? 1 : 0);
}

type Tallies = {
  askLatenciesMs: number[];
  upvoteLatenciesMs: number[];
  ackedUpvotes: Record<string, number>;
  askRefusals: Record<string, number>;
  upvoteRefusals: Record<string, number>;
  unsent: number;
  /** The last upvote acknowledgement: the counts are final from then on. */
  lastAckAtMs: number;
  settled: number;
};

/**
 * The Q&A surge: the planned questions are asked at their moments, and each client spreads its
 * upvotes over the surge, each on a question it has seen announced and not yet upvoted.
 */
export async function qaSurge(state: WorkerState, command: QaCommand): Promise<QaReply> {
  const clients = clientsOf(state, command.target);
  const byIndex = new Map(clients.map((client) => [client.index, client]));
  const board = state.boards.get(command.target)!;
  const t: Tallies = { askLatenciesMs: [], upvoteLatenciesMs: [], ackedUpvotes: {}, askRefusals: {}, upvoteRefusals: {}, unsent: 0, lastAckAtMs: 0, settled: 0 };
  for (const client of clients) client.resetReceived();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  const asks = command.questions.map(async ({ client: index, atOffsetMs, text }) => {
    const client = byIndex.get(index);
    if (!client) return countRefusal(t.askRefusals, 'not_connected');
    await sleep(command.startAtMs + atOffsetMs - wallMs());
    const sentAtMs = wallMs();
    try {
      const ack = await client.send('qa.ask', { text, anonymous: false });
      if (ack.ok) record(t.askLatenciesMs, sentAtMs);
      else countRefusal(t.askRefusals, ack.error.code);
    } catch (error) {
      countRefusal(t.askRefusals, (error as Error).message);
    }
    t.settled += 1;
  });

  const upvoteTimes = (client: BenchClient) => {
    const random = seededRandom(command.seed ^ Math.imul(client.index + 1, 0x85ebca6b));
    const count = upvotesOf(client.index, command.totalUpvotes, command.totalClients);
    const span = command.durationMs * (1 - UPVOTES_FROM);
    return Array.from({ length: count }, () => command.durationMs * UPVOTES_FROM + random() * span).sort((a, b) => a - b);
  };
  const upvotes = clients.flatMap((client) => {
    const random = seededRandom(command.seed ^ Math.imul(client.index + 1, 0xc2b2ae35));
    const upvoted = new Set<string>();
    const start = { board: board.ids.length, seen: client.questionsSeen };
    return upvoteTimes(client).map((atOffsetMs) => upvoteOnce(t, client, board.ids, start, upvoted, random, command.startAtMs + atOffsetMs, command.startAtMs + command.durationMs + GRACE_MS));
  });

  const total = asks.length + upvotes.length;
  const stopTicker = progressTicker(state, total, () => t.settled);
  await Promise.all([...asks, ...upvotes]);
  stopTicker();
  loopDelay.disable();
  const { settled: _settled, ...figures } = t;
  return { kind: 'qa', ...figures, asked: t.askLatenciesMs.length, loopDelayP99Ms: loopDelay.percentile(99) / 1e6 };
}

function record(latencies: number[], sentAtMs: number): number {
  const ackAtMs = wallMs();
  latencies.push(ackAtMs - sentAtMs);
  return ackAtMs;
}

/**
 * Where this surge's questions begin, on the worker's board and in the client's count of
 * announcements: a soak runs one surge a minute, and an upvote on an earlier surge's question
 * (perhaps upvoted already, a minute ago) would not be this surge's to count.
 */
type SurgeStart = { board: number; seen: number };

/** A question of this surge this client has seen announced and not yet upvoted, or null if there is none. */
function pickQuestion(client: BenchClient, ids: readonly string[], start: SurgeStart, upvoted: Set<string>, random: () => number): string | null {
  const seen = Math.min(client.questionsSeen - start.seen, ids.length - start.board);
  const at = (i: number) => ids[start.board + i]!;
  for (let attempt = 0; attempt < 8 && seen > 0; attempt++) {
    const id = at(Math.floor(random() * seen));
    if (!upvoted.has(id)) return id;
  }
  for (let i = seen - 1; i >= 0; i--) if (!upvoted.has(at(i))) return at(i);
  return null;
}

async function upvoteOnce(t: Tallies, client: BenchClient, ids: readonly string[], start: SurgeStart, upvoted: Set<string>, random: () => number, atMs: number, giveUpAtMs: number): Promise<void> {
  await sleep(atMs - wallMs());
  let questionId = pickQuestion(client, ids, start, upvoted, random);
  while (!questionId && wallMs() < giveUpAtMs) {
    await sleep(RETRY_MS);
    questionId = pickQuestion(client, ids, start, upvoted, random);
  }
  if (!questionId) {
    t.unsent += 1;
    t.settled += 1;
    return;
  }
  upvoted.add(questionId);
  const sentAtMs = wallMs();
  try {
    const ack = await client.send('qa.upvote', { questionId });
    if (ack.ok) {
      t.lastAckAtMs = Math.max(t.lastAckAtMs, record(t.upvoteLatenciesMs, sentAtMs));
      t.ackedUpvotes[questionId] = (t.ackedUpvotes[questionId] ?? 0) + 1;
    } else countRefusal(t.upvoteRefusals, ack.error.code);
  } catch (error) {
    countRefusal(t.upvoteRefusals, (error as Error).message);
  }
  t.settled += 1;
}

/** Waits until every client's qa.votes adds up to all acknowledged upvotes, then checks each count. */
export async function awaitQuestionVotes(state: WorkerState, command: AwaitQuestionVotesCommand): Promise<AwaitQuestionVotesReply> {
  const clients = clientsOf(state, command.target);
  let expectedTotal = 0;
  for (const count of Object.values(command.votes)) expectedTotal += count;
  const deadline = wallMs() + command.timeoutMs;
  const firstFinal = () => clients.map((client) => client.questionVotes.find((v) => v.total === expectedTotal)?.atMs ?? null);
  let finalAtMs = firstFinal();
  while (finalAtMs.includes(null) && wallMs() < deadline) {
    await sleep(25);
    finalAtMs = firstFinal();
  }
  const exactFinal = clients.filter((client, i) => finalAtMs[i] !== null && client.lastQuestionVotes !== null && sameCounts(client.lastQuestionVotes, command.votes)).length;
  return { kind: 'questionVotes', finalAtMs, exactFinal, votesBytes: clients[0]?.bytes.questionVotes ?? 0, votesTotalBytes: clients[0]?.bytes.questionVotesTotal ?? 0 };
}
