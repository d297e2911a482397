import type { ControlKey } from '../store.ts';
import type { RedisCall, RedisWrite } from './connection.ts';
import type { RedisKeys } from './keys.ts';

/**
 * The control keys of the Redis store (its Store methods delegate here), under the `{control}`
 * hash tag. A key's record never changes after it is created; its revocation is a field of its
 * own set once (HSETNX), so two revocations keep the first time without a script.
 */
export class RedisControlKeys {
  constructor(
    private readonly keys: RedisKeys,
    private readonly call: RedisCall,
    private readonly write: RedisWrite,
  ) {}

  async save(key: ControlKey): Promise<void> {
    const { keys } = this;
    await this.write((pipeline) => pipeline.plenarySaveIndexed(keys.controlKeys(), keys.controlKeysOfEvent(key.eventId), key.id, JSON.stringify(key), key.createdAtMs));
  }

  async get(id: string): Promise<ControlKey | null> {
    const [json, revokedAtMs] = await this.call((redis) => Promise.all([redis.hget(this.keys.controlKeys(), id), redis.hget(this.keys.revokedControlKeys(), id)]));
    return json ? withRevocation(json, revokedAtMs) : null;
  }

  async list(eventId: string): Promise<ControlKey[]> {
    const ids = await this.call((redis) => redis.zrange(this.keys.controlKeysOfEvent(eventId), '0', '-1'));
    if (ids.length === 0) return [];
    const [records, revocations] = await this.call((redis) =>
      Promise.all([redis.hmget(this.keys.controlKeys(), ...ids), redis.hmget(this.keys.revokedControlKeys(), ...ids)]),
    );
    return records.flatMap((json, i) => (json ? [withRevocation(json, revocations[i] ?? null)] : []));
  }

  async revoke(id: string, nowMs: number): Promise<boolean> {
    if (!(await this.call((redis) => redis.hexists(this.keys.controlKeys(), id)))) return false;
    await this.write((pipeline) => pipeline.hsetnx(this.keys.revokedControlKeys(), id, String(nowMs)));
    return true;
  }
}

function withRevocation(json: string, revokedAtMs: string | null): ControlKey {
  const key = JSON.parse(json) as ControlKey;
  return { ...key, revokedAtMs: revokedAtMs === null ? null : Number(revokedAtMs) };
}
