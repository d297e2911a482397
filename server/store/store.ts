import type { Agenda } from '../../shared/model/event.ts';
import type { HallState } from '../../shared/model/hall.ts';
import type { Person } from '../../shared/model/person.ts';
import type { Ballot, Contributions, PollTally } from '../../shared/model/poll.ts';

export type { Contributions, PollTally };
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import type { WebhookDelivery, WebhookEventType } from '../../shared/protocol/webhooks.ts';
import type { Role } from '../../shared/roles.ts';

/** A secret link that lets whoever holds it join an event in a role. */
/** A control key for an AV desk: the hash of its secret, never the secret, which the organiser saw once. */
export type ControlKey = {
  id: string;
  eventId: string;
  /** A key drives one room, or whichever session one hall holds: exactly one of the two is set. */
  roomId: string | null;
  hallId: string | null;
  label: string;
  secretHash: string;
  createdAtMs: number;
  revokedAtMs: number | null;
};

/** An organiser's webhook endpoint. The secret is kept as it is: every delivery is signed with it. */
export type WebhookEndpoint = {
  id: string;
  eventId: string;
  url: string;
  events: WebhookEventType[];
  label: string;
  secret: string;
  createdAtMs: number;
  updatedAtMs: number;
};

export type { WebhookDelivery };

/** How many deliveries the store keeps per endpoint: the newest, for the organiser to look at. */
export const KEPT_WEBHOOK_DELIVERIES = 50;

export type Invite = {
  secret: string;
  eventId: string;
  role: Role;
  /** The room the role applies to; null for the whole event. */
  roomId: string | null;
  /** A display invited for a hall (roomId null): a display in every session of that hall. */
  hallId: string | null;
  /** Shown to the organiser ("Stage left display"); null for an unlabelled link. */
  label: string | null;
  /** When the organiser revoked it; a revoked invite lets no one join, and its sessions are closed. */
  revokedAtMs: number | null;
  createdAtMs: number;
};

/** `revision` counts the saves of the event: 1 when created, one more with every save. */
export type StoredEvent = { agenda: Agenda; revision: number; createdAtMs: number; updatedAtMs: number };

/**
 * What saveEvent requires of the event already stored under the agenda's id: none ('absent', a
 * creation), one ('present', a replacement), either ('any', an import), or one still at this
 * revision (an edit made on what the caller read).
 */
export type EventExpectation = 'absent' | 'present' | 'any' | { revision: number };

/**
 * What saveEvent did: saved, at the event's new revision, or nothing at all, because of the
 * first check that failed. Checks and write are one atomic step, so of two saves racing for an
 * id, a code or a room, exactly one is saved.
 */
export type EventSaveOutcome =
  | { outcome: 'saved'; revision: number }
  | { outcome: 'event_exists' }
  | { outcome: 'no_event' }
  | { outcome: 'stale'; revision: number }
  /** `code`: the first of the agenda's join codes (audience code, then hall codes) another event holds. */
  | { outcome: 'code_taken'; eventId: string; code: string }
  | { outcome: 'room_taken'; roomId: string; eventId: string };

export type BallotWrite = {
  roomId: string;
  pollId: string;
  /** The person's id, or for anonymous polls a keyed hash of it: enough to stop double voting, no more. */
  voterKey: string;
  ballot: Ballot;
  contributions: Contributions;
  allowChange: boolean;
  atMs: number;
};

/** A standing ballot as a quiz's leaderboard reads it: who, what it counted for, when (server clock). */
export type StoredBallot = { voterKey: string; contributions: Contributions; atMs: number };

export type BallotOutcome = 'counted' | 'replaced' | 'unchanged' | 'already_voted';

/** 'duplicate': the receipt's command was committed before, within its window; nothing was written. */
export type CommitOutcome = 'committed' | 'conflict' | 'duplicate';

/**
 * The outcome of a command sent with a commandId, kept so a retry of it is answered the same
 * and changes nothing. Keyed by room, person and command id; gone after expiresAtMs.
 */
export type CommandReceipt = {
  personId: string;
  commandId: string;
  /** The acknowledgement's value (JSON). */
  result: string;
  /** From this instant the id is free again; the caller's clock, not the store's. */
  expiresAtMs: number;
};

/** A page of an event's people, in join order (createdAtMs, then id). */
export type PeoplePage = { offset: number; limit: number };

/**
 * How far one of a room's outboxes has carried out the side effects of its deltas (server/media/video-outbox.ts):
 * every delta up to `revision`. `memo` is what the outbox needs to go on from there (the LiveKit
 * outbox keeps the floor holder after that revision), opaque to the store.
 */
export type OutboxCursor = { revision: number; memo: string | null };

/** Commits so far and the writes they carried: writes per commit is the group commit at work. */
export type WriteStats = { commits: number; writes: number };

/**
 * Everything Plenary keeps. Every write resolves only once it is durable: the transport
 * acknowledges a command after the promise resolves, never before.
 */
export interface Store {
  readonly kind: 'sqlite' | 'redis';
  /** Where writes share commits (SQLite's group commit); null where the store commits on its own. */
  writeStats(): WriteStats | null;
  init(): Promise<void>;
  close(): Promise<void>;
  /** Resolves when the store answers; /readyz uses it. */
  ping(): Promise<void>;

  /** Returns the stored secret of that name, storing `candidate` first if there is none. */
  getOrCreateSecret(name: string, candidate: string): Promise<string>;

  /**
   * Creates or replaces an event's agenda, if the stored event is as `expected`, none of its join
   * codes (the audience code and its halls' codes) is held by another event, as either kind, and
   * no room id by another event's agenda (live room state is kept per room id). Rooms it names
   * get an initial state if they have none; codes the previous agenda had and this one has not
   * are freed.
   */
  saveEvent(agenda: Agenda, initialRooms: RoomState[], nowMs: number, expected?: EventExpectation): Promise<EventSaveOutcome>;
  getEvent(eventId: string): Promise<StoredEvent | null>;
  /** The event whose audience code, or one of whose halls' join codes, this is. */
  findEventByCode(code: string): Promise<StoredEvent | null>;
  listEvents(): Promise<StoredEvent[]>;

  saveInvite(invite: Invite): Promise<void>;
  findInvite(secret: string): Promise<Invite | null>;
  listInvites(eventId: string): Promise<Invite[]>;
  /** Marks an invite revoked (a second call keeps the first time); false when there is no such invite. */
  revokeInvite(secret: string, nowMs: number): Promise<boolean>;
  /** Whether the invite of that id (inviteIdOf its secret) was revoked: people keep the id, never the secret. */
  inviteRevoked(inviteId: string): Promise<boolean>;

  saveControlKey(key: ControlKey): Promise<void>;
  getControlKey(id: string): Promise<ControlKey | null>;
  /** Oldest first. */
  listControlKeys(eventId: string): Promise<ControlKey[]>;
  /** Marks a key revoked (a second call keeps the first time); false when there is no such key. */
  revokeControlKey(id: string, nowMs: number): Promise<boolean>;

  /** Creates or replaces an endpoint. */
  saveWebhookEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  getWebhookEndpoint(id: string): Promise<WebhookEndpoint | null>;
  /** Oldest first. */
  listWebhookEndpoints(eventId: string): Promise<WebhookEndpoint[]>;
  /** Deletes an endpoint and its deliveries; false when there is no such endpoint. */
  deleteWebhookEndpoint(id: string): Promise<boolean>;
  /**
   * Creates or replaces the record of one delivery (by endpoint and delivery id), keeping the
   * newest KEPT_WEBHOOK_DELIVERIES of the endpoint (by firstAttemptAtMs).
   */
  recordWebhookDelivery(endpointId: string, delivery: WebhookDelivery): Promise<void>;
  /** Newest first (firstAttemptAtMs, then id, both descending), at most `limit`. */
  listWebhookDeliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]>;

  savePerson(person: Person): Promise<void>;
  getPerson(personId: string): Promise<Person | null>;
  /** Everyone when `page` is left out. */
  listPeople(eventId: string, page?: PeoplePage): Promise<Person[]>;
  countPeople(eventId: string): Promise<number>;
  /**
   * The person a socket connects as, noting that they connected (once: later connections
   * write nothing), so `deleteUnconnectedPeople` keeps them. Null when there is no such person,
   * also when they were deleted as unconnected: the one cannot slip between the other.
   */
  connectPerson(personId: string, nowMs: number): Promise<Person | null>;
  /** Deletes up to `limit` people who joined before `joinedBeforeMs` and never connected; returns how many. */
  deleteUnconnectedPeople(joinedBeforeMs: number, limit: number): Promise<number>;

  /** A hall's choice of session; emptyHallState when none was ever made. */
  loadHall(eventId: string, hallId: string): Promise<HallState>;
  /**
   * Makes `roomId` the hall's session, in one atomic step: the revision moves by one and
   * changedAtMs is `nowMs`; when it is the hall's session already, nothing changes (a retry
   * finds it done). Returns the state after.
   */
  switchHall(eventId: string, hallId: string, roomId: string, nowMs: number): Promise<HallState>;

  loadRoom(roomId: string): Promise<RoomState | null>;
  /**
   * Appends a delta and stores the state it leads to, only if the stored revision is
   * `delta.revision - 1`; otherwise nothing is written and the caller reloads and decides again.
   * With a receipt, the receipt is stored in the same atomic step, and a receipt of that person
   * and command id that has not expired by `delta.atMs` makes it 'duplicate' (checked before the
   * revision): nothing is written. Given `before` (the state the delta was decided on), a store
   * that other processes write may also refuse when its stored state of that revision is not
   * `before`: after a failover, a revision number can name two different histories.
   */
  commitRoom(delta: RoomDelta, next: RoomState, receipt?: CommandReceipt, before?: RoomState): Promise<CommitOutcome>;
  /** The stored result of a command, or null when none was committed or it expired by `nowMs`. */
  commandReceipt(roomId: string, personId: string, commandId: string, nowMs: number): Promise<string | null>;
  /** Deltas after `revision`, oldest first, at most `limit`. */
  deltasSince(roomId: string, revision: number, limit: number): Promise<RoomDelta[]>;

  /** Records one ballot per voter per poll, adjusting the tally in the same atomic step. */
  castBallot(write: BallotWrite): Promise<BallotOutcome>;
  ballotOf(pollId: string, voterKey: string): Promise<Ballot | null>;
  pollTally(pollId: string): Promise<PollTally>;
  /** Open-text answers, newest first. */
  recentAnswers(pollId: string, limit: number): Promise<string[]>;
  /** Every standing ballot of a poll, by voter key: a quiz question's answers, for its leaderboard. */
  pollBallots(pollId: string): Promise<StoredBallot[]>;

  /** The name a player chose for a quiz; a second choice replaces the first. */
  setQuizNickname(quizId: string, personId: string, nickname: string): Promise<void>;
  /** Person id → nickname, of the players of the quiz who chose one. */
  quizNicknames(quizId: string): Promise<Record<string, string>>;

  /** One upvote per person per question; returns whether anything changed. */
  setUpvote(roomId: string, questionId: string, personId: string, upvoted: boolean): Promise<boolean>;
  upvoteCounts(roomId: string): Promise<Record<string, number>>;
  upvotesOf(roomId: string, personId: string): Promise<string[]>;

  /** A room's outbox cursor; revision 0 and no memo when it never moved. */
  outboxCursor(outbox: string, roomId: string): Promise<OutboxCursor>;
  /**
   * Takes the right to work a room's outbox for `leaseMs`, or renews it for its holder; false
   * while another owner holds it. A process that dies holding it loses it when the lease runs out.
   */
  claimOutbox(outbox: string, roomId: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Moves the cursor forward, only while `owner` holds the lease; returns whether it did. Never moves it back. */
  advanceOutbox(outbox: string, roomId: string, owner: string, cursor: OutboxCursor): Promise<boolean>;
  /** Gives the lease up early if `owner` still holds it. */
  releaseOutbox(outbox: string, roomId: string, owner: string): Promise<void>;
}
