import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
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
  WriteStats,
} from '../store.ts';
import { ControlKeyTable } from './control-key-table.ts';
import { EventTables } from './event-tables.ts';
import { GroupCommitter, type GroupCommitOptions } from './group-commit.ts';
import { HallTable } from './hall-table.ts';
import { InviteTables } from './invite-tables.ts';
import { migrate } from './migrate.ts';
import { OutboxTable } from './outbox-table.ts';
import { PeopleTable } from './people-table.ts';
import { RoomTables } from './room-tables.ts';
import * as sql from './schema.ts';
import { VoteTables } from './vote-tables.ts';
import { QuizTables } from './quiz-tables.ts';
import { WebhookTables } from './webhook-tables.ts';

export type SqliteStoreOptions = GroupCommitOptions & { busyTimeoutMs?: number };

/**
 * The embedded store: one SQLite file, no extra service. Writes go through the group
 * committer and resolve only once committed with synchronous=FULL; reads run directly on
 * the same connection and see only committed data, since batches run synchronously
 * between event-loop turns. Each area's tables have a module of their own, sharing the
 * connection and the committer; this class opens the file and composes them.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  readonly committer: GroupCommitter;
  readonly #ping;
  readonly #selectSecret;
  readonly #insertSecretIfAbsent;
  readonly #events: EventTables;
  readonly #halls: HallTable;
  readonly #invites: InviteTables;
  readonly #controlKeys: ControlKeyTable;
  readonly #webhooks: WebhookTables;
  readonly #quizzes: QuizTables;
  readonly #people: PeopleTable;
  readonly #rooms: RoomTables;
  readonly #votes: VoteTables;
  readonly #outboxes: OutboxTable;

  constructor(file: string, options: SqliteStoreOptions = {}) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // better-sqlite3 builds WAL with synchronous=NORMAL, which may lose the last commits on
    // power loss. Plenary acknowledges a command once committed, so every commit is fsynced.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    migrate(this.db);
    this.#ping = this.db.prepare(sql.PING);
    this.#selectSecret = this.db.prepare<[string], { value: string }>(sql.SELECT_SECRET);
    this.#insertSecretIfAbsent = this.db.prepare<[string, string]>(sql.INSERT_SECRET_IF_ABSENT);
    this.committer = new GroupCommitter(this.db, options);
    this.#rooms = new RoomTables(this.db, this.committer);
    this.#events = new EventTables(this.db, this.committer, this.#rooms);
    this.#halls = new HallTable(this.db, this.committer);
    this.#invites = new InviteTables(this.db, this.committer);
    this.#controlKeys = new ControlKeyTable(this.db, this.committer);
    this.#webhooks = new WebhookTables(this.db, this.committer);
    this.#quizzes = new QuizTables(this.db, this.committer);
    this.#people = new PeopleTable(this.db, this.committer);
    this.#votes = new VoteTables(this.db, this.committer);
    this.#outboxes = new OutboxTable(this.db, this.committer);
  }

  /** The file is opened and migrated by the constructor; nothing is left to do. */
  async init(): Promise<void> {
    this.#ping.get();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    void this.#people.flushMarks();
    this.committer.close();
    this.db.close();
  }

  async ping(): Promise<void> {
    this.#ping.get();
  }

  writeStats(): WriteStats {
    return { commits: this.committer.stats.commits, writes: this.committer.stats.writes };
  }

  async getOrCreateSecret(name: string, candidate: string): Promise<string> {
    const stored = this.#selectSecret.get(name);
    if (stored) return stored.value;
    return this.committer.run(() => {
      this.#insertSecretIfAbsent.run(name, candidate);
      return this.#selectSecret.get(name)!.value;
    });
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
    return this.#people.save(person);
  }

  getPerson(personId: string): Promise<Person | null> {
    return this.#people.get(personId);
  }

  listPeople(eventId: string, page?: PeoplePage): Promise<Person[]> {
    return this.#people.list(eventId, page);
  }

  countPeople(eventId: string): Promise<number> {
    return this.#people.count(eventId);
  }

  connectPerson(personId: string, nowMs: number): Promise<Person | null> {
    return this.#people.connect(personId, nowMs);
  }

  deleteUnconnectedPeople(joinedBeforeMs: number, limit: number): Promise<number> {
    return this.#people.deleteUnconnected(joinedBeforeMs, limit);
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

  commitRoom(delta: RoomDelta, next: RoomState, receipt?: CommandReceipt): Promise<CommitOutcome> {
    return this.#rooms.commit(delta, next, receipt);
  }

  commandReceipt(roomId: string, personId: string, commandId: string, nowMs: number): Promise<string | null> {
    return this.#rooms.receipt(roomId, personId, commandId, nowMs);
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
    return this.#outboxes.cursor(outbox, roomId);
  }

  claimOutbox(outbox: string, roomId: string, owner: string, leaseMs: number): Promise<boolean> {
    return this.#outboxes.claim(outbox, roomId, owner, leaseMs);
  }

  advanceOutbox(outbox: string, roomId: string, owner: string, cursor: OutboxCursor): Promise<boolean> {
    return this.#outboxes.advance(outbox, roomId, owner, cursor);
  }

  releaseOutbox(outbox: string, roomId: string, owner: string): Promise<void> {
    return this.#outboxes.release(outbox, roomId, owner);
  }
}
