import { describe, expect, it } from 'vitest';
import { QUIZ_TALLY_KEYS } from '../../shared/model/quiz.ts';
import type { Store } from '../../server/store/store.ts';
import { singleVote, T0 } from './fixtures.ts';

const answer = (voterKey: string, optionId: string, points: number, atMs: number) =>
  singleVote(voterKey, optionId, {
    pollId: 'quiz-q1',
    allowChange: false,
    atMs,
    contributions: { [optionId]: 1, [QUIZ_TALLY_KEYS.points]: points, [QUIZ_TALLY_KEYS.correct]: points > 0 ? 1 : 0, [QUIZ_TALLY_KEYS.elapsedMs]: atMs - T0 },
  });

/** The quiz part of the Store contract; `store` is the contract's fresh store of the test. */
export function describeQuizzes(store: () => Store): void {
  describe('quizzes', () => {
    it('[ST60] pollBallots lists every standing ballot of a poll once, by voter key, with what it counted and when', async () => {
      expect(await store().pollBallots('quiz-q1')).toEqual([]);
      await store().castBallot(answer('v2', 'o1', 0, T0 + 900));
      await store().castBallot(answer('v1', 'o2', 880, T0 + 4_800));
      // A second, different answer is refused and a repeat changes nothing: still one ballot each.
      expect(await store().castBallot(answer('v1', 'o1', 0, T0 + 5_000))).toBe('already_voted');
      expect(await store().castBallot(answer('v1', 'o2', 880, T0 + 4_800))).toBe('unchanged');
      await store().castBallot(singleVote('v1', 'o1', { pollId: 'other-poll' }));

      expect(await store().pollBallots('quiz-q1')).toEqual([
        { voterKey: 'v1', contributions: answer('v1', 'o2', 880, T0 + 4_800).contributions, atMs: T0 + 4_800 },
        { voterKey: 'v2', contributions: answer('v2', 'o1', 0, T0 + 900).contributions, atMs: T0 + 900 },
      ]);
    });

    it('[ST61] a player\'s nickname is kept per quiz; choosing again replaces it', async () => {
      expect(await store().quizNicknames('z1')).toEqual({});
      await Promise.all([store().setQuizNickname('z1', 'p-1', 'Merit Maven'), store().setQuizNickname('z1', 'p-2', 'Тимур'), store().setQuizNickname('z2', 'p-1', 'Elsewhere')]);
      await store().setQuizNickname('z1', 'p-1', 'Merit Master');
      expect(await store().quizNicknames('z1')).toEqual({ 'p-1': 'Merit Master', 'p-2': 'Тимур' });
      expect(await store().quizNicknames('z2')).toEqual({ 'p-1': 'Elsewhere' });
    });
  });
}
