/** What server processes coordinate through: presence, locks and leases, the video outbox (pushes: push-scripts.ts). */

import type { ScriptDefinition } from './scripts.ts';

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
