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

export type Budget = { category: string; points: number; duration: number };

/**
 * Takes a point from each of a person's budgets in turn, stopping at the first with none left:
 * null when every one had a point, else the position of the one that refused and its wait.
 */
export type BudgetTaker = (personId: string, budgets: readonly Budget[]) => Promise<{ refused: number; msBeforeNext: number } | null>;

/** One limiter per category, asked one after the other: in memory, one round trip each if the factory's limiters are remote. */
export function budgetsOf(factory: LimiterFactory): BudgetTaker {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterOf = ({ category, points, duration }: Budget) => {
    let limiter = limiters.get(category);
    if (!limiter) limiters.set(category, (limiter = factory(category, points, duration)));
    return limiter;
  };
  return async (personId, budgets) => {
    for (const [refused, budget] of budgets.entries()) {
      try {
        await limiterOf(budget).consume(personId);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { refused, msBeforeNext: rejection.msBeforeNext };
      }
    }
    return null;
  };
}

export function rateLimited(what: string, retryAfterMs: number): Refusal {
  const refusal = refuse('rate_limited', `Too many ${what}; wait a moment.`);
  refusal.error.retryAfterMs = Math.max(0, Math.ceil(retryAfterMs));
  return refusal;
}

/** Which limit refused: the overall budget of messages, or the command's own category. */
export type LimitRefusal = { limit: 'overall' | 'command'; refusal: Refusal };

const WHAT: Record<Category, string> = {
  vote: 'vote commands',
  ask: 'ask commands',
  edit: 'edit commands',
  upvote: 'upvote commands',
  floor: 'floor commands',
  any: 'messages',
};

export class RateLimits {
  private readonly budgets: Record<Category, Budget>;
  private readonly take: BudgetTaker;
  /** People dropped for flooding, each barred for FLOOD_BAR_SECONDS: shared by every process with Redis. */
  private readonly flooders: RateLimiterAbstract;

  /** @param shared the person's budgets kept by every process (Redis), all of one message in one round trip; by default the factory's */
  constructor(
    readonly messagesPerSecond: number,
    factory: LimiterFactory = memoryLimiters,
    shared?: BudgetTaker,
  ) {
    this.budgets = Object.fromEntries(
      Object.entries(limits(messagesPerSecond)).map(([category, { points, duration }]) => [category, { category, points, duration }]),
    ) as Record<Category, Budget>;
    this.take = shared ?? budgetsOf(factory);
    this.flooders = factory('flood', 1, FLOOD_BAR_SECONDS);
  }

  /** The overall budget: every inbound message counts, whatever it turns out to be. Null when allowed. */
  async admit(personId: string): Promise<Refusal | null> {
    return (await this.takeFrom(personId, ['any']))?.refusal ?? null;
  }

  /** The command's own category, for a command about to run. Null when allowed. */
  async check(personId: string, command: CommandName): Promise<Refusal | null> {
    const category = CATEGORY[command];
    return category ? ((await this.takeFrom(personId, [category]))?.refusal ?? null) : null;
  }

  /**
   * One message: the overall budget, then, for a command about to run (`runnable`: valid and
   * allowed; null otherwise), its own category, which a message refused overall does not use up.
   * Both in one step, so with Redis one round trip. Null when allowed.
   */
  async admitCommand(personId: string, runnable: CommandName | null): Promise<LimitRefusal | null> {
    const category = runnable ? CATEGORY[runnable] : undefined;
    return this.takeFrom(personId, category ? ['any', category] : ['any']);
  }

  async bar(personId: string): Promise<void> {
    await this.flooders.block(personId, FLOOD_BAR_SECONDS);
  }

  /** Milliseconds the person is still barred for; 0 when not. */
  async barredForMs(personId: string): Promise<number> {
    const state = await this.flooders.get(personId);
    return state && state.consumedPoints > 1 ? state.msBeforeNext : 0;
  }

  private async takeFrom(personId: string, categories: readonly Category[]): Promise<LimitRefusal | null> {
    const taken = await this.take(personId, categories.map((category) => this.budgets[category]));
    if (!taken) return null;
    const category = categories[taken.refused] ?? 'any';
    return { limit: category === 'any' ? 'overall' : 'command', refusal: rateLimited(WHAT[category], taken.msBeforeNext) };
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
