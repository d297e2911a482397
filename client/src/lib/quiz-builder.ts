import { QUIZ_MAX_QUESTIONS, QUIZ_TIME_LIMIT_SEC, type QuizQuestionInput } from '../../../shared/model/quiz.ts';

/**
 * The quiz builder's form. A field is named by its path in quiz.create's payload
 * ("questions.2.timeLimitSec"), the same path the server's refusals name, so a refusal lands
 * beside the field it is about whether the form or the server found it.
 */
export type QuizKind = QuizQuestionInput['kind'];
export type QuizQuestionDraft = { question: string; kind: QuizKind; options: string[]; correct: number[]; timeLimitSec: number };
export type QuizDraft = { title: string; questions: QuizQuestionDraft[] };

/** Limits of quiz.create's payload (shared/model/quiz.ts), for the form's inputs and checks. */
export const QUIZ_LIMITS = { titleMax: 120, questionMax: 300, optionMax: 120, options: [2, 20], questions: [1, QUIZ_MAX_QUESTIONS], timeLimitSec: QUIZ_TIME_LIMIT_SEC } as const;

export function emptyQuizQuestion(): QuizQuestionDraft {
  return { question: '', kind: 'single', options: ['', ''], correct: [], timeLimitSec: QUIZ_TIME_LIMIT_SEC.default };
}

export function emptyQuizDraft(): QuizDraft {
  return { title: '', questions: [emptyQuizQuestion()] };
}

/** `items` with the one at `from` moved to `to`. */
function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

export function withOptionAdded(question: QuizQuestionDraft): QuizQuestionDraft {
  if (question.options.length >= QUIZ_LIMITS.options[1]) return question;
  return { ...question, options: [...question.options, ''] };
}

/** The correct answers are positions: removing or moving an option moves the marks with their options. */
export function withOptionRemoved(question: QuizQuestionDraft, index: number): QuizQuestionDraft {
  if (question.options.length <= QUIZ_LIMITS.options[0]) return question;
  const correct = question.correct.filter((i) => i !== index).map((i) => (i > index ? i - 1 : i));
  return { ...question, options: question.options.filter((_, i) => i !== index), correct };
}

export function withOptionMoved(question: QuizQuestionDraft, from: number, to: number): QuizQuestionDraft {
  if (to < 0 || to >= question.options.length || from === to) return question;
  const order = moved(question.options.map((_, i) => i), from, to);
  const correct = question.correct.map((i) => order.indexOf(i)).sort((a, b) => a - b);
  return { ...question, options: moved(question.options, from, to), correct };
}

/** Single choice has one correct answer (a radio); multiple choice any number (checkboxes). */
export function withCorrect(question: QuizQuestionDraft, index: number, correct: boolean): QuizQuestionDraft {
  if (question.kind === 'single') return { ...question, correct: correct ? [index] : question.correct.filter((i) => i !== index) };
  const others = question.correct.filter((i) => i !== index);
  return { ...question, correct: (correct ? [...others, index] : others).sort((a, b) => a - b) };
}

/** Turning a multiple-choice question into a single-choice one keeps its first correct answer only. */
export function withKind(question: QuizQuestionDraft, kind: QuizKind): QuizQuestionDraft {
  return { ...question, kind, correct: kind === 'single' ? question.correct.slice(0, 1) : question.correct };
}

export function withQuestionMoved(draft: QuizDraft, from: number, to: number): QuizDraft {
  if (to < 0 || to >= draft.questions.length || from === to) return draft;
  return { ...draft, questions: moved(draft.questions, from, to) };
}

export function quizInput(draft: QuizDraft): { title: string; questions: QuizQuestionInput[] } {
  return {
    title: draft.title.trim(),
    questions: draft.questions.map((q) => ({
      question: q.question.trim(),
      kind: q.kind,
      options: q.options.map((label) => label.trim()),
      // A mark left past the last option points at nothing: it is no answer to send.
      correct: q.correct.filter((i) => i >= 0 && i < q.options.length).sort((a, b) => a - b),
      timeLimitSec: q.timeLimitSec,
    })),
  };
}

/** What is wrong with one field, as a key under quiz-console.problems. */
export type QuizProblem =
  | 'title'
  | 'questionCount'
  | 'question'
  | 'option'
  | 'optionCount'
  | 'duplicateOptions'
  | 'noCorrect'
  | 'oneCorrect'
  | 'timeLimit';

/** Field path → its first problem; empty when quiz.create would accept the form. */
export type QuizProblems = Record<string, QuizProblem>;

function questionProblems(q: QuizQuestionDraft, at: string, problems: QuizProblems): void {
  const text = q.question.trim();
  if (text === '' || text.length > QUIZ_LIMITS.questionMax) problems[`${at}.question`] = 'question';
  const labels = q.options.map((label) => label.trim());
  labels.forEach((label, i) => {
    if (label === '' || label.length > QUIZ_LIMITS.optionMax) problems[`${at}.options.${i}`] = 'option';
  });
  const [fewest, most] = QUIZ_LIMITS.options;
  if (labels.length < fewest || labels.length > most) problems[`${at}.options`] = 'optionCount';
  else {
    // Blank options are each flagged already: two of them are not also "the same option twice".
    const filled = labels.filter((label) => label !== '');
    if (new Set(filled).size !== filled.length) problems[`${at}.options`] = 'duplicateOptions';
  }
  const marked = q.correct.filter((i) => Number.isInteger(i) && i >= 0 && i < labels.length);
  if (marked.length === 0) problems[`${at}.correct`] = 'noCorrect';
  else if (q.kind === 'single' && marked.length > 1) problems[`${at}.correct`] = 'oneCorrect';
  const { min, max } = QUIZ_LIMITS.timeLimitSec;
  if (!Number.isInteger(q.timeLimitSec) || q.timeLimitSec < min || q.timeLimitSec > max) problems[`${at}.timeLimitSec`] = 'timeLimit';
}

/** The form's checks: quiz.create's schema, and the server's rule that every question has its correct answer. */
export function quizDraftProblems(draft: QuizDraft): QuizProblems {
  const problems: QuizProblems = {};
  const title = draft.title.trim();
  if (title === '' || title.length > QUIZ_LIMITS.titleMax) problems.title = 'title';
  const [fewest, most] = QUIZ_LIMITS.questions;
  if (draft.questions.length < fewest || draft.questions.length > most) problems.questions = 'questionCount';
  draft.questions.forEach((q, i) => questionProblems(q, `questions.${i}`, problems));
  return problems;
}

/**
 * The field a server refusal names ("quiz.create: questions.1.timeLimitSec: Number must be…"),
 * as the form names it: an option's own path, or its question's options, correct answers, text
 * or time limit. Null when the message names no field of the form: it is shown under the form.
 */
export function refusalField(message: string): string | null {
  const match = /(?:^|: )(title|questions(?:\.\d+(?:\.(question|kind|options|correct|timeLimitSec)(?:\.\d+)?)?)?): /.exec(message);
  if (!match?.[1]) return null;
  // A wrong mark ("correct.0") is about the question's correct answers as a whole.
  return match[2] === 'correct' ? match[1].replace(/\.correct\.\d+$/, '.correct') : match[1];
}

/** A field's problem to show: the form's own first, else the server's refusal if it named this field. */
export function fieldMessage(field: string, problems: QuizProblems, refusal: { field: string | null; message: string } | null, say: (problem: QuizProblem) => string): string | null {
  const problem = problems[field];
  if (problem) return say(problem);
  return refusal && refusal.field === field ? refusal.message : null;
}
