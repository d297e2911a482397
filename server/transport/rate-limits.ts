import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { refuse, type Refusal } from '../../shared/errors.ts';
import type { CommandName } from '../../shared/protocol/commands.ts';

type Category = 'vote' | 'ask' | 'edit' | 'upvote' | 'floor' | 'any';

/**
 * Per person. Voting allows a few changes of mind; asking is slow by nature; everything has a
 * ceiling: `any`, the overall budget of messages a second (PLENARY_MESSAGES_PER_SECOND), which
 * each connection also has to itself, in memory in front of it.
 */
function limits(messagesPerSecond: number): Record<Category, { points: number; duration: number }> {
  return {
    vote: { points: 20, duration: 10 },
    ask: { points: 5, duration: 60 },
    // Each edit or withdrawal is a room revision like a question; the chair's edits share it, well below it.
    edit: { points: 20, duration: 60 },
    upvote: { points: 120, duration: 60 },
    floor: { points: 10, duration: 60 },
    any: { points: messagesPerSecond, duration: 1 },
  };
}

/** How long a person dropped for flooding may not connect again. */
export const FLOOD_BAR_SECONDS = 10;

const CATEGORY: Partial<Record<CommandName, Category>> = {
  'poll.vote': 'vote',
  'qa.ask': 'ask',
  'qa.edit': 'edit',
  'qa.withdraw': 'edit',
  'quiz.nickname': 'edit',
  'qa.upvote': 'upvote',
  'qa.unvote': 'upvote',
  'floor.request': 'floor',
  'floor.withdraw': 'floor',
};

/** Limiters are created by a factory so a Redis-backed limiter can replace the memory one. */
export type LimiterFactory = (category: string, points: number, durationSec: number) => RateLimiterAbstract;

export const memoryLimiters: LimiterFactory = (category, points, duration) =>
  new RateLimiterMemory({ keyPrefix: category, points, duration });

export function rateLimited(what: string, retryAfterMs: number): Refusal {
  const refusal = refuse('rate_limited', `Too many ${what}; wait a moment.`);
  refusal.error.retryAfterMs = Math.max(0, Math.ceil(retryAfterMs));
  return refusal;
}

export class RateLimits {
  private readonly limiters: Record<Category, RateLimiterAbstract>;
  /** People dropped for flooding, each barred for FLOOD_BAR_SECONDS: shared by every process with Redis. */
  private readonly flooders: RateLimiterAbstract;

  constructor(
    readonly messagesPerSecond: number,
    factory: LimiterFactory = memoryLimiters,
  ) {
    this.limiters = Object.fromEntries(
      Object.entries(limits(messagesPerSecond)).map(([category, { points, duration }]) => [category, factory(category, points, duration)]),
    ) as Record<Category, RateLimiterAbstract>;
    this.flooders = factory('flood', 1, FLOOD_BAR_SECONDS);
  }

  /** The overall budget: every inbound message counts, whatever it turns out to be. Null when allowed. */
  async admit(personId: string): Promise<Refusal | null> {
    return this.consume('any', personId, 'messages');
  }

  /** The command's own category, for a command about to run. Null when allowed. */
  async check(personId: string, command: CommandName): Promise<Refusal | null> {
    const category = CATEGORY[command];
    return category ? this.consume(category, personId, `${category} commands`) : null;
  }

  async bar(personId: string): Promise<void> {
    await this.flooders.block(personId, FLOOD_BAR_SECONDS);
  }

  /** Milliseconds the person is still barred for; 0 when not. */
  async barredForMs(personId: string): Promise<number> {
    const state = await this.flooders.get(personId);
    return state && state.consumedPoints > 1 ? state.msBeforeNext : 0;
  }

  private consume(category: Category, personId: string, what: string): Promise<Refusal | null> {
    return consumeOrRefuse(this.limiters[category], personId, what);
  }
}

/** Takes one point from `key`'s budget: null when there was one, else `rate_limited` ("Too many <what>") with the wait. */
export async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string, what: string): Promise<Refusal | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return rateLimited(what, rejection.msBeforeNext);
  }
}
