import { END_QUIET_MS, pushRate, QUIET_MS } from '../domain/push-rate.ts';
import type { Pushes } from '../live/push-scheduler.ts';
import type { RedisClient } from '../store/redis/connection.ts';
import type { RedisKeys } from '../store/redis/keys.ts';

/** Rooms not marked for this long drop out of the list every process scans. */
const FORGET_ROOM_AFTER_MS = 10 * 60_000;
/**
 * How often one process lists a room it keeps marking: often enough that a room being marked
 * never ages out of the list, rarely enough that a storm costs one Redis command per vote, not two.
 */
const LIST_AGAIN_MS = FORGET_ROOM_AFTER_MS / 10;

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

type Attempt = {
  cancel: (() => void) | null;
  /** When the waiting try runs (this process's clock; only ever compared with itself). */
  dueAt: number;
  running: boolean;
  /** Marks sent up to this one were seen by the try under way or just made. */
  seenMark: number;
  /** The earliest time a mark's reply asked for while a try was under way. */
  askedAt: number;
};

/**
 * Coalesced pushes per room under the rate bound of server/domain/push-rate.ts across every
 * process: the first change after a quiet moment pushed at once, a storm's changes every
 * stormGapMs, a pause QUIET_MS after its last change while the storm's share allows, its end
 * END_QUIET_MS after its last change at the latest, from a reserve of its own, a chair's urgent
 * change at once from the reserve. Redis holds the room's marks and latest push starts, and its scripts decide on
 * Redis's clock (server/store/redis/push-scripts.ts); this side only sets a timer for the wait a
 * script returned.
 *
 * A change marks its push key (MARK_PUSH: one script, a generation per key so a mark made during
 * a push is not lost) and learns when the room's next push may start. The first mark of a room
 * this process is not already trying goes on to TAKE_PUSHES on the next turn of the event loop,
 * on the same connection, so that try sees every mark of the turn. TAKE_PUSHES starts a push
 * only when the rule allows it and no push of the room is under way (the lease), else returns
 * how long to wait. The winner reads the totals from the store, emits them once through the
 * Socket.IO adapter, then DONE_PUSHES deletes the marks it pushed, ends the lease, and tells it
 * when to push what was marked meanwhile. Marks stay until a push succeeded, and every process
 * also tries all marked rooms twice an interval: if a pusher dies mid-push, its lease expires
 * and another process pushes.
 */
export class ClusterPushes<Key extends string> implements Pushes<Key> {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private readonly attempts = new Map<string, Attempt>();
  /** When this process last listed each room in the list every process scans. */
  private readonly listedAt = new Map<string, number>();
  private marksSent = 0;
  private stopped = false;
  private readonly now: () => number;
  private readonly rateArgs: Array<string | number>;

  constructor(private readonly options: ClusterPushesOptions) {
    this.now = options.now ?? Date.now;
    const rate = pushRate(options.intervalMs);
    this.rateArgs = [rate.windowMs, rate.perWindow, rate.endPerWindow, rate.stormPerWindow, rate.stormGapMs, QUIET_MS, END_QUIET_MS, options.intervalMs, options.processId];
  }

  start(): void {
    this.stopped = false;
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), Math.max(10, Math.floor(this.options.intervalMs / 2)));
  }

  /**
   * Written to Redis at once, on the store's connection: a change acknowledged to its sender is
   * marked in Redis before a crash of this process could lose the mark. The listing is a command
   * of its own: on a Redis Cluster the room's marks and the list of rooms live on different
   * shards. A room whose listing failed is listed again by its next mark, or in full when the
   * feed reconnects.
   */
  mark(roomId: string, key: Key, urgent = false): void {
    const { redis, keys } = this.options;
    const failed = (error: unknown) => {
      this.listedAt.delete(roomId);
      this.options.onError(error, roomId);
    };
    const now = this.now();
    if (now - (this.listedAt.get(roomId) ?? -Infinity) >= LIST_AGAIN_MS) {
      this.listedAt.set(roomId, now);
      redis.zadd(keys.pushRooms(), now, roomId).catch(failed);
    }
    const seq = ++this.marksSent;
    redis
      .plenaryMarkPush(keys.pushDirty(roomId), keys.pushRate(roomId), keys.pushLease(roomId), ...this.rateArgs, key, urgent ? '1' : '0')
      .then((waitMs) => this.marked(roomId, seq, waitMs), failed);
    if (!this.attempts.has(roomId)) this.schedule(roomId, this.newAttempt(roomId), 0);
  }

  /** A mark's reply: a try sent after the mark saw it; else the room's try comes no later than the rule allows. */
  private marked(roomId: string, seq: number, waitMs: number): void {
    if (this.stopped) return;
    const attempt = this.attempts.get(roomId) ?? this.newAttempt(roomId);
    if (seq <= attempt.seenMark) return;
    this.tryWithin(roomId, attempt, waitMs);
  }

  /** The room's try comes within waitMs: after the try under way, if there is one. */
  private tryWithin(roomId: string, attempt: Attempt, waitMs: number): void {
    if (attempt.running) attempt.askedAt = Math.min(attempt.askedAt, this.now() + waitMs);
    else this.schedule(roomId, attempt, waitMs);
  }

  /** Forgets which rooms this process listed, so that the next mark of each lists it again (after Redis may have lost writes). */
  relistOnNextMark(): void {
    this.listedAt.clear();
  }

  private newAttempt(roomId: string): Attempt {
    const attempt: Attempt = { cancel: null, dueAt: Infinity, running: false, seenMark: 0, askedAt: Infinity };
    this.attempts.set(roomId, attempt);
    return attempt;
  }

  /** Sets the room's try after waitMs (on the next turn of the event loop for 0), unless one is already due no later. */
  private schedule(roomId: string, attempt: Attempt, waitMs: number): void {
    const dueAt = this.now() + Math.max(0, waitMs);
    if (attempt.cancel && attempt.dueAt <= dueAt) return;
    attempt.cancel?.();
    attempt.dueAt = dueAt;
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
    attempt.dueAt = Infinity;
    attempt.running = true;
    attempt.askedAt = Infinity;
    attempt.seenMark = this.marksSent;
    const waitMs = await this.pushRoom(roomId);
    attempt.running = false;
    if (this.attempts.get(roomId) !== attempt) return;
    const askedIn = attempt.askedAt - this.now();
    const next = waitMs === null ? askedIn : Math.min(waitMs, askedIn);
    // Nothing left to push (pushed, or another process did), or failed: the round of ticks covers a failure.
    if (next === Infinity) this.attempts.delete(roomId);
    else this.schedule(roomId, attempt, next);
  }

  /** One round now; with pushes leased elsewhere, those rooms are pushed by their lease holders. */
  async drain(): Promise<void> {
    await this.tick();
  }

  stop(): void {
    this.stopped = true;
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
    const since = this.now() - FORGET_ROOM_AFTER_MS;
    try {
      const [, listed] = (await redis.multi().zremrangebyscore(keys.pushRooms(), '-inf', since).zrange(keys.pushRooms(), '0', '-1').exec()) ?? [];
      if (!listed || listed[0]) throw listed?.[0] ?? new Error('push rooms not read');
      rooms = listed[1] as string[];
    } catch (error) {
      this.options.onError(error, null);
      return;
    }
    for (const [roomId, at] of this.listedAt) if (at < since) this.listedAt.delete(roomId);
    // A room this process is trying already is left to that try; a push started here plans its follow-up.
    await Promise.all(rooms.filter((roomId) => !this.attempts.has(roomId)).map(async (roomId) => {
      const waitMs = await this.pushRoom(roomId, true);
      if (waitMs !== null && !this.stopped) this.tryWithin(roomId, this.attempts.get(roomId) ?? this.newAttempt(roomId), waitMs);
    }));
  }

  /**
   * Tries the room's push and makes it if the rule allows. Returns the ms until the room's next
   * try, or null when there is nothing to try (nothing marked, or the push failed). From a round,
   * a wait that is not this process's follow-up is null too: the processes that marked the room try it.
   */
  private async pushRoom(roomId: string, fromRound = false): Promise<number | null> {
    const { redis, keys, flush } = this.options;
    const roomKeys = [keys.pushDirty(roomId), keys.pushRate(roomId), keys.pushLease(roomId)] as const;
    try {
      const taken = await redis.plenaryTakePushes(...roomKeys, ...this.rateArgs);
      if (typeof taken === 'number') return fromRound ? null : Math.max(1, taken);
      if (!taken || taken.length === 0) return null;
      const pushKeys = new Set<string>();
      for (let i = 0; i < taken.length; i += 2) pushKeys.add(taken[i]!);
      await flush(roomId, pushKeys);
      const waitMs = await redis.plenaryDonePushes(...roomKeys, ...this.rateArgs, ...taken);
      return waitMs < 0 ? null : waitMs;
    } catch (error) {
      this.options.onError(error, roomId);
      return null;
    }
  }
}
