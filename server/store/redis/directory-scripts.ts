/** The event directory's writes: agendas, invites, people and secrets. */

import type { ScriptDefinition } from './scripts.ts';

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
