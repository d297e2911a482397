import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterPushes } from '../../server/cluster/cluster-pushes.ts';
import { END_QUIET_MS, nextPushAt, pushRate, QUIET_MS, type PendingPush } from '../../server/domain/push-rate.ts';
import { redisKeys } from '../../server/store/redis/keys.ts';
import { PUSH_RULE_LUA } from '../../server/store/redis/push-scripts.ts';
import { defineScripts } from '../../server/store/redis/scripts.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';

/*
 * Two processes' push schedulers on one real Redis. Their rounds of ticks (start()) run only
 * where a test says so, so every other push here comes from a mark, a try at the wait a script
 * returned, or a pusher's follow-up.
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

function client(): Redis {
  const made = new Redis(redis.url, { maxRetriesPerRequest: 0 });
  clients.push(made);
  defineScripts(made);
  return made;
}

function twoProcesses(intervalMs: number, flushOf: (process: string) => () => Promise<void> = () => async () => {}) {
  const keys = redisKeys(`test${++prefixCount}:`);
  const pushes: Push[] = [];
  const errors: unknown[] = [];
  const make = (process: string) => {
    const hold = flushOf(process);
    return new ClusterPushes<string>({
      redis: client(),
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
  return { a: make('a'), b: make('b'), pushes, errors, keys };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const never = () => new Promise<void>(() => {});

async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  for (let waited = 0; waited < timeoutMs && !check(); waited += 10) await sleep(10);
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/** Marks from both processes, alternating, every gapMs for durationMs. */
async function storm(a: ClusterPushes<string>, b: ClusterPushes<string>, durationMs: number, gapMs = 5): Promise<void> {
  const end = Date.now() + durationMs;
  for (let i = 0; Date.now() < end; i++) {
    (i % 2 ? a : b).mark('r1', 'poll:p1');
    await sleep(gapMs);
  }
}

describe('ClusterPushes: the rate bound shared by every process', () => {
  it('[CP1] a change after a quiet moment is pushed at once within the storm’s share, then END_QUIET_MS after it within the end’s, from either process; an urgent one from the reserve', async () => {
    // A window of 30 minutes (three pushes: the storm's, the end's, a chair's): a push seen
    // here was not one that waited for the window.
    const { a, b, pushes, errors } = twoProcesses(600_000);
    a.mark('r1', 'poll:p1');
    await until('the leading push', () => pushes.length === 1);
    expect(pushes[0]).toMatchObject({ process: 'a', keys: ['poll:p1'] });
    await sleep(QUIET_MS + 30);
    expect(pushes).toHaveLength(1);

    b.mark('r1', 'presence');
    await until('the end’s push', () => pushes.length === 2);
    expect(pushes[1]).toMatchObject({ process: 'b', keys: ['presence'] });

    await sleep(QUIET_MS + 30);
    a.mark('r1', 'votes');
    await sleep(300);
    expect(pushes).toHaveLength(2);

    b.mark('r1', 'poll:p1', true);
    await until('the urgent push', () => pushes.length === 3);
    expect(pushes[2]!.keys).toEqual(['poll:p1', 'votes']);

    // The whole window is spent: even a chair's change waits for it.
    b.mark('r1', 'poll:p1', true);
    await sleep(300);
    expect(pushes).toHaveLength(3);
    expect(errors).toEqual([]);
    a.stop();
    b.stop();
  });

  it('[CP2] marks from two processes for 2 s: at most the bound per rolling window, and the last change pushed', async () => {
    const rate = pushRate(250);
    const { a, b, pushes, errors, keys } = twoProcesses(250);
    await storm(a, b, 2_000);
    a.mark('r1', 'votes:last');
    await until('the last mark pushed', () => pushes.some((p) => p.keys.includes('votes:last')));
    await sleep(rate.windowMs);
    expect(pushes.at(-1)!.keys).toContain('votes:last');
    // The storm's cadence carried changes while they kept coming.
    expect(pushes.length).toBeGreaterThanOrEqual(3);
    // Starts are decided on Redis's clock; the times seen here come after each reply, so a
    // reply read late can bring two pushes closer here than they were there.
    const at = pushes.map((p) => p.atMs);
    for (let i = rate.perWindow; i < at.length; i++) expect(at[i]! - at[i - rate.perWindow]!).toBeGreaterThan(rate.windowMs - 100);
    // On Redis's clock, exactly, for the latest starts it kept: without a chair's change, no
    // more than the end's share (one fewer than the bound) in any window.
    const starts = ((await client().hget(keys.pushRate('r1'), 'starts')) ?? '').split(',').map(Number);
    expect(starts).toHaveLength(rate.perWindow);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(rate.windowMs);
    expect(errors).toEqual([]);
    a.stop();
    b.stop();
  });

  it('[CP3] an urgent change mid-storm is pushed at once, while the storm goes on', async () => {
    // A storm gap of 30 minutes: during the storm only the leading push and the chair's can come.
    const { a, b, pushes, errors } = twoProcesses(600_000);
    let stormEndedAt = Infinity;
    const stormDone = storm(a, b, 800).then(() => (stormEndedAt = Date.now()));
    await sleep(300);
    b.mark('r1', 'poll:close', true);
    await until('the urgent push', () => pushes.some((p) => p.keys.includes('poll:close')));
    const urgent = pushes.find((p) => p.keys.includes('poll:close'))!;
    await stormDone;
    expect(urgent.atMs).toBeLessThan(stormEndedAt);
    expect(errors).toEqual([]);
    a.stop();
    b.stop();
  });

  it('[CP4] an urgent change waits for a push under way in another process, then goes at once', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // The lease lasts 10 minutes: only the pusher's follow-up can push this soon.
    const { a, b, pushes, errors } = twoProcesses(600_000, (process) => (process === 'a' ? () => held : async () => {}));
    a.mark('r1', 'poll:p1');
    await until('the push under way', () => pushes.length === 1);
    b.mark('r1', 'poll:p1', true);
    await sleep(200);
    expect(pushes).toHaveLength(1);
    release();
    await until('the urgent push', () => pushes.length === 2);
    expect(pushes[1]).toMatchObject({ keys: ['poll:p1'] });
    expect(errors).toEqual([]);
    a.stop();
    b.stop();
  });

  it('[CP5] a pusher that stops mid-push: its lease expires and the other process pushes every mark kept', async () => {
    const { a, b, pushes, errors } = twoProcesses(300, (process) => (process === 'a' ? never : async () => {}));
    a.mark('r1', 'poll:p1');
    await until('the push under way', () => pushes.length === 1);
    a.stop();
    b.mark('r1', 'presence');
    await until('the push after the lease', () => pushes.length === 2, 3_000);
    expect(pushes[1]).toMatchObject({ process: 'b', keys: ['poll:p1', 'presence'] });
    expect(errors).toEqual([]);
    b.stop();
  });

  it('[CP6] a process that marked and died before trying: another one’s round pushes the mark', async () => {
    const { a, b, pushes, errors } = twoProcesses(250);
    a.mark('r1', 'poll:p1');
    a.stop();
    b.start();
    await until('the round’s push', () => pushes.length === 1);
    expect(pushes[0]).toMatchObject({ process: 'b', keys: ['poll:p1'] });
    expect(errors).toEqual([]);
    b.stop();
  });
});

describe('PUSH_RULE_LUA: the scripts decide as push-rate.ts does', () => {
  it('[CP7] nextPushAt in Lua equals nextPushAt in TypeScript on random rooms', async () => {
    const redisClient = client();
    // Redis's clock replaced by the case's: the rule's functions read `now` when called.
    const lua = `${PUSH_RULE_LUA}
now = tonumber(ARGV[10])
local case = cjson.decode(ARGV[11])
return next_push_at({ starts = case.starts, last = case.lastMarkAt, quiet = case.afterQuiet, urgent = case.urgent })`;
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (const intervalMs of [50, 250, 300, 5_000]) {
      const rate = pushRate(intervalMs);
      const rateArgs = [rate.windowMs, rate.perWindow, rate.endPerWindow, rate.stormPerWindow, rate.stormGapMs, QUIET_MS, END_QUIET_MS, intervalMs, 'p'];
      for (let i = 0; i < 60; i++) {
        const now = 1_000_000 + Math.floor(random() * rate.windowMs);
        const starts = Array.from({ length: Math.floor(random() * (rate.perWindow + 1)) }, () => now - Math.floor(random() * rate.windowMs * 1.5)).sort((x, y) => x - y);
        const pending: PendingPush = { starts, lastMarkAt: now - Math.floor(random() * 2 * END_QUIET_MS), afterQuiet: random() < 0.3, urgent: random() < 0.2 };
        const inLua = await redisClient.eval(lua, 0, ...rateArgs, now, JSON.stringify(pending));
        expect(inLua, JSON.stringify({ intervalMs, now, pending })).toBe(nextPushAt(rate, pending, now));
      }
    }
  });
});
