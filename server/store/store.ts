import type { Agenda } from '../../shared/model/event.ts';
import type { Person } from '../../shared/model/person.ts';
import type { Ballot, Contributions, PollTally } from '../../shared/model/poll.ts';

export type { Contributions, PollTally };
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import type { Role } from '../../shared/roles.ts';

/** A secret link that lets whoever holds it join an event in a role. */
export type Invite = {
  secret: string;
  eventId: string;
  role: Role;
  /** The room the role applies to; null for the whole event. */
  roomId: string | null;
  createdAtMs: number;
};

export type StoredEvent = { agenda: Agenda; createdAtMs: number; updatedAtMs: number };

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

export type BallotOutcome = 'counted' | 'replaced' | 'unchanged' | 'already_voted';

export type CommitOutcome = 'committed' | 'conflict';

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

  /** Creates or replaces an event's agenda; rooms it names get an initial state if they have none. */
  saveEvent(agenda: Agenda, initialRooms: RoomState[], nowMs: number): Promise<void>;
  getEvent(eventId: string): Promise<StoredEvent | null>;
  findEventByCode(audienceCode: string): Promise<StoredEvent | null>;
  listEvents(): Promise<StoredEvent[]>;

  saveInvite(invite: Invite): Promise<void>;
  findInvite(secret: string): Promise<Invite | null>;
  listInvites(eventId: string): Promise<Invite[]>;

  savePerson(person: Person): Promise<void>;
  getPerson(personId: string): Promise<Person | null>;
  listPeople(eventId: string): Promise<Person[]>;

  loadRoom(roomId: string): Promise<RoomState | null>;
  /**
   * Appends a delta and stores the state it leads to, only if the stored revision is
   * `delta.revision - 1`; otherwise nothing is written and the caller reloads and decides again.
   * Given `before` (the state the delta was decided on), a store that other processes write may
   * also refuse when its stored state of that revision is not `before`: after a failover, a
   * revision number can name two different histories.
   */
  commitRoom(delta: RoomDelta, next: RoomState, before?: RoomState): Promise<CommitOutcome>;
  /** Deltas after `revision`, oldest first, at most `limit`. */
  deltasSince(roomId: string, revision: number, limit: number): Promise<RoomDelta[]>;

  /** Records one ballot per voter per poll, adjusting the tally in the same atomic step. */
  castBallot(write: BallotWrite): Promise<BallotOutcome>;
  ballotOf(pollId: string, voterKey: string): Promise<Ballot | null>;
  pollTally(pollId: string): Promise<PollTally>;
  /** Open-text answers, newest first. */
  recentAnswers(pollId: string, limit: number): Promise<string[]>;

  /** One upvote per person per question; returns whether anything changed. */
  setUpvote(roomId: string, questionId: string, personId: string, upvoted: boolean): Promise<boolean>;
  upvoteCounts(roomId: string): Promise<Record<string, number>>;
  upvotesOf(roomId: string, personId: string): Promise<string[]>;
}
