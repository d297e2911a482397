import { sortQuestions, type Question, type QuestionSort } from '../../../shared/model/question.ts';

export type QuestionBoard = { open: Question[]; answered: Question[] };

/**
 * The board as the audience sees it: questions still to be answered, sorted as chosen, and
 * answered ones apart, most recently answered first. Panellists are staff and receive pending
 * and dismissed questions too; those never belong on the public board.
 */
export function questionBoard(questions: readonly Question[], votes: Record<string, number>, sort: QuestionSort): QuestionBoard {
  const open = sortQuestions(questions.filter((q) => q.status === 'approved'), votes, sort);
  const answered = questions.filter((q) => q.status === 'answered').sort((a, b) => (b.answeredAtMs ?? 0) - (a.answeredAtMs ?? 0));
  return { open, answered };
}

/** Whether this person upvoted: their own latest answer from the server wins over the snapshot's list. */
export function hasUpvoted(questionId: string, myUpvotes: readonly string[], latest: Readonly<Record<string, boolean>>): boolean {
  return latest[questionId] ?? myUpvotes.includes(questionId);
}

/**
 * Whether this person asked the question: signed questions name them; anonymous ones name
 * nobody, so the server lists them in the snapshot's myQuestions, and this device remembers
 * those it asked since (`askedHere`).
 */
export function isOwnQuestion(question: Question, personId: string, myQuestions: readonly string[], askedHere: readonly string[]): boolean {
  return question.authorId === personId || myQuestions.includes(question.id) || askedHere.includes(question.id);
}
