import { createHash, randomBytes } from 'node:crypto';
import type { ControlKeyView } from '../../shared/protocol/control.ts';
import { secretsEqual } from '../auth/secrets.ts';
import type { ControlKey } from '../store/store.ts';


const PREFIX = 'plk';

function hashOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** A new key: what to store, and the key to show once ("plk_<id>_<secret>"). */
export function newControlKey(eventId: string, target: Pick<ControlKey, 'roomId' | 'hallId'>, label: string, nowMs: number): { stored: ControlKey; key: string } {
  const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  const secret = randomBytes(24).toString('base64url');
  return { stored: { id, eventId, ...target, label, secretHash: hashOf(secret), createdAtMs: nowMs, revokedAtMs: null }, key: `${PREFIX}_${id}_${secret}` };
}

/** The id a presented key names, or null when it is not shaped like one. */
export function controlKeyIdOf(presented: string): string | null {
  const match = /^plk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{32})$/.exec(presented);
  return match ? match[1]! : null;
}

/** Whether a presented key is the stored one's, compared in constant time. */
export function controlKeyMatches(presented: string, stored: ControlKey): boolean {
  const secret = presented.slice(PREFIX.length + 1 + stored.id.length + 1);
  return secretsEqual(hashOf(secret), stored.secretHash);
}

export function controlKeyView({ id, roomId, hallId, label, createdAtMs, revokedAtMs }: ControlKey): ControlKeyView {
  return { id, roomId, hallId, label, createdAtMs, revokedAtMs };
}
