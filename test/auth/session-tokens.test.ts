import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { SessionTokens } from '../../server/auth/session-tokens.ts';

const SECRET = 'a-session-secret-of-at-least-32-characters';
const tokens = new SessionTokens(SECRET);
const claims = { personId: 'person-1', eventId: 'acsh-2023' };

/** A token signed with jose as an attacker or an old version might: every field chosen. */
function signed(options: { secret?: string; issuer?: string; expiresIn?: string | number; alg?: string; evt?: unknown; sub?: string } = {}) {
  const jwt = new SignJWT(options.evt === undefined ? { evt: claims.eventId } : { evt: options.evt })
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setSubject(options.sub ?? claims.personId)
    .setIssuer(options.issuer ?? 'plenary')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h');
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('session tokens', () => {
  it('[TK1] a token it signed verifies to the same person and event', async () => {
    expect(await tokens.verify(await tokens.sign(claims))).toEqual(claims);
    expect(await tokens.verify(await signed())).toEqual(claims);
  });

  it('[TK2] refuses another secret, another issuer, an expired token and missing claims', async () => {
    expect(await tokens.verify(await signed({ secret: 'another-secret-of-at-least-32-characters!' }))).toBeNull();
    expect(await tokens.verify(await signed({ issuer: 'someone-else' }))).toBeNull();
    expect(await tokens.verify(await signed({ expiresIn: Math.floor(Date.now() / 1000) - 1 }))).toBeNull();
    expect(await tokens.verify(await tokens.sign(claims), Date.now() + 15 * 24 * 3600 * 1000)).toBeNull();
    expect(await tokens.verify(await signed({ evt: 42 }))).toBeNull();
  });

  it('[TK3] refuses a changed payload, a changed or re-spelt signature, alg none and garbage', async () => {
    const token = await tokens.sign(claims);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = base64url({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'person-2' });
    expect(await tokens.verify(`${header}.${forged}.${signature}`)).toBeNull();
    expect(await tokens.verify(`${header}.${payload}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    // Base64 with padding names the same bytes; only the canonical spelling is accepted.
    expect(await tokens.verify(`${header}.${payload}.${Buffer.from(signature, 'base64url').toString('base64')}`)).toBeNull();
    expect(await tokens.verify(`${base64url({ alg: 'none' })}.${payload}.`)).toBeNull();
    // Signed correctly with the secret, but declaring another algorithm.
    const other = base64url({ alg: 'HS512' });
    const hmac = createHmac('sha256', SECRET).update(`${other}.${payload}`).digest('base64url');
    expect(await tokens.verify(`${other}.${payload}.${hmac}`)).toBeNull();
    for (const garbage of ['', 'a.b', 'a.b.c.d', '...', 'not a token']) expect(await tokens.verify(garbage), garbage).toBeNull();
  });
});
