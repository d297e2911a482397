import { refuse, type Result } from '../../shared/errors.ts';
import { videoModeOf } from '../../shared/model/event.ts';
import type { Person } from '../../shared/model/person.ts';
import type { CommandPayload, CommandResult } from '../../shared/protocol/commands.ts';
import { roleInRoom } from '../auth/access.ts';
import type { Runtime } from '../runtime.ts';
import type { Media } from './media.ts';
import { liveKitRoomName } from './room-names.ts';
import { mintVideoToken } from './tokens.ts';
import { isNotInRoom } from './video-control.ts';
import { videoPresenceOf } from './webhooks.ts';

const VIDEO_OFF = 'Video is not configured on this server.';

function mediaOf(runtime: Runtime): Result<Media> {
  return runtime.media ? { ok: true, value: runtime.media } : refuse('conflict', VIDEO_OFF);
}

/** A token for the caller's current room, with the least grant their role and the floor allow now. */
export async function videoToken(runtime: Runtime, person: Person, roomId: string): Promise<Result<CommandResult<'media.token'>>> {
  const media = mediaOf(runtime);
  if (!media.ok) return media;
  const room = await runtime.events.room(person.eventId, roomId);
  const state = await runtime.live.current(roomId);
  if (!room || !state) return refuse('not_found', 'No such room.');
  const grant = {
    role: roleInRoom(person, room),
    room: liveKitRoomName(person.eventId, roomId),
    holdsFloor: state.floor.current?.speaker.personId === person.id,
    videoMode: videoModeOf(room),
  };
  return { ok: true, value: await mintVideoToken(media.value.liveKit, person, grant, runtime.now()) };
}

export async function videoPresence(runtime: Runtime, person: Person, roomId: string): Promise<Result<CommandResult<'media.presence'>>> {
  const media = mediaOf(runtime);
  if (!media.ok) return media;
  return { ok: true, value: { people: await videoPresenceOf(media.value, liveKitRoomName(person.eventId, roomId)) } };
}

/** Moderator commands go to LiveKit once: the moderator sees a failure and may try again. */
async function askLiveKit<T>(runtime: Runtime, what: string, call: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (isNotInRoom(error)) return refuse('not_found', 'That person or track is not in the video room.');
    runtime.logger.warn({ err: error }, `LiveKit: ${what} failed`);
    return refuse('unavailable', 'The video server did not answer; nothing was changed. Retry.');
  }
}

export async function muteOnVideo(runtime: Runtime, chair: Person, roomId: string, { personId, trackSid }: CommandPayload<'media.mute'>): Promise<Result<CommandResult<'media.mute'>>> {
  const media = mediaOf(runtime);
  if (!media.ok) return media;
  const room = liveKitRoomName(chair.eventId, roomId);
  const muted = await askLiveKit(runtime, 'mute', () => media.value.control.mute(room, personId, trackSid));
  return muted.ok ? { ok: true, value: { mutedTracks: muted.value } } : muted;
}

export async function removeFromVideo(runtime: Runtime, chair: Person, roomId: string, { personId }: CommandPayload<'media.remove'>): Promise<Result<CommandResult<'media.remove'>>> {
  const media = mediaOf(runtime);
  if (!media.ok) return media;
  const removed = await askLiveKit(runtime, 'remove', () => media.value.control.remove(liveKitRoomName(chair.eventId, roomId), personId));
  return removed.ok ? { ok: true, value: {} } : removed;
}
