import type { VideoMode } from '../../../shared/model/event.ts';
import { RoleSchema, type Role } from '../../../shared/roles.ts';

/**
 * The pure parts of the video area: who may publish, who is on the stage, when to ask for a
 * fresh token. The server decides every grant (server/media/grants.ts); these only decide what
 * the screen offers, so a control the server would refuse is not shown.
 */

/** What the local person may publish now. */
export type PublishRights = { camera: boolean; microphone: boolean; screen: boolean };

/** One thing a person can publish, and the toggle for it. */
export type PublishKind = keyof PublishRights;

export const NO_PUBLISHING: PublishRights = { camera: false, microphone: false, screen: false };

/** The stage presents: chair and panellists may share a screen, a speaker from the floor only talks. */
const STAGE_RIGHTS: PublishRights = { camera: true, microphone: true, screen: true };
const SPEAKER_RIGHTS: PublishRights = { camera: true, microphone: true, screen: false };

/** Roles that always publish: they are the stage. */
const STAGE_ROLES: readonly Role[] = ['organiser', 'moderator', 'panellist'];

export function isStageRole(role: Role | null): boolean {
  return role !== null && STAGE_ROLES.includes(role);
}

/**
 * Before (or without) a LiveKit connection: the role and the floor, as docs/VIDEO.md's grant
 * table says. A participant publishes while holding the floor, or always in an 'open' room;
 * the audience only while holding the floor (a question turn).
 */
export function rightsFromRole(role: Role, holdsFloor: boolean, mode: VideoMode): PublishRights {
  if (isStageRole(role)) return STAGE_RIGHTS;
  if (role === 'participant' && (holdsFloor || mode === 'open')) return SPEAKER_RIGHTS;
  if (role === 'audience' && holdsFloor) return SPEAKER_RIGHTS;
  return NO_PUBLISHING;
}

/**
 * Once connected, LiveKit's own view of the permission wins: it follows the floor live
 * (the server updates it), where the role only says what the token carried. An empty source
 * list means every source.
 */
export function rightsFromPermission(permission: { canPublish: boolean; sources: readonly string[] }): PublishRights {
  if (!permission.canPublish) return NO_PUBLISHING;
  const allows = (source: string) => permission.sources.length === 0 || permission.sources.includes(source);
  return { camera: allows('camera'), microphone: allows('microphone'), screen: allows('screen_share') };
}

export function mayPublish(rights: PublishRights): boolean {
  return rights.camera || rights.microphone || rights.screen;
}

/** Phones have no getDisplayMedia: there, a screen-share button could only fail. */
export function canCaptureScreen(mediaDevices: { getDisplayMedia?: unknown } | undefined): boolean {
  return typeof mediaDevices?.getDisplayMedia === 'function';
}

/**
 * The line to show when publishing failed, or null for none: closing the browser's screen picker
 * (a NotAllowedError) is a choice, not a failure, and the button simply stays off. A camera or
 * microphone refused by the person is still said, since they may not know it was blocked.
 */
export function publishErrorLine(kind: PublishKind, error: unknown): string | null {
  const { name, message } = error instanceof Error ? error : { name: '', message: String(error) };
  if (kind === 'screen' && name === 'NotAllowedError') return null;
  return message;
}

/** The role a LiveKit participant carries in the metadata the server puts in its token. */
export function roleFromMetadata(metadata: string | undefined): Role | null {
  if (!metadata) return null;
  try {
    const parsed = RoleSchema.safeParse((JSON.parse(metadata) as { role?: unknown }).role);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A tile is a person (camera, or their name) or a screen they share. */
export type TileInfo = { identity: string; role: Role | null; kind: 'person' | 'screen'; hasVideo: boolean };

/**
 * The stage is every shared screen, then the chair, the panellists and whoever holds the floor;
 * everyone else on video is the strip. Screens come first, since a presentation matters more
 * than faces; within each, the floor holder first: they are who the room is listening to.
 */
export function splitStage<T extends TileInfo>(tiles: readonly T[], floorHolderId: string | null): { stage: T[]; strip: T[] } {
  const onStage = (tile: T) => tile.kind === 'screen' || tile.identity === floorHolderId || isStageRole(tile.role);
  const rank = (tile: T) => (tile.kind === 'screen' ? 0 : 2) + (tile.identity === floorHolderId ? 0 : 1);
  const stage = tiles.filter(onStage).sort((a, b) => rank(a) - rank(b));
  return { stage, strip: tiles.filter((tile) => !onStage(tile)) };
}

/**
 * The stage display shows one picture: a shared screen if there is one, else the floor holder,
 * else whoever on the stage is on camera; nothing while nobody is.
 */
export function stageDisplayTile<T extends TileInfo>(stage: readonly T[]): T | null {
  return stage.find((tile) => tile.hasVideo) ?? null;
}

/** Ask for a fresh token a minute before this one expires (half its life if shorter), never sooner than in 5 s. */
export function tokenRefreshDelayMs(expiresAtMs: number, nowMs: number): number {
  const left = expiresAtMs - nowMs;
  return Math.max(5_000, left >= 120_000 ? left - 60_000 : left / 2);
}

/**
 * What changed for the local person when their permission did: gained the right to publish
 * (the floor was given), lost it (the floor was taken away), or nothing worth saying.
 */
export function permissionChange(before: PublishRights, after: PublishRights): 'gained' | 'lost' | null {
  if (!mayPublish(before) && mayPublish(after)) return 'gained';
  if (mayPublish(before) && !mayPublish(after)) return 'lost';
  return null;
}

/**
 * What to turn off when the permission changes: everything once the right to publish is lost
 * (the floor was taken away: camera, microphone and a shared screen alike), else each kind no
 * longer allowed. The server has already muted the tracks; stopping the devices puts the camera
 * light out and the buttons in step.
 */
export function kindsToStop(before: PublishRights, after: PublishRights): PublishKind[] {
  const kinds: PublishKind[] = ['camera', 'microphone', 'screen'];
  if (permissionChange(before, after) === 'lost') return kinds;
  return kinds.filter((kind) => before[kind] && !after[kind]);
}
