import type { ChainableCommander } from 'ioredis';
import type { Agenda } from '../../../shared/model/event.ts';
import type { HallState } from '../../../shared/model/hall.ts';
import type { Person } from '../../../shared/model/person.ts';
import type { Ballot } from '../../../shared/model/poll.ts';
import type { RoomState } from '../../../shared/model/room.ts';
import type { RoomDelta } from '../../../shared/protocol/room-events.ts';
import type {
  BallotOutcome,
  BallotWrite,
  CommandReceipt,
  CommitOutcome,
  ControlKey,
  WebhookDelivery,
  WebhookEndpoint,
  EventExpectation,
  EventSaveOutcome,
  Invite,
  PeoplePage,
  OutboxCursor,
  PollTally,
  StoredBallot,
  Store,
  StoredEvent,
} from '../store.ts';
import { RedisControlKeys } from './control-keys.ts';
import { RedisEvents } from './events.ts';
import { RedisHalls } from './halls.ts';
import { RedisInvites } from './invites.ts';
import { RedisRooms } from './rooms.ts';
import { RedisOutboxes } from './outboxes.ts';
import { RedisQuizzes } from './quizzes.ts';
import { RedisPeople } from './people.ts';
import { replyOf } from './replies.ts';
import { RedisVotes } from './votes.ts';
import { RedisWebhooks } from './webhooks.ts';
import { createRedisClient, describeTopology, isCluster, untilReady, type RedisCall, type RedisClient, type RedisConnectionOptions, type RedisTopology, type RedisWrite, type RedisWriteOne } from './connection.ts';
import { DEFAULT_KEY_PREFIX, redisKeys, type RedisKeys } from './keys.ts';
import { ReplicaWait, notConfirmed } from './replica-wait.ts';
import { StoreUnavailableError } from '../failures.ts';
import { defineScripts } from './scripts.ts';
import { readDurability, toStoreFailure, type RedisDurability } from './store-failures.ts';

export type RedisStoreOptions = RedisConnectionOptions & {
  /** Prepended to every key, so several deployments (or test cases) can share one Redis. */
  keyPrefix?: string;
  /** How long init() waits for Redis to become ready before giving up. */
  readyTimeoutMs?: number;
  /** Acknowledge a write only once this many replicas have it (WAIT); 0 acknowledges on the primary's reply. */
  waitReplicas?: number;
  /** How long a write waits for those replicas before it is answered unavailable. */
  waitTimeoutMs?: number;
  /** Told of each connection failure (they repeat while Redis is down); without it they are dropped. */
  onConnectionError?: (error: Error) => void;
};

/**
 * The scale-out store: all state in Redis, shared by any number of server processes.
 * Check-then-write operations are Lua scripts (scripts.ts says why); an acknowledgement is
 * as durable as the server's AOF setting makes a reply: with `appendfsync always` Redis
 * fsyncs before it answers (see durability()).
 */
export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  readonly topology: RedisTopology;
  readonly #connectionOptions: RedisConnectionOptions;
  readonly #readyTimeoutMs: number;
  readonly #wait: { replicas: number; timeoutMs: number };
  /** With one connection (a server, or a primary through Sentinel) and replicas to wait for: WAITs shared by writes. */
  readonly #replicaWait: ReplicaWait | null;
  readonly #events: RedisEvents;
  readonly #invites: RedisInvites;
  readonly #halls: RedisHalls;
  readonly #rooms: RedisRooms;
  readonly #controlKeys: RedisControlKeys;
  readonly #people: RedisPeople;
  readonly #votes: RedisVotes;
  readonly #outboxes: RedisOutboxes;
  readonly #webhooks: RedisWebhooks;
  readonly #quizzes: RedisQuizzes;

  /** `target` is a redis:// URL (one server) or a topology (Sentinel, Cluster). */
  constructor(target: string | RedisTopology, options: RedisStoreOptions = {}) {
    const { keyPrefix, readyTimeoutMs, waitReplicas, waitTimeoutMs, onConnectionError, ...connectionOptions } = options;
    this.topology = typeof target === 'string' ? { kind: 'server', url: target } : target;
    this.#connectionOptions = connectionOptions;
    this.redis = createRedisClient(this.topology, { connectionName: 'plenary-store', ...connectionOptions });
    this.keys = redisKeys(keyPrefix ?? DEFAULT_KEY_PREFIX);
    this.#readyTimeoutMs = readyTimeoutMs ?? 10_000;
    this.#wait = { replicas: waitReplicas ?? 0, timeoutMs: waitTimeoutMs ?? 1_000 };
    this.#replicaWait = this.#wait.replicas > 0 && !isCluster(this.redis) ? new ReplicaWait(this.redis, this.#wait.replicas, this.#wait.timeoutMs) : null;
    // ioredis reports each failed (re)connection as an 'error' event; unheard, it prints them.
    this.redis.on('error', onConnectionError ?? (() => {}));
    defineScripts(this.redis);
    const call: RedisCall = (commands) => this.#call(commands);
    const write: RedisWrite = (script) => this.#write(script);
    this.#events = new RedisEvents(this.keys, call, write);
    this.#invites = new RedisInvites(this.keys, call, write);
    this.#halls = new RedisHalls(this.keys, call, write);
    this.#rooms = new RedisRooms(this.keys, call, write);
    this.#controlKeys = new RedisControlKeys(this.keys, call, write);
    this.#people = new RedisPeople(this.keys, call, write);
    const writeOne: RedisWriteOne = (command, inPipeline) => this.#writeOne(command, inPipeline);
    this.#votes = new RedisVotes(this.keys, call, writeOne);
    this.#outboxes = new RedisOutboxes(this.keys, call, write);
    this.#webhooks = new RedisWebhooks(this.keys, call, write);
    this.#quizzes = new RedisQuizzes(this.keys, call, write);
  }

  /** Another connection to the same Redis with the store's fail-fast options, for a subscriber or publisher. */
  openClient(name: string, options: Pick<RedisConnectionOptions, 'autoResubscribe' | 'shardedSubscribers'> = {}): RedisClient {
    return createRedisClient(this.topology, { ...this.#connectionOptions, connectionName: `plenary-${name}`, ...options });
  }

  /** Connects and waits until Redis is ready (its data loaded), for at most readyTimeoutMs. */
  async init(): Promise<void> {
    if (this.redis.status === 'ready') return;
    if (this.redis.status === 'wait') this.redis.connect().catch(() => {});
    if (!(await untilReady(this.redis, this.#readyTimeoutMs))) {
      this.redis.disconnect();
      throw new StoreUnavailableError(`Redis at ${describeTopology(this.topology)} was not ready within ${this.#readyTimeoutMs} ms`);
    }
    // A Cluster is ready once one node answered; the connections to the other primaries open on
    // first use, and a fail-fast client refuses commands meanwhile. Open them all now.
    const client = this.redis;
    if (isCluster(client)) await this.#call(() => Promise.all(client.nodes('master').map((node) => node.ping())));
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    if (this.redis.status !== 'ready') {
      // Not connected: nothing to say goodbye to, only reconnection to stop.
      this.redis.disconnect();
      return;
    }
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  async ping(): Promise<void> {
    await this.#call((redis) => redis.ping());
  }

  /** Redis group-commits its own AOF fsyncs; Plenary sees no commits to count. */
  writeStats(): null {
    return null;
  }

  /** What Redis promises about a reply (readDurability). */
  durability(): Promise<RedisDurability | null> {
    return readDurability(this.redis);
  }

  getOrCreateSecret(name: string, candidate: string): Promise<string> {
    return this.#write<string>((redis) => redis.plenaryGetOrCreateSecret(this.keys.secrets(), name, candidate));
  }

  saveEvent(agenda: Agenda, initialRooms: RoomState[], nowMs: number, expected: EventExpectation = 'any'): Promise<EventSaveOutcome> {
    return this.#events.save(agenda, initialRooms, nowMs, expected);
  }

  getEvent(eventId: string): Promise<StoredEvent | null> {
    return this.#events.get(eventId);
  }

  findEventByCode(code: string): Promise<StoredEvent | null> {
    return this.#events.findByCode(code);
  }

  listEvents(): Promise<StoredEvent[]> {
    return this.#events.list();
  }

  saveInvite(invite: Invite): Promise<void> {
    return this.#invites.save(invite);
  }

  findInvite(secret: string): Promise<Invite | null> {
    return this.#invites.find(secret);
  }

  listInvites(eventId: string): Promise<Invite[]> {
    return this.#invites.list(eventId);
  }

  revokeInvite(secret: string, nowMs: number): Promise<boolean> {
    return this.#invites.revoke(secret, nowMs);
  }

  inviteRevoked(inviteId: string): Promise<boolean> {
    return this.#invites.revoked(inviteId);
  }

  saveControlKey(key: ControlKey): Promise<void> {
    return this.#controlKeys.save(key);
  }

  getControlKey(id: string): Promise<ControlKey | null> {
    return this.#controlKeys.get(id);
  }

  listControlKeys(eventId: string): Promise<ControlKey[]> {
    return this.#controlKeys.list(eventId);
  }

  revokeControlKey(id: string, nowMs: number): Promise<boolean> {
    return this.#controlKeys.revoke(id, nowMs);
  }

  saveWebhookEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    return this.#webhooks.save(endpoint);
  }

  getWebhookEndpoint(id: string): Promise<WebhookEndpoint | null> {
    return this.#webhooks.get(id);
  }

  listWebhookEndpoints(eventId: string): Promise<WebhookEndpoint[]> {
    return this.#webhooks.list(eventId);
  }

  deleteWebhookEndpoint(id: string): Promise<boolean> {
    return this.#webhooks.delete(id);
  }

  recordWebhookDelivery(endpointId: string, delivery: WebhookDelivery): Promise<void> {
    return this.#webhooks.record(endpointId, delivery);
  }

  listWebhookDeliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    return this.#webhooks.deliveries(endpointId, limit);
  }

  savePerson(person: Person): Promise<void> {
    return this.#people.savePerson(person);
  }

  getPerson(personId: string): Promise<Person | null> {
    return this.#people.getPerson(personId);
  }

  listPeople(eventId: string, page: PeoplePage = { offset: 0, limit: -1 }): Promise<Person[]> {
    return this.#people.listPeople(eventId, page);
  }

  countPeople(eventId: string): Promise<number> {
    return this.#people.countPeople(eventId);
  }

  connectPerson(personId: string): Promise<Person | null> {
    return this.#people.connectPerson(personId);
  }

  deleteUnconnectedPeople(joinedBeforeMs: number, limit: number): Promise<number> {
    return this.#people.deleteUnconnectedPeople(joinedBeforeMs, limit);
  }

  loadHall(eventId: string, hallId: string): Promise<HallState> {
    return this.#halls.load(eventId, hallId);
  }

  switchHall(eventId: string, hallId: string, roomId: string, nowMs: number): Promise<HallState> {
    return this.#halls.switch(eventId, hallId, roomId, nowMs);
  }

  loadRoom(roomId: string): Promise<RoomState | null> {
    return this.#rooms.load(roomId);
  }

  commitRoom(delta: RoomDelta, next: RoomState, receipt?: CommandReceipt, before?: RoomState): Promise<CommitOutcome> {
    return this.#rooms.commit(delta, next, receipt, before);
  }

  commandReceipt(roomId: string, personId: string, commandId: string, nowMs: number): Promise<string | null> {
    return this.#rooms.commandReceipt(roomId, personId, commandId, nowMs);
  }

  /** The stored revision alone, far cheaper than loadRoom: tells a process whether its copy is behind. */
  roomRevision(roomId: string): Promise<number | null> {
    return this.#rooms.revision(roomId);
  }

  deltasSince(roomId: string, revision: number, limit: number): Promise<RoomDelta[]> {
    return this.#rooms.deltasSince(roomId, revision, limit);
  }

  castBallot(write: BallotWrite): Promise<BallotOutcome> {
    return this.#votes.castBallot(write);
  }

  ballotOf(pollId: string, voterKey: string): Promise<Ballot | null> {
    return this.#votes.ballotOf(pollId, voterKey);
  }

  pollTally(pollId: string): Promise<PollTally> {
    return this.#votes.pollTally(pollId);
  }

  recentAnswers(pollId: string, limit: number): Promise<string[]> {
    return this.#votes.recentAnswers(pollId, limit);
  }

  pollBallots(pollId: string): Promise<StoredBallot[]> {
    return this.#quizzes.pollBallots(pollId);
  }

  setQuizNickname(quizId: string, personId: string, nickname: string): Promise<void> {
    return this.#quizzes.setNickname(quizId, personId, nickname);
  }

  quizNicknames(quizId: string): Promise<Record<string, string>> {
    return this.#quizzes.nicknames(quizId);
  }

  setUpvote(roomId: string, questionId: string, personId: string, upvoted: boolean): Promise<boolean> {
    return this.#votes.setUpvote(roomId, questionId, personId, upvoted);
  }

  upvoteCounts(roomId: string): Promise<Record<string, number>> {
    return this.#votes.upvoteCounts(roomId);
  }

  upvotesOf(roomId: string, personId: string): Promise<string[]> {
    return this.#votes.upvotesOf(roomId, personId);
  }

  outboxCursor(outbox: string, roomId: string): Promise<OutboxCursor> {
    return this.#outboxes.outboxCursor(outbox, roomId);
  }

  claimOutbox(outbox: string, roomId: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.#outboxes.claimOutbox(outbox, roomId, owner, leaseMs);
  }

  advanceOutbox(outbox: string, roomId: string, owner: string, cursor: OutboxCursor): Promise<boolean> {
    return this.#outboxes.advanceOutbox(outbox, roomId, owner, cursor);
  }

  releaseOutbox(outbox: string, roomId: string, owner: string): Promise<void> {
    return this.#outboxes.releaseOutbox(outbox, roomId, owner);
  }

  /** #write for one command (RedisWriteOne): in a pipeline only when WAIT must ride along. */
  async #writeOne<T>(command: (redis: RedisClient) => Promise<unknown>, inPipeline: (pipeline: ChainableCommander) => ChainableCommander): Promise<T> {
    if (this.#wait.replicas > 0 && this.#replicaWait === null) return this.#write<T>(inPipeline);
    return this.#call(async (redis) => {
      const result = (await command(redis)) as T;
      await this.#replicaWait?.confirm();
      return result;
    });
  }

  /** Runs Redis commands, turning connection failures into StoreUnavailableError. */
  async #call<T>(commands: (redis: RedisClient) => Promise<T>): Promise<T> {
    try {
      return await commands(this.redis);
    } catch (error) {
      throw toStoreFailure(error);
    }
  }

  /**
   * Runs one write script and, with waitReplicas, acknowledges it only once that many replicas
   * have it. Fewer replicas within the timeout means a failover could lose the write, so it is
   * answered unavailable, never acknowledged; it may still have run, like any command in flight
   * during a failure, and ballots and upvotes are keyed by person. On one connection the writes
   * share WAITs (ReplicaWait); on a Cluster each slot has its own primary and connection, so
   * WAIT rides in the write's own pipeline to reach the same one.
   */
  async #write<T>(script: (pipeline: ChainableCommander) => ChainableCommander): Promise<T> {
    const { replicas, timeoutMs } = this.#wait;
    const waitInPipeline = replicas > 0 && this.#replicaWait === null;
    return this.#call(async (redis) => {
      const pipeline = script(redis.pipeline());
      if (waitInPipeline) pipeline.wait(replicas, timeoutMs);
      const replies = await pipeline.exec();
      const result = replyOf<T>(replies, 0);
      if (waitInPipeline) {
        const reached = replyOf<number>(replies, 1);
        if (reached < replicas) throw notConfirmed(reached, replicas, timeoutMs);
      }
      await this.#replicaWait?.confirm();
      return result;
    });
  }
}
