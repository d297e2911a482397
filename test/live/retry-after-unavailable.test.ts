import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/domain/context.ts';
import { LiveRooms } from '../../server/live/live-rooms.ts';
import type { Publisher } from '../../server/live/publisher.ts';
import { isStoreFailure } from '../../server/store/failures.ts';
import { RedisStore } from '../../server/store/redis/redis-store.ts';
import { eventually } from '../support/plenary-cluster.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { T0, astanaAgenda, initialRooms } from '../store/fixtures.ts';

/*
 * On Redis, `unavailable` does not mean "not applied": a commit script that Redis runs after
 * the store stopped waiting for its reply still commits. A retry with the same commandId must
 * find that commit's receipt rather than ask the question a second time.
 */

const agenda = astanaAgenda();
const room = agenda.rooms.find((r) => r.id === 'panel-1')!;
const silent: Publisher = { delta: () => undefined, pollResults: () => undefined, questionVotes: () => undefined, presence: () => undefined, speakerMessages: () => undefined, agendaChanged: () => undefined, hallChanged: () => undefined, quizBoard: () => undefined };
const moderator: Actor = { personId: 'moderator-1', role: 'moderator', name: 'Aigerim Sadykova', organisation: null, country: 'Kazakhstan' };
const delegate: Actor = { personId: 'delegate-1', role: 'participant', name: 'Delegate Dana', organisation: null, country: 'Georgia' };
let ids = 0;
const context = (actor: Actor) => ({ actor, room, newId: (prefix: string) => `${prefix}${++ids}` });

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.dispose();
});

describe('a retry after unavailable on Redis', () => {
  it('[RU1] the commit ran after its reply was given up on: the retry with the same id answers it, and the question is asked once', async () => {
    const store = new RedisStore(redis.url, { keyPrefix: 'ru1:', commandTimeoutMs: 200 });
    const admin = new Redis(redis.url);
    try {
      await store.init();
      await store.saveEvent(agenda, initialRooms(agenda), T0);
      const live: LiveRooms = new LiveRooms(store, silent, { storedRevision: (roomId) => store.roomRevision(roomId), loaded: () => undefined });
      expect(await live.run(room.id, 'room.open', {}, context(moderator), () => T0)).toMatchObject({ ok: true });
      const ask = () => live.run(room.id, 'qa.ask', { text: 'Who audits the auditors?', anonymous: false }, context(delegate), () => T0 + 1_000, 'ask-after-unavailable');

      // Writes (scripts included) wait in Redis for 600 ms; reads go on. The commit outlives its 200 ms timeout.
      await admin.call('CLIENT', 'PAUSE', '600', 'WRITE');
      const failure = await ask().then(() => null, (error: unknown) => error);
      expect(isStoreFailure(failure)).toBe(true);
      await eventually(async () => expect(await store.roomRevision(room.id)).toBe(2), 5_000);

      const retried = await ask();
      expect(retried).toMatchObject({ ok: true, value: { revision: 2 } });
      expect((await store.loadRoom(room.id))!.questions.map((q) => q.text)).toEqual(['Who audits the auditors?']);
    } finally {
      admin.disconnect();
      await store.close();
    }
  });
});
