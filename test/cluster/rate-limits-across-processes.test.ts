import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ballot } from '../../shared/model/poll.ts';
import { openSession, type Room } from '../support/cluster-session.ts';
import { ClusterScreen, inBatches, sleep, startClusterOn, type Answer, type PlenaryCluster } from '../support/plenary-cluster.ts';
import { startRedisCluster } from '../support/redis-cluster.ts';
import { startRedisServer } from '../support/redis-server.ts';

/*
 * A person's two tabs on two server processes: their budgets are one, kept in Redis, both limits
 * of a command taken by one script (server/store/redis/rate-limit-scripts.ts). Tab on A →
 * script on Redis ← tab on B. On one Redis and on a Redis Cluster, where the person's counters
 * share a hash tag.
 */

/** The default overall budget (PLENARY_MESSAGES_PER_SECOND). */
const MESSAGES_PER_SECOND = 60;
const BALLOT: Ballot = { kind: 'single', optionId: 'o1' };

const backends = {
  'one Redis': async () => {
    const redis = await startRedisServer();
    return { env: { REDIS_URL: redis.url }, dispose: () => redis.dispose() };
  },
  'a Redis Cluster': async () => {
    const redis = await startRedisCluster(3);
    return { env: { REDIS_CLUSTER_NODES: redis.nodeList }, dispose: () => redis.dispose() };
  },
};

describe.each(Object.entries(backends))('rate limits across two processes on %s', (_, backend) => {
  let cluster: PlenaryCluster;
  let room: Room;
  const opened: ClusterScreen[] = [];

  beforeAll(async () => {
    cluster = await startClusterOn(await backend(), 2);
    room = await openSession(cluster, opened, 'panel-1', 'rl', 0);
  }, 60_000);

  afterAll(async () => {
    for (const screen of opened) screen.close();
    await cluster?.stop();
  });

  /** One person, a tab on server A and another on server B, both in the room. */
  async function twoTabs(name: string): Promise<[ClusterScreen, ClusterScreen]> {
    const first = await ClusterScreen.arrive(() => cluster.urls(), 0, { code: 'ACSH23', name }, room.roomId);
    const second = await ClusterScreen.withToken(() => cluster.urls(), 1, name, first.personId, first.token, room.roomId);
    opened.push(first, second);
    return [first, second];
  }

  const vote = (tab: ClusterScreen) => tab.send('poll.vote', { pollId: room.pollId, ballot: BALLOT });
  const codes = (answers: Array<Answer<never>>) => answers.map((answer) => (answer.ok ? 'ok' : answer.error.code));

  it('[RL12] 20 votes per 10 s for the person, whichever process: the 21st is refused with the same code, message and wait', async () => {
    const [onA, onB] = await twoTabs('Two-server Tahmina');
    const answers = await inBatches(Array.from({ length: 20 }, (_, i) => i), (i) => vote(i % 2 === 0 ? onA : onB));
    expect(codes(answers as Array<Answer<never>>)).toEqual(Array(20).fill('ok'));
    for (const tab of [onA, onB]) {
      const refused = await vote(tab);
      expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', message: 'Too many vote commands; wait a moment.', retryAfterMs: expect.any(Number) } });
      const { retryAfterMs } = (refused as { error: { retryAfterMs: number } }).error;
      expect(retryAfterMs).toBeGreaterThan(0);
      expect(retryAfterMs).toBeLessThanOrEqual(10_000);
    }
  });

  it('[RL13] the overall budget is the person’s across processes: refused messages on both add up', async () => {
    const [onA, onB] = await twoTabs('Two-server Temur');
    const half = Math.ceil(MESSAGES_PER_SECOND / 2) + 5;
    const unknown = (tab: ClusterScreen) => tab.send('no.such.command' as never, {} as never);
    await Promise.all(Array.from({ length: half }, () => [unknown(onA), unknown(onB)]).flat());
    const ping = await onA.send('clock.ping', { clientSentMs: Date.now() });
    expect(ping).toMatchObject({ ok: false, error: { code: 'rate_limited', message: 'Too many messages; wait a moment.', retryAfterMs: expect.any(Number) } });
  });

  it('[RL14] a vote refused by the overall budget does not use up the vote budget', async () => {
    const [onA, onB] = await twoTabs('Two-server Tolib');
    const flood = (tab: ClusterScreen) => tab.send('no.such.command' as never, {} as never);
    await Promise.all(Array.from({ length: MESSAGES_PER_SECOND / 2 }, () => [flood(onA), flood(onB)]).flat());
    const overBudget = await Promise.all(Array.from({ length: 10 }, (_, i) => vote(i % 2 === 0 ? onA : onB)));
    expect(codes(overBudget as Array<Answer<never>>).filter((code) => code === 'ok').length).toBeLessThan(10);
    // A new window of the overall budget; the vote budget's (10 s) still holds only the votes that were let through.
    await sleep(1_100);
    const admittedBefore = codes(overBudget as Array<Answer<never>>).filter((code) => code === 'ok').length;
    const answers = await Promise.all(Array.from({ length: 20 - admittedBefore }, (_, i) => vote(i % 2 === 0 ? onA : onB)));
    expect(codes(answers as Array<Answer<never>>)).toEqual(Array(20 - admittedBefore).fill('ok'));
    expect(await vote(onB)).toMatchObject({ ok: false, error: { code: 'rate_limited', message: 'Too many vote commands; wait a moment.' } });
  });
});
