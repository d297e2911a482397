import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, everythingAcknowledgedIsThere, openSession, readiness, stream } from '../support/cluster-session.ts';
import { ClusterScreen, eventually, sleep, startCluster, type Cluster } from '../support/plenary-cluster.ts';

/*
 * The faults a cluster must survive, on real processes and a real redis-server: Redis going
 * away for a few seconds, and one of three server processes killed with SIGKILL mid-vote
 * (test/support/cluster-session.ts: the session, its stream of commands and the checks).
 */

let cluster: Cluster;
const opened: ClusterScreen[] = [];

beforeAll(async () => {
  cluster = await startCluster(3);
}, 60_000);

afterAll(async () => {
  for (const screen of opened) screen.close();
  await cluster?.stop();
});

describe('a cluster under faults', () => {
  it('[FT1] Redis stops for a few seconds mid-session: unavailable at once, not ready, then recovery by itself and every screen converges', async () => {
    const room = await openSession(cluster, opened, 'panel-2', 'r');
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
    // Commands flowed around the outage; how many depends on the machine's load, which is not what this tests.
    expect(codes['ok'], JSON.stringify(codes)).toBeGreaterThan(10);
    expect(codes['unavailable'], JSON.stringify(codes)).toBeGreaterThan(0);
    for (const node of cluster.nodes) expect(node.isRunning(), `${node.name}:\n${node.log()}`).toBe(true);
    await everythingAcknowledgedIsThere(room, ledger);
    for (const node of cluster.nodes) expect(node.log(), node.name).not.toMatch(/unhandled|uncaught/i);
  });

  it('[FT2] kill -9 one of three processes mid-vote: its screens move to another and carry on, nothing acknowledged is lost, pushes and presence converge', async () => {
    const room = await openSession(cluster, opened, 'panel-3', 'k');
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
