import { beforeAll, describe, expect, it } from 'vitest';
import { liveKitRoomName } from '../../server/media/room-names.ts';
import { StoreUnavailableError } from '../../server/store/failures.ts';
import { webhookSignature } from '../support/livekit-webhooks.ts';
import { ok, startPlenary, type TestServer } from '../support/plenary.ts';
import { castOf, EVENT_ID, joinAll, ROOM_ID, type Cast } from '../support/room-fixture.ts';

const KEY = 'devkey';
const SECRET = 'a-secret-long-enough-for-hs256-signing';
const VIDEO_ROOM = liveKitRoomName(EVENT_ID, ROOM_ID);

const signatureOf = (body: string, secret = SECRET) => webhookSignature(body, KEY, secret);

let plenary: TestServer;
let cast: Cast;
let eventCount = 0;

beforeAll(async () => {
  plenary = await startPlenary({ LIVEKIT_URL: 'ws://127.0.0.1:9', LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET }, { lifetime: 'file' });
  cast = await castOf(plenary);
  await joinAll(cast);
});

function post(body: string, authorization?: string, contentType = 'application/webhook+json'): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (authorization !== undefined) headers.authorization = authorization;
  return fetch(`${plenary.url}/api/livekit/webhook`, { method: 'POST', headers, body });
}

function eventBody(event: string, identity: string, extra: Record<string, unknown> = {}, id = `EV_${++eventCount}`): string {
  return JSON.stringify({
    event,
    id,
    createdAt: String(Math.floor(Date.now() / 1000)),
    room: { sid: 'RM_panel', name: VIDEO_ROOM },
    participant: { sid: `PA_${identity}`, identity, name: `Person ${identity}`, tracks: [] },
    ...extra,
  });
}

async function signedPost(body: string): Promise<Response> {
  return post(body, await signatureOf(body));
}

const onVideo = async () => (await ok(cast.moderator.socket, 'media.presence', {})).people;

describe('LiveKit webhooks over real HTTP, signed as LiveKit signs them', () => {
  it('a signed participant_joined and track_published put the person on video with camera and microphone state', async () => {
    const identity = cast.panellist.personId;
    expect((await signedPost(eventBody('participant_joined', identity))).status).toBe(200);
    const camera = { sid: 'TR_cam', type: 'VIDEO', source: 'CAMERA', muted: false };
    const microphone = { sid: 'TR_mic', type: 'AUDIO', source: 'MICROPHONE', muted: true };
    expect((await signedPost(eventBody('track_published', identity, { track: camera }))).status).toBe(200);
    expect((await signedPost(eventBody('track_published', identity, { track: microphone }))).status).toBe(200);
    expect(await onVideo()).toContainEqual({ personId: identity, name: `Person ${identity}`, camera: true, microphone: false });

    await signedPost(eventBody('track_unpublished', identity, { track: camera }));
    expect(await onVideo()).toContainEqual(expect.objectContaining({ personId: identity, camera: false }));
    await signedPost(eventBody('participant_left', identity));
    expect((await onVideo()).map((p) => p.personId)).not.toContain(identity);
  });

  it('a wrong secret, a missing signature or a signature over another body gets 401 and changes nothing', async () => {
    const body = eventBody('participant_joined', 'u_intruder');
    const before = await onVideo();
    for (const authorization of [await signatureOf(body, 'not-the-secret-but-long-enough-anyway'), undefined, '', await signatureOf(`${body} `)]) {
      const response = await post(body, authorization);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    }
    expect(await onVideo()).toEqual(before);
    // The same body, signed rightly, is still applied: the refused attempts did not mark it seen.
    expect(await (await signedPost(body)).json()).toEqual({ ok: true, applied: true });
    await signedPost(eventBody('participant_left', 'u_intruder'));
  });

  it('a replayed event (same id) is applied once: an old join does not bring back someone who left', async () => {
    const identity = cast.participant.personId;
    const joined = eventBody('participant_joined', identity);
    expect(await (await signedPost(joined)).json()).toEqual({ ok: true, applied: true });
    expect(await (await signedPost(eventBody('participant_left', identity))).json()).toEqual({ ok: true, applied: true });
    const replay = await signedPost(joined);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ ok: true, applied: false });
    expect((await onVideo()).map((p) => p.personId)).not.toContain(identity);
  });

  it('a webhook whose application fails is answered 503 and not marked seen, so LiveKit\'s retry of it is applied', async () => {
    const identity = 'u_retried';
    const state = plenary.runtime.media!.state;
    const update = state.update.bind(state);
    state.update = async () => {
      state.update = update;
      throw new StoreUnavailableError('the store is out of reach');
    };
    const joined = eventBody('participant_joined', identity);
    expect((await signedPost(joined)).status).toBe(503);
    expect((await onVideo()).map((p) => p.personId)).not.toContain(identity);
    expect(await (await signedPost(joined)).json()).toEqual({ ok: true, applied: true });
    expect((await onVideo()).map((p) => p.personId)).toContain(identity);
    await signedPost(eventBody('participant_left', identity));
  });

  it('an authentic but malformed body gets 400 invalid_input and changes nothing', async () => {
    const before = await onVideo();
    for (const body of ['not json', JSON.stringify({ event: 5, id: 'EV_bad' }), JSON.stringify({ id: 'EV_no_type' }), '{}']) {
      const response = await signedPost(body);
      expect(response.status, body).toBe(400);
      expect(await response.json()).toEqual({ error: { code: 'invalid_input', message: expect.any(String) } });
    }
    expect(await onVideo()).toEqual(before);
  });

  it('a body of another content type is not read, so its signature cannot match', async () => {
    const body = eventBody('participant_joined', 'u_json');
    expect((await post(body, await signatureOf(body), 'application/json')).status).toBe(401);
  });
});

describe('without LiveKit configured', () => {
  it('there is no webhook endpoint', async () => {
    const bare = await startPlenary();
    const response = await fetch(`${bare.url}/api/livekit/webhook`, { method: 'POST', headers: { 'content-type': 'application/webhook+json' }, body: '{}' });
    expect(response.status).toBe(404);
  });
});
