import { describe, expect, it } from 'vitest';
import type { Poll, PollResults } from '../../shared/model/poll.ts';
import { QUIZ_TALLY_KEYS, type Quiz, type QuizBoard } from '../../shared/model/quiz.ts';
import { answerRows, boardTop, optionLetter, quizProgress, quizScreen } from '../../client/src/lib/quiz-projector.ts';

const OPTIONS = [
  { id: 'o1', label: 'China' },
  { id: 'o2', label: 'France' },
  { id: 'o3', label: 'Prussia' },
];
function poll(id: string, status: Poll['status'], correctOptionIds: string[] = []): Poll {
  return {
    id,
    question: `Question ${id}?`,
    spec: { kind: 'single', options: OPTIONS },
    status,
    quiz: { quizId: 'qz', correctOptionIds, timeLimitSec: 20 },
  } as unknown as Poll;
}
const quiz = (changes: Partial<Quiz> = {}): Quiz => ({
  id: 'qz',
  title: 'Merit through history',
  pollIds: ['p1', 'p2', 'p3'],
  status: 'running',
  showing: 'question',
  createdAtMs: 1,
  startedAtMs: 2,
  finishedAtMs: null,
  ...changes,
});

describe('the quiz on its screens', () => {
  it('follows the question asked last, in the quiz order, whatever the order of the room’s polls', () => {
    const polls = [poll('p3', 'draft'), poll('p2', 'open'), poll('p1', 'closed'), poll('other', 'open')];
    expect(quizProgress(quiz(), polls)).toMatchObject({ questions: 3, asked: 2, number: 2, current: { id: 'p2' } });
    expect(quizProgress(quiz({ status: 'draft' }), [poll('p1', 'draft')])).toMatchObject({ asked: 0, number: 0, current: null });
  });

  it('shows the open question, then its answer, the leaderboard when chosen, and the final board at the end', () => {
    expect(quizScreen(quiz({ status: 'draft' }), [poll('p1', 'draft')])).toEqual({ view: 'ready' });
    expect(quizScreen(quiz(), [poll('p1', 'open')])).toMatchObject({ view: 'question', number: 1, questions: 3 });
    expect(quizScreen(quiz(), [poll('p1', 'closed')])).toMatchObject({ view: 'answer', number: 1 });
    expect(quizScreen(quiz({ showing: 'leaderboard' }), [poll('p1', 'closed')])).toEqual({ view: 'leaderboard', final: false });
    expect(quizScreen(quiz({ status: 'finished', showing: 'question' }), [poll('p1', 'closed')])).toEqual({ view: 'leaderboard', final: true });
  });

  it('letters the options A to T', () => {
    expect([0, 1, 19].map(optionLetter)).toEqual(['A', 'B', 'T']);
  });

  it('counts each option, marks the correct ones and leaves the quiz counters out', () => {
    const results: PollResults = {
      pollId: 'p1',
      kind: 'single',
      voters: 5,
      rows: [
        { key: 'o1', label: 'China', value: 3 },
        { key: 'o3', label: 'Prussia', value: 2 },
        { key: QUIZ_TALLY_KEYS.points, label: QUIZ_TALLY_KEYS.points, value: 2_700 },
      ],
      mean: null,
      answers: [],
    };
    expect(answerRows(poll('p1', 'closed', ['o1']), results)).toEqual([
      { id: 'o1', letter: 'A', label: 'China', count: 3, correct: true },
      { id: 'o2', letter: 'B', label: 'France', count: 0, correct: false },
      { id: 'o3', letter: 'C', label: 'Prussia', count: 2, correct: false },
    ]);
    // A screen that may not see results yet (and gets no correct answer while it is open) shows neither.
    expect(answerRows(poll('p1', 'open'), null).map((row) => [row.count, row.correct])).toEqual([[null, false], [null, false], [null, false]]);
  });

  it('shows at most the top ten of a board', () => {
    const board: QuizBoard = {
      quizId: 'qz',
      closed: 1,
      questions: 3,
      finished: false,
      players: 12,
      top: Array.from({ length: 12 }, (_, i) => ({ rank: i + 1, name: `Player ${i + 1}`, points: 1_000 - i, correct: 1, answered: 1 })),
    };
    expect(boardTop(board)).toHaveLength(10);
    expect(boardTop(null)).toEqual([]);
  });
});
