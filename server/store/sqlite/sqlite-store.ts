import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Agenda } from '../../../shared/model/event.ts';
import { emptyHallState, type HallState } from '../../../shared/model/hall.ts';
import type { Person } from '../../../shared/model/person.ts';
import type { Ballot } from '../../../shared/model/poll.ts';
import { upgradeRoomState, type RoomState } from '../../../shared/model/room.ts';
import type { RoomDelta } from '../../../shared/protocol/room-events.ts';
import type { Role } from '../../../shared/roles.ts';
import type {
  BallotOutcome,
  BallotWrite,
  CommandReceipt,
  CommitOutcome,
  Contributions,
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
import { inviteIdOf } from '../../auth/secrets.ts';
import { readStoredAgenda } from '../stored-agenda.ts';
import { ControlKeyTable } from './control-key-table.ts';
import { QuizTables } from './quiz-tables.ts';
import { WebhookTables } from './webhook-tables.ts';
import { GroupCommitter, type GroupCommitOptions } from './group-commit.ts';
import { migrate } from './migrate.ts';
import * as sql from './schema.ts';

type EventRow = { agenda: string; revision: number; created_at_ms: number; updated_at_ms: number };
type InviteRow = { secret: string; event_id: string; role: Role; room_id: string | null; hall_id: string | null; label: string | null; revoked_at_ms: number | null; created_at_ms: number };
type BallotRow = { ballot: string; contributions: string };

export type SqliteStoreOptions = GroupCommitOptions & { busyTimeoutMs?: number };

function prepareStatements(db: Database.Database) {
  return {
    ping: db.prepare(sql.PING),
    selectSecret: db.prepare<[string], { value: string }>(sql.SELECT_SECRET),
    insertSecretIfAbsent: db.prepare<[string, string]>(sql.INSERT_SECRET_IF_ABSENT),
    upsertEvent: db.prepare<{ id: string; audienceCode: string; agenda: string; revision: number; nowMs: number }>(sql.UPSERT_EVENT),
    selectEvent: db.prepare<[string], EventRow>(sql.SELECT_EVENT),
    selectEventByCode: db.prepare<{ code: string }, EventRow>(sql.SELECT_EVENT_BY_CODE),
    selectEvents: db.prepare<[], EventRow>(sql.SELECT_EVENTS),
    selectEventRevision: db.prepare<[string], { revision: number }>(sql.SELECT_EVENT_REVISION),
    selectOtherHolderOfCode: db.prepare<{ code: string; eventId: string }, { event_id: string }>(sql.SELECT_OTHER_HOLDER_OF_CODE),
    deleteHallCodesOfEvent: db.prepare<[string]>(sql.DELETE_HALL_CODES_OF_EVENT),
    insertHallCode: db.prepare<[string, string]>(sql.INSERT_HALL_CODE),
    selectHall: db.prepare<[string, string], { revision: number; room_id: string | null; changed_at_ms: number | null }>(sql.SELECT_HALL),
    upsertHall: db.prepare<{ eventId: string; hallId: string; revision: number; roomId: string | null; changedAtMs: number | null }>(sql.UPSERT_HALL),
    selectRoomOfOtherEvent: db.prepare<{ eventId: string; roomIds: string }, { room_id: string; event_id: string }>(sql.SELECT_ROOM_OF_OTHER_EVENT),
    upsertInvite: db.prepare<Invite>(sql.UPSERT_INVITE),
    selectInvite: db.prepare<[string], InviteRow>(sql.SELECT_INVITE),
    selectInvitesOfEvent: db.prepare<[string], InviteRow>(sql.SELECT_INVITES_OF_EVENT),
    revokeInvite: db.prepare<[number, string]>(sql.REVOKE_INVITE),
    insertRevokedInvite: db.prepare<[string, number]>(sql.INSERT_REVOKED_INVITE),
    selectRevokedInvite: db.prepare<[string], { revoked: number }>(sql.SELECT_REVOKED_INVITE),
    upsertPerson: db.prepare<{ id: string; eventId: string; createdAtMs: number; person: string }>(sql.UPSERT_PERSON),
    selectPerson: db.prepare<[string], { person: string }>(sql.SELECT_PERSON),
    selectPeopleOfEvent: db.prepare<[string, number, number], { person: string }>(sql.SELECT_PEOPLE_OF_EVENT),
    countPeopleOfEvent: db.prepare<[string], { count: number }>(sql.COUNT_PEOPLE_OF_EVENT),
    selectPersonConnection: db.prepare<[string], { person: string; connected_at_ms: number | null }>(sql.SELECT_PERSON_CONNECTION),
    markPersonConnected: db.prepare<[number, string]>(sql.MARK_PERSON_CONNECTED),
    selectPersonExists: db.prepare<[string], { found: number }>(sql.SELECT_PERSON_EXISTS),
    deleteUnconnectedPeople: db.prepare<[number, number]>(sql.DELETE_UNCONNECTED_PEOPLE),
    insertRoomIfAbsent: db.prepare<[string, string]>(sql.INSERT_ROOM_IF_ABSENT),
    selectRoomState: db.prepare<[string], { state: string }>(sql.SELECT_ROOM_STATE),
    selectRoomRevision: db.prepare<[string], { revision: number }>(sql.SELECT_ROOM_REVISION),
    updateRoom: db.prepare<[number, string, string]>(sql.UPDATE_ROOM),
    insertRoomDelta: db.prepare<[string, number, string]>(sql.INSERT_ROOM_DELTA),
    selectReceipt: db.prepare<[string, string, string, number], { result: string }>(sql.SELECT_RECEIPT),
    upsertReceipt: db.prepare<{ roomId: string; personId: string; commandId: string; result: string; expiresAtMs: number }>(sql.UPSERT_RECEIPT),
    deleteExpiredReceipts: db.prepare<[number]>(sql.DELETE_EXPIRED_RECEIPTS),
    selectDeltasSince: db.prepare<[string, number, number], { delta: string }>(sql.SELECT_DELTAS_SINCE),
    selectOutboxCursor: db.prepare<[string, string], { revision: number; memo: string | null }>(sql.SELECT_OUTBOX_CURSOR),
    advanceOutboxCursor: db.prepare<{ roomId: string; outbox: string; revision: number; memo: string | null }>(sql.ADVANCE_OUTBOX_CURSOR),
    selectBallot: db.prepare<[string, string], BallotRow>(sql.SELECT_BALLOT),
    replaceBallot: db.prepare<{
      pollId: string;
      voterKey: string;
      roomId: string;
      ballot: string;
      contributions: string;
      atMs: number;
    }>(sql.REPLACE_BALLOT),
    addToTally: db.prepare<[string, string, number]>(sql.ADD_TO_TALLY),
    deleteZeroTallies: db.prepare<[string]>(sql.DELETE_ZERO_TALLIES),
    addVoter: db.prepare<[string]>(sql.ADD_VOTER),
    selectVoters: db.prepare<[string], { voters: number }>(sql.SELECT_VOTERS),
    selectTally: db.prepare<[string], { key: string; value: number }>(sql.SELECT_TALLY),
    selectRecentAnswers: db.prepare<[string, number], { text: string }>(sql.SELECT_RECENT_ANSWERS),
    insertUpvote: db.prepare<[string, string, string]>(sql.INSERT_UPVOTE),
    deleteUpvote: db.prepare<[string, string, string]>(sql.DELETE_UPVOTE),
    addToUpvoteCount: db.prepare<[string, string, number]>(sql.ADD_TO_UPVOTE_COUNT),
    deleteZeroUpvoteCount: db.prepare<[string, string]>(sql.DELETE_ZERO_UPVOTE_COUNT),
    selectUpvoteCounts: db.prepare<[string], { question_id: string; count: number }>(sql.SELECT_UPVOTE_COUNTS),
    selectUpvotesOfPerson: db.prepare<[string, string], { question_id: string }>(sql.SELECT_UPVOTES_OF_PERSON),
  };
}

function toStoredEvent(row: EventRow): StoredEvent {
  return { agenda: readStoredAgenda(row.agenda), revision: row.revision, createdAtMs: row.created_at_ms, updatedAtMs: row.updated_at_ms };
}

/** Why the stored event (its revision, or null when there is none) is not what the save expected; null when it is. */
function unexpected(expected: EventExpectation, stored: number | null): EventSaveOutcome | null {
  if (expected === 'any') return null;
  if (expected === 'absent') return stored === null ? null : { outcome: 'event_exists' };
  if (stored === null) return { outcome: 'no_event' };
  if (expected === 'present' || expected.revision === stored) return null;
  return { outcome: 'stale', revision: stored };
}

function toInvite(row: InviteRow): Invite {
  return {
    secret: row.secret,
    eventId: row.event_id,
    role: row.role,
    roomId: row.room_id,
    hallId: row.hall_id,
    label: row.label,
    revokedAtMs: row.revoked_at_ms,
    createdAtMs: row.created_at_ms,
  };
}

/**
 * The embedded store: one SQLite file, no extra service. Writes go through the group
 * committer and resolve only once committed with synchronous=FULL; reads run directly on
 * the same connection and see only committed data, since batches run synchronously
 * between event-loop turns.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  readonly committer: GroupCommitter;
  readonly #sql: ReturnType<typeof prepareStatements>;
  readonly #controlKeys: ControlKeyTable;
  readonly #webhooks: WebhookTables;
  readonly #quizzes: QuizTables;
  /**
   * Outbox leases by `<outbox>/<room>`, in memory: only one process opens the file, so a lease
   * only keeps this process's own workers apart, and a restarted process owns every outbox at once.
   */
  readonly #outboxLeases = new Map<string, { owner: string; untilMs: number }>();

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
    this.#sql = prepareStatements(this.db);
    this.committer = new GroupCommitter(this.db, options);
    this.#controlKeys = new ControlKeyTable(this.db, this.committer);
    this.#webhooks = new WebhookTables(this.db, this.committer);
    this.#quizzes = new QuizTables(this.db, this.committer);
  }

  /** The file is opened and migrated by the constructor; nothing is left to do. */
  async init(): Promise<void> {
    this.#sql.ping.get();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.committer.close();
    this.db.close();
  }

  async ping(): Promise<void> {
    this.#sql.ping.get();
  }

  writeStats(): WriteStats {
    return { commits: this.committer.stats.commits, writes: this.committer.stats.writes };
  }

  async getOrCreateSecret(name: string, candidate: string): Promise<string> {
    const stored = this.#sql.selectSecret.get(name);
    if (stored) return stored.value;
    return this.committer.run(() => {
      this.#sql.insertSecretIfAbsent.run(name, candidate);
      return this.#sql.selectSecret.get(name)!.value;
    });
  }

  async saveEvent(agenda: Agenda, initialRooms: RoomState[], nowMs: number, expected: EventExpectation = 'any'): Promise<EventSaveOutcome> {
    for (const room of initialRooms) {
      if (room.revision !== 0) throw new Error(`initial state of room ${room.roomId} has revision ${room.revision}, not 0`);
    }
    const roomIds = JSON.stringify(agenda.rooms.map((room) => room.id));
    const hallCodes = agenda.halls.flatMap((hall) => (hall.code ? [hall.code] : []));
    const codes = [agenda.audienceCode, ...hallCodes];
    // Checks and writes share one savepoint of the group commit, which runs synchronously:
    // no other write can come between them.
    return this.committer.run((): EventSaveOutcome => {
      const stored = this.#sql.selectEventRevision.get(agenda.id)?.revision ?? null;
      const refusal = unexpected(expected, stored);
      if (refusal) return refusal;
      for (const code of codes) {
        const holder = this.#sql.selectOtherHolderOfCode.get({ code, eventId: agenda.id });
        if (holder) return { outcome: 'code_taken', eventId: holder.event_id, code };
      }
      const shared = this.#sql.selectRoomOfOtherEvent.get({ eventId: agenda.id, roomIds });
      if (shared) return { outcome: 'room_taken', roomId: shared.room_id, eventId: shared.event_id };

      const revision = (stored ?? 0) + 1;
      this.#sql.upsertEvent.run({ id: agenda.id, audienceCode: agenda.audienceCode, agenda: JSON.stringify(agenda), revision, nowMs });
      this.#sql.deleteHallCodesOfEvent.run(agenda.id);
      for (const code of hallCodes) this.#sql.insertHallCode.run(code, agenda.id);
      // Never over a live room: its state has moved on since the agenda was first imported.
      for (const room of initialRooms) this.#sql.insertRoomIfAbsent.run(room.roomId, JSON.stringify(room));
      return { outcome: 'saved', revision };
    });
  }

  async getEvent(eventId: string): Promise<StoredEvent | null> {
    const row = this.#sql.selectEvent.get(eventId);
    return row ? toStoredEvent(row) : null;
  }

  async findEventByCode(code: string): Promise<StoredEvent | null> {
    const row = this.#sql.selectEventByCode.get({ code });
    return row ? toStoredEvent(row) : null;
  }

  async listEvents(): Promise<StoredEvent[]> {
    return this.#sql.selectEvents.all().map(toStoredEvent);
  }

  saveInvite(invite: Invite): Promise<void> {
    return this.committer.run(() => {
      this.#sql.upsertInvite.run(invite);
    });
  }

  async findInvite(secret: string): Promise<Invite | null> {
    const row = this.#sql.selectInvite.get(secret);
    return row ? toInvite(row) : null;
  }

  async listInvites(eventId: string): Promise<Invite[]> {
    return this.#sql.selectInvitesOfEvent.all(eventId).map(toInvite);
  }

  revokeInvite(secret: string, nowMs: number): Promise<boolean> {
    return this.committer.run(() => {
      if (this.#sql.revokeInvite.run(nowMs, secret).changes === 0) return false;
      this.#sql.insertRevokedInvite.run(inviteIdOf(secret), nowMs);
      return true;
    });
  }

  async inviteRevoked(inviteId: string): Promise<boolean> {
    return this.#sql.selectRevokedInvite.get(inviteId) !== undefined;
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
    return this.committer.run(() => {
      this.#sql.upsertPerson.run({ id: person.id, eventId: person.eventId, createdAtMs: person.createdAtMs, person: JSON.stringify(person) });
    });
  }

  async getPerson(personId: string): Promise<Person | null> {
    const row = this.#sql.selectPerson.get(personId);
    return row ? (JSON.parse(row.person) as Person) : null;
  }

  async listPeople(eventId: string, page: PeoplePage = { offset: 0, limit: -1 }): Promise<Person[]> {
    return this.#sql.selectPeopleOfEvent.all(eventId, page.limit, page.offset).map((row) => JSON.parse(row.person) as Person);
  }

  async countPeople(eventId: string): Promise<number> {
    return this.#sql.countPeopleOfEvent.get(eventId)?.count ?? 0;
  }

  async connectPerson(personId: string, nowMs: number): Promise<Person | null> {
    const row = this.#sql.selectPersonConnection.get(personId);
    if (!row) return null;
    if (row.connected_at_ms === null) {
      // Only the first connection writes; a sweep committed since the read leaves nothing to mark.
      const stillThere = await this.committer.run(
        () => this.#sql.markPersonConnected.run(nowMs, personId).changes > 0 || this.#sql.selectPersonExists.get(personId) !== undefined,
      );
      if (!stillThere) return null;
    }
    return JSON.parse(row.person) as Person;
  }

  deleteUnconnectedPeople(joinedBeforeMs: number, limit: number): Promise<number> {
    return this.committer.run(() => this.#sql.deleteUnconnectedPeople.run(joinedBeforeMs, limit).changes);
  }

  async loadHall(eventId: string, hallId: string): Promise<HallState> {
    const row = this.#sql.selectHall.get(eventId, hallId);
    if (!row) return emptyHallState(eventId, hallId);
    return { eventId, hallId, revision: row.revision, roomId: row.room_id, changedAtMs: row.changed_at_ms };
  }

  switchHall(eventId: string, hallId: string, roomId: string, nowMs: number): Promise<HallState> {
    return this.committer.run((): HallState => {
      const row = this.#sql.selectHall.get(eventId, hallId);
      if (row && row.room_id === roomId) return { eventId, hallId, revision: row.revision, roomId, changedAtMs: row.changed_at_ms };
      const next = { eventId, hallId, revision: (row?.revision ?? 0) + 1, roomId, changedAtMs: nowMs };
      this.#sql.upsertHall.run(next);
      return next;
    });
  }

  async loadRoom(roomId: string): Promise<RoomState | null> {
    const row = this.#sql.selectRoomState.get(roomId);
    return row ? upgradeRoomState(JSON.parse(row.state) as RoomState) : null;
  }

  async commitRoom(delta: RoomDelta, next: RoomState, receipt?: CommandReceipt): Promise<CommitOutcome> {
    if (next.roomId !== delta.roomId || next.revision !== delta.revision) {
      throw new Error(`state ${next.roomId}@${next.revision} does not follow delta ${delta.roomId}@${delta.revision}`);
    }
    const { roomId } = delta;
    return this.committer.run((): CommitOutcome => {
      if (receipt && this.#sql.selectReceipt.get(roomId, receipt.personId, receipt.commandId, delta.atMs)) return 'duplicate';
      const stored = this.#sql.selectRoomRevision.get(roomId);
      if (stored?.revision !== delta.revision - 1) return 'conflict';
      this.#sql.insertRoomDelta.run(roomId, delta.revision, JSON.stringify(delta));
      this.#sql.updateRoom.run(delta.revision, JSON.stringify(next), roomId);
      if (receipt) {
        this.#sql.deleteExpiredReceipts.run(delta.atMs);
        this.#sql.upsertReceipt.run({ roomId, ...receipt });
      }
      return 'committed';
    });
  }

  async commandReceipt(roomId: string, personId: string, commandId: string, nowMs: number): Promise<string | null> {
    return this.#sql.selectReceipt.get(roomId, personId, commandId, nowMs)?.result ?? null;
  }

  async deltasSince(roomId: string, revision: number, limit: number): Promise<RoomDelta[]> {
    // SQLite reads a negative LIMIT as "no limit".
    if (limit <= 0) return [];
    return this.#sql.selectDeltasSince.all(roomId, revision, limit).map((row) => JSON.parse(row.delta) as RoomDelta);
  }

  castBallot(write: BallotWrite): Promise<BallotOutcome> {
    const ballot = JSON.stringify(write.ballot);
    const contributions = JSON.stringify(write.contributions);
    return this.committer.run((): BallotOutcome => {
      const stored = this.#sql.selectBallot.get(write.pollId, write.voterKey);
      if (stored?.ballot === ballot) return 'unchanged';
      if (stored && !write.allowChange) return 'already_voted';

      const row = { pollId: write.pollId, voterKey: write.voterKey, roomId: write.roomId, ballot, contributions, atMs: write.atMs };
      this.#sql.replaceBallot.run(row);
      if (!stored) {
        this.#addToTally(write.pollId, write.contributions, 1);
        this.#sql.addVoter.run(write.pollId);
        return 'counted';
      }
      // Subtract what the stored ballot added, not what the caller thinks it added.
      this.#addToTally(write.pollId, JSON.parse(stored.contributions) as Contributions, -1);
      this.#addToTally(write.pollId, write.contributions, 1);
      this.#sql.deleteZeroTallies.run(write.pollId);
      return 'replaced';
    });
  }

  #addToTally(pollId: string, contributions: Contributions, sign: 1 | -1): void {
    for (const [key, value] of Object.entries(contributions)) {
      if (value !== 0) this.#sql.addToTally.run(pollId, key, sign * value);
    }
  }

  async ballotOf(pollId: string, voterKey: string): Promise<Ballot | null> {
    const row = this.#sql.selectBallot.get(pollId, voterKey);
    return row ? (JSON.parse(row.ballot) as Ballot) : null;
  }

  async pollTally(pollId: string): Promise<PollTally> {
    const voters = this.#sql.selectVoters.get(pollId)?.voters ?? 0;
    const counters: Contributions = {};
    for (const { key, value } of this.#sql.selectTally.all(pollId)) counters[key] = value;
    return { voters, counters };
  }

  async recentAnswers(pollId: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    return this.#sql.selectRecentAnswers.all(pollId, limit).map((row) => row.text);
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
    return this.committer.run(() => {
      if (upvoted) {
        if (this.#sql.insertUpvote.run(roomId, questionId, personId).changes === 0) return false;
        this.#sql.addToUpvoteCount.run(roomId, questionId, 1);
        return true;
      }
      if (this.#sql.deleteUpvote.run(roomId, questionId, personId).changes === 0) return false;
      this.#sql.addToUpvoteCount.run(roomId, questionId, -1);
      this.#sql.deleteZeroUpvoteCount.run(roomId, questionId);
      return true;
    });
  }

  async upvoteCounts(roomId: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const row of this.#sql.selectUpvoteCounts.all(roomId)) counts[row.question_id] = row.count;
    return counts;
  }

  async upvotesOf(roomId: string, personId: string): Promise<string[]> {
    return this.#sql.selectUpvotesOfPerson.all(roomId, personId).map((row) => row.question_id);
  }

  async outboxCursor(outbox: string, roomId: string): Promise<OutboxCursor> {
    const row = this.#sql.selectOutboxCursor.get(roomId, outbox);
    return { revision: row?.revision ?? 0, memo: row?.memo ?? null };
  }

  async claimOutbox(outbox: string, roomId: string, owner: string, leaseMs: number): Promise<boolean> {
    const key = `${outbox}/${roomId}`;
    const nowMs = Date.now();
    const lease = this.#outboxLeases.get(key);
    if (lease && lease.owner !== owner && lease.untilMs > nowMs) return false;
    this.#outboxLeases.set(key, { owner, untilMs: nowMs + leaseMs });
    return true;
  }

  async advanceOutbox(outbox: string, roomId: string, owner: string, cursor: OutboxCursor): Promise<boolean> {
    const lease = this.#outboxLeases.get(`${outbox}/${roomId}`);
    if (lease?.owner !== owner || lease.untilMs <= Date.now()) return false;
    await this.committer.run(() => {
      this.#sql.advanceOutboxCursor.run({ roomId, outbox, revision: cursor.revision, memo: cursor.memo });
    });
    return true;
  }

  async releaseOutbox(outbox: string, roomId: string, owner: string): Promise<void> {
    const key = `${outbox}/${roomId}`;
    if (this.#outboxLeases.get(key)?.owner === owner) this.#outboxLeases.delete(key);
  }
}
