import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError, isStoreFailure } from '../../server/store/failures.ts';
import { RedisStore, type RedisStoreOptions } from '../../server/store/redis/redis-store.ts';
import type { BallotOutcome, CommitOutcome } from '../../server/store/store.ts';
import { freePort, startRedisServer, waitFor, withClient, type RedisServer } from '../support/redis-server.ts';
import { replicationInfo } from '../support/redis-sentinel.ts';
import { runStoreContract } from './contract.ts';
import { T0, astanaAgenda, initialRooms, nextDelta, singleVote, workshopAgenda } from './fixtures.ts';

let server: RedisServer;
let caseNumber = 0;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.dispose();
});

/** Removes every key under a prefix: test cases share one redis-server but never see each other's keys. */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const admin = new Redis(url, { lazyConnect: true });
  await admin.connect();
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await admin.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  await admin.quit();
}

runStoreContract('redis', async () => {
  const keyPrefix = `plenary-test-${process.pid}-${++caseNumber}:`;
  const store = new RedisStore(server.url, { keyPrefix });
  await store.init();
  return {
    store,
    cleanup: async () => {
      await store.close();
      await deleteKeys(server.url, keyPrefix);
    },
  };
});

describe('RedisStore', () => {
  // Cases here stop and restart Redis, so they get a server of their own.
  let redis: RedisServer;
  const opened: RedisStore[] = [];

  async function open(options: RedisStoreOptions = {}): Promise<RedisStore> {
    const store = new RedisStore(redis.url, { keyPrefix: `rd-${++caseNumber}:`, ...options });
    opened.push(store);
    await store.init();
    return store;
  }

  /** A second store on the same keys: what another server process behind the balancer sees. */
  async function sibling(store: RedisStore): Promise<RedisStore> {
    return open({ keyPrefix: store.keys.prefix });
  }

  async function eventually(check: () => Promise<unknown>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await check();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.dispose();
  });
  beforeEach(async () => {
    // A case that stopped Redis and failed part-way must not leave the next one without it.
    if (!(await redisAnswers(redis))) await redis.restart();
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  it('[RD1] while Redis is down, commands fail at once with StoreUnavailableError; when it returns, the same store recovers', async () => {
    const store = await open();
    expect(await store.castBallot(singleVote('v1', 'o1'))).toBe('counted');

    await redis.stop();
    for (const attempt of [
      () => store.castBallot(singleVote('v2', 'o1')),
      () => store.ping(),
      () => store.loadRoom('keynote-1'),
      () => store.pollTally('poll-1'),
      () => store.setUpvote('keynote-1', 'q1', 'p1', true),
    ]) {
      const startedMs = performance.now();
      const error = await attempt().then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(performance.now() - startedMs).toBeLessThan(500);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(isStoreFailure(error)).toBe(true);
    }

    await redis.restart();
    // Reconnection backs off to at most two seconds between attempts.
    await eventually(() => store.ping(), 5_000);
    expect(await store.castBallot(singleVote('v2', 'o1'))).toBe('counted');
    expect(await store.pollTally('poll-1')).toEqual({ voters: 2, counters: { o1: 2 } });
  });

  it('[RD1b] ballots in flight when Redis crashes all settle at once, and every acknowledged one is in the tally after restart', async () => {
    const store = await open();
    const voters = Array.from({ length: 3_000 }, (_, i) => `delegate-${i}`);
    // Crash mid-hall, on the 300th acknowledgement: some ballots are acknowledged, some fail,
    // some ran without their reply arriving. Counting answers makes the crash land while
    // ballots are in flight, however fast this machine is.
    const KILL_AT_ACK = 300;
    let answered = 0;
    let acknowledgedBeforeCrash = 0;
    let pendingAtCrash = 0;
    let crashed: { atMs: number; stopped: Promise<void> } | null = null;
    const casts = voters.map((voter) =>
      store.castBallot(singleVote(voter, 'o1')).then(
        (outcome) => {
          answered += 1;
          if (!crashed && ++acknowledgedBeforeCrash === KILL_AT_ACK) {
            pendingAtCrash = voters.length - answered;
            crashed = { atMs: performance.now(), stopped: redis.stop('SIGKILL') };
          }
          return outcome;
        },
        (error: unknown) => {
          answered += 1;
          return error;
        },
      ),
    );
    const outcomes = await Promise.all(casts);
    expect(crashed, 'Redis was killed').not.toBeNull();
    const { atMs, stopped } = crashed!;
    await stopped;
    expect(pendingAtCrash, 'ballots still waiting for Redis when it was killed').toBeGreaterThan(0);
    expect(performance.now() - atMs).toBeLessThan(1_000);

    const acknowledged = outcomes.filter((outcome) => outcome === 'counted').length;
    const failed = outcomes.filter((outcome) => outcome instanceof StoreUnavailableError).length;
    expect(acknowledged + failed).toBe(voters.length);
    expect(acknowledged).toBeGreaterThanOrEqual(KILL_AT_ACK);

    await redis.restart();
    await eventually(() => store.ping(), 5_000);
    const { voters: counted, counters } = await store.pollTally('poll-1');
    expect(counted).toBeGreaterThanOrEqual(acknowledged);
    expect(counters).toEqual(counted ? { o1: counted } : {});
    // A failed cast may or may not have run; casting again never counts it twice.
    await Promise.all(voters.map((voter) => store.castBallot(singleVote(voter, 'o1'))));
    expect(await store.pollTally('poll-1')).toEqual({ voters: voters.length, counters: { o1: voters.length } });
  });

  it('[RD8] with waitReplicas, a write is acknowledged once a replica has it, and answered unavailable when fewer replicas confirm', async () => {
    // Redis 7 waits 5 s by default before a diskless full sync, for more replicas to join it.
    await withClient(redis.port, (client) => client.config('SET', 'repl-diskless-sync-delay', '0'));
    const replica = await startRedisServer({ extraArgs: () => ['--replicaof', '127.0.0.1', String(redis.port)] });
    try {
      await waitFor('the replica to sync', async () => (await replicationInfo(replica.port))['master_link_status'] === 'up');
      const confirmed = await open({ waitReplicas: 1, waitTimeoutMs: 2_000 });
      expect(await confirmed.castBallot(singleVote('v1', 'o1'))).toBe('counted');
      // The replica had it before the acknowledgement: it answers a read of it at once.
      expect(await withClient(replica.port, (client) => client.hlen(confirmed.keys.ballots('poll-1')))).toBe(1);

      const tooMany = await open({ keyPrefix: confirmed.keys.prefix, waitReplicas: 2, waitTimeoutMs: 50 });
      await expect(tooMany.castBallot(singleVote('v2', 'o1'))).rejects.toThrow(/only 1 of 2 Redis replicas confirmed the write within 50 ms/);
      await expect(tooMany.castBallot(singleVote('v2', 'o1'))).rejects.toBeInstanceOf(StoreUnavailableError);
      const agenda = astanaAgenda();
      await confirmed.saveEvent(agenda, initialRooms(agenda), T0);
      const room = (await confirmed.loadRoom('keynote-1'))!;
      const opened = nextDelta(room, [{ type: 'room.opened' }], T0 + 1_000);
      await expect(tooMany.commitRoom(opened.delta, opened.next)).rejects.toBeInstanceOf(StoreUnavailableError);
      // Reads wait for nobody.
      expect((await tooMany.pollTally('poll-1')).voters).toBe(2);

      // Ballots arriving together share WAITs, as writes share an fsync in a group commit.
      const waitCalls = async () => Number(/cmdstat_wait:calls=(\d+)/.exec(await withClient(redis.port, (client) => client.info('commandstats')))?.[1] ?? 0);
      const before = await waitCalls();
      const hall = await Promise.all(Array.from({ length: 200 }, (_, i) => confirmed.castBallot(singleVote(`hall-${i}`, 'o2'))));
      expect(hall.every((outcome) => outcome === 'counted')).toBe(true);
      expect(await waitCalls()).toBeLessThan(before + 100);
    } finally {
      await replica.dispose();
    }
  });

  it('[RD10] ballots of two processes at once, sent as single commands: each voter\'s land in the order cast, none lost or counted twice', async () => {
    const store = await open();
    const other = await sibling(store);
    // A hall of 300 votes at once over two processes; 100 voters change their mind in the same moment.
    const first = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? store : other).castBallot(singleVote(`hall-${i}`, 'o1')));
    const changes = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? store : other).castBallot(singleVote(`hall-${i}`, 'o2')));
    const outcomes = await Promise.all([...first, ...changes]);
    expect(outcomes.slice(0, 300).every((outcome) => outcome === 'counted')).toBe(true);
    expect(outcomes.slice(300).every((outcome) => outcome === 'replaced')).toBe(true);
    expect(await store.pollTally('poll-1')).toEqual({ voters: 300, counters: { o1: 200, o2: 100 } });
    expect(await other.ballotOf('poll-1', 'hall-0')).toEqual({ kind: 'single', optionId: 'o2' });
  });

  it('[RD9] a delta decided on another history of the same revision conflicts: what a lost primary announced cannot overwrite the new primary\'s commit', async () => {
    const store = await open();
    const agenda = astanaAgenda();
    await store.saveEvent(agenda, initialRooms(agenda), T0);
    const room = (await store.loadRoom('keynote-1'))!;
    // Revision 1 as the new primary has it, and revision 1 as a process heard it from the old one.
    const kept = nextDelta(room, [{ type: 'room.opened' }], T0 + 1_000);
    const lost = nextDelta(room, [{ type: 'message.sent', message: { id: 'm-lost', text: 'never replicated', sentAtMs: T0 } }], T0 + 1_000);
    expect(await store.commitRoom(kept.delta, kept.next, undefined, room)).toBe('committed');

    const onLost = nextDelta(lost.next, [{ type: 'room.closed' }], T0 + 2_000);
    expect(await store.commitRoom(onLost.delta, onLost.next, undefined, lost.next)).toBe('conflict');
    expect(await store.loadRoom('keynote-1')).toEqual(kept.next);

    // Decided on the stored history, whether the state was loaded or computed by the reducer, it commits.
    const onKept = nextDelta(kept.next, [{ type: 'room.closed' }], T0 + 2_000);
    expect(await store.commitRoom(onKept.delta, onKept.next, undefined, (await store.loadRoom('keynote-1'))!)).toBe('committed');
    const next = nextDelta(onKept.next, [{ type: 'room.opened' }], T0 + 3_000);
    expect(await store.commitRoom(next.delta, next.next, undefined, onKept.next)).toBe('committed');
  });

  it('[RD2] init gives up on an unreachable Redis within its bound, as unavailable', async () => {
    const nobody = await freePort();
    const store = new RedisStore(`redis://127.0.0.1:${nobody}`, { readyTimeoutMs: 300 });
    const startedMs = performance.now();
    await expect(store.init()).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(performance.now() - startedMs).toBeLessThan(1_000);
    await store.close();
  });

  it('[RD3] acknowledged writes survive a crash of redis-server (AOF, appendfsync always)', async () => {
    const store = await open();
    expect(await store.durability()).toEqual({ appendonly: 'yes', appendfsync: 'always' });

    const agenda = astanaAgenda();
    await store.saveEvent(agenda, initialRooms(agenda), T0);
    const room = (await store.loadRoom('keynote-1'))!;
    const opened = nextDelta(room, [{ type: 'room.opened' }], T0 + 1_000);
    expect(await store.commitRoom(opened.delta, opened.next)).toBe('committed');
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.castBallot(singleVote(`delegate-${i}`, `o${i % 2}`))));
    await store.setUpvote('keynote-1', 'q1', 'p1', true);
    await store.getOrCreateSecret('session_secret', 'kept-secret');

    await redis.stop('SIGKILL');
    await redis.restart();
    await eventually(() => store.ping(), 5_000);

    const reopened = await sibling(store);
    for (const reader of [store, reopened]) {
      expect((await reader.findEventByCode('MERIT23'))?.agenda).toEqual(agenda);
      expect(await reader.loadRoom('keynote-1')).toEqual(opened.next);
      expect(await reader.deltasSince('keynote-1', 0, 10)).toEqual([opened.delta]);
      expect(await reader.pollTally('poll-1')).toEqual({ voters: 50, counters: { o0: 25, o1: 25 } });
      expect(await reader.upvoteCounts('keynote-1')).toEqual({ q1: 1 });
      expect(await reader.getOrCreateSecret('session_secret', 'another')).toBe('kept-secret');
    }
    // The scripts were lost with Redis's script cache; ioredis loads them again.
    const next = nextDelta(opened.next, [{ type: 'room.closed' }], T0 + 2_000);
    expect(await reopened.commitRoom(next.delta, next.next)).toBe('committed');
  });

  it('[RD4] two processes racing commitRoom on the same revision: exactly one commits, every round', async () => {
    const first = await open();
    const second = await sibling(first);
    const agenda = astanaAgenda();
    await first.saveEvent(agenda, initialRooms(agenda), T0);

    let state = (await first.loadRoom('panel-1'))!;
    for (let round = 1; round <= 20; round++) {
      const attempts = [first, second].flatMap((store, process) =>
        Array.from({ length: 5 }, (_, i) => ({
          store,
          ...nextDelta(state, [{ type: 'message.sent', message: { id: `m${round}-${process}-${i}`, text: 'please wrap up', sentAtMs: T0 } }]),
        })),
      );
      const outcomes: CommitOutcome[] = await Promise.all(attempts.map(({ store, delta, next }) => store.commitRoom(delta, next)));
      expect(outcomes.filter((outcome) => outcome === 'committed')).toHaveLength(1);
      state = attempts[outcomes.indexOf('committed')]!.next;
    }

    expect(await second.loadRoom('panel-1')).toEqual(state);
    const deltas = await first.deltasSince('panel-1', 0, 100);
    expect(deltas.map((delta) => delta.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('[RD5] two processes × 100 concurrent ballots of the same voters: each voter counted once, tally exact', async () => {
    const first = await open();
    const second = await sibling(first);
    const voters = Array.from({ length: 100 }, (_, i) => `delegate-${i}`);

    // Changing allowed: one process's ballot counts, the other replaces it or is unchanged.
    const changeable = await Promise.all([
      ...voters.map((voter) => first.castBallot(singleVote(voter, 'o1'))),
      ...voters.map((voter) => second.castBallot(singleVote(voter, 'o2'))),
    ]);
    expect(changeable.filter((outcome) => outcome === 'counted')).toHaveLength(100);
    const standing = await Promise.all(voters.map((voter) => first.ballotOf('poll-1', voter)));
    const expected: Record<string, number> = {};
    for (const ballot of standing) if (ballot?.kind === 'single') expected[ballot.optionId] = (expected[ballot.optionId] ?? 0) + 1;
    expect(await second.pollTally('poll-1')).toEqual({ voters: 100, counters: expected });

    // Change not allowed: exactly one ballot per voter stands; the other process is told already_voted.
    const once = { pollId: 'poll-once', allowChange: false };
    const final: BallotOutcome[] = await Promise.all([
      ...voters.map((voter) => first.castBallot(singleVote(voter, 'o1', once))),
      ...voters.map((voter) => second.castBallot(singleVote(voter, 'o2', once))),
    ]);
    expect(final.filter((outcome) => outcome === 'counted')).toHaveLength(100);
    expect(final.filter((outcome) => outcome === 'already_voted')).toHaveLength(100);
    const tally = await first.pollTally('poll-once');
    expect(tally.voters).toBe(100);
    expect((tally.counters.o1 ?? 0) + (tally.counters.o2 ?? 0)).toBe(100);
    expect(tally.counters.o1 ?? 0).toBe(final.slice(0, 100).filter((outcome) => outcome === 'counted').length);

    // Upvotes from both processes: one per person.
    const changed = await Promise.all([
      ...voters.map((voter) => first.setUpvote('keynote-1', 'q1', voter, true)),
      ...voters.map((voter) => second.setUpvote('keynote-1', 'q1', voter, true)),
    ]);
    expect(changed.filter(Boolean)).toHaveLength(100);
    expect(await first.upvoteCounts('keynote-1')).toEqual({ q1: 100 });
  });

  it('[RD6] a refusal that is no outage is an outcome, not an error: an audience code already taken', async () => {
    const store = await open();
    await store.saveEvent(astanaAgenda(), [], T0);
    const copycat = await store.saveEvent(workshopAgenda({ audienceCode: 'MERIT23' }), [], T0);
    expect(copycat).toEqual({ outcome: 'code_taken', eventId: 'astana-2023', code: 'MERIT23' });
    expect(await store.getEvent('ny-workshop')).toBeNull();
    expect((await store.findEventByCode('MERIT23'))?.agenda.id).toBe('astana-2023');
  });

  it('[RD6b] two processes racing to save events: one winner per id, per room id, per code and per revision, every round', async () => {
    const first = await open();
    const second = await sibling(first);
    const opening = workshopAgenda().rooms[0]!;
    for (let round = 1; round <= 10; round++) {
      const race = (make: (process: number, i: number) => Parameters<RedisStore['saveEvent']>) =>
        Promise.all([first, second].flatMap((store, process) => Array.from({ length: 4 }, (_, i) => store.saveEvent(...make(process, i)))));
      const saved = (outcomes: Array<{ outcome: string }>) => outcomes.filter((outcome) => outcome.outcome === 'saved').length;

      const sameId = await race((process, i) => {
        const agenda = workshopAgenda({ id: `id-${round}`, audienceCode: `ID${round}P${process}N${i}`, rooms: [{ ...opening, id: `id-${round}-${process}-${i}` }] });
        return [agenda, initialRooms(agenda), T0, 'absent'];
      });
      expect(saved(sameId)).toBe(1);
      const sameRoom = await race((process, i) => {
        const agenda = workshopAgenda({ id: `room-${round}-${process}-${i}`, audienceCode: `RM${round}P${process}N${i}`, rooms: [{ ...opening, id: `room-${round}` }] });
        return [agenda, initialRooms(agenda), T0, 'any'];
      });
      expect(saved(sameRoom)).toBe(1);
      const sameCode = await race((process, i) => {
        const agenda = workshopAgenda({ id: `code-${round}-${process}-${i}`, audienceCode: `CODE${round}`, rooms: [{ ...opening, id: `code-${round}-${process}-${i}` }] });
        return [agenda, initialRooms(agenda), T0, 'any'];
      });
      expect(saved(sameCode)).toBe(1);
      const { revision } = (await first.getEvent(`id-${round}`))!;
      const sameRevision = await race((process, i) => {
        const agenda = workshopAgenda({ id: `id-${round}`, title: `Edit ${process}-${i}`, audienceCode: `REV${round}P${process}N${i}`, rooms: [{ ...opening, id: `rev-${round}-${process}-${i}` }] });
        return [agenda, initialRooms(agenda), T0, { revision }];
      });
      expect(saved(sameRevision)).toBe(1);
    }
    // Each round leaves three events: the id's winner (edited once more), the room's and the code's.
    expect(await second.listEvents()).toHaveLength(30);
  });

  it('[RD6c] rooms of events saved before room owners were kept are listed once, and no other event may take them', async () => {
    const store = await open();
    const agenda = astanaAgenda();
    // What a version that kept no room owners left behind.
    await store.redis.hset(store.keys.event(agenda.id), 'agenda', JSON.stringify(agenda), 'audienceCode', agenda.audienceCode, 'createdAtMs', T0, 'updatedAtMs', T0);
    await store.redis.hset(store.keys.eventCodes(), agenda.audienceCode, agenda.id);
    await store.redis.zadd(store.keys.eventsByCreation(), T0, agenda.id);

    const reader = await sibling(store);
    expect(await reader.getEvent(agenda.id)).toEqual({ agenda, revision: 0, createdAtMs: T0, updatedAtMs: T0 });
    const poacher = workshopAgenda({ rooms: agenda.rooms });
    expect(await reader.saveEvent(poacher, [], T0 + 1)).toEqual({ outcome: 'room_taken', roomId: 'keynote-1', eventId: 'astana-2023' });
    expect(await reader.saveEvent(agenda, [], T0 + 2, { revision: 0 })).toEqual({ outcome: 'saved', revision: 1 });
  });

  it('[RD7] keys carry the configured prefix and a hash tag per room and per poll', async () => {
    const store = await open({ keyPrefix: 'conf-a:' });
    const agenda = astanaAgenda();
    await store.saveEvent(agenda, initialRooms(agenda), T0);
    await store.castBallot(singleVote('v1', 'o1'));

    const other = await open({ keyPrefix: 'conf-b:' });
    expect(await other.findEventByCode('MERIT23')).toBeNull();
    expect(await other.pollTally('poll-1')).toEqual({ voters: 0, counters: {} });

    const keys = (await store.redis.keys('conf-a:*')).sort();
    expect(keys).toContain('conf-a:{room:keynote-1}:state');
    expect(keys).toContain('conf-a:{poll:poll-1}:ballots');
    expect(keys.every((key) => key.startsWith('conf-a:'))).toBe(true);
  });
});

function redisAnswers(server: RedisServer): Promise<boolean> {
  const probe = new Redis(server.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  return probe
    .connect()
    .then(() => probe.ping())
    .then(
      () => true,
      () => false,
    )
    .finally(() => probe.disconnect());
}
