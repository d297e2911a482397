/**
 * Coalesced pushes across processes: the rate bound of server/domain/push-rate.ts, decided in
 * Redis on Redis's clock (`TIME`), so processes whose clocks differ share one rule.
 *
 * KEYS (one room, one hash tag): pushDirty (push key → generation), pushRate (`starts`: the
 * room's latest push start times, oldest first, comma-separated; `last`: the latest mark;
 * `pending`: '1' once a mark came after the latest push started; `quiet`: the first such mark
 * came QUIET_MS or more after the one before; `urgent`: a poll opened, closed or was revealed),
 * pushLease (the process whose push is under way).
 * ARGV, shared: windowMs, perWindow, endPerWindow, stormPerWindow, stormGapMs, quietMs, endQuietMs
 * (from pushRate(), QUIET_MS and END_QUIET_MS), leaseMs, the process id; then each script's own.
 */

import type { ScriptDefinition } from './scripts.ts';

/** Arguments the scripts share, before each one's own. */
export const PUSH_RATE_ARGS = 9;

/**
 * NEXT_PUSH(state, now) is nextPushAt() of push-rate.ts, line for line; `due_in` adds the lease:
 * while a push is under way, no other starts before it ends (or its lease expires, the pusher
 * having died). The rate hash expires two windows after its last write: by then its starts are
 * out of every window and its last mark is a quiet time old, which is what a missing hash means.
 */
export const PUSH_RULE_LUA = `
local window, per, end_per, storm_per, storm_gap, quiet_ms, end_quiet_ms, lease_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local function read_state()
  local fields = redis.call('HMGET', KEYS[2], 'starts', 'last', 'pending', 'quiet', 'urgent')
  local starts = {}
  if fields[1] and fields[1] ~= '' then
    for start in string.gmatch(fields[1], '[^,]+') do starts[#starts + 1] = tonumber(start) end
  end
  return { starts = starts, last = tonumber(fields[2]), pending = fields[3] == '1', quiet = fields[4] ~= '0', urgent = fields[5] == '1' }
end

local function budget_at(starts, allowed)
  if #starts < allowed then return now end
  return math.max(now, starts[#starts - allowed + 1] + window)
end

local function next_push_at(state)
  if state.urgent then return budget_at(state.starts, per) end
  local previous = state.starts[#state.starts]
  local storm_budget = budget_at(state.starts, storm_per)
  local storm_due = math.max(previous and previous + storm_gap or now, storm_budget)
  local quiet_due = math.max(state.quiet and now or (state.last or now) + quiet_ms, storm_budget)
  local end_due = math.max((state.last or now) + end_quiet_ms, budget_at(state.starts, end_per))
  return math.max(now, math.min(storm_due, quiet_due, end_due))
end

local function due_in(state)
  local wait = next_push_at(state) - now
  local lease = redis.call('PTTL', KEYS[3])
  if lease > wait then wait = lease end
  return wait
end
`;

/**
 * ARGV: the shared arguments, then the push key, '1' for an urgent change.
 * Marks the key (a new generation, so a mark made during a push is not lost) and stamps the mark
 * on Redis's clock. Returns the ms until this room's next push may start (0: now).
 */
export const MARK_PUSH: ScriptDefinition = {
  numberOfKeys: 3,
  lua: `${PUSH_RULE_LUA}
local state = read_state()
redis.call('HINCRBY', KEYS[1], ARGV[10], 1)
if not state.pending then
  state.quiet = state.last == nil or now - state.last >= quiet_ms
  redis.call('HSET', KEYS[2], 'pending', '1', 'quiet', state.quiet and '1' or '0')
end
state.last = now
redis.call('HSET', KEYS[2], 'last', now)
if ARGV[11] == '1' then
  state.urgent = true
  redis.call('HSET', KEYS[2], 'urgent', '1')
end
redis.call('PEXPIRE', KEYS[2], 2 * window)
return due_in(state)
`,
};

/**
 * ARGV: the shared arguments.
 * Starts a push when one may start now: takes the lease for this process, records the start and
 * returns the marks with their generations (HGETALL's flat list). Otherwise returns the ms until
 * one may, or nil when nothing is marked. The marks stay until DONE_PUSHES: a process that dies
 * mid-push leaves them for the next one, once its lease expired.
 */
export const TAKE_PUSHES: ScriptDefinition = {
  numberOfKeys: 3,
  lua: `${PUSH_RULE_LUA}
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
local state = read_state()
local wait = due_in(state)
if wait > 0 then return wait end
redis.call('SET', KEYS[3], ARGV[9], 'PX', lease_ms)
local starts = state.starts
starts[#starts + 1] = now
while #starts > per do table.remove(starts, 1) end
redis.call('HSET', KEYS[2], 'starts', table.concat(starts, ','), 'pending', '0', 'quiet', '0', 'urgent', '0')
redis.call('PEXPIRE', KEYS[2], 2 * window)
return redis.call('HGETALL', KEYS[1])
`,
};

/**
 * ARGV: the shared arguments, then push key / generation pairs, as TAKE_PUSHES returned them.
 * Deletes each key whose generation is still the one pushed (a key marked again meanwhile stays)
 * and ends the lease if it is still this process's. Returns the ms until the next push may start
 * when marks remain (the pusher plans it, so a change made during a push is never left waiting
 * for someone else's retry), else -1.
 */
export const DONE_PUSHES: ScriptDefinition = {
  numberOfKeys: 3,
  lua: `${PUSH_RULE_LUA}
for i = 10, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
if redis.call('GET', KEYS[3]) == ARGV[9] then redis.call('DEL', KEYS[3]) end
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
return due_in(read_state())
`,
};
