import { describe, expect, it } from 'vitest';
import { liveKitRoomName } from '../../server/media/room-names.ts';
import { startFakeLiveKit, type FakeLiveKit } from '../support/fake-livekit.ts';
import { ok, startPlenary } from '../support/plenary.ts';
import { castOf, EVENT_ID, joinAll, ROOM_ID, type Cast } from '../support/room-fixture.ts';

const GRANT = { canPublish: true, canSubscribe: true, canPublishSources: ['CAMERA', 'MICROPHONE'] };
// Proto3 JSON leaves out false and empty values: canPublish false, no sources.
const REVOKE = { canSubscribe: true };

async function roomWithVideo(roomId: string): Promise<{ livekit: FakeLiveKit; cast: Cast }> {
  const livekit = await startFakeLiveKit();
  const plenary = await startPlenary({ LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'a-secret-long-enough-for-hs256-signing' });
  const cast = await castOf(plenary, roomId);
  await joinAll(cast, roomId);
  await ok(cast.organiser.socket, 'room.open', {});
  livekit.tracks = null;
  return { livekit, cast };
}

/** The audience member asks, the chair invites them, they accept and are called. */
async function questionTurn(cast: Cast): Promise<void> {
  const { question } = await ok(cast.audience.socket, 'qa.ask', { text: 'Who appoints the exam board?', anonymous: true });
  await ok(cast.moderator.socket, 'qa.inviteAsker', { questionId: question.id });
  const { requestId } = await ok(cast.audience.socket, 'qa.acceptInvite', { questionId: question.id });
  await ok(cast.moderator.socket, 'floor.call', { requestId });
}

const updates = (livekit: FakeLiveKit, room: string) =>
  livekit.calls.filter((call) => call.rpc === 'UpdateParticipant').map((call) => [call.body.room === room, call.body.identity, call.body.permission]);

describe('a question turn drives LiveKit permissions for the audience (at the local Twirp endpoint)', () => {
  it.each([
    ['a stage room (a panel)', ROOM_ID],
    ['an open room (a roundtable), where the audience otherwise never publishes', 'roundtable-1'],
  ])('in %s: the call grants the audience asker camera and microphone, the end of the turn revokes it', async (_what, roomId) => {
    const { livekit, cast } = await roomWithVideo(roomId);
    const videoRoom = liveKitRoomName(EVENT_ID, roomId);
    await questionTurn(cast);
    await expect.poll(() => updates(livekit, videoRoom)).toEqual([[true, cast.audience.personId, GRANT]]);
    await ok(cast.moderator.socket, 'floor.endTurn', {});
    await expect.poll(() => updates(livekit, videoRoom)).toEqual([
      [true, cast.audience.personId, GRANT],
      [true, cast.audience.personId, REVOKE],
    ]);
  });
});
