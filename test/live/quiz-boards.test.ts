import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuizBoard } from '../../shared/model/quiz.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { prepareBallot } from '../../server/domain/ballots.ts';
import { createLogger } from '../../server/logger.ts';
import { QuizBoards } from '../../server/live/quiz-boards.ts';
import type { Publisher } from '../../server/live/publisher.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { accepted, openRoom, payload, SECOND_MS, type OpenRoom } from '../domain/fixtures.ts';
import { astanaAgenda, initialRooms, person, T0 } from '../store/fixtures.ts';

/** A store that counts the reads a leaderboard makes. */
class CountingStore extends SqliteStore {
  ballotReads = 0;
  override pollBallots(pollId: string) {
    this.ballotReads += 1;
    return super.pollBallots(pollId);
  }
}

const question = { question: 'Which city hosts the Hub?', kind: 'single' as const, options: ['Almaty', 'Astana'], correct: [1], timeLimitSec: 20 };

describe('quiz leaderboards on one process', () => {
  let store: CountingStore;
  let room: OpenRoom;
  let boards: QuizBoards;
  const pushed: QuizBoard[] = [];

  beforeEach(async () => {
    store = new CountingStore(':memory:');
    await store.init();
    const agenda = astanaAgenda();
    await store.saveEvent(agenda, initialRooms(agenda), T0);
    room = openRoom();
    pushed.length = 0;
    const publisher = { quizBoard: (_roomId: string, board: QuizBoard) => void pushed.push(board) } as unknown as Publisher;
    boards = new QuizBoards({ store, publisher, logger: createLogger('silent') });
  });
  afterEach(async () => {
    await store.close();
  });

  /** A two-question quiz with its first question asked, answered by `answers` (person id → option) and closed. */
  async function firstQuestionPlayed(answers: Record<string, string>, write = true) {
    const chair = room.actor('moderator');
    const { quizId, pollIds } = accepted(room.command('quiz.create', payload('quiz.create', { title: 'Merit quiz', questions: [question, question] }), chair)).result;
    accepted(room.command('quiz.next', { quizId }, chair));
    const writes: Array<Promise<unknown>> = [];
    for (const [personId, optionId] of Object.entries(answers)) {
      await store.savePerson(person(personId, { name: `Delegate ${personId}` }));
      const player = room.actor('audience', { personId });
      const prepared = accepted(prepareBallot(room.state, pollIds[0]!, { kind: 'single', optionId }, player, room.nowMs + SECOND_MS));
      const cast = { roomId: room.state.roomId, pollId: pollIds[0]!, voterKey: personId, ballot: prepared.ballot, contributions: prepared.contributions, allowChange: false, atMs: room.nowMs + SECOND_MS };
      if (write) await store.castBallot(cast);
      else writes.push(new Promise((resolve) => setTimeout(resolve, 50)).then(() => store.castBallot(cast)));
    }
    room.advance(20 * SECOND_MS);
    accepted(room.command('poll.close', { pollId: pollIds[0]! }, chair));
    return { quizId, pollIds, writes };
  }

  it('computes a board once for a thousand players asking at once, and again only when another question closed', async () => {
    const { quizId, pollIds } = await firstQuestionPlayed({ a: 'o2', b: 'o1' });
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => boards.leaderboard(room.state, quizId, i % 2 ? 'a' : 'b', 10)));
    expect(store.ballotReads).toBe(1);
    expect(accepted(answers[1]!)).toMatchObject({ closed: 1, players: 2, you: { rank: 1, points: 975, name: 'Delegate a' } });
    expect(accepted(answers[0]!).you).toMatchObject({ rank: 2, points: 0 });

    const chair = room.actor('moderator');
    accepted(room.command('quiz.next', { quizId }, chair));
    await boards.leaderboard(room.state, quizId, 'a', 10);
    expect(store.ballotReads).toBe(1);
    accepted(room.command('poll.close', { pollId: pollIds[1]! }, chair));
    await Promise.all(Array.from({ length: 100 }, () => boards.leaderboard(room.state, quizId, 'a', 10)));
    expect(store.ballotReads).toBe(3);
  });

  it('shows a nickname chosen on this process from the next request on', async () => {
    const { quizId } = await firstQuestionPlayed({ a: 'o2' });
    expect(accepted(await boards.leaderboard(room.state, quizId, 'a', 10)).top[0]?.name).toBe('Delegate a');
    accepted(await boards.setNickname(room.state, quizId, 'a', 'Merit Maven'));
    expect(accepted(await boards.leaderboard(room.state, quizId, 'a', 10)).top[0]?.name).toBe('Merit Maven');
  });

  it('waits for this process\'s answers still being written when the question closed', async () => {
    const { quizId, pollIds, writes } = await firstQuestionPlayed({ a: 'o2', b: 'o2' }, false);
    for (const write of writes) boards.track(pollIds[0]!, write);
    await boards.push(room.state, quizId);
    expect(pushed).toEqual([expect.objectContaining({ closed: 1, players: 2 })]);
  });

  it('answers not_found for a quiz the room does not have', async () => {
    const state: RoomState = room.state;
    const answer = await boards.leaderboard(state, 'z-none', 'a', 10);
    expect(answer.ok ? '' : answer.error.code).toBe('not_found');
  });
});
