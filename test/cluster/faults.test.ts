import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ballot, Poll } from '../../shared/model/poll.ts';
import type { CommandInput, CommandName } from '../../shared/protocol/commands.ts';
import { expectedResults } from '../support/expected-results.ts';
import { ClusterScreen, PUSH_INTERVAL_MS, eventually, inBatches, sleep, startCluster, type Answer, type Cluster } from '../support/plenary-cluster.ts';
import { settled, viewOf } from '../support/room-follower.ts';

/*
 * The faults a cluster must survive, on real processes and a real redis-server: Redis going
 * away for a few seconds, and one of three server processes killed with SIGKILL mid-vote.
 * Commands stream in without waiting for one another, as a hall does. A command in flight at
 * the failure may or may not have run, so the checks are: acknowledged ⊆ present ⊆ sent.
 */

const VOTERS = 45;
const OPTIONS = ['Exam', 'Interview', 'Assessment centre', 'Work sample'];

let cluster: Cluster;
const opened: ClusterScreen[] = [];

beforeAll(async () => {
  cluster = await startCluster(3);
}, 60_000);

afterAll(async () => {
  for (const screen of opened) screen.close();
  await cluster?.stop();
});

type Room = { roomId: string; moderator: ClusterScreen; delegates: ClusterScreen[]; voters: ClusterScreen[]; everyone: ClusterScreen[]; pollId: string };

async function arrive(roomId: string, at: number, request: Parameters<typeof ClusterScreen.arrive>[2]): Promise<ClusterScreen> {
  const screen = await ClusterScreen.arrive(() => cluster.urls(), at, request, roomId);
  opened.push(screen);
  return screen;
}

/** A moderator on A, delegates on B and C, voters on all three, and an open poll. */
async function openSession(roomId: string, tag: string): Promise<Room> {
  const moderator = await arrive(roomId, 0, { invite: await cluster.inviteFor('moderator', roomId), name: `Moderator ${tag}` });
  const state = (await moderator.must('room.snapshot', {})).state;
  if (!state.open) await moderator.must('room.open', {});
  const delegateInvite = await cluster.inviteFor('participant', null);
  const delegates = await Promise.all([1, 2].map((i) => arrive(roomId, i, { invite: delegateInvite, name: `Delegate ${tag}${i}` })));
  const voters = await inBatches(Array.from({ length: VOTERS }, (_, i) => i), (i) => arrive(roomId, i % 3, { code: 'ACSH23', name: `Voter ${tag}${i}` }));
  const { pollId } = await moderator.must('poll.create', { question: `Best predictor (${tag})?`, spec: { kind: 'single', options: OPTIONS }, settings: { resultsVisibility: 'live' } });
  await moderator.must('poll.open', { pollId });
  return { roomId, moderator, delegates, voters, everyone: [moderator, ...delegates, ...voters], pollId };
}

type Attempt = { who: ClusterScreen; name: CommandName; sentAtMs: number; answer: Answer<CommandName> | null; ballot?: Ballot; result?: Record<string, unknown> };

/** Every command sent and what its answer said, in the order sent. */
class Ledger {
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
async function stream(room: Room, ledger: Ledger): Promise<void> {
  for (let wave = 0; !ledger.stopped; wave++) {
    room.voters.forEach((voter, i) => {
      // Each voter about twice a second (the vote limit is 20 per 10 s), changing their mind each time.
      if ((wave + i) % 20 !== 0) return;
      const ballot: Ballot = { kind: 'single', optionId: `o${1 + ((i + Math.floor(wave / 20)) % OPTIONS.length)}` };
      ledger.issue(voter, 'poll.vote', { pollId: room.pollId, ballot }, { ballot });
    });
    if (wave % 10 === 5) ledger.issue(room.voters[wave % VOTERS]!, 'qa.ask', { text: `Wave ${wave}: how is merit measured?` });
    if (wave % 15 === 0) room.delegates.forEach((delegate) => ledger.issue(delegate, 'floor.request', { kind: 'contribution' }));
    if (wave % 15 === 8) ledger.issue(room.moderator, 'floor.call', {});
    if (wave % 4 === 2) ledger.issue(room.moderator, 'timer.adjust', { timerId: 'session', deltaSec: 1 });
    await sleep(25);
  }
}

async function readiness(url: string): Promise<number> {
  return (await fetch(`${url}/readyz`)).status;
}

/**
 * What every check after a failure comes to: each screen shows what a fresh snapshot shows,
 * everything acknowledged is present, and each tally is exactly the voters' standing ballots.
 */
async function everythingAcknowledgedIsThere(room: Room, ledger: Ledger): Promise<void> {
  await Promise.all(room.everyone.map((screen) => screen.settled()));
  await settled(
    room.everyone.map((screen) => screen.room),
    4 * PUSH_INTERVAL_MS,
    15_000,
  );
  const snapshots = new Map(
    await inBatches(room.everyone, async (screen) => {
      const fresh = await screen.must('room.snapshot', {});
      expect(screen.problems, screen.name).toEqual([]);
      expect(screen.room.current, screen.name).toEqual(viewOf(fresh));
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

describe('a cluster under faults', () => {
  it('[FT1] Redis stops for a few seconds mid-session: unavailable at once, not ready, then recovery by itself and every screen converges', async () => {
    const room = await openSession('panel-2', 'r');
    const ledger = new Ledger();
    const streaming = stream(room, ledger);
    await sleep(600);

    await cluster.redis.stop();
    const startedMs = Date.now();
    const refused = await room.moderator.send('timer.adjust', { timerId: 'session', deltaSec: 5 });
    const vote = await room.voters[1]!.send('poll.vote', { pollId: room.pollId, ballot: { kind: 'single', optionId: 'o1' } });
    expect(Date.now() - startedMs, 'two commands refused within').toBeLessThan(1_000);
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(vote).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    for (const node of cluster.nodes) expect(await readiness(node.url), node.name).toBe(503);
    await sleep(2_500);

    await cluster.redis.restart();
    await eventually(async () => {
      for (const node of cluster.nodes) expect(await readiness(node.url), node.name).toBe(200);
    }, 15_000);
    // The processes recovered by themselves: commands on each of them are acknowledged again.
    await eventually(async () => {
      const answers = await Promise.all(room.voters.slice(0, 3).map((voter) => voter.send('qa.upvote', { questionId: 'none' })));
      for (const answer of answers) expect(answer).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }, 10_000);
    await sleep(600);
    ledger.stopped = true;
    await streaming;
    await ledger.drain();

    const codes = ledger.codes();
    expect(codes['ok'], JSON.stringify(codes)).toBeGreaterThan(100);
    expect(codes['unavailable'], JSON.stringify(codes)).toBeGreaterThan(0);
    for (const node of cluster.nodes) expect(node.isRunning(), `${node.name}:\n${node.log()}`).toBe(true);
    await everythingAcknowledgedIsThere(room, ledger);
    for (const node of cluster.nodes) expect(node.log(), node.name).not.toMatch(/unhandled|uncaught/i);
  });

  it('[FT2] kill -9 one of three processes mid-vote: its screens move to another and carry on, nothing acknowledged is lost, pushes and presence converge', async () => {
    const room = await openSession('panel-3', 'k');
    const victim = cluster.nodes[1]!;
    const movers = room.everyone.filter((screen) => screen.url === victim.url);
    expect(movers.length).toBeGreaterThan(10);
    const watcher = room.voters[0]!;
    expect(watcher.url).toBe(cluster.nodes[0]!.url);

    const ledger = new Ledger();
    const streaming = stream(room, ledger);
    await sleep(600);
    await victim.kill('SIGKILL');
    const killedAtMs = Date.now();
    const pushesAtKill = watcher.room.received.results;
    await sleep(1_500);
    ledger.stopped = true;
    await streaming;
    await ledger.drain();

    // The dead process's screens reconnected to the next server in their list and carried on there.
    for (const screen of movers) {
      expect(screen.reconnections, screen.name).toBeGreaterThanOrEqual(1);
      expect(screen.url, screen.name).not.toBe(victim.url);
    }
    const afterKill = ledger.attempts.filter((a) => movers.includes(a.who) && a.answer?.ok && a.sentAtMs > killedAtMs).length;
    expect(afterKill, 'acknowledged commands from moved screens').toBeGreaterThan(0);
    // Pushes went on: the dead process's leases expired and another process pushed.
    expect(watcher.room.received.results).toBeGreaterThan(pushesAtKill);
    await everythingAcknowledgedIsThere(room, ledger);

    // Presence: the dead process's connections are removed once its heartbeat expires; each person counts once, with one connection.
    const alive = cluster.nodes.filter((node) => node.isRunning());
    expect(alive).toHaveLength(2);
    await eventually(async () => {
      const { people } = await room.moderator.must('presence.list', {});
      const mine = people.filter((person) => room.everyone.some((screen) => screen.personId === person.personId));
      expect(mine).toHaveLength(room.everyone.length);
      for (const person of mine) expect(person.connections, person.name).toBe(1);
    }, 10_000);
  });
});
