import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import type { VideoMode } from '../../shared/model/event.ts';
import type { Person } from '../../shared/model/person.ts';
import type { Role } from '../../shared/roles.ts';
import { liveKitRoomName } from '../../server/media/room-names.ts';
import { mintVideoToken, VIDEO_TOKEN_TTL_MS } from '../../server/media/tokens.ts';
import { ok, send, startPlenary } from '../support/plenary.ts';
import { castOf, EVENT_ID, joinAll, ROOM_ID } from '../support/room-fixture.ts';

const LIVEKIT = { url: 'http://127.0.0.1:7880', publicUrl: 'ws://127.0.0.1:7880', apiKey: 'devkey', apiSecret: 'a-secret-long-enough-for-hs256-signing' };
const ROOM = liveKitRoomName(EVENT_ID, ROOM_ID);
const verifier = new TokenVerifier(LIVEKIT.apiKey, LIVEKIT.apiSecret);

const person = (role: Role): Person => ({
  id: `u_${role}`,
  eventId: EVENT_ID,
  name: `A ${role}`,
  organisation: 'Civil Service Bureau',
  country: 'Georgia',
  role,
  roomId: null,
  attendance: 'hall',
  createdAtMs: 0,
});

async function grantsOf(role: Role, holdsFloor = false, videoMode: VideoMode = 'stage') {
  const minted = await mintVideoToken(LIVEKIT, person(role), { role, room: ROOM, holdsFloor, videoMode }, Date.now());
  return verifier.verify(minted.token);
}

const SUBSCRIBE_ONLY = { room: ROOM, roomJoin: true, canSubscribe: true, canPublish: false, canPublishData: false };
const STAGE = { room: ROOM, roomJoin: true, canSubscribe: true, canPublish: true, canPublishData: false, canPublishSources: ['camera', 'microphone', 'screen_share'] };
const SPEAKER = { ...STAGE, canPublishSources: ['camera', 'microphone'] };

describe('LiveKit tokens carry the least grant a role needs (decoded with TokenVerifier)', () => {
  it.each([
    ['organiser', STAGE],
    ['moderator', STAGE],
    ['panellist', STAGE],
    ['display', { ...SUBSCRIBE_ONLY, hidden: true }],
  ] as const)('%s: exactly these grants, whatever the floor or the room mode', async (role, expected) => {
    for (const videoMode of ['stage', 'open'] as const) {
      for (const holdsFloor of [false, true]) expect((await grantsOf(role, holdsFloor, videoMode)).video).toEqual(expected);
    }
  });

  it('participant in a stage room: subscribes only, publishes camera and microphone while holding the floor', async () => {
    expect((await grantsOf('participant', false, 'stage')).video).toEqual(SUBSCRIBE_ONLY);
    expect((await grantsOf('participant', true, 'stage')).video).toEqual(SPEAKER);
  });

  it('audience: subscribes only, and publishes camera and microphone while holding the floor (a question turn), in any room', async () => {
    for (const videoMode of ['stage', 'open'] as const) {
      expect((await grantsOf('audience', false, videoMode)).video).toEqual(SUBSCRIBE_ONLY);
      expect((await grantsOf('audience', true, videoMode)).video).toEqual(SPEAKER);
    }
  });

  it('participant in an open room: publishes camera and microphone at all times', async () => {
    expect((await grantsOf('participant', false, 'open')).video).toEqual(SPEAKER);
    expect((await grantsOf('participant', true, 'open')).video).toEqual(SPEAKER);
  });

  it('nobody gets roomAdmin, data publishing or any other grant', async () => {
    for (const role of ['organiser', 'moderator', 'panellist', 'participant', 'audience', 'display'] as const) {
      const { video } = await grantsOf(role, true, 'open');
      expect(video?.roomAdmin).toBeUndefined();
      expect(video?.canPublishData).toBe(false);
      expect(Object.keys(video ?? {}).every((key) => key in { ...STAGE, hidden: true })).toBe(true);
    }
  });

  it('identity is the person id, with name and metadata (role, delegation) and a short expiry', async () => {
    const before = Date.now();
    const minted = await mintVideoToken(LIVEKIT, person('participant'), { role: 'participant', room: ROOM, holdsFloor: false, videoMode: 'stage' }, before);
    const claims = await verifier.verify(minted.token);
    expect(claims.sub).toBe('u_participant');
    expect(claims.name).toBe('A participant');
    expect(JSON.parse(claims.metadata ?? '')).toEqual({ role: 'participant', delegation: 'Georgia' });
    expect(minted.expiresAtMs).toBe(before + VIDEO_TOKEN_TTL_MS);
    expect((claims.exp ?? 0) * 1000).toBeLessThanOrEqual(before + VIDEO_TOKEN_TTL_MS + 1000);
    expect(minted.url).toBe(LIVEKIT.publicUrl);
  });

  it('a token signed with another secret does not verify', async () => {
    const minted = await mintVideoToken(LIVEKIT, person('audience'), { role: 'audience', room: ROOM, holdsFloor: false, videoMode: 'stage' }, Date.now());
    await expect(new TokenVerifier(LIVEKIT.apiKey, 'another-secret-entirely-of-some-length').verify(minted.token)).rejects.toThrow();
  });
});

describe('media.token over a real socket', () => {
  it('gives each role its grant for the joined room, and the floor holder the microphone', async () => {
    const plenary = await startPlenary({ LIVEKIT_URL: LIVEKIT.url, LIVEKIT_PUBLIC_URL: LIVEKIT.publicUrl, LIVEKIT_API_KEY: LIVEKIT.apiKey, LIVEKIT_API_SECRET: LIVEKIT.apiSecret });
    const cast = await castOf(plenary);
    await joinAll(cast);
    for (const role of ['moderator', 'panellist', 'audience', 'display'] as const) {
      const { video, sub } = await verifier.verify((await ok(cast[role].socket, 'media.token', {})).token);
      expect(sub).toBe(cast[role].personId);
      expect((await ok(cast[role].socket, 'media.token', {})).url).toBe(LIVEKIT.publicUrl);
      expect(video).toEqual((await grantsOf(role)).video);
    }
    const participant = cast.participant.socket;
    expect((await verifier.verify((await ok(participant, 'media.token', {})).token)).video).toEqual(SUBSCRIBE_ONLY);

    await ok(cast.moderator.socket, 'room.open', {});
    const { requestId } = await ok(participant, 'floor.request', { kind: 'contribution' });
    await ok(cast.moderator.socket, 'floor.call', { requestId });
    expect((await verifier.verify((await ok(participant, 'media.token', {})).token)).video).toEqual(SPEAKER);
  });

  it('is refused with conflict when LiveKit is not configured, and needs a joined room', async () => {
    const plenary = await startPlenary();
    const cast = await castOf(plenary);
    expect(await send(cast.audience.socket, 'media.token', {})).toMatchObject({ ok: false, error: { code: 'not_joined' } });
    await joinAll(cast);
    expect(await send(cast.audience.socket, 'media.token', {})).toEqual({ ok: false, error: { code: 'conflict', message: 'Video is not configured on this server.' } });
    expect(await send(cast.moderator.socket, 'media.mute', { personId: cast.participant.personId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
