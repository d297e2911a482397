import type { Poll } from '../../../shared/model/poll.ts';
import type { Quiz } from '../../../shared/model/quiz.ts';
import { quizProgress } from './quiz-projector.ts';

/**
 * The chair's next step in a quiz, which is what its main button says: start it, open the next
 * question ("Next question (3 of 10)"), wait while one is open, finish once all were asked.
 */
export type QuizRunStep =
  | { step: 'start'; questions: number }
  | { step: 'next'; number: number; questions: number }
  | { step: 'open'; number: number; questions: number }
  | { step: 'finish'; questions: number }
  | { step: 'finished'; questions: number };

export function quizRunStep(quiz: Quiz, polls: readonly Poll[]): QuizRunStep {
  const { questions, asked, current, number } = quizProgress(quiz, polls);
  if (quiz.status === 'finished') return { step: 'finished', questions };
  if (quiz.status === 'draft' || !current) return { step: 'start', questions };
  if (current.status === 'open') return { step: 'open', number, questions };
  return asked < questions ? { step: 'next', number: asked + 1, questions } : { step: 'finish', questions };
}

/** The command the main button sends, if it sends one: quiz.next opens the first question too. */
export function runCommand(step: QuizRunStep): 'quiz.next' | 'quiz.finish' | null {
  switch (step.step) {
    case 'start':
    case 'next':
      return 'quiz.next';
    case 'finish':
      return 'quiz.finish';
    case 'open':
    case 'finished':
      return null;
  }
}
