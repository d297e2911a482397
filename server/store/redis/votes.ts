import type { Ballot } from '../../../shared/model/poll.ts';
import type { BallotOutcome, BallotWrite, Contributions, PollTally } from '../store.ts';
import type { RedisCall, RedisWriteOne } from './connection.ts';
import type { RedisKeys } from './keys.ts';
import { numbers, replyOf } from './replies.ts';

type BallotRecord = { ballot: Ballot; contributions: Contributions; atMs: number };

/** Ballots with their tallies, open-text answers and upvotes of the Redis store (its Store methods delegate here). */
export class RedisVotes {
  constructor(
    private readonly keys: RedisKeys,
    private readonly call: RedisCall,
    private readonly write: RedisWriteOne,
  ) {}

  async castBallot(write: BallotWrite): Promise<BallotOutcome> {
    const { keys } = this;
    const ballotPrefix = `{"ballot":${JSON.stringify(write.ballot)},`;
    const record = `${ballotPrefix}"contributions":${JSON.stringify(write.contributions)},"atMs":${write.atMs}}`;
    const answerScore = write.ballot.kind === 'open_text' ? write.atMs : '';
    const args = [
      keys.ballots(write.pollId),
      keys.tally(write.pollId),
      keys.answers(write.pollId),
      write.voterKey,
      record,
      ballotPrefix,
      write.allowChange ? '1' : '0',
      answerScore,
      ...Object.entries(write.contributions).flat(),
    ] as const;
    return this.write<BallotOutcome>(
      (redis) => redis.plenaryCastBallot(...args),
      (pipeline) => pipeline.plenaryCastBallot(...args),
    );
  }

  async ballotOf(pollId: string, voterKey: string): Promise<Ballot | null> {
    const record = await this.call((redis) => redis.hget(this.keys.ballots(pollId), voterKey));
    return record ? (JSON.parse(record) as BallotRecord).ballot : null;
  }

  async pollTally(pollId: string): Promise<PollTally> {
    // One transaction, so the voter count and the counters come from the same moment.
    const [voters, counters] = await this.call(async (redis) => {
      const replies = await redis.multi().hlen(this.keys.ballots(pollId)).hgetall(this.keys.tally(pollId)).exec();
      return [replyOf<number>(replies, 0), replyOf<Record<string, string>>(replies, 1)] as const;
    });
    return { voters, counters: numbers(counters) };
  }

  /** Newest first; answers cast in the same millisecond come in reverse order of voter key. */
  async recentAnswers(pollId: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const voterKeys = await this.call((redis) => redis.zrevrange(this.keys.answers(pollId), 0, limit - 1));
    if (voterKeys.length === 0) return [];
    const records = await this.call((redis) => redis.hmget(this.keys.ballots(pollId), ...voterKeys));
    const answers: string[] = [];
    for (const record of records) {
      const ballot = record ? (JSON.parse(record) as BallotRecord).ballot : null;
      if (ballot?.kind === 'open_text') answers.push(ballot.text);
    }
    return answers;
  }

  async setUpvote(roomId: string, questionId: string, personId: string, upvoted: boolean): Promise<boolean> {
    const { keys } = this;
    const args = [keys.upvotesOf(roomId, personId), keys.upvoteCounts(roomId), questionId, upvoted ? '1' : '0'] as const;
    const changed = await this.write<number>(
      (redis) => redis.plenarySetUpvote(...args),
      (pipeline) => pipeline.plenarySetUpvote(...args),
    );
    return changed === 1;
  }

  async upvoteCounts(roomId: string): Promise<Record<string, number>> {
    return numbers(await this.call((redis) => redis.hgetall(this.keys.upvoteCounts(roomId))));
  }

  async upvotesOf(roomId: string, personId: string): Promise<string[]> {
    const questionIds = await this.call((redis) => redis.smembers(this.keys.upvotesOf(roomId, personId)));
    return questionIds.sort();
  }
}
