import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, everythingAcknowledgedIsThere, openSession, readiness, stream } from '../support/cluster-session.ts';
import { ClusterScreen, eventually, sleep, startClusterOn, type PlenaryCluster } from '../support/plenary-cluster.ts';
import { startRedisCluster, type RedisClusterServers } from '../support/redis-cluster.ts';
import { waitFor, withClient } from '../support/redis-server.ts';

/*
 * A Redis Cluster's own failover: three primaries with two replicas each, two Plenary processes
 * with WAIT 1, and the primary that holds the room killed with SIGKILL mid-storm. The Cluster
 * promotes one of its replicas (the other keeps confirming writes), the ioredis Cluster clients
 * find the new primary by themselves, and nothing acknowledged is lost.
 */

let redis: RedisClusterServers;
let cluster: PlenaryCluster;
const opened: ClusterScreen[] = [];

beforeAll(async () => {
  redis = await startRedisCluster(3, 2);
  const env = { REDIS_CLUSTER_NODES: redis.nodeList, PLENARY_REDIS_WAIT_REPLICAS: '1', PLENARY_REDIS_WAIT_TIMEOUT_MS: '500' };
  cluster = await startClusterOn({ env, dispose: () => redis.dispose() }, 2);
}, 60_000);

afterAll(async () => {
  for (const screen of opened) screen.close();
  await cluster?.stop();
});

/** The port of the primary that holds `key`'s slot, as the node at `port` sees the cluster. */
function primaryOf(port: number, key: string): Promise<number | null> {
  return withClient(port, async (client) => {
    const slot = Number(await client.call('CLUSTER', 'KEYSLOT', key));
    for (const line of String(await client.call('CLUSTER', 'NODES')).trim().split('\n')) {
      const [, address, flags, , , , , , ...ranges] = line.split(' ');
      if (!flags?.includes('master') || flags.includes('fail')) continue;
      for (const range of ranges) {
        const [from, to = from] = range.split('-').map(Number);
        if (slot >= from! && slot <= to!) return Number(address!.split('@')[0]!.split(':')[1]);
      }
    }
    return null;
  });
}

describe('Redis Cluster failover', () => {
  it('[RC4] kill -9 the primary holding the room mid-storm: a replica takes over, every process serves again by itself, nothing acknowledged is lost', async () => {
    const room = await openSession(cluster, opened, 'panel-2', 'f', 30);
    const ledger = new Ledger();
    const streaming = stream(room, ledger);
    await sleep(600);

    const key = 'plenary:{room:panel-2}:state';
    const owner = await primaryOf(redis.servers[0]!.port, key);
    const victim = redis.servers.find((server) => server.port === owner)!;
    await victim.stop('SIGKILL');
    const survivor = redis.servers.find((server) => server !== victim)!;
    await waitFor('a replica to take the room\'s slot', async () => ![null, owner].includes(await primaryOf(survivor.port, key)), 20_000);
    const promotedAtMs = Date.now();
    await eventually(async () => {
      for (const node of cluster.nodes) expect(await readiness(node.url), node.name).toBe(200);
    }, 15_000);
    // Room commands on each process are acknowledged again, confirmed by the remaining replica.
    await eventually(async () => {
      const answers = await Promise.all([room.moderator, ...room.delegates].map((screen) => screen.send('timer.adjust', { timerId: 'session', deltaSec: 0 })));
      for (const answer of answers) expect(answer).not.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    }, 15_000);
    await sleep(600);
    ledger.stopped = true;
    await streaming;
    await ledger.drain();

    expect(ledger.attempts.some((a) => a.sentAtMs > promotedAtMs && a.answer?.ok), 'acknowledged after the promotion').toBe(true);
    for (const node of cluster.nodes) expect(node.isRunning(), `${node.name}:\n${node.log()}`).toBe(true);
    await everythingAcknowledgedIsThere(room, ledger);
    for (const node of cluster.nodes) expect(node.log(), node.name).not.toMatch(/unhandled|uncaught/i);
  });
});
