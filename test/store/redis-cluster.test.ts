import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCluster } from '../../server/store/redis/connection.ts';
import { RedisStore } from '../../server/store/redis/redis-store.ts';
import { startRedisCluster, type RedisClusterServers } from '../support/redis-cluster.ts';
import { runStoreContract } from './contract.ts';
import { T0, astanaAgenda, initialRooms, singleVote } from './fixtures.ts';

/*
 * The store contract against a real Redis Cluster of three primaries started by the test. Every
 * script must keep its keys in one slot (server/store/redis/keys.ts): a script or transaction
 * whose keys span slots fails with CROSSSLOT here, where one server would run it.
 */

let cluster: RedisClusterServers;
let caseNumber = 0;

beforeAll(async () => {
  cluster = await startRedisCluster(3);
}, 30_000);
afterAll(async () => {
  await cluster?.dispose();
});

async function clusterStore(keyPrefix: string): Promise<RedisStore> {
  const store = new RedisStore({ kind: 'cluster', nodes: cluster.nodes }, { keyPrefix });
  await store.init();
  return store;
}

runStoreContract('redis cluster', async () => {
  const keyPrefix = `plenary-cluster-${process.pid}-${++caseNumber}:`;
  const store = await clusterStore(keyPrefix);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await cluster.deleteKeys(keyPrefix);
    },
  };
});

describe('RedisStore on a Redis Cluster', () => {
  it('[RC1] rooms, polls and the event directory land on different primaries', async () => {
    const keyPrefix = `rc1-${process.pid}:`;
    const store = await clusterStore(keyPrefix);
    try {
      const agenda = astanaAgenda();
      await store.saveEvent(agenda, initialRooms(agenda), T0);
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.castBallot(singleVote(`delegate-${i}`, 'o1', { pollId: `poll-${i}` }))));
      const client = store.redis;
      if (!isCluster(client)) throw new Error('the store should use an ioredis Cluster');
      const primariesHoldingKeys = await Promise.all(
        cluster.servers.map(async (server) => {
          const node = client.nodes('master').find((redis) => redis.options.port === server.port)!;
          const [, keys] = await node.scan('0', 'MATCH', `${keyPrefix}*`, 'COUNT', 10_000);
          return keys.length;
        }),
      );
      expect(primariesHoldingKeys.filter((count) => count > 0)).toHaveLength(3);
    } finally {
      await store.close();
      await cluster.deleteKeys(keyPrefix);
    }
  });

  it('[RC3] with waitReplicas, WAIT reaches the primary of the write\'s slot: with no replicas, nothing is acknowledged', async () => {
    const keyPrefix = `rc3-${process.pid}:`;
    const store = new RedisStore({ kind: 'cluster', nodes: cluster.nodes }, { keyPrefix, waitReplicas: 1, waitTimeoutMs: 50 });
    await store.init();
    try {
      await expect(store.castBallot(singleVote('v1', 'o1'))).rejects.toThrow(/only 0 of 1 Redis replicas confirmed the write within 50 ms/);
      expect((await store.pollTally('poll-1')).voters).toBe(1);
    } finally {
      await store.close();
      await cluster.deleteKeys(keyPrefix);
    }
  });
});
