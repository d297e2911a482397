import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** Compares secrets in constant time so response timing reveals nothing about them. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The voter key of an anonymous ballot: a keyed hash of person and poll. It stops double
 * voting and lets a voter change their ballot, but the store holds no person id for it.
 */
export function anonymousVoterKey(ballotKey: string, pollId: string, personId: string): string {
  return createHmac('sha256', ballotKey).update(`${pollId}:${personId}`).digest('base64url').slice(0, 32);
}

/**
 * An invite's public id: a hash of its secret. The organiser API names invites by it and a
 * person records it, so neither reveals the secret that lets others join.
 */
export function inviteIdOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 16);
}

/**
 * The asker key of an anonymous question (Question.askerKey): a keyed hash of question and
 * person, so the server can tell the asker while the stored question names nobody.
 */
export function questionAskerKey(ballotKey: string, questionId: string, personId: string): string {
  return createHmac('sha256', ballotKey).update(`question:${questionId}:${personId}`).digest('base64url').slice(0, 32);
}
