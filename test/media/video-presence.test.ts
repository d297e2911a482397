import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisMediaState } from '../../server/media/media-state.ts';
import { applyVideoEvent, withTracksMuted, type VideoEvent, type VideoRecord } from '../../server/media/video-presence.ts';
import { RedisStore } from '../../server/store/redis/redis-store.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';

const session = (n: number) => ({ sid: `PA_${n}`, joinedAtMs: n * 60_000 });
const camera = (n: number) => ({ sid: `TR_cam_${n}`, source: 'camera' as const, muted: false });
const microphone = (n: number) => ({ sid: `TR_mic_${n}`, source: 'microphone' as const, muted: true });
const base = (kind: VideoEvent['kind'], n: number) => ({ kind, identity: 'u_dilnoza', name: 'Delegate Dilnoza', session: session(n) });

/** A reconnect: the first session publishes and leaves, the second publishes a camera and keeps it. */
const HISTORY: VideoEvent[] = [
  { ...base('participant_joined', 1), tracks: { [camera(1).sid]: camera(1) } },
  { ...base('track_published', 1), track: microphone(1) },
  { ...base('track_unpublished', 1), track: camera(1) },
  base('participant_left', 1),
  { ...base('participant_joined', 2), tracks: {} },
  { ...base('track_published', 2), track: camera(2) },
  { ...base('track_published', 2), track: microphone(2) },
  { ...base('track_unpublished', 2), track: microphone(2) },
];

const fold = (events: readonly VideoEvent[]) => events.reduce<VideoRecord | null>((record, event) => applyVideoEvent(record, event) ?? record, null);

describe('video presence from webhooks in any order', () => {
  it('in order: the second session, with its camera only', () => {
    const record = fold(HISTORY);
    expect(record?.left).toBe(false);
    expect(record?.member.tracks).toEqual({ [camera(2).sid]: { source: 'camera', muted: false } });
  });

  it('every delivery order, with any event delivered twice, leads to the same record', () => {
    const inOrder = fold(HISTORY);
    fc.assert(
      fc.property(fc.shuffledSubarray([...HISTORY.keys()], { minLength: 0, maxLength: 3 }), fc.infiniteStream(fc.nat()), (replayed, stream) => {
        const deliveries = [...HISTORY, ...replayed.map((i) => HISTORY[i]!)];
        const keys = deliveries.map(() => stream.next().value);
        const order = deliveries.map((event, i) => ({ event, key: keys[i]! })).sort((a, b) => a.key - b.key);
        const record = fold(order.map(({ event }) => event));
        expect({ member: record?.member, left: record?.left }).toEqual({ member: inOrder?.member, left: inOrder?.left });
      }),
      { seed: 20230517, numRuns: 300 },
    );
  });

  it('events of one sid are one session, even when they give different times for it (LiveKit without joinedAtMs)', () => {
    const at = (kind: VideoEvent['kind'], seconds: number) => ({ ...base(kind, 1), session: { sid: 'PA_1', joinedAtMs: seconds * 1000 } });
    const record = fold([{ ...at('track_published', 101), track: camera(1) }, { ...at('participant_joined', 100), tracks: { [microphone(1).sid]: microphone(1) } }]);
    expect(Object.keys(record?.member.tracks ?? {}).sort()).toEqual([camera(1).sid, microphone(1).sid]);
    expect(record?.session.joinedAtMs).toBe(100_000);
  });

  it('an event of an older session, or of one that ended, changes nothing', () => {
    const record = fold(HISTORY)!;
    expect(applyVideoEvent(record, { ...base('participant_joined', 1), tracks: {} })).toBeNull();
    const left = applyVideoEvent(record, base('participant_left', 2))!;
    expect(applyVideoEvent(left, { ...base('track_published', 2), track: camera(2) })).toBeNull();
  });

  it("the server's mute marks known tracks muted and leaves an unknown track alone", () => {
    const record = fold(HISTORY)!;
    expect(withTracksMuted(record, [camera(2).sid])?.member.tracks[camera(2).sid]).toEqual({ source: 'camera', muted: true });
    expect(withTracksMuted(record, ['TR_unknown'])).toBeNull();
  });
});

describe('video presence in Redis, changed by two processes at once', () => {
  let redis: RedisServer;
  const stores: RedisStore[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    for (let i = 0; i < 2; i++) {
      const store = new RedisStore(redis.url, { keyPrefix: 'presence-test:' });
      await store.init();
      stores.push(store);
    }
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await redis?.dispose();
  });

  it('forty tracks of one person published at the same instant through two processes are all kept', async () => {
    const [a, b] = stores.map((store) => new RedisMediaState(store)) as [RedisMediaState, RedisMediaState];
    const room = 'plenary-acsh-2023-panel-1';
    await a.update(room, 'u_dilnoza', (record) => applyVideoEvent(record, { ...base('participant_joined', 1), tracks: {} }));
    const published = Array.from({ length: 40 }, (_, i): VideoEvent => ({ ...base('track_published', 1), track: { sid: `TR_${i}`, source: 'other', muted: false } }));
    await Promise.all(published.map((event, i) => (i % 2 ? a : b).update(room, 'u_dilnoza', (record) => applyVideoEvent(record, event))));
    const [member] = await a.members(room);
    expect(Object.keys(member?.tracks ?? {}).sort()).toEqual(published.map((event) => event.track!.sid).sort());
  });
});
