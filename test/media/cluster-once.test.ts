import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveKitRoomName } from '../../server/media/room-names.ts';
import { startFakeLiveKit, type FakeLiveKit } from '../support/fake-livekit.ts';
import { postSignedWebhook } from '../support/livekit-webhooks.ts';
import { ok } from '../support/plenary.ts';
import { CLUSTER_ADMIN_TOKEN, CLUSTER_EVENT_ID, connectTo, joinAt, sleep, startCluster, type Cluster } from '../support/plenary-cluster.ts';

const KEY = 'devkey';
const SECRET = 'a-secret-long-enough-for-hs256-signing';
const ROOM_ID = 'panel-1';
const VIDEO_ROOM = liveKitRoomName(CLUSTER_EVENT_ID, ROOM_ID);

let livekit: FakeLiveKit;
let cluster: Cluster;

beforeAll(async () => {
  livekit = await startFakeLiveKit('file');
  cluster = await startCluster(2, { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

const signedWebhook = (url: string, body: string) => postSignedWebhook(url, body, KEY, SECRET);

describe('two processes on one Redis', () => {
  it('a floor change reaches LiveKit once, from the process that committed it, not once per process', async () => {
    const [a, b] = cluster.urls() as [string, string];
    // Path: chair → server B → commit (Redis) → feed → server A's participant; LiveKit is called by B only.
    const chair = await connectTo(b, (await joinAt(b, { adminToken: CLUSTER_ADMIN_TOKEN, eventId: CLUSTER_EVENT_ID, name: 'Organiser Olzhas' })).token);
    const joined = await joinAt(a, { invite: await cluster.inviteFor('participant', null), name: 'Delegate Dilnoza' });
    const participant = await connectTo(a, joined.token);
    await ok(chair, 'room.join', { roomId: ROOM_ID });
    await ok(participant, 'room.join', { roomId: ROOM_ID });
    await ok(chair, 'room.open', {});
    const { requestId } = await ok(participant, 'floor.request', { kind: 'contribution' });
    await ok(chair, 'floor.call', { requestId });
    await expect.poll(() => livekit.calls.length, { timeout: 5_000 }).toBe(1);
    await sleep(500);
    expect(livekit.calls.map((call) => [call.rpc, call.body.identity])).toEqual([['UpdateParticipant', joined.person.id]]);
    chair.disconnect();
    participant.disconnect();
  });

  it('a webhook delivered to A and replayed to B is applied once, and B sees the presence A recorded', async () => {
    const [a, b] = cluster.urls() as [string, string];
    const body = JSON.stringify({ event: 'participant_joined', id: 'EV_cluster_1', room: { name: VIDEO_ROOM }, participant: { identity: 'u_on_video', name: 'On Video', tracks: [{ sid: 'TR_c', source: 'CAMERA', muted: false }] } });
    expect(await (await signedWebhook(a, body)).json()).toEqual({ ok: true, applied: true });
    expect(await (await signedWebhook(b, body)).json()).toEqual({ ok: true, applied: false });
    const chair = await connectTo(b, (await joinAt(b, { adminToken: CLUSTER_ADMIN_TOKEN, eventId: CLUSTER_EVENT_ID, name: 'Organiser Olzhas' })).token);
    await ok(chair, 'room.join', { roomId: ROOM_ID });
    expect((await ok(chair, 'media.presence', {})).people).toEqual([{ personId: 'u_on_video', name: 'On Video', camera: true, microphone: false }]);
    chair.disconnect();
  });
});
