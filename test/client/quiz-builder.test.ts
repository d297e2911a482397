import { describe, expect, it } from 'vitest';
import { QUIZ_TIME_LIMIT_SEC, type Quiz } from '../../shared/model/quiz.ts';
import type { Poll } from '../../shared/model/poll.ts';
import { COMMANDS } from '../../shared/protocol/commands.ts';
import {
  emptyQuizDraft,
  emptyQuizQuestion,
  fieldMessage,
  quizDraftProblems,
  quizInput,
  refusalField,
  withCorrect,
  withKind,
  withOptionAdded,
  withOptionMoved,
  withOptionRemoved,
  withQuestionMoved,
  type QuizDraft,
  type QuizQuestionDraft,
} from '../../client/src/lib/quiz-builder.ts';
import { quizRunStep, runCommand } from '../../client/src/lib/quiz-builder-run.ts';

const question = (changes: Partial<QuizQuestionDraft> = {}): QuizQuestionDraft => ({
  ...emptyQuizQuestion(),
  question: 'Which country introduced the first competitive civil service examinations?',
  options: ['China', 'France', 'Prussia'],
  correct: [0],
  ...changes,
});
const draft = (...questions: QuizQuestionDraft[]): QuizDraft => ({ title: 'Merit through history', questions: questions.length ? questions : [question()] });

/** What the server accepts: the payload schema, and a correct answer for every question (exactly one for single choice). */
function serverAccepts(d: QuizDraft): boolean {
  const parsed = COMMANDS['quiz.create'].payload.safeParse(quizInput(d));
  if (!parsed.success) return false;
  return parsed.data.questions.every((q) => {
    const marks = q.correct.filter((i) => i < q.options.length);
    return marks.length === q.correct.length && (q.kind === 'single' ? marks.length === 1 : marks.length >= 1);
  });
}

describe('the quiz builder', () => {
  it('starts with one question, two blank options, no correct answer and a 20-second limit', () => {
    const empty = emptyQuizDraft();
    expect(empty.questions).toEqual([{ question: '', kind: 'single', options: ['', ''], correct: [], timeLimitSec: QUIZ_TIME_LIMIT_SEC.default }]);
    expect(QUIZ_TIME_LIMIT_SEC.default).toBe(20);
    expect(quizDraftProblems(empty)).toEqual({ title: 'title', 'questions.0.question': 'question', 'questions.0.options.0': 'option', 'questions.0.options.1': 'option', 'questions.0.correct': 'noCorrect' });
  });

  it('turns the form into the payload quiz.create accepts, trimmed, correct answers in order', () => {
    const d = draft(question({ question: '  Which? ', options: [' A ', 'B', 'C'], kind: 'multiple', correct: [2, 0], timeLimitSec: 30 }));
    expect(quizInput(d)).toEqual({ title: 'Merit through history', questions: [{ question: 'Which?', kind: 'multiple', options: ['A', 'B', 'C'], correct: [0, 2], timeLimitSec: 30 }] });
    expect(quizDraftProblems(d)).toEqual({});
    expect(serverAccepts(d)).toBe(true);
  });

  it.each([
    ['no title', { ...draft(), title: '  ' }, 'title', 'title'],
    ['a title too long', { ...draft(), title: 'x'.repeat(121) }, 'title', 'title'],
    ['no questions', { title: 'Quiz', questions: [] }, 'questions', 'questionCount'],
    ['51 questions', { title: 'Quiz', questions: Array.from({ length: 51 }, () => question()) }, 'questions', 'questionCount'],
    ['a blank question', draft(question({ question: ' ' })), 'questions.0.question', 'question'],
    ['a blank option', draft(question({ options: ['China', ' ', 'Prussia'] })), 'questions.0.options.1', 'option'],
    ['an option of 121 characters', draft(question({ options: ['China', 'y'.repeat(121)] })), 'questions.0.options.1', 'option'],
    ['one option', draft(question({ options: ['China'] })), 'questions.0.options', 'optionCount'],
    ['21 options', draft(question({ options: Array.from({ length: 21 }, (_, i) => `Option ${i}`) })), 'questions.0.options', 'optionCount'],
    ['the same option twice', draft(question({ options: ['China', 'China '] })), 'questions.0.options', 'duplicateOptions'],
    ['no correct answer', draft(question(), question({ correct: [] })), 'questions.1.correct', 'noCorrect'],
    ['two correct answers to a single-choice question', draft(question({ correct: [0, 1] })), 'questions.0.correct', 'oneCorrect'],
    ['a time limit under 5 s', draft(question({ timeLimitSec: 4 })), 'questions.0.timeLimitSec', 'timeLimit'],
    ['a time limit over 10 minutes', draft(question({ timeLimitSec: 601 })), 'questions.0.timeLimitSec', 'timeLimit'],
    ['a time limit that is not a whole number', draft(question({ timeLimitSec: 7.5 })), 'questions.0.timeLimitSec', 'timeLimit'],
  ] as const)('finds %s where the server would refuse it', (_, d, field, problem) => {
    expect(quizDraftProblems(d as QuizDraft)[field]).toBe(problem);
    expect(serverAccepts(d as QuizDraft)).toBe(false);
  });

  it('accepts exactly what the server accepts, over many generated forms', () => {
    // A seeded walk through the form's corners: the form and the server must agree on every one.
    let seed = 14;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const labels = ['China', 'France', '', ' ', 'Prussia', 'China', 'x'.repeat(121)];
    for (let run = 0; run < 500; run += 1) {
      const options = Array.from({ length: random(5) + 1 }, () => labels[random(labels.length)] ?? '');
      const kind = random(2) ? 'single' : 'multiple';
      const correct = [...new Set(Array.from({ length: random(3) }, () => random(options.length + 1)))];
      const d = draft(question({ kind, options, correct, timeLimitSec: [4, 5, 20, 600, 601][random(5)] ?? 20 }));
      expect(Object.keys(quizDraftProblems(d)).length === 0, JSON.stringify(d)).toBe(serverAccepts(d));
    }
  });

  it('moves the correct marks with their options when options are removed or reordered', () => {
    const q = question({ kind: 'multiple', options: ['A', 'B', 'C', 'D'], correct: [1, 3] });
    expect(withOptionRemoved(q, 0)).toMatchObject({ options: ['B', 'C', 'D'], correct: [0, 2] });
    expect(withOptionRemoved(q, 1)).toMatchObject({ options: ['A', 'C', 'D'], correct: [2] });
    expect(withOptionMoved(q, 3, 0)).toMatchObject({ options: ['D', 'A', 'B', 'C'], correct: [0, 2] });
    expect(withOptionMoved(q, 1, 2)).toMatchObject({ options: ['A', 'C', 'B', 'D'], correct: [2, 3] });
    expect(withOptionMoved(q, 0, -1)).toBe(q);
    expect(withOptionRemoved(question({ options: ['A', 'B'] }), 0).options).toEqual(['A', 'B']);
    expect(withOptionAdded(question({ options: Array.from({ length: 20 }, (_, i) => `${i}`) })).options).toHaveLength(20);
    expect(withOptionAdded(q).options).toEqual(['A', 'B', 'C', 'D', '']);
  });

  it('marks one correct answer for single choice (a radio) and any number for multiple choice (checkboxes)', () => {
    const single = question({ correct: [0] });
    expect(withCorrect(single, 2, true).correct).toEqual([2]);
    expect(withCorrect(single, 0, false).correct).toEqual([]);
    const multiple = question({ kind: 'multiple', correct: [2] });
    expect(withCorrect(multiple, 0, true).correct).toEqual([0, 2]);
    expect(withCorrect(withCorrect(multiple, 0, true), 2, false).correct).toEqual([0]);
    expect(withKind(question({ kind: 'multiple', correct: [1, 2] }), 'single').correct).toEqual([1]);
    expect(withKind(single, 'multiple').correct).toEqual([0]);
  });

  it('reorders questions', () => {
    const a = question({ question: 'A?' });
    const b = question({ question: 'B?' });
    expect(withQuestionMoved(draft(a, b), 1, 0).questions.map((q) => q.question)).toEqual(['B?', 'A?']);
    expect(withQuestionMoved(draft(a, b), 1, 2).questions.map((q) => q.question)).toEqual(['A?', 'B?']);
  });

  it('puts a server refusal beside the field it names', () => {
    expect(refusalField('quiz.create: questions.1.timeLimitSec: Number must be greater than or equal to 5')).toBe('questions.1.timeLimitSec');
    expect(refusalField('quiz.create: questions.0.options.3: String must contain at least 1 character(s)')).toBe('questions.0.options.3');
    expect(refusalField('quiz.create: questions.2.correct.0: Number must be less than or equal to 19')).toBe('questions.2.correct');
    expect(refusalField('questions.4.correct: a single-choice question needs exactly one correct answer')).toBe('questions.4.correct');
    expect(refusalField('quiz.create: title: String must contain at least 1 character(s)')).toBe('title');
    expect(refusalField('The room is closed.')).toBeNull();
    const say = (problem: string) => `form: ${problem}`;
    const refusal = { field: 'questions.1.timeLimitSec', message: 'server: at least 5 s' };
    expect(fieldMessage('questions.1.timeLimitSec', {}, refusal, say)).toBe('server: at least 5 s');
    expect(fieldMessage('questions.1.timeLimitSec', { 'questions.1.timeLimitSec': 'timeLimit' }, refusal, say)).toBe('form: timeLimit');
    expect(fieldMessage('title', {}, refusal, say)).toBeNull();
  });
});

describe('the quiz run button', () => {
  const poll = (id: string, status: Poll['status']) => ({ id, status }) as Poll;
  const quiz = (status: Quiz['status']): Quiz => ({ id: 'q1', title: 'Merit', pollIds: ['p1', 'p2', 'p3'], status, showing: 'question', createdAtMs: 1, startedAtMs: null, finishedAtMs: null });

  it('says start, next question (n of N) between questions, nothing while one is open, then finish', () => {
    expect(quizRunStep(quiz('draft'), [poll('p1', 'draft'), poll('p2', 'draft'), poll('p3', 'draft')])).toEqual({ step: 'start', questions: 3 });
    expect(quizRunStep(quiz('running'), [poll('p1', 'open'), poll('p2', 'draft'), poll('p3', 'draft')])).toEqual({ step: 'open', number: 1, questions: 3 });
    expect(quizRunStep(quiz('running'), [poll('p1', 'closed'), poll('p2', 'draft'), poll('p3', 'draft')])).toEqual({ step: 'next', number: 2, questions: 3 });
    expect(quizRunStep(quiz('running'), [poll('p1', 'closed'), poll('p2', 'closed'), poll('p3', 'open')])).toEqual({ step: 'open', number: 3, questions: 3 });
    expect(quizRunStep(quiz('running'), [poll('p1', 'closed'), poll('p2', 'closed'), poll('p3', 'closed')])).toEqual({ step: 'finish', questions: 3 });
    expect(quizRunStep(quiz('finished'), [poll('p1', 'closed'), poll('p2', 'draft'), poll('p3', 'draft')])).toEqual({ step: 'finished', questions: 3 });
    expect([runCommand({ step: 'start', questions: 3 }), runCommand({ step: 'next', number: 2, questions: 3 }), runCommand({ step: 'finish', questions: 3 }), runCommand({ step: 'open', number: 1, questions: 3 })]).toEqual([
      'quiz.next',
      'quiz.next',
      'quiz.finish',
      null,
    ]);
  });
});
