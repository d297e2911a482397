import { AccessToken } from 'livekit-server-sdk';
import type { Person } from '../../shared/model/person.ts';
import { delegationOf } from '../../shared/model/person.ts';
import type { LiveKitConfig } from '../config.ts';
import { videoGrantFor, type GrantInput } from './grants.ts';

/** Short: a token only matters for connecting, and the client asks for a fresh one before it expires. */
export const VIDEO_TOKEN_TTL_MS = 10 * 60 * 1000;

export type VideoToken = { url: string; token: string; expiresAtMs: number };

/**
 * A LiveKit access token for one person in one room. The identity is the Plenary person id,
 * so every tab of a person is the same LiveKit identity (LiveKit keeps the newest connection).
 */
export async function mintVideoToken(liveKit: LiveKitConfig, person: Person, grant: GrantInput, nowMs: number): Promise<VideoToken> {
  const token = new AccessToken(liveKit.apiKey, liveKit.apiSecret, {
    identity: person.id,
    name: person.name,
    metadata: JSON.stringify({ role: grant.role, delegation: delegationOf(person) }),
    ttl: VIDEO_TOKEN_TTL_MS / 1000,
  });
  token.addGrant(videoGrantFor(grant));
  return { url: liveKit.publicUrl, token: await token.toJwt(), expiresAtMs: nowMs + VIDEO_TOKEN_TTL_MS };
}
