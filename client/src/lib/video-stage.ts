import type { VideoMode } from '../../../shared/model/event.ts';
import { RoleSchema, type Role } from '../../../shared/roles.ts';

/**
 * The pure parts of the video area: who may publish, who is on the stage, when to ask for a
 * fresh token. The server decides every grant (server/media/grants.ts); these only decide what
 * the screen offers, so a control the server would refuse is not shown.
 */

/** What the local person may publish now. */
export type PublishRights = { camera: boolean; microphone: boolean };

export const NO_PUBLISHING: PublishRights = { camera: false, microphone: false };

/** Roles that always publish: they are the stage. */
const STAGE_ROLES: readonly Role[] = ['organiser', 'moderator', 'panellist'];

export function isStageRole(role: Role | null): boolean {
  return role !== null && STAGE_ROLES.includes(role);
}

/**
 * Before (or without) a LiveKit connection: the role and the floor, as docs/VIDEO.md's grant
 * table says. A participant publishes while holding the floor, or always in an 'open' room.
 */
export function rightsFromRole(role: Role, holdsFloor: boolean, mode: VideoMode): PublishRights {
  if (isStageRole(role)) return { camera: true, microphone: true };
  if (role === 'participant' && (holdsFloor || mode === 'open')) return { camera: true, microphone: true };
  return NO_PUBLISHING;
}

/**
 * Once connected, LiveKit's own view of the permission wins: it follows the floor live
 * (the server updates it), where the role only says what the token carried. An empty source
 * list means every source.
 */
export function rightsFromPermission(permission: { canPublish: boolean; sources: readonly string[] }): PublishRights {
  if (!permission.canPublish) return NO_PUBLISHING;
  const all = permission.sources.length === 0;
  return { camera: all || permission.sources.includes('camera'), microphone: all || permission.sources.includes('microphone') };
}

export function mayPublish(rights: PublishRights): boolean {
  return rights.camera || rights.microphone;
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

export type TileInfo = { identity: string; role: Role | null; hasCamera: boolean };

/**
 * The stage is the chair, the panellists and whoever holds the floor; everyone else on video is
 * the strip. The floor holder comes first: they are who the room is listening to.
 */
export function splitStage<T extends TileInfo>(tiles: readonly T[], floorHolderId: string | null): { stage: T[]; strip: T[] } {
  const onStage = (tile: T) => tile.identity === floorHolderId || isStageRole(tile.role);
  const stage = tiles.filter(onStage).sort((a, b) => Number(b.identity === floorHolderId) - Number(a.identity === floorHolderId));
  return { stage, strip: tiles.filter((tile) => !onStage(tile)) };
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
