import { describe, expect, it } from 'vitest';
import type { Question } from '../../shared/model/question.ts';
import { isOwnQuestion } from '../../client/src/lib/question-board.ts';

const question = (id: string, authorId: string | null): Question => ({
  id,
  text: `Question ${id}`,
  authorId,
  authorName: authorId ? 'Nodira Karimova' : null,
  addressedTo: null,
  status: 'approved',
  askedAtMs: 1,
  editedAtMs: null,
  answeredAtMs: null,
});

describe('"Your question" on a phone', () => {
  it('marks a signed question by its author, an anonymous one by the snapshot or by this device, and nobody else’s', () => {
    expect(isOwnQuestion(question('q1', 'me'), 'me', [], [])).toBe(true);
    expect(isOwnQuestion(question('q2', 'someone'), 'me', [], [])).toBe(false);
    expect(isOwnQuestion(question('q3', null), 'me', ['q3'], [])).toBe(true);
    expect(isOwnQuestion(question('q4', null), 'me', [], ['q4'])).toBe(true);
    expect(isOwnQuestion(question('q5', null), 'me', ['q3'], ['q4'])).toBe(false);
  });
});
