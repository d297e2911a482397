import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { refuse, type Refusal } from '../../shared/errors.ts';
import type { CommandName } from '../../shared/protocol/commands.ts';

type Category = 'vote' | 'ask' | 'upvote' | 'floor' | 'any';

/** Per person. Voting allows a few changes of mind; asking is slow by nature; everything has a ceiling. */
const LIMITS: Record<Category, { points: number; duration: number }> = {
  vote: { points: 20, duration: 10 },
  ask: { points: 5, duration: 60 },
  upvote: { points: 120, duration: 60 },
  floor: { points: 10, duration: 60 },
  any: { points: 60, duration: 1 },
};

const CATEGORY: Partial<Record<CommandName, Category>> = {
  'poll.vote': 'vote',
  'qa.ask': 'ask',
  'qa.upvote': 'upvote',
  'qa.unvote': 'upvote',
  'floor.request': 'floor',
  'floor.withdraw': 'floor',
};

/** Limiters are created by a factory so a Redis-backed limiter can replace the memory one. */
export type LimiterFactory = (category: string, points: number, durationSec: number) => RateLimiterAbstract;

export const memoryLimiters: LimiterFactory = (category, points, duration) =>
  new RateLimiterMemory({ keyPrefix: category, points, duration });

export class RateLimits {
  private readonly limiters: Record<Category, RateLimiterAbstract>;

  constructor(factory: LimiterFactory = memoryLimiters) {
    this.limiters = Object.fromEntries(
      Object.entries(LIMITS).map(([category, { points, duration }]) => [category, factory(category, points, duration)]),
    ) as Record<Category, RateLimiterAbstract>;
  }

  /** Null when allowed; a refusal with the wait when not. */
  async check(personId: string, command: CommandName): Promise<Refusal | null> {
    const categories: Category[] = ['any'];
    const specific = CATEGORY[command];
    if (specific) categories.push(specific);
    for (const category of categories) {
      const refusal = await consumeOrRefuse(this.limiters[category], personId, `Too many ${category === 'any' ? 'commands' : category + ' commands'}; wait a moment.`);
      if (refusal) return refusal;
    }
    return null;
  }
}

/** Takes one point from `key`'s budget: null when there was one, else `rate_limited` with the wait. */
export async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string, message: string): Promise<Refusal | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const refusal = refuse('rate_limited', message);
    refusal.error.retryAfterMs = Math.ceil(rejection.msBeforeNext);
    return refusal;
  }
}
