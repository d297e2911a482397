import type { Result } from 'ioredis';
import type { RedisClient } from './connection.ts';
import { ADVANCE_OUTBOX, CLAIM_OUTBOX, PRESENCE_CLEAR, PRESENCE_SET, RELEASE_LOCK, REPLACE_IF_SAME } from './coordination-scripts.ts';
import { DONE_PUSHES, MARK_PUSH, TAKE_PUSHES } from './push-scripts.ts';
import { CONNECT_PERSON, DELETE_UNCONNECTED, GET_OR_CREATE_SECRET, INDEX_ROOM_OWNERS, REVOKE_INVITE, SAVE_EVENT, SAVE_INDEXED, SAVE_PERSON, SWITCH_HALL } from './directory-scripts.ts';
import { TAKE_BUDGETS } from './rate-limit-scripts.ts';
import { CAST_BALLOT, COMMIT_ROOM, COMMIT_ROOM_WITH_RECEIPT, CREATE_ROOM_IF_ABSENT, SET_UPVOTE } from './room-scripts.ts';

/**
 * The Redis store's writes, as Lua scripts (room-scripts.ts, directory-scripts.ts,
 * coordination-scripts.ts, push-scripts.ts, rate-limit-scripts.ts), registered here. Each check-then-write runs as one script
 * because Redis runs a script alone, start to end: no other client's command lands
 * between reading the stored revision (or the voter's ballot) and writing the new one, so
 * two server processes can never both commit revision n + 1 or both count a voter. The
 * alternative, WATCH + MULTI/EXEC, gives the same guarantee but costs three round trips
 * per attempt and, under contention (a hall of voters on one poll), fails and retries
 * most attempts; a script costs one round trip and never retries. With AOF on, Redis
 * logs a script's writes as one MULTI/EXEC block, so a crash keeps all of them or none.
 *
 * Every key a script touches arrives in KEYS, and all share one hash tag (keys.ts), so
 * the scripts run unchanged on Redis Cluster. Scripts are replicated by their effects
 * (Redis ≥ 5), so iterating a Lua table with `pairs` in no fixed order is safe.
 */

/** Without numberOfKeys, the caller passes the number of keys first (a script over as many keys as it is given). */
export type ScriptDefinition = { numberOfKeys?: number; lua: string };

export const SCRIPTS = {
  plenaryCommitRoom: COMMIT_ROOM,
  plenaryCommitRoomWithReceipt: COMMIT_ROOM_WITH_RECEIPT,
  plenaryCreateRoomIfAbsent: CREATE_ROOM_IF_ABSENT,
  plenarySaveEvent: SAVE_EVENT,
  plenaryIndexRoomOwners: INDEX_ROOM_OWNERS,
  plenarySwitchHall: SWITCH_HALL,
  plenarySaveIndexed: SAVE_INDEXED,
  plenarySavePerson: SAVE_PERSON,
  plenaryRevokeInvite: REVOKE_INVITE,
  plenaryConnectPerson: CONNECT_PERSON,
  plenaryDeleteUnconnected: DELETE_UNCONNECTED,
  plenaryGetOrCreateSecret: GET_OR_CREATE_SECRET,
  plenaryCastBallot: CAST_BALLOT,
  plenarySetUpvote: SET_UPVOTE,
  plenaryMarkPush: MARK_PUSH,
  plenaryTakePushes: TAKE_PUSHES,
  plenaryDonePushes: DONE_PUSHES,
  plenaryPresenceSet: PRESENCE_SET,
  plenaryPresenceClear: PRESENCE_CLEAR,
  plenaryReleaseLock: RELEASE_LOCK,
  plenaryClaimOutbox: CLAIM_OUTBOX,
  plenaryAdvanceOutbox: ADVANCE_OUTBOX,
  plenaryReplaceIfSame: REPLACE_IF_SAME,
  plenaryTakeBudgets: TAKE_BUDGETS,
} as const;

/**
 * Registers the scripts on a client. ioredis runs each by EVALSHA and falls back to EVAL
 * when Redis answers NOSCRIPT (after a restart empties its script cache).
 */
export function defineScripts(redis: RedisClient): void {
  for (const [name, definition] of Object.entries(SCRIPTS)) redis.defineCommand(name, definition);
}

type Arg = string | number;

// The commands defineScripts adds, for the compiler: keys first, then arguments.
declare module 'ioredis' {
  interface RedisCommander<Context> {
    plenaryCommitRoom(state: string, revision: string, deltas: string, expected: Arg, next: Arg, delta: string, stateJson: string, channel: string, baseSha1: string): Result<number, Context>;
    plenaryCommitRoomWithReceipt(state: string, revision: string, deltas: string, receipt: string, ...args: Arg[]): Result<number, Context>;
    plenaryCreateRoomIfAbsent(state: string, revision: string, stateJson: string): Result<number, Context>;
    plenarySaveEvent(event: string, codes: string, byCreation: string, roomOwners: string, eventId: string, code: string, agenda: string, nowMs: Arg, expected: Arg, hallCodes: string, ...roomIds: string[]): Result<Array<string | number>, Context>;
    plenarySwitchHall(hall: string, roomId: string, nowMs: Arg): Result<[number, string, number], Context>;
    plenaryIndexRoomOwners(roomOwners: string, event: string, eventId: string): Result<number, Context>;
    plenarySaveIndexed(hash: string, index: string, id: string, json: string, score: Arg): Result<number, Context>;
    plenaryRevokeInvite(invites: string, revoked: string, secret: string, inviteId: string, atMs: Arg): Result<number, Context>;
    plenarySavePerson(people: string, ofEvent: string, unconnected: string, id: string, json: string, score: Arg): Result<number, Context>;
    plenaryConnectPerson(people: string, unconnected: string, id: string): Result<string | null, Context>;
    plenaryDeleteUnconnected(people: string, ofEvent: string, unconnected: string, ...ids: string[]): Result<number, Context>;
    plenaryGetOrCreateSecret(secrets: string, name: string, candidate: string): Result<string, Context>;
    plenaryCastBallot(ballots: string, tally: string, answers: string, ...args: Arg[]): Result<string, Context>;
    plenarySetUpvote(upvotesOf: string, counts: string, questionId: string, upvoted: '1' | '0'): Result<number, Context>;
    // rateArgs: push-scripts.ts's shared arguments (PUSH_RATE_ARGS of them).
    plenaryMarkPush(dirty: string, rate: string, lease: string, ...rateArgsThenKeyAndUrgent: Arg[]): Result<number, Context>;
    plenaryTakePushes(dirty: string, rate: string, lease: string, ...rateArgs: Arg[]): Result<string[] | number | null, Context>;
    plenaryDonePushes(dirty: string, rate: string, lease: string, ...rateArgsThenKeyGenerationPairs: Arg[]): Result<number, Context>;
    plenaryPresenceSet(of: string, people: string, connections: string, counts: string, ...groups: Arg[]): Result<number, Context>;
    plenaryPresenceClear(of: string, people: string, connections: string, counts: string): Result<number, Context>;
    plenaryReleaseLock(lock: string, token: string): Result<number, Context>;
    plenaryClaimOutbox(lease: string, owner: string, leaseMs: Arg): Result<number, Context>;
    plenaryReplaceIfSame(hash: string, field: string, expected: string, value: string): Result<number, Context>;
    plenaryAdvanceOutbox(lease: string, cursor: string, owner: string, revision: Arg, hasMemo: '1' | '0', memo: string): Result<number, Context>;
    plenaryTakeBudgets(numberOfKeys: number, ...keysThenPointsAndDurationPairs: Arg[]): Result<[number, number], Context>;
  }
}
