import { computed, markRaw, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import type { DisconnectReason, Participant, Room, Track } from 'livekit-client';
import type { VideoMode } from '../../../shared/model/event.ts';
import type { Role } from '../../../shared/roles.ts';
import {
  NO_PUBLISHING,
  mayPublish,
  permissionChange,
  rightsFromPermission,
  rightsFromRole,
  roleFromMetadata,
  tokenRefreshDelayMs,
  type PublishRights,
} from '../lib/video-stage.ts';
import type { PlenaryClient } from '../transport/plenary-client.ts';

/** Where the video room stands, as the person sees it. */
export type VideoStatus =
  | 'starting'
  | 'off' // LiveKit is not configured on this server
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'disconnected' // lost; tries again by itself
  | 'removed' // the chair took them off video
  | 'replaced' // the same person opened video in another tab
  | 'unreachable' // the video server could not be reached
  | 'refused'; // Plenary refused a token

/** One person on video, for a tile. Tracks are LiveKit's own objects, attached by the tile. */
export type VideoTile = {
  identity: string;
  name: string;
  role: Role | null;
  local: boolean;
  camera: Track | null;
  microphone: Track | null;
  speaking: boolean;
  hasCamera: boolean;
};

export type VideoInputs = { role: Ref<Role>; holdsFloor: Ref<boolean>; mode: Ref<VideoMode> };

const RETRY_MS = 5_000;

type Sdk = typeof import('livekit-client');
let loading: Promise<Sdk> | null = null;
/**
 * livekit-client is large (about 550 kB): it is loaded once the server has handed out a token,
 * so a server without video, or a room nobody watches, costs a phone nothing.
 */
const loadSdk = (): Promise<Sdk> => (loading ??= import('livekit-client'));

function tileOf(sdk: Sdk, participant: Participant, local: boolean): VideoTile {
  const camera = participant.getTrackPublication(sdk.Track.Source.Camera);
  const microphone = participant.getTrackPublication(sdk.Track.Source.Microphone);
  const cameraTrack = camera && !camera.isMuted ? (camera.track ?? null) : null;
  return {
    identity: participant.identity,
    name: participant.name || participant.identity,
    role: roleFromMetadata(participant.metadata),
    local,
    camera: cameraTrack,
    microphone: microphone && !microphone.isMuted ? (microphone.track ?? null) : null,
    speaking: participant.isSpeaking,
    hasCamera: cameraTrack !== null,
  };
}

/**
 * The LiveKit room behind a Plenary room: a token from `media.token`, one connection that
 * follows the floor's permission changes, and the tiles to show. Failures end up in `status`,
 * never in an exception: video is an extra, the rest of the room must keep working.
 */
export function useVideoRoom(client: PlenaryClient, inputs: VideoInputs) {
  const status = ref<VideoStatus>('starting');
  const tiles = shallowRef<VideoTile[]>([]);
  const cameraOn = ref(false);
  const microphoneOn = ref(false);
  const deviceError = ref<string | null>(null);
  const busy = ref(false);
  /** The floor was taken away while publishing: say why the camera went off. */
  const lostFloor = ref(false);
  const audioBlocked = ref(false);
  const permission = shallowRef<PublishRights | null>(null);

  let sdk: Sdk | null = null;
  let room: Room | null = null;
  /** Set once connect() resolved: a failed connect also emits Disconnected, which start() handles itself. */
  let joined: Room | null = null;
  let token: { url: string; token: string; expiresAtMs: number } | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  /** LiveKit's live permission once connected; before that, what the role and the floor allow. */
  const rights = computed<PublishRights>(() => permission.value ?? rightsFromRole(inputs.role.value, inputs.holdsFloor.value, inputs.mode.value));

  function refreshTiles(): void {
    if (!room || !sdk) {
      tiles.value = [];
      return;
    }
    const lk = sdk;
    const remote = [...room.remoteParticipants.values()].map((participant) => tileOf(lk, participant, false));
    const local = tileOf(lk, room.localParticipant, true);
    // Only people who are, or may be, seen or heard: an audience of hundreds is not a wall of names.
    const shown = [local, ...remote].filter((tile) => tile.camera || tile.microphone || (!tile.local && tile.role !== null && rightsFromRole(tile.role, false, 'stage').camera));
    tiles.value = shown;
    cameraOn.value = room.localParticipant.isCameraEnabled;
    microphoneOn.value = room.localParticipant.isMicrophoneEnabled;
  }

  function readPermission(): void {
    const granted = room?.localParticipant.permissions;
    const lk = sdk;
    if (!granted || !lk) return;
    const next = rightsFromPermission({ canPublish: granted.canPublish, sources: granted.canPublishSources.map((source) => lk.Track.sourceFromProto(source)) });
    const change = permissionChange(permission.value ?? NO_PUBLISHING, next);
    permission.value = next;
    if (change === 'lost') {
      // The server has muted what was published; stop the devices too, so the camera light goes off.
      lostFloor.value = cameraOn.value || microphoneOn.value;
      void stopPublishing();
    }
    if (change === 'gained') lostFloor.value = false;
  }

  async function stopPublishing(): Promise<void> {
    if (!room) return;
    await Promise.allSettled([room.localParticipant.setCameraEnabled(false), room.localParticipant.setMicrophoneEnabled(false)]);
    refreshTiles();
  }

  async function fetchToken(): Promise<boolean> {
    const answer = await client.send('media.token', {});
    if (disposed) return false;
    if (!answer.ok) {
      if (answer.error.code === 'conflict') status.value = 'off';
      else if (!token) status.value = 'refused';
      return false;
    }
    token = { url: answer.url, token: answer.token, expiresAtMs: answer.expiresAtMs };
    clearTimeout(refreshTimer);
    // A connected room has its token renewed by LiveKit itself; ours is for connecting again.
    refreshTimer = setTimeout(() => void fetchToken(), tokenRefreshDelayMs(answer.expiresAtMs, Date.now()));
    return true;
  }

  function newRoom(lk: Sdk): Room {
    const { RoomEvent } = lk;
    const next = markRaw(new lk.Room({ adaptiveStream: true, dynacast: true }));
    const tilesChanged = () => refreshTiles();
    for (const event of [
      RoomEvent.ParticipantConnected,
      RoomEvent.ParticipantDisconnected,
      RoomEvent.TrackSubscribed,
      RoomEvent.TrackUnsubscribed,
      RoomEvent.TrackMuted,
      RoomEvent.TrackUnmuted,
      RoomEvent.LocalTrackPublished,
      RoomEvent.LocalTrackUnpublished,
      RoomEvent.ActiveSpeakersChanged,
      RoomEvent.ParticipantMetadataChanged,
    ] as const) {
      next.on(event, tilesChanged);
    }
    next.on(RoomEvent.Reconnecting, () => (status.value = 'reconnecting'));
    next.on(RoomEvent.Reconnected, () => {
      status.value = 'connected';
      refreshTiles();
    });
    next.on(RoomEvent.ParticipantPermissionsChanged, (_before, participant) => {
      if (participant === next.localParticipant) readPermission();
    });
    next.on(RoomEvent.AudioPlaybackStatusChanged, () => (audioBlocked.value = !next.canPlaybackAudio));
    next.on(RoomEvent.MediaDevicesError, (error: Error) => (deviceError.value = error.message));
    next.on(RoomEvent.Disconnected, (reason?: DisconnectReason) => onDisconnected(lk, next, reason));
    return next;
  }

  function onDisconnected({ DisconnectReason }: Sdk, which: Room, reason: DisconnectReason | undefined): void {
    if (which !== room || which !== joined || disposed) return;
    room = null;
    joined = null;
    permission.value = null;
    refreshTiles();
    if (reason === DisconnectReason.CLIENT_INITIATED) return;
    if (reason === DisconnectReason.PARTICIPANT_REMOVED) status.value = 'removed';
    else if (reason === DisconnectReason.DUPLICATE_IDENTITY) status.value = 'replaced';
    else {
      status.value = 'disconnected';
      retryTimer = setTimeout(() => void start(), RETRY_MS);
    }
  }

  /** Gets a token (a fresh one: the grant follows the floor) and connects. */
  async function start(): Promise<void> {
    clearTimeout(retryTimer);
    if (disposed || status.value === 'connecting') return;
    status.value = 'connecting';
    if (!(await fetchToken()) || !token) {
      // fetchToken has set 'off' (final) or 'refused'; TypeScript still sees 'connecting' here.
      const refused = status.value as VideoStatus;
      if (refused === 'off') return;
      if (refused === 'connecting') status.value = 'unreachable';
      // Refused for now (offline, a store hiccup): ask again later.
      retryTimer = setTimeout(() => void start(), RETRY_MS * 6);
      return;
    }
    let next: Room | null = null;
    try {
      sdk = await loadSdk();
      if (disposed) return;
      next = newRoom(sdk);
      room = next;
      await next.connect(token.url, token.token);
      if (disposed || room !== next) return void next.disconnect();
      joined = next;
      status.value = 'connected';
      audioBlocked.value = !next.canPlaybackAudio;
      readPermission();
      refreshTiles();
    } catch {
      if (room !== next || disposed) return;
      room = null;
      status.value = 'unreachable';
      // Keep trying quietly: the video server may be starting.
      retryTimer = setTimeout(() => void start(), RETRY_MS * 6);
    }
  }

  /** Camera or microphone on or off: only ever from a person's gesture. */
  async function toggle(kind: 'camera' | 'microphone'): Promise<void> {
    if (!room || busy.value) return;
    busy.value = true;
    deviceError.value = null;
    lostFloor.value = false;
    try {
      if (kind === 'camera') await room.localParticipant.setCameraEnabled(!cameraOn.value);
      else await room.localParticipant.setMicrophoneEnabled(!microphoneOn.value);
    } catch (error) {
      deviceError.value = error instanceof Error ? error.message : String(error);
    } finally {
      busy.value = false;
      refreshTiles();
    }
  }

  async function devices(kind: 'videoinput' | 'audioinput'): Promise<MediaDeviceInfo[]> {
    try {
      return await (await loadSdk()).Room.getLocalDevices(kind, false);
    } catch {
      return [];
    }
  }

  async function chooseDevice(kind: 'videoinput' | 'audioinput', deviceId: string): Promise<void> {
    if (!room) return;
    try {
      await room.switchActiveDevice(kind, deviceId);
    } catch (error) {
      deviceError.value = error instanceof Error ? error.message : String(error);
    }
  }

  /** Browsers play sound only after a gesture: this is that gesture. */
  async function startAudio(): Promise<void> {
    await room?.startAudio().catch(() => undefined);
    audioBlocked.value = room ? !room.canPlaybackAudio : false;
  }

  // A participant not yet connected has no live permission: the floor alone decides the offer.
  watch(inputs.holdsFloor, (holds) => {
    if (holds) lostFloor.value = false;
  });

  void start();

  onScopeDispose(() => {
    disposed = true;
    clearTimeout(refreshTimer);
    clearTimeout(retryTimer);
    const leaving = room;
    room = null;
    // Disconnecting a room that is already disconnected does nothing.
    if (leaving) void leaving.disconnect();
  });

  return {
    status,
    tiles,
    rights,
    mayPublish: computed(() => mayPublish(rights.value)),
    connected: computed(() => status.value === 'connected' || status.value === 'reconnecting'),
    cameraOn,
    microphoneOn,
    busy,
    deviceError,
    lostFloor,
    audioBlocked,
    toggle,
    devices,
    chooseDevice,
    startAudio,
    retry: () => void start(),
  };
}

export type VideoRoom = ReturnType<typeof useVideoRoom>;
