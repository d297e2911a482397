import type { RedisStore } from '../store/redis/redis-store.ts';
import { toStoreFailure } from '../store/redis/store-failures.ts';
import { withTracksMuted, type VideoMember, type VideoRecord } from './video-presence.ts';

export type { VideoMember };

/** Computes an identity's next record from its current one; null leaves it as it is. */
export type VideoChange = (record: VideoRecord | null) => VideoRecord | null;

/**
 * What the webhooks keep: which events were applied already, and who is on video.
 * In memory with SQLite (one process); in Redis when processes share a Redis store, since
 * LiveKit posts each webhook to one of them.
 */
export interface MediaState {
  /** True the first time an event id is seen, false for a replay. */
  firstSighting(eventId: string): Promise<boolean>;
  /** Forgets an event id whose application failed, so LiveKit's retry of it is applied. */
  forget(eventId: string): Promise<void>;
  /**
   * Changes one identity's record as one step: no other change to it lands between the read
   * and the write, on any process. Returns whether the record changed.
   */
  update(room: string, identity: string, change: VideoChange): Promise<boolean>;
  /** Who is on video in the room now (records of sessions that ended are left out). */
  members(room: string): Promise<VideoMember[]>;
}

/** Marks tracks of a member muted (after the server muted them); unknown members and tracks are left alone. */
export async function markMuted(state: MediaState, room: string, identity: string, trackSids: string[]): Promise<void> {
  await state.update(room, identity, (record) => withTracksMuted(record, trackSids));
}

/** LiveKit retries a webhook for minutes at most; an hour covers any replay worth refusing. */
const SEEN_TTL_MS = 60 * 60 * 1000;

/** How often a Redis update is tried again after another process changed the same record first. */
const MAX_UPDATE_ATTEMPTS = 50;

/** A random pause after losing a compare-and-set, so two processes writing one record stop colliding in step. */
const backOff = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10) * 2));

const onVideo = (records: Iterable<VideoRecord>) => [...records].filter((record) => !record.left).map((record) => record.member);

export class MemoryMediaState implements MediaState {
  private readonly seen = new Map<string, number>();
  private readonly rooms = new Map<string, Map<string, VideoRecord>>();

  constructor(private readonly now: () => number) {}

  async firstSighting(eventId: string): Promise<boolean> {
    const nowMs = this.now();
    for (const [id, expiresAtMs] of this.seen) {
      if (expiresAtMs > nowMs) break;
      this.seen.delete(id);
    }
    if (this.seen.has(eventId)) return false;
    this.seen.set(eventId, nowMs + SEEN_TTL_MS);
    return true;
  }

  async forget(eventId: string): Promise<void> {
    this.seen.delete(eventId);
  }

  // Read, change and write run in one turn of the event loop: nothing can land in between.
  async update(room: string, identity: string, change: VideoChange): Promise<boolean> {
    const records = this.rooms.get(room) ?? new Map<string, VideoRecord>();
    const next = change(records.get(identity) ?? null);
    if (!next) return false;
    records.set(identity, next);
    this.rooms.set(room, records);
    return true;
  }

  async members(room: string): Promise<VideoMember[]> {
    return onVideo(this.rooms.get(room)?.values() ?? []);
  }
}

/** A record as stored; entries written before records had sessions count as none. */
function parseRecord(json: string | null): VideoRecord | null {
  if (!json) return null;
  const record = JSON.parse(json) as Partial<VideoRecord>;
  return record.session && record.member ? (record as VideoRecord) : null;
}

/** Runs Redis commands, turning connection failures into the store's failure type (answered 503, so LiveKit retries). */
async function redisCall<T>(commands: () => Promise<T>): Promise<T> {
  try {
    return await commands();
  } catch (error) {
    throw toStoreFailure(error);
  }
}

export class RedisMediaState implements MediaState {
  /** This process's changes per person, one after another: only another process's write can make a compare-and-set fail. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly store: RedisStore) {}

  async firstSighting(eventId: string): Promise<boolean> {
    const reply = await redisCall(() => this.store.redis.set(this.store.keys.liveKitWebhookSeen(eventId), '1', 'PX', SEEN_TTL_MS, 'NX'));
    return reply === 'OK';
  }

  async forget(eventId: string): Promise<void> {
    await redisCall(() => this.store.redis.del(this.store.keys.liveKitWebhookSeen(eventId)));
  }

  update(room: string, identity: string, change: VideoChange): Promise<boolean> {
    const key = `${room}\u0000${identity}`;
    const next = (this.queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => this.compareAndSet(room, identity, change));
    this.queues.set(key, next);
    void next.catch(() => undefined).finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
    return next;
  }

  /**
   * Read, change, then write only if the stored record is still the one read (REPLACE_IF_SAME);
   * otherwise another process wrote first, and the change is made again on what it wrote.
   */
  private async compareAndSet(room: string, identity: string, change: VideoChange): Promise<boolean> {
    const { redis, keys } = this.store;
    const key = keys.videoPresence(room);
    for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
      const stored = await redisCall(() => redis.hget(key, identity));
      const next = change(parseRecord(stored));
      if (!next) return false;
      if ((await redisCall(() => redis.plenaryReplaceIfSame(key, identity, stored ?? '', JSON.stringify(next)))) === 1) return true;
      await backOff(attempt);
    }
    throw new Error(`video presence of ${identity} in ${room} kept changing under ${MAX_UPDATE_ATTEMPTS} attempts`);
  }

  async members(room: string): Promise<VideoMember[]> {
    const entries = await redisCall(() => this.store.redis.hgetall(this.store.keys.videoPresence(room)));
    return onVideo(Object.values(entries).flatMap((json) => parseRecord(json) ?? []));
  }
}
