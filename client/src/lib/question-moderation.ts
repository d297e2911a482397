import { sortQuestions, type Question } from '../../../shared/model/question.ts';

export type ModerationLists = { pending: Question[]; board: Question[]; answered: Question[]; dismissed: Question[] };

/**
 * The chair's view of Q&A: the queue waiting for approval (oldest first, as it arrived), the
 * board as the audience ranks it (most upvoted first), and what has been answered or dismissed.
 */
export function moderationLists(questions: readonly Question[], votes: Record<string, number>): ModerationLists {
  const withStatus = (status: Question['status']) => questions.filter((q) => q.status === status);
  return {
    pending: withStatus('pending').sort((a, b) => a.askedAtMs - b.askedAtMs),
    board: sortQuestions(withStatus('approved'), votes, 'top'),
    answered: withStatus('answered').sort((a, b) => (b.answeredAtMs ?? 0) - (a.answeredAtMs ?? 0)),
    dismissed: sortQuestions(withStatus('dismissed'), votes, 'recent'),
  };
}
