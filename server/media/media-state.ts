import type { RedisStore } from '../store/redis/redis-store.ts';

/** One person on video in a LiveKit room: their published tracks by track sid. */
export type VideoMember = {
  identity: string;
  name: string;
  tracks: Record<string, { source: 'camera' | 'microphone' | 'screen_share' | 'other'; muted: boolean }>;
};

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
  /** Replaces (or with null removes) one member's entry. */
  setMember(room: string, identity: string, member: VideoMember | null): Promise<void>;
  member(room: string, identity: string): Promise<VideoMember | null>;
  members(room: string): Promise<VideoMember[]>;
}

/** Marks tracks of a member muted (after the server muted them); unknown members and tracks are left alone. */
export async function markMuted(state: MediaState, room: string, identity: string, trackSids: string[]): Promise<void> {
  const member = await state.member(room, identity);
  if (!member) return;
  const tracks = { ...member.tracks };
  for (const sid of trackSids) {
    const track = tracks[sid];
    if (track) tracks[sid] = { ...track, muted: true };
  }
  await state.setMember(room, identity, { ...member, tracks });
}

/** LiveKit retries a webhook for minutes at most; an hour covers any replay worth refusing. */
const SEEN_TTL_MS = 60 * 60 * 1000;

export class MemoryMediaState implements MediaState {
  private readonly seen = new Map<string, number>();
  private readonly rooms = new Map<string, Map<string, VideoMember>>();

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

  async setMember(room: string, identity: string, member: VideoMember | null): Promise<void> {
    const members = this.rooms.get(room) ?? new Map<string, VideoMember>();
    if (member) members.set(identity, member);
    else members.delete(identity);
    if (members.size === 0) this.rooms.delete(room);
    else this.rooms.set(room, members);
  }

  async member(room: string, identity: string): Promise<VideoMember | null> {
    return this.rooms.get(room)?.get(identity) ?? null;
  }

  async members(room: string): Promise<VideoMember[]> {
    return [...(this.rooms.get(room)?.values() ?? [])];
  }
}

export class RedisMediaState implements MediaState {
  constructor(private readonly store: RedisStore) {}

  async firstSighting(eventId: string): Promise<boolean> {
    const reply = await this.store.redis.set(this.store.keys.liveKitWebhookSeen(eventId), '1', 'PX', SEEN_TTL_MS, 'NX');
    return reply === 'OK';
  }

  async forget(eventId: string): Promise<void> {
    await this.store.redis.del(this.store.keys.liveKitWebhookSeen(eventId));
  }

  async setMember(room: string, identity: string, member: VideoMember | null): Promise<void> {
    const key = this.store.keys.videoPresence(room);
    if (member) await this.store.redis.hset(key, identity, JSON.stringify(member));
    else await this.store.redis.hdel(key, identity);
  }

  async member(room: string, identity: string): Promise<VideoMember | null> {
    const json = await this.store.redis.hget(this.store.keys.videoPresence(room), identity);
    return json ? (JSON.parse(json) as VideoMember) : null;
  }

  async members(room: string): Promise<VideoMember[]> {
    const entries = await this.store.redis.hgetall(this.store.keys.videoPresence(room));
    return Object.values(entries).map((json) => JSON.parse(json) as VideoMember);
  }
}
