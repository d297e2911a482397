/** The event directory's writes: agendas, invites, people and secrets. */

import type { ScriptDefinition } from './scripts.ts';

/**
 * KEYS: event, eventCodes, eventsByCreation, roomOwners.
 * ARGV: event id, audience code, agenda JSON, now (ms), what is expected of the stored event
 * ('absent', 'present', 'any', or the revision it must still have), the agenda's hall join codes
 * (a JSON array), then the agenda's room ids.
 * Returns { 'saved', revision } or, having written nothing, the first check that failed:
 * { 'event_exists' }, { 'no_event' }, { 'stale', revision }, { 'code_taken', event id, code } or
 * { 'room_taken', room id, event id } (the EventSaveOutcome of store.ts).
 *
 * eventCodes maps every join code, an event's audience code and its halls' codes alike, to the
 * event, so one code never names two events whichever kind each is. Keeps the creation time of
 * an event saved before, frees the codes and room ids the previous agenda named and this one does
 * not. An event saved before events counted their saves is at revision 0.
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
local codes = cjson.decode(ARGV[6])
table.insert(codes, 1, code)
local kept = {}
for _, c in ipairs(codes) do
  local owner = redis.call('HGET', KEYS[2], c)
  if owner and owner ~= id then return {'code_taken', owner, c} end
  kept[c] = true
end
local named = {}
for i = 7, #ARGV do
  local holder = redis.call('HGET', KEYS[4], ARGV[i])
  if holder and holder ~= id then return {'room_taken', ARGV[i], holder} end
  named[ARGV[i]] = true
end

local function free(c)
  if type(c) == 'string' and not kept[c] and redis.call('HGET', KEYS[2], c) == id then redis.call('HDEL', KEYS[2], c) end
end
free(previous[1])
if previous[4] then
  local before = cjson.decode(previous[4])
  for _, room in ipairs(before.rooms) do
    if not named[room.id] and redis.call('HGET', KEYS[4], room.id) == id then redis.call('HDEL', KEYS[4], room.id) end
  end
  if type(before.halls) == 'table' then
    for _, hall in ipairs(before.halls) do free(hall.code) end
  end
end
for i = 7, #ARGV do redis.call('HSET', KEYS[4], ARGV[i], id) end
local createdAtMs = previous[2] or ARGV[4]
revision = revision + 1
redis.call('HSET', KEYS[1], 'agenda', ARGV[3], 'audienceCode', code, 'revision', revision, 'createdAtMs', createdAtMs, 'updatedAtMs', ARGV[4])
for _, c in ipairs(codes) do redis.call('HSET', KEYS[2], c, id) end
redis.call('ZADD', KEYS[3], createdAtMs, id)
return {'saved', revision}
`,
};

/**
 * KEYS: the hall's hash.
 * ARGV: room id, now (ms).
 * Makes the room the hall's session: revision + 1 and changedAtMs now, or nothing when it is the
 * hall's session already. Returns { revision, room id, changedAtMs } after.
 */
export const SWITCH_HALL: ScriptDefinition = {
  numberOfKeys: 1,
  lua: `
local current = redis.call('HMGET', KEYS[1], 'revision', 'roomId', 'changedAtMs')
if current[2] == ARGV[1] then return {tonumber(current[1]), current[2], tonumber(current[3])} end
local revision = tonumber(current[1] or '0') + 1
redis.call('HSET', KEYS[1], 'revision', revision, 'roomId', ARGV[1], 'changedAtMs', ARGV[2])
return {revision, ARGV[1], tonumber(ARGV[2])}
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
