import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisClient } from '../store/redis/connection.ts';
import type { RedisKeys } from '../store/redis/keys.ts';
import { budgetsOf, type BudgetTaker, type LimiterFactory } from '../transport/rate-limits.ts';

const insuranceLimiters: LimiterFactory = (category, points, duration) =>
  new RateLimiterMemory({ keyPrefix: `${category}-insurance`, points, duration });

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
      insuranceLimiter: insuranceLimiters(category, points, duration),
    });
}

/**
 * A person's budgets of one message (the overall one and the command's) in one script, one
 * round trip rather than one per budget: they were more than half of Redis's time per vote
 * (docs/performance.md, "Cluster scaling"). The keys share the person's hash tag, so the script
 * runs on Redis Cluster. As with the limiters above, while Redis is unreachable or fails the
 * budgets are kept in this process's memory instead, so an outage never blocks a command on its
 * rate limit.
 */
export function redisBudgets(redis: RedisClient, keys: RedisKeys): BudgetTaker {
  const insurance = budgetsOf(insuranceLimiters);
  return async (personId, budgets) => {
    if (redis.status !== 'ready') return insurance(personId, budgets);
    const args = [
      ...budgets.map(({ category }) => keys.personBudget(personId, category)),
      ...budgets.flatMap(({ points, duration }) => [points, duration * 1_000]),
    ];
    let taken: [number, number];
    try {
      taken = await redis.plenaryTakeBudgets(budgets.length, ...args);
    } catch {
      return insurance(personId, budgets);
    }
    const [position, msBeforeNext] = taken;
    return position === 0 ? null : { refused: position - 1, msBeforeNext };
  };
}
