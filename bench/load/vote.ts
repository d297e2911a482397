import type { AwaitTallyCommand, AwaitTallyReply, VoteCommand, VoteReply } from '../messages.ts';
import { sameCounts, seededRandom, wallMs } from '../stats.ts';
import { countRefusal, sleep } from './bench-client.ts';
import { clientsOf, progressTicker, type WorkerState } from './worker-state.ts';

/** Uneven on purpose (40/30/20/10 %), so a swapped or misattributed count shows in the rows. */
const OPTION_WEIGHTS = [0.4, 0.3, 0.2, 0.1];

function weightedOption(uniform: number, options: number): number {
  let cumulative = 0;
  for (let option = 0; option < options; option++) {
    cumulative += OPTION_WEIGHTS[option] ?? 0;
    if (uniform < cumulative) return option;
  }
  return options - 1;
}

/** The choice and moment of audience member `index`'s vote: the same in every run with the same seed. */
export function plannedVote(seed: number, index: number, optionIds: readonly string[], windowMs: number): { optionId: string; atOffsetMs: number } {
  const random = seededRandom(seed ^ Math.imul(index + 1, 0x9e3779b1));
  const atOffsetMs = random() * windowMs;
  return { optionId: optionIds[weightedOption(random(), optionIds.length)]!, atOffsetMs };
}

/** The vote storm: every client of this worker votes once, at its planned moment within the window. */
export async function voteStorm(state: WorkerState, command: VoteCommand): Promise<VoteReply> {
  const clients = clientsOf(state, command.target);
  const latenciesMs: number[] = [];
  const ackedByOption: Record<string, number> = {};
  const refusals: Record<string, number> = {};
  let lastAckAtMs = 0;
  let ackBytes = 0;
  let settled = 0;
  for (const client of clients) client.resetReceived();

  const stopTicker = progressTicker(state, clients.length, () => settled);
  await Promise.all(
    clients.map(async (client, position) => {
      const { optionId, atOffsetMs } = plannedVote(command.seed, client.index, command.optionIds, command.windowMs);
      await sleep(command.startAtMs + atOffsetMs - wallMs());
      const sentAtMs = wallMs();
      try {
        const ack = await client.send('poll.vote', { pollId: command.pollId, ballot: { kind: 'single', optionId } });
        const ackAtMs = wallMs();
        if (position === 0) ackBytes = JSON.stringify(ack).length;
        if (ack.ok) {
          latenciesMs.push(ackAtMs - sentAtMs);
          ackedByOption[optionId] = (ackedByOption[optionId] ?? 0) + 1;
          lastAckAtMs = Math.max(lastAckAtMs, ackAtMs);
        } else countRefusal(refusals, ack.error.code);
      } catch (error) {
        countRefusal(refusals, (error as Error).message);
      }
      settled += 1;
    }),
  );
  stopTicker();
  return { kind: 'voted', latenciesMs, acked: latenciesMs.length, ackedByOption, refusals, lastAckAtMs, ackBytes };
}

/**
 * Waits until every client has received a poll.results counting all acknowledged voters (or
 * the timeout), and reports when each first held it. Ballots are never replaced in the
 * benchmark, so the first push with that many voters is the final tally.
 */
export async function awaitTally(state: WorkerState, command: AwaitTallyCommand): Promise<AwaitTallyReply> {
  const clients = clientsOf(state, command.target);
  const deadline = wallMs() + command.timeoutMs;
  const firstFinal = () => clients.map((client) => client.results.find((r) => r.voters === command.voters)?.atMs ?? null);
  let finalAtMs = firstFinal();
  while (finalAtMs.includes(null) && wallMs() < deadline) {
    await sleep(25);
    finalAtMs = firstFinal();
  }
  const exactFinal = clients.filter((client, i) => finalAtMs[i] !== null && client.lastRows !== null && sameCounts(client.lastRows, command.rows)).length;
  return { kind: 'tally', finalAtMs, exactFinal, resultBytes: clients[0]?.bytes.results ?? 0 };
}
