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
const COMMIT_ROOM_LUA = `
local stored = redis.call('GET', KEYS[2])
if not stored or stored ~= ARGV[1] then return 0 end
if ARGV[6] ~= '' and redis.sha1hex(redis.call('GET', KEYS[1]) or '') ~= ARGV[6] then return 0 end
redis.call('XADD', KEYS[3], ARGV[2] .. '-0', 'delta', ARGV[3])
redis.call('SET', KEYS[1], ARGV[4])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[5], ARGV[3])
`;

export const COMMIT_ROOM: ScriptDefinition = {
  numberOfKeys: 3,
  lua: `${COMMIT_ROOM_LUA}
return 1
`,
};

/**
 * COMMIT_ROOM for a command sent with a commandId. KEYS: roomState, roomRevision, roomDeltas,
 * the command's receipt (under the room's hash tag). ARGV: COMMIT_ROOM's six, then the
 * receipt (`<expiresAtMs> <result JSON>`), the decision's now (ms), the receipt's lifetime (ms).
 * Returns 2 when the receipt is there and not expired by now (checked before the revision:
 * a command committed by another process is a duplicate, not a conflict), else as COMMIT_ROOM.
 *
 * The expiry is compared with the caller's clock, as the SQLite store does; PX only lets
 * Redis forget the key once nobody can ask for it any more.
 */
export const COMMIT_ROOM_WITH_RECEIPT: ScriptDefinition = {
  numberOfKeys: 4,
  lua: `
local receipt = redis.call('GET', KEYS[4])
if receipt and tonumber(string.match(receipt, '^(%d+) ')) > tonumber(ARGV[8]) then return 2 end
${COMMIT_ROOM_LUA}
redis.call('SET', KEYS[4], ARGV[7], 'PX', ARGV[9])
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
 * KEYS: event, eventCodes, eventsByCreation, roomOwners.
 * ARGV: event id, audience code, agenda JSON, now (ms), what is expected of the stored event
 * ('absent', 'present', 'any', or the revision it must still have), then the agenda's room ids.
 * Returns { 'saved', revision } or, having written nothing, the first check that failed:
 * { 'event_exists' }, { 'no_event' }, { 'stale', revision }, { 'code_taken', event id } or
 * { 'room_taken', room id, event id } (the EventSaveOutcome of store.ts).
 *
 * Keeps the creation time of an event saved before, moves a changed audience code, and frees
 * the room ids the previous agenda named and this one does not. An event saved before events
 * counted their saves is at revision 0.
 */
export const SAVE_EVENT: ScriptDefinition = {
  numberOfKeys: 4,
  lua: `
local id, code, expected = ARGV[1], ARGV[2], ARGV[5]
local previous = redis.call('HMGET', KEYS[1], 'audienceCode', 'createdAtMs', 'revision', 'agenda')
local exists = previous[2] ~= false
local revision = tonumber(previous[3] or '0')
if expected == 'absent' then
  if exists then return {'event_exists'} end
elseif expected ~= 'any' then
  if not exists then return {'no_event'} end
  if expected ~= 'present' and tonumber(expected) ~= revision then return {'stale', revision} end
end
local owner = redis.call('HGET', KEYS[2], code)
if owner and owner ~= id then return {'code_taken', owner} end
local named = {}
for i = 6, #ARGV do
  local holder = redis.call('HGET', KEYS[4], ARGV[i])
  if holder and holder ~= id then return {'room_taken', ARGV[i], holder} end
  named[ARGV[i]] = true
end

if previous[4] then
  for _, room in ipairs(cjson.decode(previous[4]).rooms) do
    if not named[room.id] and redis.call('HGET', KEYS[4], room.id) == id then redis.call('HDEL', KEYS[4], room.id) end
  end
end
for i = 6, #ARGV do redis.call('HSET', KEYS[4], ARGV[i], id) end
if previous[1] and previous[1] ~= code then redis.call('HDEL', KEYS[2], previous[1]) end
local createdAtMs = previous[2] or ARGV[4]
revision = revision + 1
redis.call('HSET', KEYS[1], 'agenda', ARGV[3], 'audienceCode', code, 'revision', revision, 'createdAtMs', createdAtMs, 'updatedAtMs', ARGV[4])
redis.call('HSET', KEYS[2], code, id)
redis.call('ZADD', KEYS[3], createdAtMs, id)
return {'saved', revision}
`,
};

/**
 * KEYS: roomOwners, the hash of an event.
 * ARGV: the event's id.
 * Lists the rooms of an event saved before room owners were kept, without taking a room from
 * an event that already holds it; running it again changes nothing.
 */
export const INDEX_ROOM_OWNERS: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `
local agenda = redis.call('HGET', KEYS[2], 'agenda')
if not agenda then return 0 end
for _, room in ipairs(cjson.decode(agenda).rooms) do redis.call('HSETNX', KEYS[1], room.id, ARGV[1]) end
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
 * KEYS: invites, revoked invites.
 * ARGV: secret, invite id, revokedAtMs.
 * Marks the invite revoked (the first time stays) and records its id, so a session that joined
 * with it is refused by id. Returns 0 when there is no such invite.
 */
export const REVOKE_INVITE: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return 0 end
local invite = cjson.decode(json)
if invite.revokedAtMs == nil or invite.revokedAtMs == cjson.null then
  invite.revokedAtMs = tonumber(ARGV[3])
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(invite))
end
redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3])
return 1
`,
};

/**
 * KEYS: people, the event's people index, peopleUnconnected.
 * ARGV: person id, JSON, createdAtMs.
 * As SAVE_INDEXED, and a person saved for the first time has not connected yet.
 */
export const SAVE_PERSON: ScriptDefinition = {
  numberOfKeys: 3,
  lua: `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
`,
};

/**
 * KEYS: people, peopleUnconnected.
 * ARGV: person id.
 * Returns the person's JSON, having noted that they connected; nil if there is no such person.
 */
export const CONNECT_PERSON: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if json then redis.call('ZREM', KEYS[2], ARGV[1]) end
return json
`,
};

/**
 * KEYS: people, the event's people index, peopleUnconnected.
 * ARGV: ids of that event's people chosen for deletion.
 * Deletes each one still unconnected, so a person who connected since they were chosen stays.
 * Returns how many were deleted.
 */
export const DELETE_UNCONNECTED: ScriptDefinition = {
  numberOfKeys: 3,
  lua: `
local deleted = 0
for i = 1, #ARGV do
  if redis.call('ZREM', KEYS[3], ARGV[i]) == 1 then
    redis.call('HDEL', KEYS[1], ARGV[i])
    redis.call('ZREM', KEYS[2], ARGV[i])
    deleted = deleted + 1
  end
end
return deleted
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

/**
 * KEYS: an outbox lease. ARGV: the owner, the lease in ms.
 * Takes the lease, or renews it for the owner holding it; returns 0 while another owner holds it.
 */
export const CLAIM_OUTBOX: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`,
};

/**
 * KEYS: the outbox lease, the outbox cursor (same room, same hash tag).
 * ARGV: the owner, the new revision, '1' with a memo or '0' without, the memo.
 * Returns 0 (and writes nothing) when the owner lost the lease: another process may have carried
 * the outbox further meanwhile. A revision not beyond the stored one is left as it is.
 */
export const ADVANCE_OUTBOX: ScriptDefinition = {
  numberOfKeys: 2,
  lua: `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local stored = tonumber(redis.call('HGET', KEYS[2], 'revision') or '0')
if tonumber(ARGV[2]) <= stored then return 1 end
redis.call('HSET', KEYS[2], 'revision', ARGV[2])
if ARGV[3] == '1' then redis.call('HSET', KEYS[2], 'memo', ARGV[4]) else redis.call('HDEL', KEYS[2], 'memo') end
return 1
`,
};

/**
 * KEYS: a hash. ARGV: field, the value the caller read ('' for none), the new value.
 * Writes only if the field still holds what the caller read; returns 0 otherwise, and the
 * caller reads again. A compare-and-set: the change itself is computed outside (in TypeScript).
 */
export const REPLACE_IF_SAME: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
local current = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if current ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`,
};

const SCRIPTS = {
  plenaryCommitRoom: COMMIT_ROOM,
  plenaryCommitRoomWithReceipt: COMMIT_ROOM_WITH_RECEIPT,
  plenaryCreateRoomIfAbsent: CREATE_ROOM_IF_ABSENT,
  plenarySaveEvent: SAVE_EVENT,
  plenaryIndexRoomOwners: INDEX_ROOM_OWNERS,
  plenarySaveIndexed: SAVE_INDEXED,
  plenarySavePerson: SAVE_PERSON,
  plenaryRevokeInvite: REVOKE_INVITE,
  plenaryConnectPerson: CONNECT_PERSON,
  plenaryDeleteUnconnected: DELETE_UNCONNECTED,
  plenaryGetOrCreateSecret: GET_OR_CREATE_SECRET,
  plenaryCastBallot: CAST_BALLOT,
  plenarySetUpvote: SET_UPVOTE,
  plenaryTakePushes: TAKE_PUSHES,
  plenaryDonePushes: DONE_PUSHES,
  plenaryPresenceSet: PRESENCE_SET,
  plenaryPresenceClear: PRESENCE_CLEAR,
  plenaryReleaseLock: RELEASE_LOCK,
  plenaryClaimOutbox: CLAIM_OUTBOX,
  plenaryAdvanceOutbox: ADVANCE_OUTBOX,
  plenaryReplaceIfSame: REPLACE_IF_SAME,
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
    plenarySaveEvent(event: string, codes: string, byCreation: string, roomOwners: string, eventId: string, code: string, agenda: string, nowMs: Arg, expected: Arg, ...roomIds: string[]): Result<Array<string | number>, Context>;
    plenaryIndexRoomOwners(roomOwners: string, event: string, eventId: string): Result<number, Context>;
    plenarySaveIndexed(hash: string, index: string, id: string, json: string, score: Arg): Result<number, Context>;
    plenaryRevokeInvite(invites: string, revoked: string, secret: string, inviteId: string, atMs: Arg): Result<number, Context>;
    plenarySavePerson(people: string, ofEvent: string, unconnected: string, id: string, json: string, score: Arg): Result<number, Context>;
    plenaryConnectPerson(people: string, unconnected: string, id: string): Result<string | null, Context>;
    plenaryDeleteUnconnected(people: string, ofEvent: string, unconnected: string, ...ids: string[]): Result<number, Context>;
    plenaryGetOrCreateSecret(secrets: string, name: string, candidate: string): Result<string, Context>;
    plenaryCastBallot(ballots: string, tally: string, answers: string, ...args: Arg[]): Result<string, Context>;
    plenarySetUpvote(upvotesOf: string, counts: string, questionId: string, upvoted: '1' | '0'): Result<number, Context>;
    plenaryTakePushes(dirty: string, lease: string, processId: string, leaseMs: Arg): Result<string[] | null, Context>;
    plenaryDonePushes(dirty: string, ...keyGenerationPairs: string[]): Result<number, Context>;
    plenaryPresenceSet(of: string, people: string, connections: string, counts: string, ...groups: Arg[]): Result<number, Context>;
    plenaryPresenceClear(of: string, people: string, connections: string, counts: string): Result<number, Context>;
    plenaryReleaseLock(lock: string, token: string): Result<number, Context>;
    plenaryClaimOutbox(lease: string, owner: string, leaseMs: Arg): Result<number, Context>;
    plenaryReplaceIfSame(hash: string, field: string, expected: string, value: string): Result<number, Context>;
    plenaryAdvanceOutbox(lease: string, cursor: string, owner: string, revision: Arg, hasMemo: '1' | '0', memo: string): Result<number, Context>;
  }
}
