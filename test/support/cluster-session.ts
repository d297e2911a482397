import { expect } from 'vitest';
import type { Ballot, Poll } from '../../shared/model/poll.ts';
import type { CommandInput, CommandName } from '../../shared/protocol/commands.ts';
import { expectedResults } from './expected-results.ts';
import { ClusterScreen, PUSH_INTERVAL_MS, eventually, inBatches, sleep, type Answer, type PlenaryCluster } from './plenary-cluster.ts';
import { settled, viewOf } from './room-follower.ts';

/*
 * A session under fire on a Plenary cluster, for the fault tests: a room with a moderator,
 * delegates and voters on every process, a stream of commands sent without waiting for one
 * another (as a hall does), a ledger of what each answer said, and the check that follows any
 * failure. A command in flight at the failure may or may not have run, so the check is:
 * acknowledged ⊆ present ⊆ sent.
 */

export const OPTIONS = ['Exam', 'Interview', 'Assessment centre', 'Work sample'];

export type Room = { roomId: string; moderator: ClusterScreen; delegates: ClusterScreen[]; voters: ClusterScreen[]; everyone: ClusterScreen[]; pollId: string };

/**
 * A moderator on A, delegates on B and C (wrapping round the processes there are), voters spread
 * over every process, and an open poll. Every screen opened is added to `opened`, for closing.
 */
export async function openSession(cluster: PlenaryCluster, opened: ClusterScreen[], roomId: string, tag: string, voterCount = 45): Promise<Room> {
  const size = cluster.nodes.length;
  const arrive = async (at: number, request: Parameters<typeof ClusterScreen.arrive>[2]) => {
    const screen = await ClusterScreen.arrive(() => cluster.urls(), at % size, request, roomId);
    opened.push(screen);
    return screen;
  };
  const moderator = await arrive(0, { invite: await cluster.inviteFor('moderator', roomId), name: `Moderator ${tag}` });
  const state = (await moderator.must('room.snapshot', {})).state;
  if (!state.open) await moderator.must('room.open', {});
  const delegateInvite = await cluster.inviteFor('participant', null);
  const delegates = await Promise.all([1, 2].map((i) => arrive(i, { invite: delegateInvite, name: `Delegate ${tag}${i}` })));
  const voters = await inBatches(Array.from({ length: voterCount }, (_, i) => i), (i) => arrive(i, { code: 'ACSH23', name: `Voter ${tag}${i}` }));
  const { pollId } = await moderator.must('poll.create', { question: `Best predictor (${tag})?`, spec: { kind: 'single', options: OPTIONS }, settings: { resultsVisibility: 'live' } });
  await moderator.must('poll.open', { pollId });
  return { roomId, moderator, delegates, voters, everyone: [moderator, ...delegates, ...voters], pollId };
}

export type Attempt = { who: ClusterScreen; name: CommandName; sentAtMs: number; answer: Answer<CommandName> | null; ballot?: Ballot; result?: Record<string, unknown> };

/** Every command sent and what its answer said, in the order sent. */
export class Ledger {
  readonly attempts: Attempt[] = [];
  private inFlight = new Set<Promise<void>>();
  stopped = false;

  issue<N extends CommandName>(who: ClusterScreen, name: N, payload: CommandInput<N>, details: Partial<Attempt> = {}): void {
    const attempt: Attempt = { who, name, sentAtMs: Date.now(), answer: null, ...details };
    this.attempts.push(attempt);
    const sent = who.send(name, payload, 8_000).then((answer) => {
      attempt.answer = answer as Answer<CommandName>;
      if (answer.ok) attempt.result = answer as unknown as Record<string, unknown>;
    });
    this.inFlight.add(sent);
    void sent.then(() => this.inFlight.delete(sent));
  }

  acked(name: CommandName): Attempt[] {
    return this.attempts.filter((a) => a.name === name && a.answer?.ok);
  }

  codes(): Record<string, number> {
    const codes: Record<string, number> = {};
    for (const { answer } of this.attempts) {
      const code = answer === null ? 'pending' : answer.ok ? 'ok' : answer.error.code;
      codes[code] = (codes[code] ?? 0) + 1;
    }
    return codes;
  }

  async drain(): Promise<void> {
    this.stopped = true;
    while (this.inFlight.size) await Promise.all(this.inFlight);
  }
}

/** Waves of votes, questions, floor requests and turns, a few milliseconds apart, until stopped. */
export async function stream(room: Room, ledger: Ledger): Promise<void> {
  for (let wave = 0; !ledger.stopped; wave++) {
    room.voters.forEach((voter, i) => {
      // Each voter about twice a second (the vote limit is 20 per 10 s), changing their mind each time.
      if ((wave + i) % 20 !== 0) return;
      const ballot: Ballot = { kind: 'single', optionId: `o${1 + ((i + Math.floor(wave / 20)) % OPTIONS.length)}` };
      ledger.issue(voter, 'poll.vote', { pollId: room.pollId, ballot }, { ballot });
    });
    if (wave % 10 === 5) ledger.issue(room.voters[wave % room.voters.length]!, 'qa.ask', { text: `Wave ${wave}: how is merit measured?` });
    if (wave % 15 === 0) room.delegates.forEach((delegate) => ledger.issue(delegate, 'floor.request', { kind: 'contribution' }));
    if (wave % 15 === 8) ledger.issue(room.moderator, 'floor.call', {});
    if (wave % 4 === 2) ledger.issue(room.moderator, 'timer.adjust', { timerId: 'session', deltaSec: 1 });
    await sleep(25);
  }
}

export async function readiness(url: string): Promise<number> {
  return (await fetch(`${url}/readyz`)).status;
}

/**
 * What every check after a failure comes to: each screen shows what a fresh snapshot shows,
 * everything acknowledged is present, and each tally is exactly the voters' standing ballots.
 */
export async function everythingAcknowledgedIsThere(room: Room, ledger: Ledger): Promise<void> {
  await Promise.all(room.everyone.map((screen) => screen.settled()));
  await settled(
    room.everyone.map((screen) => screen.room),
    4 * PUSH_INTERVAL_MS,
    15_000,
  );
  // Quiet for four intervals is usually the end, but on a loaded machine a coalesced push can
  // come later: a screen must reach the snapshot's view, and a push lost for good still fails here.
  const snapshots = new Map(
    await inBatches(room.everyone, async (screen) => {
      let fresh = await screen.must('room.snapshot', {});
      await eventually(async () => {
        fresh = await screen.must('room.snapshot', {});
        expect(screen.problems, screen.name).toEqual([]);
        expect(screen.room.current, screen.name).toEqual(viewOf(fresh));
      }, 10_000);
      return [screen, fresh] as const;
    }),
  );
  const state = snapshots.get(room.moderator)!.state;

  // Ballots: the last acknowledged one stands, unless one sent after it ran without its answer arriving.
  const maybeRan = (a: Attempt) => a.answer === null || (!a.answer.ok && ['unavailable', 'no_answer'].includes(a.answer.error.code));
  const standing = new Map<string, Ballot>();
  for (const voter of room.voters) {
    const mine = ledger.attempts.filter((a) => a.who === voter && a.name === 'poll.vote');
    let lastAcked = -1;
    mine.forEach((a, i) => (lastAcked = a.answer?.ok ? i : lastAcked));
    const allowed = [...(lastAcked >= 0 ? [mine[lastAcked]!] : []), ...mine.slice(lastAcked + 1).filter(maybeRan)].map((a) => a.ballot);
    const ballot = snapshots.get(voter)!.myBallots[room.pollId];
    if (ballot || lastAcked >= 0) expect(allowed, voter.name).toContainEqual(ballot);
    if (ballot) standing.set(voter.personId, ballot);
  }
  const poll = state.polls.find((p) => p.id === room.pollId) as Poll;
  const results = room.moderator.room.current.results[room.pollId];
  expect(results).toMatchObject(expectedResults(poll, standing));
  for (const screen of room.everyone) expect(screen.room.current.results[room.pollId], screen.name).toEqual(results);

  // Questions, floor requests and turns acknowledged are in the room.
  const questionIds = new Set(state.questions.map((q) => q.id));
  for (const ask of ledger.acked('qa.ask')) expect(questionIds.has((ask.result!['question'] as { id: string }).id)).toBe(true);
  expect(state.questions.length).toBeLessThanOrEqual(ledger.attempts.filter((a) => a.name === 'qa.ask' && (a.answer?.ok || maybeRan(a))).length);
  const requests = new Set([...state.floor.queue.map((r) => r.id), ...state.floor.finished.map((t) => t.requestId), state.floor.current?.requestId]);
  for (const request of ledger.acked('floor.request')) expect(requests.has(request.result!['requestId'] as string)).toBe(true);
  const calls = ledger.acked('floor.call').length;
  expect(state.floor.finished.length + (state.floor.current ? 1 : 0)).toBeGreaterThanOrEqual(calls);
}
