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

/** How soon an urgent push looks again at a room whose push is under way in another process. */
const URGENT_RETRY_MS = 10;

type Attempt = { urgent: boolean; cancel: (() => void) | null; running: boolean; markedMeanwhile: boolean };

/**
 * Coalesced pushes once per room per interval across every process, not once per process, as
 * a leading-edge throttle (server/live/push-scheduler.ts has the rules).
 *
 * A change marks its push key in Redis (a generation per key, so a mark made during a push is
 * not lost) and the marking process tries the room's lease at once (TAKE_PUSHES: SET PX
 * interval): the winner reads the marks, reads the totals from the store and emits them once
 * through the Socket.IO adapter, then deletes the marks it pushed. The lease outlives the push,
 * so the next push of that room comes an interval later at the earliest; a process that found
 * the lease held tries again when it ends, so the last change is pushed then, by whichever
 * process wins. Marks stay until a push succeeded, and every process also looks at all marked
 * rooms twice an interval: if the winner dies mid-push, its lease expires and another process
 * pushes them.
 */
export class ClusterPushes<Key extends string> implements Pushes<Key> {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private readonly attempts = new Map<string, Attempt>();
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
   * feed reconnects. The attempt to push follows on the same connection, so it sees the mark.
   */
  mark(roomId: string, key: Key, urgent = false): void {
    const { redis, keys } = this.options;
    const failed = (error: unknown) => this.options.onError(error, roomId);
    redis.hincrby(keys.pushDirty(roomId), key, 1).catch(failed);
    redis.zadd(keys.pushRooms(), this.now(), roomId).catch(failed);
    this.attemptSoon(roomId, urgent);
  }

  /** One attempt per room at a time in this process: a burst of marks is one try of the lease. */
  private attemptSoon(roomId: string, urgent: boolean): void {
    const attempt = this.attempts.get(roomId);
    if (!attempt) {
      const fresh: Attempt = { urgent, cancel: null, running: false, markedMeanwhile: false };
      this.attempts.set(roomId, fresh);
      this.schedule(roomId, fresh, 0);
      return;
    }
    if (attempt.running) attempt.markedMeanwhile = true;
    if (!urgent || attempt.urgent) return;
    attempt.urgent = true;
    if (!attempt.running) this.schedule(roomId, attempt, 0);
  }

  private schedule(roomId: string, attempt: Attempt, waitMs: number): void {
    attempt.cancel?.();
    if (waitMs > 0) {
      const timer = setTimeout(() => void this.attempt(roomId, attempt), waitMs);
      attempt.cancel = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(() => void this.attempt(roomId, attempt));
      attempt.cancel = () => clearImmediate(immediate);
    }
  }

  private async attempt(roomId: string, attempt: Attempt): Promise<void> {
    attempt.cancel = null;
    attempt.running = true;
    attempt.markedMeanwhile = false;
    const urgent = attempt.urgent;
    attempt.urgent = false;
    const startedAt = this.now();
    const outcome = await this.pushRoom(roomId, urgent);
    attempt.running = false;
    if (this.attempts.get(roomId) !== attempt) return;
    attempt.urgent ||= urgent && typeof outcome === 'number';
    if (typeof outcome === 'number') return this.schedule(roomId, attempt, attempt.urgent ? Math.min(outcome, URGENT_RETRY_MS) : outcome);
    if (attempt.urgent) return this.schedule(roomId, attempt, 0);
    if (outcome === 'pushed' && attempt.markedMeanwhile) {
      return this.schedule(roomId, attempt, Math.max(1, startedAt + this.options.intervalMs - this.now()));
    }
    // Pushed, or nothing left to push (another process did), or failed: the round of ticks covers a failure.
    this.attempts.delete(roomId);
  }

  /** One round now; with pushes leased elsewhere, those rooms are pushed by their lease holders. */
  async drain(): Promise<void> {
    await this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const attempt of this.attempts.values()) attempt.cancel?.();
    this.attempts.clear();
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
    await Promise.all(rooms.map((roomId) => this.pushRoom(roomId, false)));
  }

  /** 'pushed'; 'idle' (nothing pending, or the push failed); or the ms until another push's lease ends. */
  private async pushRoom(roomId: string, urgent: boolean): Promise<'pushed' | 'idle' | number> {
    const { redis, keys, processId, intervalMs, flush } = this.options;
    try {
      const taken = await redis.plenaryTakePushes(keys.pushDirty(roomId), keys.pushLease(roomId), processId, intervalMs, urgent ? '1' : '0');
      if (typeof taken === 'number') return Math.max(1, taken);
      if (!taken || taken.length === 0) return 'idle';
      const pushKeys = new Set<string>();
      for (let i = 0; i < taken.length; i += 2) pushKeys.add(taken[i]!);
      await flush(roomId, pushKeys);
      await redis.plenaryDonePushes(keys.pushDirty(roomId), keys.pushLease(roomId), processId, ...taken);
      return 'pushed';
    } catch (error) {
      this.options.onError(error, roomId);
      return 'idle';
    }
  }
}
