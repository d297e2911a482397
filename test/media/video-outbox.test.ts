import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Turn } from '../../shared/model/floor.ts';
import type { RoomDelta, RoomEvent } from '../../shared/protocol/room-events.ts';
import { createLogger } from '../../server/logger.ts';
import { floorCallsOf } from '../../server/media/floor-permissions.ts';
import { VideoControl } from '../../server/media/video-control.ts';
import { VIDEO_OUTBOX } from '../../server/media/video-outbox.ts';
import { RedisStore } from '../../server/store/redis/redis-store.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/store/store.ts';
import { startFakeLiveKit } from '../support/fake-livekit.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';

const turnOf = (personId: string): Turn => ({
  requestId: `rq_${personId}`,
  speaker: { personId, name: personId, organisation: null, country: null },
  kind: 'contribution',
  allottedMs: 180_000,
  startedAtMs: 0,
});
const started = (personId: string): RoomEvent => ({ type: 'floor.turnStarted', turn: turnOf(personId) });
const ended = (personId: string): RoomEvent => ({ type: 'floor.turnEnded', finished: { ...turnOf(personId), endedAtMs: 1, spokenMs: 1 } });
const delta = (revision: number, ...events: RoomEvent[]): RoomDelta => ({ roomId: 'panel-1', revision, atMs: 0, events });
const question: RoomEvent = { type: 'room.opened' };

describe('floorCallsOf: the LiveKit calls a run of deltas asks for', () => {
  it('a turn grants; its end revokes; a delta without a floor change asks for nothing', () => {
    expect(floorCallsOf([delta(1, question), delta(2, started('dilnoza'))], null)).toEqual({
      calls: [{ personId: 'dilnoza', change: 'grant', revision: 2, holderAfter: 'dilnoza' }],
      revision: 2,
      holder: 'dilnoza',
    });
    expect(floorCallsOf([delta(3, ended('dilnoza')), delta(4, question)], 'dilnoza')).toEqual({
      calls: [{ personId: 'dilnoza', change: 'revoke', revision: 3, holderAfter: null }],
      revision: 4,
      holder: null,
    });
  });

  it('the floor given to another revokes the holder before granting the next, in one delta', () => {
    const plan = floorCallsOf([delta(7, ended('dilnoza'), started('aziz'))], 'dilnoza');
    expect(plan.calls.map((call) => [call.change, call.personId, call.revision])).toEqual([['revoke', 'dilnoza', 7], ['grant', 'aziz', 7]]);
  });

  it("only each person's last change is kept, in the order of those last changes", () => {
    const plan = floorCallsOf([delta(5, started('dilnoza')), delta(6, ended('dilnoza'), started('aziz')), delta(8, ended('aziz'), started('dilnoza'))], null);
    expect(plan.calls.map((call) => [call.change, call.personId, call.revision])).toEqual([['revoke', 'aziz', 8], ['grant', 'dilnoza', 8]]);
    expect(plan.holder).toBe('dilnoza');
  });

  it('a turn that ends and starts again for the same person in one delta changes nothing', () => {
    expect(floorCallsOf([delta(9, ended('dilnoza'), started('dilnoza'))], 'dilnoza').calls).toEqual([]);
  });
});

describe('VideoControl: one floor change, tried five times', () => {
  const logger = createLogger('silent');

  it('gives up after five tries while LiveKit answers 503 (the change stays in the outbox)', async () => {
    const livekit = await startFakeLiveKit();
    livekit.failWith = 503;
    const control = new VideoControl({ url: livekit.url, publicUrl: livekit.url, apiKey: 'devkey', apiSecret: 'a-secret-long-enough-for-hs256-signing' }, logger, undefined, { attempts: 5, firstDelayMs: 1 });
    expect(await control.grantSpeaker('plenary-acsh-2023-panel-1', 'u_dilnoza')).toBe('failed');
    expect(livekit.calls.map((call) => [call.rpc, call.status])).toEqual(Array.from({ length: 5 }, () => ['UpdateParticipant', 503]));
  });

  it('a person who is not in the video room needs no change; a try that must not proceed is never sent', async () => {
    const livekit = await startFakeLiveKit();
    livekit.failWith = 404;
    const control = new VideoControl({ url: livekit.url, publicUrl: livekit.url, apiKey: 'devkey', apiSecret: 'a-secret-long-enough-for-hs256-signing' }, logger, undefined, { attempts: 5, firstDelayMs: 1 });
    expect(await control.revokeSpeaker('plenary-acsh-2023-panel-1', 'u_dilnoza')).toBe('applied');
    expect(livekit.calls).toHaveLength(1);
    expect(await control.grantSpeaker('plenary-acsh-2023-panel-1', 'u_dilnoza', async () => false)).toBe('superseded');
    expect(livekit.calls).toHaveLength(1);
  });
});

describe.each(['sqlite', 'redis'] as const)('the outbox cursor and lease in the %s store', (kind) => {
  let store: Store;
  let redis: RedisServer | null = null;
  let dir = '';

  beforeAll(async () => {
    if (kind === 'redis') {
      redis = await startRedisServer();
      store = new RedisStore(redis.url, { keyPrefix: 'outbox-test:' });
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-outbox-'));
      store = new SqliteStore(path.join(dir, 'plenary.db'));
    }
    await store.init();
  });
  afterAll(async () => {
    await store.close();
    await redis?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('[OB1] a cursor that never moved is at revision 0 with no memo', async () => {
    expect(await store.outboxCursor(VIDEO_OUTBOX, 'ob1')).toEqual({ revision: 0, memo: null });
  });

  it('[OB2] one owner at a time: another is refused while the lease runs, the holder renews it', async () => {
    expect(await store.claimOutbox(VIDEO_OUTBOX, 'ob2', 'process-a', 60_000)).toBe(true);
    expect(await store.claimOutbox(VIDEO_OUTBOX, 'ob2', 'process-b', 60_000)).toBe(false);
    expect(await store.claimOutbox(VIDEO_OUTBOX, 'ob2', 'process-a', 60_000)).toBe(true);
    await store.releaseOutbox(VIDEO_OUTBOX, 'ob2', 'process-b');
    expect(await store.claimOutbox(VIDEO_OUTBOX, 'ob2', 'process-b', 60_000)).toBe(false);
    await store.releaseOutbox(VIDEO_OUTBOX, 'ob2', 'process-a');
    expect(await store.claimOutbox(VIDEO_OUTBOX, 'ob2', 'process-b', 60_000)).toBe(true);
  });

  it('[OB3] a lease whose holder died runs out, and another owner takes the outbox', async () => {
    expect(await store.claimOutbox(VIDEO_OUTBOX, 'ob3', 'process-a', 50)).toBe(true);
    await expect.poll(() => store.claimOutbox(VIDEO_OUTBOX, 'ob3', 'process-b', 60_000), { timeout: 2_000, interval: 20 }).toBe(true);
    expect(await store.advanceOutbox(VIDEO_OUTBOX, 'ob3', 'process-a', { revision: 3, memo: null }), 'the old holder may no longer move the cursor').toBe(false);
    expect(await store.outboxCursor(VIDEO_OUTBOX, 'ob3')).toEqual({ revision: 0, memo: null });
  });

  it('[OB4] the holder moves the cursor forward, never back; others cannot move it', async () => {
    expect(await store.advanceOutbox(VIDEO_OUTBOX, 'ob4', 'process-a', { revision: 2, memo: 'u_x' }), 'no lease, no move').toBe(false);
    await store.claimOutbox(VIDEO_OUTBOX, 'ob4', 'process-a', 60_000);
    expect(await store.advanceOutbox(VIDEO_OUTBOX, 'ob4', 'process-a', { revision: 5, memo: 'u_dilnoza' })).toBe(true);
    expect(await store.advanceOutbox(VIDEO_OUTBOX, 'ob4', 'process-a', { revision: 4, memo: 'u_other' })).toBe(true);
    expect(await store.outboxCursor(VIDEO_OUTBOX, 'ob4')).toEqual({ revision: 5, memo: 'u_dilnoza' });
    expect(await store.advanceOutbox(VIDEO_OUTBOX, 'ob4', 'process-a', { revision: 9, memo: null })).toBe(true);
    expect(await store.outboxCursor(VIDEO_OUTBOX, 'ob4')).toEqual({ revision: 9, memo: null });
    expect(await store.advanceOutbox(VIDEO_OUTBOX, 'ob4', 'process-b', { revision: 12, memo: null })).toBe(false);
    expect(await store.outboxCursor(VIDEO_OUTBOX, 'ob4')).toEqual({ revision: 9, memo: null });
    expect(await store.outboxCursor('webhooks', 'ob4'), 'outboxes of one room are apart').toEqual({ revision: 0, memo: null });
  });
});
