import type { Contributions, StoredBallot } from '../store.ts';
import type { RedisCall, RedisWrite } from './connection.ts';
import type { RedisKeys } from './keys.ts';

/**
 * What a quiz's leaderboard reads in the Redis store (its Store methods delegate here): a
 * question's ballots under its poll's hash tag, the nicknames under the quiz's own
 * ({quiz:<id>}), each one key, so Redis Cluster needs nothing more.
 */
export class RedisQuizzes {
  constructor(
    private readonly keys: RedisKeys,
    private readonly call: RedisCall,
    private readonly write: RedisWrite,
  ) {}

  async pollBallots(pollId: string): Promise<StoredBallot[]> {
    const records = await this.call((redis) => redis.hgetall(this.keys.ballots(pollId)));
    return Object.entries(records)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([voterKey, json]) => {
        const { contributions, atMs } = JSON.parse(json) as { contributions: Contributions; atMs: number };
        return { voterKey, contributions, atMs };
      });
  }

  async setNickname(quizId: string, personId: string, nickname: string): Promise<void> {
    await this.write((pipeline) => pipeline.hset(this.keys.quizNicknames(quizId), personId, nickname));
  }

  async nicknames(quizId: string): Promise<Record<string, string>> {
    return this.call((redis) => redis.hgetall(this.keys.quizNicknames(quizId)));
  }
}
