import { randomBytes } from 'node:crypto';

/** Random, unguessable ids: a question or request id reveals nothing about how many exist. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
