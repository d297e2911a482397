import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, everythingAcknowledgedIsThere, openSession, stream } from '../support/cluster-session.ts';
import { ClusterScreen, eventually, sleep, startClusterOn, type PlenaryCluster } from '../support/plenary-cluster.ts';
import { startRedisCluster } from '../support/redis-cluster.ts';

/*
 * Two Plenary processes on a Redis Cluster of three primaries (REDIS_CLUSTER_NODES): the store's
 * scripts, the room feed (PUBLISH from a script, heard on every process), the Socket.IO sharded
 * adapter (SSUBSCRIBE per primary), the push leases, presence across processes and the rate
 * limiters all run on an ioredis Cluster client. Path of a push: lease holder → SPUBLISH →
 * the other process → its clients.
 */

let cluster: PlenaryCluster;
const opened: ClusterScreen[] = [];

beforeAll(async () => {
  const redis = await startRedisCluster(3);
  cluster = await startClusterOn({ env: { REDIS_CLUSTER_NODES: redis.nodeList }, dispose: () => redis.dispose() }, 2);
}, 60_000);

afterAll(async () => {
  for (const screen of opened) screen.close();
  await cluster?.stop();
});

describe('Plenary on a Redis Cluster', () => {
  it('[RC2] a session streamed across two processes: every screen converges, tallies are exact, each person present once', async () => {
    const room = await openSession(cluster, opened, 'panel-1', 'c', 30);
    const ledger = new Ledger();
    const streaming = stream(room, ledger);
    await sleep(1_500);
    ledger.stopped = true;
    await streaming;
    await ledger.drain();

    // Refusals the domain decides (a floor request already queued: conflict) are fine; failures of Redis are not.
    const codes = ledger.codes();
    expect(codes['ok'], JSON.stringify(codes)).toBeGreaterThan(50);
    for (const failure of ['unavailable', 'internal', 'no_answer', 'rate_limited']) expect(codes[failure], JSON.stringify(codes)).toBeUndefined();
    await everythingAcknowledgedIsThere(room, ledger);
    await eventually(async () => {
      const { people } = await room.moderator.must('presence.list', {});
      const mine = people.filter((person) => room.everyone.some((screen) => screen.personId === person.personId));
      expect(mine).toHaveLength(room.everyone.length);
      for (const person of mine) expect(person.connections, person.name).toBe(1);
    }, 10_000);
    for (const node of cluster.nodes) expect(node.log(), node.name).not.toMatch(/unhandled|uncaught|CROSSSLOT|background work failed/i);
  });
});
