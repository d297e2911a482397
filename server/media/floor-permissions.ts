import { videoModeOf } from '../../shared/model/event.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { roleInRoom } from '../auth/access.ts';
import type { Runtime } from '../runtime.ts';
import type { Media } from './media.ts';
import { liveKitRoomName } from './room-names.ts';

/**
 * The floor decides who is heard: when a participant's turn starts they may publish camera and
 * microphone, when it ends (or is taken away) they may not. Chair and panellists always publish,
 * and in an 'open' room so does everyone, so only participants in 'stage' rooms are touched.
 *
 * onCommitted listeners run only in the process that committed the delta (LiveRooms), never in
 * the processes that follow it through the room feed: each change reaches LiveKit once.
 */
export function followFloorForVideo(runtime: Runtime, media: Media): void {
  runtime.live.onCommitted((delta: RoomDelta, before: RoomState, after: RoomState) => {
    if (!delta.events.some((event) => event.type === 'floor.turnStarted' || event.type === 'floor.turnEnded')) return;
    const previous = before.floor.current?.speaker.personId ?? null;
    const current = after.floor.current?.speaker.personId ?? null;
    if (previous === current) return;
    if (previous) void applyToStageParticipant(runtime, media, delta.roomId, previous, 'revoke');
    if (current) void applyToStageParticipant(runtime, media, delta.roomId, current, 'grant');
  });
}

async function applyToStageParticipant(runtime: Runtime, media: Media, roomId: string, personId: string, change: 'grant' | 'revoke'): Promise<void> {
  try {
    const person = await runtime.store.getPerson(personId);
    if (!person || roleInRoom(person, roomId) !== 'participant') return;
    const room = await runtime.events.room(person.eventId, roomId);
    if (!room || videoModeOf(room) !== 'stage') return;
    const name = liveKitRoomName(person.eventId, roomId);
    await (change === 'grant' ? media.control.grantSpeaker(name, personId) : media.control.revokeSpeaker(name, personId));
  } catch (error) {
    runtime.logger.error({ err: error, roomId, personId }, `video permission ${change} failed`);
  }
}
