import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, everythingAcknowledgedIsThere, openSession, readiness, stream } from '../support/cluster-session.ts';
import { ClusterScreen, eventually, sleep, startClusterOn, type PlenaryCluster } from '../support/plenary-cluster.ts';
import { waitFor, withClient } from '../support/redis-server.ts';
import { SENTINEL_NAME, sendAndForget, startSentinelGroup, type SentinelGroup } from '../support/redis-sentinel.ts';

/*
 * Redis without a single point of failure: a primary, two replicas and three sentinels, and two
 * Plenary processes that find the primary through the sentinels and acknowledge a write only
 * once a replica has it (WAIT). The primary is killed with SIGKILL in the middle of a vote
 * storm, at a moment when its replicas have fallen behind, so what it alone held is lost with
 * it. Path of a ballot: client → Plenary → primary → replica (WAIT) → acknowledgement.
 */

const WAIT_REPLICAS = '1';

let group: SentinelGroup;
let cluster: PlenaryCluster;
const opened: ClusterScreen[] = [];

beforeAll(async () => {
  group = await startSentinelGroup(2, 3);
  const env = { REDIS_SENTINELS: group.sentinelList, REDIS_SENTINEL_NAME: SENTINEL_NAME, PLENARY_REDIS_WAIT_REPLICAS: WAIT_REPLICAS, PLENARY_REDIS_WAIT_TIMEOUT_MS: '200' };
  cluster = await startClusterOn({ env, dispose: () => group.dispose() }, 2);
}, 60_000);

afterAll(async () => {
  for (const screen of opened) screen.close();
  await cluster?.stop();
});

describe('Redis Sentinel failover', () => {
  it('[SF1] kill -9 the primary mid vote storm while its replicas lag: every acknowledged command survives the promotion, and every process serves again by itself', async () => {
    const room = await openSession(cluster, opened, 'panel-2', 's', 30);
    const ledger = new Ledger();
    const streaming = stream(room, ledger);
    await sleep(600);

    // The replicas stop reading and the primary drops them: until it dies, only the primary has
    // what it is sent. Without WAIT it would acknowledge those writes, and lose them below. The
    // replicas sleep less than Sentinel's down-after (1 s), so they are fit to be promoted.
    for (const replica of group.replicas) sendAndForget(replica.port, 'DEBUG', 'SLEEP', '0.8');
    await sleep(100);
    await withClient(group.primary.port, (client) => client.call('CLIENT', 'KILL', 'TYPE', 'replica'));
    await sleep(400);
    // The storm stops before the kill, so no later command hides one lost with the primary.
    ledger.stopped = true;
    await streaming;
    await ledger.drain();
    const oldPrimary = group.primary.port;
    await group.primary.stop('SIGKILL');
    const unconfirmed = ledger.attempts.filter((a) => a.answer && !a.answer.ok && a.answer.error.code === 'unavailable');
    expect(unconfirmed.length, 'commands refused, before the kill, because no replica confirmed them').toBeGreaterThan(0);

    await waitFor('Sentinel to promote a replica', async () => (await group.primaryPort()) !== oldPrimary, 20_000);
    const promotedAtMs = Date.now();
    await eventually(async () => {
      for (const node of cluster.nodes) expect(await readiness(node.url), node.name).toBe(200);
    }, 15_000);
    // Each process recovered by itself: a vote on each is acknowledged again, confirmed by the remaining replica.
    const onEachProcess = cluster.nodes.map((node) => room.voters.find((voter) => voter.url === node.url)!);
    await eventually(async () => {
      for (const voter of onEachProcess) ledger.issue(voter, 'poll.vote', { pollId: room.pollId, ballot: { kind: 'single', optionId: 'o2' } }, { ballot: { kind: 'single', optionId: 'o2' } });
      await ledger.drain();
      for (const attempt of ledger.attempts.slice(-onEachProcess.length)) expect(attempt.answer).toMatchObject({ ok: true });
    }, 15_000);

    expect(ledger.attempts.some((a) => a.sentAtMs > promotedAtMs && a.answer?.ok), 'acknowledged after the promotion').toBe(true);
    for (const node of cluster.nodes) expect(node.isRunning(), `${node.name}:\n${node.log()}`).toBe(true);
    await everythingAcknowledgedIsThere(room, ledger);
    for (const node of cluster.nodes) expect(node.log(), node.name).not.toMatch(/unhandled|uncaught/i);
  });
});
