/** A room's writes: commits (with or without a retry receipt), a new room's first state, ballots and upvotes. */

import type { ScriptDefinition } from './scripts.ts';

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
