import { computed, markRaw, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import type { DisconnectReason, Participant, Room, RoomOptions, ScreenShareCaptureOptions, Track } from 'livekit-client';
import type { VideoMode } from '../../../shared/model/event.ts';
import type { Role } from '../../../shared/roles.ts';
import {
  NO_PUBLISHING,
  kindsToStop,
  mayPublish,
  permissionChange,
  publishErrorLine,
  rightsFromPermission,
  rightsFromRole,
  roleFromMetadata,
  tokenRefreshDelayMs,
  type PublishKind,
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

/**
 * One person on video, or a screen they share, for a tile. Tracks are LiveKit's own objects,
 * attached by the tile. `video` is the camera, or the screen.
 */
export type VideoTile = {
  key: string;
  identity: string;
  kind: 'person' | 'screen';
  name: string;
  role: Role | null;
  local: boolean;
  video: Track | null;
  microphone: Track | null;
  speaking: boolean;
  hasVideo: boolean;
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

/**
 * Each subscriber receives the simulcast layer that fits its tile (adaptiveStream) and no layer
 * nobody watches is sent (dynacast), so the layers are chosen by size: a phone's strip takes a
 * camera's 180p, a stage tile 360p or the full 720p; slides keep 1080p for legible text at a low
 * frame rate, with 720p and 360p layers at a few frames a second for small screens.
 */
function roomOptions(lk: Sdk): RoomOptions {
  return {
    adaptiveStream: true,
    dynacast: true,
    videoCaptureDefaults: { resolution: lk.VideoPresets.h720.resolution },
    publishDefaults: {
      simulcast: true,
      videoSimulcastLayers: [lk.VideoPresets.h180, lk.VideoPresets.h360],
      screenShareEncoding: lk.ScreenSharePresets.h1080fps15.encoding,
      screenShareSimulcastLayers: [lk.ScreenSharePresets.h360fps3, lk.ScreenSharePresets.h720fps5],
    },
  };
}

/** Slides: text kept sharp, captured no faster than sent. The grant carries no screen audio. */
function screenCapture(lk: Sdk): ScreenShareCaptureOptions {
  return { audio: false, contentHint: 'detail', resolution: lk.ScreenSharePresets.h1080fps15.resolution };
}

function tilesOf(sdk: Sdk, participant: Participant, local: boolean): VideoTile[] {
  const { Source } = sdk.Track;
  const live = (source: Track.Source) => {
    const publication = participant.getTrackPublication(source);
    return publication && !publication.isMuted ? (publication.track ?? null) : null;
  };
  const camera = live(Source.Camera);
  const screen = live(Source.ScreenShare);
  const person: VideoTile = {
    key: participant.identity,
    identity: participant.identity,
    kind: 'person',
    name: participant.name || participant.identity,
    role: roleFromMetadata(participant.metadata),
    local,
    video: camera,
    microphone: live(Source.Microphone),
    speaking: participant.isSpeaking,
    hasVideo: camera !== null,
  };
  if (!screen) return [person];
  // The speaking ring and the sound stay with the person: a screen is only a picture.
  return [person, { ...person, key: `${participant.identity}:screen`, kind: 'screen', video: screen, microphone: null, speaking: false, hasVideo: true }];
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
  const screenOn = ref(false);
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
      cameraOn.value = microphoneOn.value = screenOn.value = false;
      return;
    }
    const lk = sdk;
    const remote = [...room.remoteParticipants.values()].flatMap((participant) => tilesOf(lk, participant, false));
    const local = tilesOf(lk, room.localParticipant, true);
    // Only people who are, or may be, seen or heard: an audience of hundreds is not a wall of names.
    const shown = [...local, ...remote].filter(
      (tile) => tile.video || tile.microphone || (!tile.local && tile.role !== null && rightsFromRole(tile.role, false, 'stage').camera),
    );
    tiles.value = shown;
    cameraOn.value = room.localParticipant.isCameraEnabled;
    microphoneOn.value = room.localParticipant.isMicrophoneEnabled;
    // A share the browser's own "Stop sharing" ended arrives here through LocalTrackUnpublished.
    screenOn.value = room.localParticipant.isScreenShareEnabled;
  }

  function readPermission(): void {
    const granted = room?.localParticipant.permissions;
    const lk = sdk;
    if (!granted || !lk) return;
    const next = rightsFromPermission({ canPublish: granted.canPublish, sources: granted.canPublishSources.map((source) => lk.Track.sourceFromProto(source)) });
    const before = permission.value ?? NO_PUBLISHING;
    const change = permissionChange(before, next);
    permission.value = next;
    if (change === 'lost') lostFloor.value = cameraOn.value || microphoneOn.value;
    if (change === 'gained') lostFloor.value = false;
    const stop = kindsToStop(before, next);
    if (stop.length > 0) void stopPublishing(stop);
  }

  const turnOff: Record<PublishKind, (local: Room['localParticipant']) => Promise<unknown>> = {
    camera: (local) => local.setCameraEnabled(false),
    microphone: (local) => local.setMicrophoneEnabled(false),
    screen: (local) => local.setScreenShareEnabled(false),
  };

  async function stopPublishing(kinds: readonly PublishKind[]): Promise<void> {
    if (!room) return;
    const local = room.localParticipant;
    await Promise.allSettled(kinds.map((kind) => turnOff[kind](local)));
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
    const next = markRaw(new lk.Room(roomOptions(lk)));
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
    // LiveKit names no device kind for a screen share: toggle() reports those, telling a closed picker from a failure.
    next.on(RoomEvent.MediaDevicesError, (error: Error, kind?: MediaDeviceKind) => {
      if (kind) deviceError.value = error.message;
    });
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

  /** Camera, microphone or screen share on or off: only ever from a person's gesture (browsers insist, for the screen). */
  async function toggle(kind: PublishKind): Promise<void> {
    if (!room || !sdk || busy.value) return;
    busy.value = true;
    deviceError.value = null;
    lostFloor.value = false;
    const local = room.localParticipant;
    try {
      if (kind === 'camera') await local.setCameraEnabled(!cameraOn.value);
      else if (kind === 'microphone') await local.setMicrophoneEnabled(!microphoneOn.value);
      else await local.setScreenShareEnabled(!screenOn.value, screenCapture(sdk));
    } catch (error) {
      deviceError.value = publishErrorLine(kind, error);
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
    screenOn,
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
