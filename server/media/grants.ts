import { TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { VideoMode } from '../../shared/model/event.ts';
import type { Role } from '../../shared/roles.ts';

export type GrantInput = {
  role: Role;
  /** The LiveKit room (liveKitRoomName). */
  room: string;
  /** Whether this person holds the floor now. */
  holdsFloor: boolean;
  videoMode: VideoMode;
};

const STAGE_SOURCES = [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE];
export const SPEAKER_SOURCES = [TrackSource.CAMERA, TrackSource.MICROPHONE];

/** `floor`: only while holding the floor, whatever the room's mode (the audience, given a question turn). */
type Publishing = 'stage' | 'speaker' | 'floor' | 'none';

/** Who may publish what, before the floor and the room's mode are taken into account. */
const PUBLISHING: Record<Role, Publishing> = {
  organiser: 'stage',
  moderator: 'stage',
  panellist: 'stage',
  participant: 'speaker',
  audience: 'floor',
  display: 'none',
};

/** A participant publishes while holding the floor, or always in an open room. */
export function participantMayPublish(holdsFloor: boolean, videoMode: VideoMode): boolean {
  return holdsFloor || videoMode === 'open';
}

/**
 * The least grant a role needs in a LiveKit room. Data messages are never granted
 * (LiveKit defaults canPublishData to true), nobody gets roomAdmin: only the server does.
 */
export function videoGrantFor({ role, room, holdsFloor, videoMode }: GrantInput): VideoGrant {
  const base: VideoGrant = { room, roomJoin: true, canSubscribe: true, canPublishData: false };
  const publishing = PUBLISHING[role];
  if (publishing === 'stage') return { ...base, canPublish: true, canPublishSources: STAGE_SOURCES };
  const mayPublish = publishing === 'floor' ? holdsFloor : publishing === 'speaker' && participantMayPublish(holdsFloor, videoMode);
  if (mayPublish) {
    return { ...base, canPublish: true, canPublishSources: SPEAKER_SOURCES };
  }
  return role === 'display' ? { ...base, canPublish: false, hidden: true } : { ...base, canPublish: false };
}
