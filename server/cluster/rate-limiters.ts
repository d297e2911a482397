import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisClient } from '../store/redis/connection.ts';
import type { RedisKeys } from '../store/redis/keys.ts';
import type { LimiterFactory } from '../transport/rate-limits.ts';

/**
 * Limits shared by every process: a person's votes count against one budget whichever process
 * their tabs are connected to. The store's fail-fast ioredis client is used as is
 * (rate-limiter-flexible detects ioredis; `useRedisPackage` is for the `redis` package), and
 * `rejectIfRedisNotReady` skips Redis while it is unreachable: the in-memory insurance limiter
 * then limits per process, so an outage never blocks a command on its rate limit — the command
 * itself fails fast with `unavailable` if it needs the store.
 */
export function redisLimiters(redis: RedisClient, keys: RedisKeys): LimiterFactory {
  return (category, points, duration) =>
    new RateLimiterRedis({
      storeClient: redis,
      rejectIfRedisNotReady: true,
      keyPrefix: keys.rateLimit(category),
      points,
      duration,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${category}-insurance`, points, duration }),
    });
}
