import type { Pushes } from '../live/push-scheduler.ts';
import type { RedisClient } from '../store/redis/connection.ts';
import type { RedisKeys } from '../store/redis/keys.ts';

/** Rooms not marked for this long drop out of the list every process scans. */
const FORGET_ROOM_AFTER_MS = 10 * 60_000;

export type ClusterPushesOptions = {
  redis: RedisClient;
  keys: RedisKeys;
  /** Who holds a lease: this process's id. */
  processId: string;
  intervalMs: number;
  flush: (roomId: string, keys: Set<string>) => Promise<void>;
  onError: (error: unknown, roomId: string | null) => void;
  now?: () => number;
};

/**
 * Coalesced pushes once per room per interval across every process, not once per process.
 *
 * A change marks its push key in Redis (a generation per key, so a mark made during a push is
 * not lost). Every process looks at the marked rooms twice an interval and tries each room's
 * lease (SET NX PX interval); the winner reads the marks, reads the totals from the store and
 * emits them once through the Socket.IO adapter, then deletes the marks it pushed. The lease
 * outlives the push, so the next push of that room comes an interval later at the earliest,
 * from whichever process wins then. Marks stay until a push succeeded: if the winner dies
 * mid-push its lease expires and another process pushes them.
 */
export class ClusterPushes<Key extends string> implements Pushes<Key> {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: ClusterPushesOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), Math.max(10, Math.floor(this.options.intervalMs / 2)));
  }

  /**
   * Written to Redis at once, on the store's connection: a change acknowledged to its sender is
   * marked in Redis before a crash of this process could lose the mark. Two commands, not one
   * transaction: on a Redis Cluster the room's marks and the list of rooms live on different
   * shards. A room whose listing failed is listed again by its next mark, or in full when the
   * feed reconnects.
   */
  mark(roomId: string, key: Key): void {
    const { redis, keys } = this.options;
    const failed = (error: unknown) => this.options.onError(error, roomId);
    redis.hincrby(keys.pushDirty(roomId), key, 1).catch(failed);
    redis.zadd(keys.pushRooms(), this.now(), roomId).catch(failed);
  }

  /** One round now; with pushes leased elsewhere, those rooms are pushed by their lease holders. */
  async drain(): Promise<void> {
    await this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): Promise<void> {
    // A round still running (Redis slow) is not doubled; the next timer tick tries again.
    this.ticking ??= this.round().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async round(): Promise<void> {
    const { redis, keys } = this.options;
    let rooms: string[];
    try {
      const since = this.now() - FORGET_ROOM_AFTER_MS;
      const [, listed] = (await redis.multi().zremrangebyscore(keys.pushRooms(), '-inf', since).zrange(keys.pushRooms(), '0', '-1').exec()) ?? [];
      if (!listed || listed[0]) throw listed?.[0] ?? new Error('push rooms not read');
      rooms = listed[1] as string[];
    } catch (error) {
      this.options.onError(error, null);
      return;
    }
    await Promise.all(rooms.map((roomId) => this.pushRoom(roomId)));
  }

  private async pushRoom(roomId: string): Promise<void> {
    const { redis, keys, processId, intervalMs, flush } = this.options;
    try {
      const taken = await redis.plenaryTakePushes(keys.pushDirty(roomId), keys.pushLease(roomId), processId, intervalMs);
      if (!taken || taken.length === 0) return;
      const pushKeys = new Set<string>();
      for (let i = 0; i < taken.length; i += 2) pushKeys.add(taken[i]!);
      await flush(roomId, pushKeys);
      await redis.plenaryDonePushes(keys.pushDirty(roomId), ...taken);
    } catch (error) {
      this.options.onError(error, roomId);
    }
  }
}
