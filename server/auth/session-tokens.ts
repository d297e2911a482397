import { jwtVerify, SignJWT } from 'jose';

const ISSUER = 'plenary';
/** A conference lasts days; a device keeps its token so a reload or reconnect is the same person. */
const SESSION_LIFETIME = '14d';

export type SessionClaims = { personId: string; eventId: string };

/** Signs and verifies the session tokens a socket presents (HS256 JWTs via jose). */
export class SessionTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(claims: SessionClaims): Promise<string> {
    return new SignJWT({ evt: claims.eventId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.personId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(SESSION_LIFETIME)
      .sign(this.key);
  }

  /** Null for anything that is not a valid, unexpired token of ours. */
  async verify(token: string): Promise<SessionClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || typeof payload['evt'] !== 'string') return null;
      return { personId: payload.sub, eventId: payload['evt'] };
    } catch {
      return null;
    }
  }
}
