import type { Result } from 'ioredis';
import type { RedisClient } from './connection.ts';

/**
 * The Redis store's writes, as Lua scripts. Each check-then-write runs as one script
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

type ScriptDefinition = { numberOfKeys: number; lua: string };

/**
 * KEYS: roomState, roomRevision, roomDeltas.
 * ARGV: the revision the caller decided on (delta.revision - 1), delta.revision, delta JSON,
 * next state JSON, the channel that announces commits, and the SHA-1 of the state JSON the
 * caller decided on ('' to skip that check).
 * Returns 1 when committed, 0 on a conflict (a missing room is a conflict too).
 *
 * The revision alone is not enough after a Sentinel failover: a process may hold a state of
 * revision n that the old primary announced but never replicated, while the new primary's
 * revision n is another commit. A delta decided on the former would pass a revision check and
 * overwrite the latter, acknowledged, command. Comparing the stored state itself refuses it.
 *
 * The delta is published from inside the script: scripts run one at a time, so every
 * subscriber receives a room's deltas in revision order, whichever process committed them.
 * Publishing after the reply instead would let two processes' announcements cross.
 */
export const COMMIT_ROOM: ScriptDefinition = {
  numberOfKeys: 3,
  lua: `
local stored = redis.call('GET', KEYS[2])
if not stored or stored ~= ARGV[1] then return 0 end
if ARGV[6] ~= '' and redis.sha1hex(redis.call('GET', KEYS[1]) or '') ~= ARGV[6] then return 0 end
redis.call('XADD', KEYS[3], ARGV[2] .. '-0', 'delta', ARGV[3])
redis.call('SET', KEYS[1], ARGV[4])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[5], ARGV[3])
return 1
`,
};

/**
 * KEYS: roomState, roomRevision.
 * ARGV: initial state JSON (revision 0).
 * Never over a live room: its state has moved on since the agenda was first imported.
 */
export const CREATE_ROOM_IF_ABSENT: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], '0')
return 1
`,
};

/**
 * KEYS: event, eventCodes, eventsByCreation.
 * ARGV: event id, audience code, agenda JSON, now (ms).
 * Keeps the creation time of an event saved before, moves a changed audience code, and
 * refuses a code another event holds (the SQLite store's UNIQUE constraint).
 */
export const SAVE_EVENT: ScriptDefinition = {
  numberOfKeys: 3,
  lua: `
local owner = redis.call('HGET', KEYS[2], ARGV[2])
if owner and owner ~= ARGV[1] then
  return redis.error_reply('ERR audience code ' .. ARGV[2] .. ' is already used by event ' .. owner)
end
local previous = redis.call('HMGET', KEYS[1], 'audienceCode', 'createdAtMs')
if previous[1] and previous[1] ~= ARGV[2] then redis.call('HDEL', KEYS[2], previous[1]) end
local createdAtMs = previous[2] or ARGV[4]
redis.call('HSET', KEYS[1], 'agenda', ARGV[3], 'audienceCode', ARGV[2], 'createdAtMs', createdAtMs, 'updatedAtMs', ARGV[4])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], createdAtMs, ARGV[1])
return 1
`,
};

/**
 * KEYS: a hash by id, the sorted-set index of the owning event.
 * ARGV: id, JSON, score (createdAtMs).
 * Saves a record and lists it under its event in one step. A record that moved to another
 * event leaves a stale entry in the old index; readers skip entries whose record names
 * another event.
 */
export const SAVE_INDEXED: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
`,
};

/**
 * KEYS: secrets.
 * ARGV: name, candidate.
 * Returns the stored value, storing the candidate first if there is none.
 */
export const GET_OR_CREATE_SECRET: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
return redis.call('HGET', KEYS[1], ARGV[1])
`,
};

/**
 * KEYS: ballots, tally, answers.
 * ARGV: voter key, ballot record JSON, the record's prefix up to and including the ballot
 * (`{"ballot":<ballot JSON>,`), allowChange ('1' | '0'), answer score (atMs, or '' when
 * the ballot is no open-text answer), then counter key / amount pairs of the contributions.
 *
 * The prefix comparison is a comparison of ballot JSON text, as in the SQLite store: a
 * ballot is a JSON object, which ends where its braces balance, so two records share that
 * prefix exactly when their ballots are the same text.
 *
 * What a replaced ballot takes out of the tally is what its stored record added, never
 * what the caller thinks it added. Counters that reach zero are deleted.
 */
export const CAST_BALLOT: ScriptDefinition = {
  numberOfKeys: 3,
  lua: `
local voter = ARGV[1]
local old = redis.call('HGET', KEYS[1], voter)
if old and string.sub(old, 1, #ARGV[3]) == ARGV[3] then return 'unchanged' end
if old and ARGV[4] ~= '1' then return 'already_voted' end

local change = {}
if old then
  for key, amount in pairs(cjson.decode(old).contributions) do change[key] = (change[key] or 0) - amount end
end
for i = 6, #ARGV, 2 do
  change[ARGV[i]] = (change[ARGV[i]] or 0) + tonumber(ARGV[i + 1])
end

redis.call('HSET', KEYS[1], voter, ARGV[2])
for key, amount in pairs(change) do
  if amount ~= 0 and redis.call('HINCRBY', KEYS[2], key, amount) == 0 then
    redis.call('HDEL', KEYS[2], key)
  end
end
if ARGV[5] ~= '' then
  redis.call('ZADD', KEYS[3], ARGV[5], voter)
elseif old then
  redis.call('ZREM', KEYS[3], voter)
end
if old then return 'replaced' end
return 'counted'
`,
};

/**
 * KEYS: the person's upvotes in the room (a set), the room's upvote counts (a hash).
 * ARGV: question id, '1' to upvote or '0' to take it back.
 * Returns 1 when something changed. Set membership makes it one upvote per person.
 */
export const SET_UPVOTE: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `
if ARGV[2] == '1' then
  if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
  redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
  return 1
end
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('HINCRBY', KEYS[2], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
return 1
`,
};

/**
 * KEYS: pushDirty, pushLease.
 * ARGV: the process id, the lease in ms (one push interval).
 * Returns the dirty push keys with their generations (HGETALL's flat list) when this process
 * won the room's lease, or nil when nothing is pending or another process holds the lease.
 * The keys stay until DONE_PUSHES: a process that dies mid-push leaves them for the next one.
 */
export const TAKE_PUSHES: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return nil end
return redis.call('HGETALL', KEYS[1])
`,
};

/**
 * KEYS: pushDirty.
 * ARGV: push key / generation pairs, as TAKE_PUSHES returned them.
 * Deletes each key whose generation is still the one pushed; a key marked again meanwhile stays
 * for the next interval's push.
 */
export const DONE_PUSHES: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 1
`,
};

/**
 * Shared by the presence scripts. KEYS: presenceOf, presencePeople, presenceConnections, presenceCounts.
 * change(person, amount, json, role, attendance) adds amount to the person's connections across
 * the cluster; a person whose connections rise above 0 arrives (counted by role and attendance),
 * one whose connections fall to 0 leaves, uncounted by the role and attendance stored on arrival.
 * Returns 1 when the counts changed.
 */
const PRESENCE_CHANGE_LUA = `
local function change(person, amount, json, role, attendance)
  if amount == 0 then return 0 end
  local now = redis.call('HINCRBY', KEYS[3], person, amount)
  local before = now - amount
  if before <= 0 and now > 0 then
    redis.call('HSET', KEYS[2], person, json)
    redis.call('HINCRBY', KEYS[4], 'total', 1)
    redis.call('HINCRBY', KEYS[4], 'role:' .. role, 1)
    redis.call('HINCRBY', KEYS[4], 'attendance:' .. attendance, 1)
    return 1
  end
  if now > 0 then return 0 end
  redis.call('HDEL', KEYS[3], person)
  local stored = redis.call('HGET', KEYS[2], person)
  if not stored or before <= 0 then return 0 end
  local entry = cjson.decode(stored)
  redis.call('HDEL', KEYS[2], person)
  redis.call('HINCRBY', KEYS[4], 'total', -1)
  redis.call('HINCRBY', KEYS[4], 'role:' .. entry.role, -1)
  redis.call('HINCRBY', KEYS[4], 'attendance:' .. entry.attendance, -1)
  return 1
end
`;

/**
 * KEYS: presenceOf, presencePeople, presenceConnections, presenceCounts.
 * ARGV: groups of five: person id, the person's connections on this process now, person JSON,
 * role, attendance. Setting the number rather than adding to it makes a repeated or
 * reordered write harmless. Returns 1 when the room's counts changed.
 */
export const PRESENCE_SET: ScriptDefinition = {
  numberOfKeys: 4,
  lua: `${PRESENCE_CHANGE_LUA}
local changed = 0
for i = 1, #ARGV, 5 do
  local person = ARGV[i]
  local wanted = tonumber(ARGV[i + 1])
  local had = tonumber(redis.call('HGET', KEYS[1], person) or '0')
  if wanted > 0 then redis.call('HSET', KEYS[1], person, wanted) else redis.call('HDEL', KEYS[1], person) end
  if change(person, wanted - had, ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]) == 1 then changed = 1 end
end
return changed
`,
};

/**
 * KEYS: presenceOf, presencePeople, presenceConnections, presenceCounts.
 * Takes every connection one process had in the room away (the process stopped or died).
 * Returns 1 when the room's counts changed.
 */
export const PRESENCE_CLEAR: ScriptDefinition = {
  numberOfKeys: 4,
  lua: `${PRESENCE_CHANGE_LUA}
local entries = redis.call('HGETALL', KEYS[1])
local changed = 0
for i = 1, #entries, 2 do
  if change(entries[i], -tonumber(entries[i + 1]), '', '', '') == 1 then changed = 1 end
end
redis.call('DEL', KEYS[1])
return changed
`,
};

/** KEYS: a lock. ARGV: the holder's token. Deletes the lock only if that holder still has it. */
export const RELEASE_LOCK: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
};

const SCRIPTS = {
  plenaryCommitRoom: COMMIT_ROOM,
  plenaryCreateRoomIfAbsent: CREATE_ROOM_IF_ABSENT,
  plenarySaveEvent: SAVE_EVENT,
  plenarySaveIndexed: SAVE_INDEXED,
  plenaryGetOrCreateSecret: GET_OR_CREATE_SECRET,
  plenaryCastBallot: CAST_BALLOT,
  plenarySetUpvote: SET_UPVOTE,
  plenaryTakePushes: TAKE_PUSHES,
  plenaryDonePushes: DONE_PUSHES,
  plenaryPresenceSet: PRESENCE_SET,
  plenaryPresenceClear: PRESENCE_CLEAR,
  plenaryReleaseLock: RELEASE_LOCK,
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
    plenaryCreateRoomIfAbsent(state: string, revision: string, stateJson: string): Result<number, Context>;
    plenarySaveEvent(event: string, codes: string, byCreation: string, eventId: string, code: string, agenda: string, nowMs: Arg): Result<number, Context>;
    plenarySaveIndexed(hash: string, index: string, id: string, json: string, score: Arg): Result<number, Context>;
    plenaryGetOrCreateSecret(secrets: string, name: string, candidate: string): Result<string, Context>;
    plenaryCastBallot(ballots: string, tally: string, answers: string, ...args: Arg[]): Result<string, Context>;
    plenarySetUpvote(upvotesOf: string, counts: string, questionId: string, upvoted: '1' | '0'): Result<number, Context>;
    plenaryTakePushes(dirty: string, lease: string, processId: string, leaseMs: Arg): Result<string[] | null, Context>;
    plenaryDonePushes(dirty: string, ...keyGenerationPairs: string[]): Result<number, Context>;
    plenaryPresenceSet(of: string, people: string, connections: string, counts: string, ...groups: Arg[]): Result<number, Context>;
    plenaryPresenceClear(of: string, people: string, connections: string, counts: string): Result<number, Context>;
    plenaryReleaseLock(lock: string, token: string): Result<number, Context>;
  }
}
