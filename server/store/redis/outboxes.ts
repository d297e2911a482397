import type { OutboxCursor } from '../store.ts';
import type { RedisCall, RedisWrite } from './connection.ts';
import type { RedisKeys } from './keys.ts';

/** The outbox cursors and leases of the Redis store (its Store methods delegate here), kept with each room. */
export class RedisOutboxes {
  constructor(
    private readonly keys: RedisKeys,
    private readonly call: RedisCall,
    private readonly write: RedisWrite,
  ) {}

  async outboxCursor(outbox: string, roomId: string): Promise<OutboxCursor> {
    const [revision, memo] = await this.call((redis) => redis.hmget(this.keys.outboxCursor(roomId, outbox), 'revision', 'memo'));
    return { revision: Number(revision ?? 0), memo: memo ?? null };
  }

  async claimOutbox(outbox: string, roomId: string, owner: string, leaseMs: number): Promise<boolean> {
    const claimed = await this.call((redis) => redis.plenaryClaimOutbox(this.keys.outboxLease(roomId, outbox), owner, Math.ceil(leaseMs)));
    return claimed === 1;
  }

  async advanceOutbox(outbox: string, roomId: string, owner: string, cursor: OutboxCursor): Promise<boolean> {
    const { keys } = this;
    const advanced = await this.call((redis) =>
      redis.plenaryAdvanceOutbox(keys.outboxLease(roomId, outbox), keys.outboxCursor(roomId, outbox), owner, cursor.revision, cursor.memo === null ? '0' : '1', cursor.memo ?? ''),
    );
    return advanced === 1;
  }

  async releaseOutbox(outbox: string, roomId: string, owner: string): Promise<void> {
    await this.call((redis) => redis.plenaryReleaseLock(this.keys.outboxLease(roomId, outbox), owner));
  }
}
