import { createHmac, timingSafeEqual } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';

const ISSUER = 'plenary';
/** A conference lasts days; a device keeps its token so a reload or reconnect is the same person. */
const SESSION_LIFETIME = '14d';

export type SessionClaims = { personId: string; eventId: string };

/**
 * Signs and verifies the session tokens a socket presents: HS256 JWTs. jose signs them. The
 * signature is checked with node:crypto's HMAC, synchronously: jose verifies through WebCrypto,
 * whose asynchronous round trip cost about 200 µs a token, an eighth of the server's work in a
 * join burst (docs/performance.md). jose still decodes the checked header and claims.
 */
export class SessionTokens {
  private readonly secret: Buffer;
  private readonly signingKey: Uint8Array;

  constructor(secret: string) {
    this.secret = Buffer.from(secret, 'utf8');
    this.signingKey = new Uint8Array(this.secret);
  }

  async sign(claims: SessionClaims): Promise<string> {
    return new SignJWT({ evt: claims.eventId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.personId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(SESSION_LIFETIME)
      .sign(this.signingKey);
  }

  /** Null for anything that is not a valid, unexpired token of ours. */
  async verify(token: string, nowMs = Date.now()): Promise<SessionClaims | null> {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [header, payload, signature] = parts as [string, string, string];
    // Compared as canonical base64url text, so no other spelling of the same bytes passes.
    const expected = Buffer.from(createHmac('sha256', this.secret).update(`${header}.${payload}`).digest('base64url'));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const { alg, crit } = decodeProtectedHeader(token);
      if (alg !== 'HS256' || crit !== undefined) return null;
      const claims = decodeJwt(token);
      if (claims.iss !== ISSUER || typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return null;
      if (typeof claims.sub !== 'string' || typeof claims['evt'] !== 'string') return null;
      return { personId: claims.sub, eventId: claims['evt'] };
    } catch {
      return null;
    }
  }
}
