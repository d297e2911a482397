import { randomBytes } from 'node:crypto';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { PushKey } from '../live/ballots.ts';
import type { SharedRooms } from '../live/live-rooms.ts';
import type { Publisher } from '../live/publisher.ts';
import type { Logger } from '../logger.ts';
import type { Runtime } from '../runtime.ts';
import { StoreUnavailableError } from '../store/failures.ts';
import type { RedisClient } from '../store/redis/connection.ts';
import type { RedisStore } from '../store/redis/redis-store.ts';
import type { BudgetTaker, LimiterFactory } from '../transport/rate-limits.ts';
import { channels } from '../transport/channels.ts';
import { SocketPublisher } from '../transport/socket-publisher.ts';
import type { PlenaryServer } from '../transport/socket-types.ts';
import { ClusterPresence } from './cluster-presence.ts';
import { ClusterPushes } from './cluster-pushes.ts';
import { closeConnection, openConnection } from './connections.ts';
import { redisBudgets, redisLimiters } from './rate-limiters.ts';
import { RoomFeed } from './room-feed.ts';

const SETUP_LOCK_MS = 30_000;
const HEAL_EVERY_MS = 1_000;
/** Background failures repeat every tick while Redis is down: one log line per kind per this long. */
const LOG_EVERY_MS = 10_000;

type Connections = { adapterPub: RedisClient; adapterSub: RedisClient; feedSub: RedisClient };

/**
 * What several server processes on one Redis need beyond the Redis store (docs/SCALE-OUT.md):
 * the Socket.IO adapter for pushes, the room feed that brings every process each room's deltas
 * in revision order, coalesced pushes leased per room across the cluster, presence counted
 * across processes, and rate limits kept in Redis. Built only when the store is Redis; with
 * SQLite none of it exists and one process works as before.
 */
export class ScaleOut {
  readonly feed: RoomFeed;
  readonly presence: ClusterPresence;
  private pushes: ClusterPushes<PushKey> | null = null;
  private runtime: Runtime | null = null;
  private io: PlenaryServer | null = null;
  private localDeltas: Publisher | null = null;
  private healTimer: NodeJS.Timeout | null = null;
  private readonly lastLogged = new Map<string, number>();

  private constructor(
    private readonly store: RedisStore,
    private readonly logger: Logger,
    private readonly connections: Connections,
  ) {
    this.feed = new RoomFeed({
      deltasSince: (roomId, revision, limit) => store.deltasSince(roomId, revision, limit),
      loadRoom: (roomId) => store.loadRoom(roomId),
      emit: (delta, before) => this.localDeltas?.delta(delta, before),
      advanced: (state) => this.runtime?.live.observe(state),
      diverged: (roomId) => this.restartClients(roomId),
      onError: (error, roomId) => this.warn('feed', error, { roomId }),
    });
    this.presence = new ClusterPresence({
      redis: store.redis,
      keys: store.keys,
      changed: (roomId) => this.runtime?.pushes.mark(roomId, 'presence'),
      onError: (error) => this.warn('presence', error),
    });
  }

  /** Opens the extra connections (the adapter's publisher and subscriber, the feed's subscriber) and subscribes. */
  static async connect(store: RedisStore, logger: Logger): Promise<ScaleOut> {
    const adapterPub = await openConnection(store.openClient('adapter-pub'), 'adapter-pub', logger);
    // On a Redis Cluster, SSUBSCRIBE goes to the primary of each channel's slot: ioredis keeps a subscriber per primary.
    const adapterSub = await openConnection(store.openClient('adapter-sub', { shardedSubscribers: true }), 'adapter-sub', logger);
    // The feed subscribes again by itself after a reconnect, and only then reads what it missed.
    const feedSub = await openConnection(store.openClient('room-feed', { autoResubscribe: false }), 'room-feed', logger);
    const scaleOut = new ScaleOut(store, logger, { adapterPub, adapterSub, feedSub });
    feedSub.on('message', (channel: string, message: string) => scaleOut.onMessage(channel, message));
    await scaleOut.subscribeFeed();
    feedSub.on('ready', () => void scaleOut.reconnected());
    return scaleOut;
  }

  /**
   * The sharded adapter (docs/SCALE-OUT.md says why), in static mode: two channels in all,
   * rather than one per Socket.IO room, which would be one per connected person here.
   */
  adapter(): ReturnType<typeof createShardedAdapter> {
    const { adapterPub, adapterSub } = this.connections;
    return createShardedAdapter(adapterPub, adapterSub, { channelPrefix: this.store.keys.adapterChannels(), subscriptionMode: 'static' });
  }

  sharedRooms(): SharedRooms {
    return {
      storedRevision: (roomId) => this.store.roomRevision(roomId),
      loaded: (state) => this.feed.follow(state),
    };
  }

  limiters(): LimiterFactory {
    return redisLimiters(this.store.redis, this.store.keys);
  }

  budgets(): BudgetTaker {
    return redisBudgets(this.store.redis, this.store.keys);
  }

  createPushes(intervalMs: number, flush: (roomId: string, keys: Set<PushKey>) => Promise<void>): ClusterPushes<PushKey> {
    this.pushes = new ClusterPushes<PushKey>({
      redis: this.store.redis,
      keys: this.store.keys,
      processId: this.presence.processId,
      intervalMs,
      flush: (roomId, keys) => flush(roomId, keys as Set<PushKey>),
      onError: (error, roomId) => this.warn('pushes', error, { roomId }),
    });
    return this.pushes;
  }

  /** Tells the other processes that an event's agenda changed, so they drop their cached copy. */
  announceEventSaved(eventId: string): void {
    this.store.redis.publish(this.store.keys.eventSaves(), eventId).catch((error: unknown) => this.warn('events', error));
  }

  /** Tells every process (this one too) that an invite was revoked, so each closes the sessions joined with it. */
  announceInviteRevoked(inviteId: string): void {
    this.store.redis.publish(this.store.keys.inviteRevocations(), inviteId).catch((error: unknown) => this.warn('invites', error));
  }

  /** Starts the background work once the runtime and the Socket.IO server exist. */
  async attach(runtime: Runtime, io: PlenaryServer): Promise<void> {
    this.runtime = runtime;
    this.io = io;
    // Each process emits the deltas it receives from the feed to its own clients only.
    this.localDeltas = new SocketPublisher(io.local, runtime.config.deltaBatchMs);
    await this.presence.start();
    this.pushes?.start();
    this.healTimer = setInterval(() => void this.feed.retryBehind(), HEAL_EVERY_MS);
  }

  /**
   * Runs `work` while holding a lock in Redis, so processes started together do not each load
   * the demo or create the same invites.
   */
  async exclusively<T>(work: () => Promise<T>): Promise<T> {
    const redis = this.store.redis;
    const lock = this.store.keys.setupLock();
    const token = randomBytes(12).toString('hex');
    const deadline = Date.now() + SETUP_LOCK_MS;
    while ((await redis.set(lock, token, 'PX', SETUP_LOCK_MS, 'NX')) === null) {
      if (Date.now() > deadline) throw new StoreUnavailableError('another process held the start-up lock for too long');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    try {
      return await work();
    } finally {
      await redis.plenaryReleaseLock(lock, token).catch(() => {});
    }
  }

  /** Throws unless this process can hear the others: deltas and pushes from them arrive through these. */
  async ready(): Promise<void> {
    for (const [name, connection] of Object.entries(this.connections)) {
      if (connection.status !== 'ready') throw new StoreUnavailableError(`Redis connection ${name} is ${connection.status}`);
    }
  }

  /** After the Socket.IO server closed (which closes the adapter): stops the work and the connections. */
  async close(): Promise<void> {
    if (this.healTimer) clearInterval(this.healTimer);
    this.healTimer = null;
    this.pushes?.stop();
    await this.presence.stop();
    await Promise.all(Object.values(this.connections).map(closeConnection));
  }

  private onMessage(channel: string, message: string): void {
    const { keys } = this.store;
    if (channel === keys.roomCommits()) this.feed.receive(message);
    else if (channel === keys.eventSaves()) this.runtime?.events.forget(message);
    else if (channel === keys.inviteRevocations()) this.runtime?.inviteSessions.close(message);
  }

  private async subscribeFeed(): Promise<void> {
    const { keys } = this.store;
    await this.connections.feedSub.subscribe(keys.roomCommits(), keys.eventSaves(), keys.inviteRevocations());
  }

  /**
   * The feed's connection is back after an outage: whatever was committed meanwhile was
   * announced to no one. Drop cached states, check each room's history against the store's,
   * subscribe again, then read the missed deltas from the store's log (so nothing falls between
   * the two), and push every room's totals again, since pushes marked during the outage may
   * have failed.
   */
  private async reconnected(): Promise<void> {
    try {
      this.runtime?.live.forgetAll();
      // Writes the store never confirmed may be gone (a failover): presence is written again in
      // full, and each room's history here is checked before any new announcement extends it.
      this.presence.rewrite();
      await this.feed.verifyAll();
      await this.subscribeFeed();
      await this.feed.catchUpAll();
      this.pushes?.relistOnNextMark();
      for (const roomId of this.feed.rooms()) this.markEverything(roomId);
    } catch (error) {
      this.warn('feed', error);
    }
  }

  /**
   * This process's clients in the room followed a history the store no longer has: they are
   * disconnected, and reconnect with a fresh snapshot as after any lost connection (PROTOCOL.md).
   */
  private restartClients(roomId: string): void {
    this.logger.warn({ roomId }, 'room history here is not the store\'s (e.g. a failover lost unconfirmed writes): its clients reconnect for a snapshot');
    for (const channel of [channels.chair(roomId), channels.stage(roomId), channels.public(roomId)]) this.io?.local.in(channel).disconnectSockets();
  }

  private markEverything(roomId: string): void {
    const pushes = this.runtime?.pushes;
    const state = this.feed.position(roomId);
    if (!pushes || !state) return;
    pushes.mark(roomId, 'presence');
    pushes.mark(roomId, 'votes');
    for (const poll of state.polls) if (poll.status !== 'draft') pushes.mark(roomId, `poll:${poll.id}`);
  }

  private warn(kind: string, error: unknown, context: Record<string, unknown> = {}): void {
    const now = Date.now();
    if (now - (this.lastLogged.get(kind) ?? 0) < LOG_EVERY_MS) return;
    this.lastLogged.set(kind, now);
    this.logger.warn({ ...context, kind, err: error instanceof Error ? error.message : String(error) }, 'scale-out background work failed; retrying');
  }
}
