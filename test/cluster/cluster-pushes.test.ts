import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterPushes } from '../../server/cluster/cluster-pushes.ts';
import { redisKeys } from '../../server/store/redis/keys.ts';
import { defineScripts } from '../../server/store/redis/scripts.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';

/*
 * Two processes' push schedulers on one real Redis, without their rounds of ticks (start() is
 * not called), so every push here comes from the leading edge, the retry when a lease ends,
 * or an urgent mark.
 */

type Push = { process: string; roomId: string; keys: string[]; atMs: number };

let redis: RedisServer;
const clients: Redis[] = [];
let prefixCount = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis.dispose();
});

function twoProcesses(intervalMs: number, flushOf: (process: string) => () => Promise<void> = () => async () => {}) {
  const keys = redisKeys(`test${++prefixCount}:`);
  const pushes: Push[] = [];
  const errors: unknown[] = [];
  const make = (process: string) => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    clients.push(client);
    defineScripts(client);
    const hold = flushOf(process);
    return new ClusterPushes<string>({
      redis: client,
      keys,
      processId: process,
      intervalMs,
      flush: async (roomId, pushKeys) => {
        pushes.push({ process, roomId, keys: [...pushKeys].sort(), atMs: Date.now() });
        await hold();
      },
      onError: (error) => errors.push(error),
    });
  };
  return { a: make('a'), b: make('b'), pushes, errors };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await sleep(10);
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('ClusterPushes: a leading-edge throttle shared by every process', () => {
  it('[CP1] a first change is pushed without waiting for the interval; the next waits for the lease; an urgent one does not', async () => {
    // An interval far longer than the test: a push seen here was not the one after the interval.
    const { a, b, pushes, errors } = twoProcesses(600_000);
    a.mark('r1', 'poll:p1');
    await until('the leading push', () => pushes.length === 1);
    expect(pushes[0]).toMatchObject({ process: 'a', keys: ['poll:p1'] });

    b.mark('r1', 'presence');
    await sleep(300);
    expect(pushes).toHaveLength(1);

    b.mark('r1', 'poll:p1', true);
    await until('the urgent push', () => pushes.length === 2);
    expect(pushes[1]).toMatchObject({ process: 'b', keys: ['poll:p1', 'presence'] });
    expect(errors).toEqual([]);
    a.stop();
    b.stop();
  });

  it('[CP2] marks from two processes that keep coming: one push per interval at most, and the last mark pushed', async () => {
    const intervalMs = 300;
    const { a, b, pushes, errors } = twoProcesses(intervalMs);
    for (let i = 0; i < 50; i++) {
      (i % 2 ? a : b).mark('r1', 'poll:p1');
      await sleep(20);
    }
    a.mark('r1', 'votes:last');
    await until('the last mark pushed', () => pushes.some((p) => p.keys.includes('votes:last')));
    await sleep(2 * intervalMs);
    const at = pushes.map((p) => p.atMs);
    // The leases are timed by Redis, the pushes seen here after each reply: one push of slack
    // for a reply this process read late.
    expect(at.length).toBeGreaterThan(1);
    expect(at.length).toBeLessThanOrEqual(Math.ceil((at.at(-1)! - at[0]!) / intervalMs) + 1);
    expect(pushes.at(-1)!.keys).toContain('votes:last');
    expect(errors).toEqual([]);
    a.stop();
    b.stop();
  });

  it('[CP3] an urgent push waits for a push under way in another process, then goes at once', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const { a, b, pushes, errors } = twoProcesses(600_000, (process) => (process === 'a' ? () => held : async () => {}));
    a.mark('r1', 'poll:p1');
    await until('the push under way', () => pushes.length === 1);
    b.mark('r1', 'poll:p1', true);
    await sleep(200);
    expect(pushes).toHaveLength(1);
    release();
    await until('the urgent push', () => pushes.length === 2);
    expect(pushes[1]).toMatchObject({ process: 'b', keys: ['poll:p1'] });
    expect(errors).toEqual([]);
    a.stop();
    b.stop();
  });
});
