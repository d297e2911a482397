import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUIZ_TALLY_KEYS, quizPoints } from '../../shared/model/quiz.ts';
import type { CommandInput } from '../../shared/protocol/commands.ts';
import { prepareBallot } from '../../server/domain/ballots.ts';
import { boardOf, rankQuiz, standingOf, type ScoredAnswer } from '../../server/domain/quiz-board.ts';
import { accepted, ballotBox, openRoom, payload } from './fixtures.ts';

const answer = (voterKey: string, points: number): ScoredAnswer => ({
  voterKey,
  contributions: { [QUIZ_TALLY_KEYS.points]: points, [QUIZ_TALLY_KEYS.correct]: points > 0 ? 1 : 0 },
});

const names: Record<string, string> = { a: 'Aigerim', b: 'Bakhyt', c: 'Chen', d: 'Dana', e: 'Erlan' };
const rank = (closedAnswers: ScoredAnswer[][], nameOf = (id: string) => names[id] ?? id) =>
  rankQuiz({ quizId: 'z1', questions: 3, finished: false, closedAnswers, nameOf });

describe('a quiz leaderboard', () => {
  it('ranks by points, equal points sharing a rank and the next skipping; equals are listed by name', () => {
    const ranking = rank([
      [answer('d', 900), answer('b', 900), answer('c', 0), answer('a', 700)],
      [answer('e', 1000), answer('a', 0)],
    ]);
    expect(boardOf(ranking, 10)).toEqual({
      quizId: 'z1',
      closed: 2,
      questions: 3,
      finished: false,
      players: 5,
      top: [
        { rank: 1, name: 'Erlan', points: 1000, correct: 1, answered: 1 },
        { rank: 2, name: 'Bakhyt', points: 900, correct: 1, answered: 1 },
        { rank: 2, name: 'Dana', points: 900, correct: 1, answered: 1 },
        { rank: 4, name: 'Aigerim', points: 700, correct: 1, answered: 2 },
        { rank: 5, name: 'Chen', points: 0, correct: 0, answered: 1 },
      ],
    });
    expect(boardOf(ranking, 2).top.map((row) => row.name)).toEqual(['Erlan', 'Bakhyt']);
    expect(standingOf(ranking, 'd')).toEqual({ rank: 2, players: 5, points: 900, correct: 1, answered: 1, name: 'Dana' });
    expect(standingOf(ranking, 'nobody')).toBeNull();
  });

  it('is empty before any question closed', () => {
    expect(boardOf(rank([]), 10)).toMatchObject({ closed: 0, players: 0, top: [] });
  });

  it('is the sum of each player\'s points per question, each scored once whatever they retry', () => {
    const questions: CommandInput<'quiz.create'>['questions'] = [
      { question: 'Capital of Kazakhstan?', kind: 'single', options: ['Almaty', 'Astana', 'Shymkent'], correct: [1], timeLimitSec: 20 },
      { question: 'Merit principles?', kind: 'multiple', options: ['Open competition', 'Patronage', 'Equal treatment'], correct: [0, 2], timeLimitSec: 10 },
    ];
    const attempt = fc.record({ afterMs: fc.integer({ min: 0, max: 25_000 }), choice: fc.subarray(['o1', 'o2', 'o3'], { minLength: 1 }) });
    const player = fc.array(fc.array(attempt, { maxLength: 3 }), { minLength: 2, maxLength: 2 });
    fc.assert(
      fc.property(fc.array(player, { minLength: 1, maxLength: 6 }), (players) => {
        const room = openRoom();
        const chair = room.actor('moderator');
        const { quizId, pollIds } = accepted(room.command('quiz.create', payload('quiz.create', { title: 'Merit quiz', questions }), chair)).result;
        const people = players.map(() => room.actor('audience'));
        const expected = new Map<string, number>();
        const closedAnswers: ScoredAnswer[][] = [];
        for (const [q, pollId] of pollIds.entries()) {
          accepted(room.command('quiz.next', { quizId }, chair));
          const openedAt = room.nowMs;
          const limitMs = questions[q]!.timeLimitSec! * 1_000;
          const box = ballotBox();
          const contributions = new Map<string, ScoredAnswer['contributions']>();
          for (const [p, attempts] of players.entries()) {
            const person = people[p]!;
            for (const { afterMs, choice } of [...attempts[q]!].sort((a, b) => a.afterMs - b.afterMs)) {
              const ballot = q === 0 ? { kind: 'single' as const, optionId: choice[0]! } : { kind: 'multiple' as const, optionIds: choice };
              const prepared = prepareBallot(room.state, pollId, ballot, person, openedAt + afterMs);
              if (!prepared.ok) continue;
              const outcome = box.cast(person.personId, prepared.value, false, openedAt + afterMs);
              if (outcome !== 'counted') continue;
              contributions.set(person.personId, prepared.value.contributions);
              const right = q === 0 ? choice[0] === 'o2' : [...choice].sort().join() === 'o1,o3';
              expected.set(person.personId, (expected.get(person.personId) ?? 0) + quizPoints(right, afterMs, limitMs));
            }
          }
          room.advance(limitMs);
          accepted(room.command('poll.close', { pollId }, chair));
          closedAnswers.push([...contributions].map(([voterKey, c]) => ({ voterKey, contributions: c })));
          expect(box.tally().counters[QUIZ_TALLY_KEYS.points] ?? 0).toBe(closedAnswers[q]!.reduce((sum, a) => sum + (a.contributions[QUIZ_TALLY_KEYS.points] ?? 0), 0));
        }
        const ranking = rank(closedAnswers, (id) => id);
        for (const person of people) {
          const standing = standingOf(ranking, person.personId);
          if (!expected.has(person.personId)) expect(standing).toBeNull();
          else expect(standing?.points).toBe(expected.get(person.personId));
        }
        const sorted = ranking.players.map((p) => p.points);
        expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
      }),
      { numRuns: 60 },
    );
  });
});
