/** A person's rate limits (server/transport/rate-limits.ts): every budget of one message in one script. */

import type { ScriptDefinition } from './scripts.ts';

/**
 * KEYS: one counter per budget, in the order they are checked, all under the person's hash tag.
 * ARGV: pairs of points and duration in milliseconds, one pair per key.
 * Takes a point from each budget in turn, each a fixed window as rate-limiter-flexible keeps it
 * (created at 0 with its expiry, then incremented), and stops at the first one past its points:
 * that one has counted the refused message, the later ones are not touched, as when they were
 * checked one after the other. Returns {0, 0} when every budget had a point, else {the refusing
 * budget's position from 1, milliseconds until its window ends}.
 */
export const TAKE_BUDGETS: ScriptDefinition = {
  lua: `
for i = 1, #KEYS do
  local points = tonumber(ARGV[2 * i - 1])
  local durationMs = tonumber(ARGV[2 * i])
  redis.call('SET', KEYS[i], 0, 'PX', durationMs, 'NX')
  local consumed = redis.call('INCR', KEYS[i])
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[i], durationMs)
    ttl = durationMs
  end
  if consumed > points then return {i, ttl} end
end
return {0, 0}
`,
};
