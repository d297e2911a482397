import { isDeepStrictEqual } from 'node:util';
import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { liveKitRoomName } from '../../server/media/room-names.ts';
import { VIDEO_OUTBOX } from '../../server/media/video-outbox.ts';
import { startFakeLiveKit, type FakeLiveKit, type TwirpCall } from '../support/fake-livekit.ts';
import { postSignedWebhook } from '../support/livekit-webhooks.ts';
import { ok, send, startPlenary, type TestServer } from '../support/plenary.ts';
import { castOf, EVENT_ID, joinAll, ROOM_ID, type Cast } from '../support/room-fixture.ts';

const KEY = 'devkey';
const SECRET = 'a-secret-long-enough-for-hs256-signing';
const VIDEO_ROOM = liveKitRoomName(EVENT_ID, ROOM_ID);
const GRANT = { canPublish: true, canSubscribe: true, canPublishSources: ['CAMERA', 'MICROPHONE'] };
// Proto3 JSON leaves out false and empty values: canPublish false, canPublishData false, no sources.
const REVOKE = { canSubscribe: true };

async function panelWithVideo(roomId = ROOM_ID): Promise<{ livekit: FakeLiveKit; cast: Cast; plenary: TestServer }> {
  const livekit = await startFakeLiveKit();
  const plenary = await startPlenary({ LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET });
  const cast = await castOf(plenary, roomId);
  await joinAll(cast, roomId);
  await ok(cast.organiser.socket, 'room.open', {});
  return { livekit, cast, plenary };
}

/** The participant asks for the floor and the chair calls them. */
async function callParticipant(cast: Cast): Promise<void> {
  const { requestId } = await ok(cast.participant.socket, 'floor.request', { kind: 'contribution' });
  await ok(cast.organiser.socket, 'floor.call', { requestId });
}

/** Checks what LiveKit would check: a POST to the Twirp path, with a roomAdmin token for that room signed with the secret. */
async function expectAdminCall(call: TwirpCall | undefined, rpc: string, room = VIDEO_ROOM): Promise<Record<string, unknown>> {
  expect(call?.method).toBe('POST');
  expect(call?.path).toBe(`/twirp/livekit.RoomService/${rpc}`);
  const token = call?.authorization.replace(/^Bearer /, '') ?? '';
  const claims = await new TokenVerifier(KEY, SECRET).verify(token);
  expect(claims.video).toEqual({ roomAdmin: true, room });
  return call?.body ?? {};
}

const rpcs = (livekit: FakeLiveKit) => livekit.calls.map((call) => call.rpc);
const refusedUpdates = (livekit: FakeLiveKit) => livekit.calls.filter((call) => call.rpc === 'UpdateParticipant' && call.status !== 200);

describe('the floor drives LiveKit permissions (a local Twirp endpoint checks what the SDK sends)', () => {
  it('call grants the participant camera and microphone; end of turn revokes it and mutes their tracks', async () => {
    const { livekit, cast } = await panelWithVideo();
    livekit.tracks = [
      { sid: 'TR_camera', source: 'CAMERA', muted: false },
      { sid: 'TR_microphone', source: 'MICROPHONE', muted: false },
    ];
    await callParticipant(cast);
    await expect.poll(() => rpcs(livekit)).toEqual(['UpdateParticipant']);
    const grant = await expectAdminCall(livekit.calls[0], 'UpdateParticipant');
    expect(grant).toEqual({ room: VIDEO_ROOM, identity: cast.participant.personId, permission: GRANT });

    await ok(cast.organiser.socket, 'floor.endTurn', {});
    await expect.poll(() => rpcs(livekit)).toEqual(['UpdateParticipant', 'UpdateParticipant', 'GetParticipant', 'MutePublishedTrack', 'MutePublishedTrack']);
    expect(await expectAdminCall(livekit.calls[1], 'UpdateParticipant')).toEqual({ room: VIDEO_ROOM, identity: cast.participant.personId, permission: REVOKE });
    await expectAdminCall(livekit.calls[2], 'GetParticipant');
    const muted = await Promise.all(livekit.calls.slice(3).map((call) => expectAdminCall(call, 'MutePublishedTrack')));
    expect(muted.map((body) => body.trackSid)).toEqual(['TR_camera', 'TR_microphone']);
    expect(muted.every((body) => body.muted === true && body.identity === cast.participant.personId)).toBe(true);
  });

  it('when the chair gives the floor to someone else, the participant loses it; panellists are never touched', async () => {
    const { livekit, cast } = await panelWithVideo();
    livekit.tracks = null; // not in the video room: not_found is fine
    await callParticipant(cast);
    await expect.poll(() => rpcs(livekit)).toEqual(['UpdateParticipant']);
    const { requestId } = await ok(cast.panellist.socket, 'floor.request', { kind: 'contribution' });
    await ok(cast.organiser.socket, 'floor.call', { requestId });
    await expect.poll(() => rpcs(livekit)).toEqual(['UpdateParticipant', 'UpdateParticipant', 'GetParticipant']);
    expect(livekit.calls[1]?.body.permission).toEqual(REVOKE);
    await ok(cast.organiser.socket, 'floor.endTurn', {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rpcs(livekit)).toHaveLength(3);
  });

  it('a point of order interrupts: the interrupted participant stops publishing and the one raising it may; resume gives it back', async () => {
    const { livekit, cast, plenary } = await panelWithVideo();
    livekit.tracks = null;
    const nino = await plenary.person({ invite: await plenary.inviteFor('participant', null), name: 'Delegate Nino', country: 'Georgia' });
    await ok(nino.socket, 'room.join', { roomId: ROOM_ID });
    await callParticipant(cast);
    await expect.poll(() => rpcs(livekit)).toEqual(['UpdateParticipant']);

    const { requestId } = await ok(nino.socket, 'floor.request', { kind: 'point_of_order' });
    await ok(cast.organiser.socket, 'floor.call', { requestId });
    await expect.poll(() => rpcs(livekit)).toEqual(['UpdateParticipant', 'UpdateParticipant', 'GetParticipant', 'UpdateParticipant']);
    await ok(cast.organiser.socket, 'floor.resume', {});
    await expect.poll(() => rpcs(livekit)).toHaveLength(7);

    const updates = await Promise.all(
      livekit.calls.filter((call) => call.rpc === 'UpdateParticipant').map((call) => expectAdminCall(call, 'UpdateParticipant')),
    );
    const dilnoza = cast.participant.personId;
    expect(updates.map((body) => [body.identity, body.permission])).toEqual([
      [dilnoza, GRANT],
      [dilnoza, REVOKE], // interrupted: suspended, not ended
      [nino.person.id, GRANT], // the point of order has the floor
      [nino.person.id, REVOKE],
      [dilnoza, GRANT], // resumed
    ]);
  });

  it('a withdrawn request changes no permission: only a turn does', async () => {
    const { livekit, cast } = await panelWithVideo();
    const { requestId } = await ok(cast.participant.socket, 'floor.request', { kind: 'contribution' });
    await ok(cast.participant.socket, 'floor.withdraw', { requestId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(livekit.calls).toEqual([]);
  });

  it("in an open room (a roundtable) participants always publish, so the floor changes nothing in LiveKit", async () => {
    const { livekit, cast } = await panelWithVideo('roundtable-1');
    await callParticipant(cast);
    await ok(cast.organiser.socket, 'floor.endTurn', {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(livekit.calls).toEqual([]);
  });

  it('the chair mutes a publisher (all tracks, or one) and removes someone from the video room', async () => {
    const { livekit, cast } = await panelWithVideo();
    livekit.tracks = [
      { sid: 'TR_camera', source: 'CAMERA', muted: false },
      { sid: 'TR_microphone', source: 'MICROPHONE', muted: true },
    ];
    const personId = cast.panellist.personId;
    expect(await ok(cast.moderator.socket, 'media.mute', { personId })).toMatchObject({ mutedTracks: 1 });
    expect(rpcs(livekit)).toEqual(['GetParticipant', 'MutePublishedTrack']);
    expect(await expectAdminCall(livekit.calls[1], 'MutePublishedTrack')).toEqual({ room: VIDEO_ROOM, identity: personId, trackSid: 'TR_camera', muted: true });

    expect(await ok(cast.moderator.socket, 'media.mute', { personId, trackSid: 'TR_microphone' })).toMatchObject({ mutedTracks: 1 });
    expect((await expectAdminCall(livekit.calls[2], 'MutePublishedTrack')).trackSid).toBe('TR_microphone');

    await ok(cast.moderator.socket, 'media.remove', { personId });
    expect(await expectAdminCall(livekit.calls[3], 'RemoveParticipant')).toEqual({ room: VIDEO_ROOM, identity: personId });

    livekit.tracks = null;
    expect(await send(cast.moderator.socket, 'media.mute', { personId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    livekit.failWith = 503;
    expect(await send(cast.moderator.socket, 'media.remove', { personId })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('LiveKit answering 503: the floor changes at once; the grant is retried during the outage and lands once, after it', async () => {
    const { livekit, cast } = await panelWithVideo();
    livekit.failWith = 503;
    await callParticipant(cast);
    const snapshot = await ok(cast.moderator.socket, 'room.snapshot', {});
    expect(snapshot.state.floor.current?.speaker.personId).toBe(cast.participant.personId);
    await expect.poll(() => refusedUpdates(livekit).length, { timeout: 4_000 }).toBeGreaterThanOrEqual(2);
    expect(livekit.answered()).toEqual([]);
    expect(refusedUpdates(livekit).every((call) => call.status === 503 && isDeepStrictEqual(call.body.permission, GRANT))).toBe(true);
    livekit.failWith = null;
    await expect.poll(() => livekit.answered().map((call) => call.rpc), { timeout: 6_000 }).toEqual(['UpdateParticipant']);
    expect(livekit.answered()[0]?.body.permission).toEqual(GRANT);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(livekit.answered()).toHaveLength(1);
  });

  it('LiveKit down for longer than five tries: the grant stays in the outbox and a later sweep delivers it', async () => {
    const { livekit, cast, plenary } = await panelWithVideo();
    livekit.failWith = 503;
    await callParticipant(cast);
    await expect.poll(() => refusedUpdates(livekit).length, { timeout: 10_000 }).toBeGreaterThan(5);
    const { revision } = (await ok(cast.moderator.socket, 'room.snapshot', {})).state;
    expect((await plenary.runtime.store.outboxCursor(VIDEO_OUTBOX, ROOM_ID)).revision).toBeLessThan(revision);
    livekit.failWith = null;
    await expect.poll(() => livekit.answered().map((call) => call.rpc), { timeout: 6_000 }).toEqual(['UpdateParticipant']);
    expect(livekit.answered()[0]?.body.permission).toEqual(GRANT);
    await expect.poll(async () => (await plenary.runtime.store.outboxCursor(VIDEO_OUTBOX, ROOM_ID)).revision).toBe(revision);
  }, 20_000);

  it('a newer floor change replaces a pending retry: the turn ends while the grant is still failing, and only the revoke lands', async () => {
    const { livekit, cast } = await panelWithVideo();
    livekit.tracks = null;
    livekit.failWith = 503;
    await callParticipant(cast);
    await expect.poll(() => refusedUpdates(livekit).length, { timeout: 4_000 }).toBeGreaterThanOrEqual(1);
    await ok(cast.organiser.socket, 'floor.endTurn', {});
    await expect.poll(() => refusedUpdates(livekit).some((call) => isDeepStrictEqual(call.body.permission, REVOKE)), { timeout: 4_000 }).toBe(true);
    const firstRevoke = refusedUpdates(livekit).findIndex((call) => isDeepStrictEqual(call.body.permission, REVOKE));
    livekit.failWith = null;
    await expect.poll(() => livekit.answered().map((call) => call.rpc), { timeout: 6_000 }).toEqual(['UpdateParticipant']);
    expect(livekit.answered()[0]?.body.permission).toEqual(REVOKE);
    expect(refusedUpdates(livekit).slice(firstRevoke).every((call) => isDeepStrictEqual(call.body.permission, REVOKE)), 'no grant is tried after the revoke').toBe(true);
  });

  it('LiveKit not listening at all: the turn still ends, and the revoke lands once it listens again', async () => {
    const { livekit, cast } = await panelWithVideo();
    await callParticipant(cast);
    await expect.poll(() => rpcs(livekit)).toEqual(['UpdateParticipant']);
    await livekit.stop();
    await ok(cast.organiser.socket, 'floor.endTurn', {});
    expect((await ok(cast.moderator.socket, 'room.snapshot', {})).state.floor.current).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await livekit.restart();
    await expect.poll(() => rpcs(livekit), { timeout: 4_000 }).toEqual(['UpdateParticipant', 'UpdateParticipant', 'GetParticipant']);
    expect(livekit.calls[1]?.body.permission).toEqual(REVOKE);
  });

  it('media.mute without a track mutes a shared screen too', async () => {
    const { livekit, cast } = await panelWithVideo();
    livekit.tracks = [
      { sid: 'TR_camera', source: 'CAMERA', muted: false },
      { sid: 'TR_screen', source: 'SCREEN_SHARE', muted: false },
    ];
    expect(await ok(cast.moderator.socket, 'media.mute', { personId: cast.panellist.personId })).toMatchObject({ mutedTracks: 2 });
    expect(livekit.answered().filter((call) => call.rpc === 'MutePublishedTrack').map((call) => call.body.trackSid)).toEqual(['TR_camera', 'TR_screen']);
  });

  it('presence shows a camera the chair muted as off: LiveKit sends no webhook for a mute', async () => {
    const { livekit, cast, plenary } = await panelWithVideo();
    const personId = cast.panellist.personId;
    const joined = { event: 'participant_joined', id: 'EV_mute_1', room: { name: VIDEO_ROOM }, participant: { identity: personId, name: 'Panellist Pavel', tracks: [{ sid: 'TR_camera', source: 'CAMERA', muted: false }] } };
    expect((await postSignedWebhook(plenary.url, JSON.stringify(joined), KEY, SECRET)).status).toBe(200);
    expect((await ok(cast.moderator.socket, 'media.presence', {})).people).toEqual([{ personId, name: 'Panellist Pavel', camera: true, microphone: false }]);
    livekit.tracks = [{ sid: 'TR_camera', source: 'CAMERA', muted: false }];
    await ok(cast.moderator.socket, 'media.mute', { personId });
    expect((await ok(cast.moderator.socket, 'media.presence', {})).people).toEqual([{ personId, name: 'Panellist Pavel', camera: false, microphone: false }]);
  });
});
