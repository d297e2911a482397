import { describe, expect, it } from 'vitest';
import type { Question } from '../../shared/model/question.ts';
import { moderationLists } from '../../client/src/lib/question-moderation.ts';

const question = (id: string, status: Question['status'], askedAtMs: number, answeredAtMs: number | null = null): Question => ({
  id,
  text: `Question ${id}`,
  authorId: null,
  authorName: null,
  addressedTo: null,
  status,
  askedAtMs,
  editedAtMs: null,
  answeredAtMs,
});

describe('the chair’s Q&A lists', () => {
  const questions = [
    question('late-pending', 'pending', 30),
    question('early-pending', 'pending', 10),
    question('few-votes', 'approved', 5),
    question('many-votes', 'approved', 20),
    question('tie-older', 'approved', 1),
    question('answered-first', 'answered', 2, 100),
    question('answered-last', 'answered', 3, 200),
    question('off-topic', 'dismissed', 4),
  ];
  const votes = { 'few-votes': 2, 'many-votes': 18, 'tie-older': 2 };
  const lists = moderationLists(questions, votes);

  it('keeps the pending queue in the order it arrived', () => {
    expect(lists.pending.map((q) => q.id)).toEqual(['early-pending', 'late-pending']);
  });

  it('ranks the board by upvotes, the older question first on a tie', () => {
    expect(lists.board.map((q) => q.id)).toEqual(['many-votes', 'tie-older', 'few-votes']);
  });

  it('puts the latest answered first and keeps dismissed questions apart', () => {
    expect(lists.answered.map((q) => q.id)).toEqual(['answered-last', 'answered-first']);
    expect(lists.dismissed.map((q) => q.id)).toEqual(['off-topic']);
  });
});
