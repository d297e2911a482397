import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';

export const QUESTION_STATUSES = ['pending', 'approved', 'dismissed', 'answered'] as const;
export const QuestionStatusSchema = z.enum(QUESTION_STATUSES);
export type QuestionStatus = z.infer<typeof QuestionStatusSchema>;

export const QuestionTextSchema = z.string().trim().min(1).max(500);

export const QuestionSchema = z.object({
  id: IdSchema,
  text: QuestionTextSchema,
  /** Null for anonymous questions: no link to the asker is stored at all. */
  authorId: IdSchema.nullable(),
  authorName: z.string().nullable(),
  addressedTo: z.object({ personId: IdSchema.nullable(), name: z.string() }).nullable(),
  status: QuestionStatusSchema,
  askedAtMs: EpochMsSchema,
  editedAtMs: EpochMsSchema.nullable(),
  answeredAtMs: EpochMsSchema.nullable(),
  /**
   * Anonymous questions only: a keyed hash of the asker and the question. The server can tell
   * the asker by it (to mark their question and let them edit or withdraw it); nobody else can,
   * and no two questions of one asker share it.
   */
  askerKey: z.string().optional(),
  /** A dismissed question: the status it had, which restoring it gives back. */
  dismissedFrom: z.enum(['pending', 'approved', 'answered']).optional(),
  /** The profanity filter masked words in it ('masked'), and held it for the moderator ('held'). */
  profanity: z.enum(['masked', 'held']).optional(),
});
export type Question = z.infer<typeof QuestionSchema>;

export type QuestionSort = 'top' | 'recent';

/** Top: most upvotes first, older first on a tie (it has waited longer). Recent: newest first. */
export function sortQuestions(questions: readonly Question[], votes: Record<string, number>, sort: QuestionSort): Question[] {
  const copy = [...questions];
  if (sort === 'recent') return copy.sort((a, b) => b.askedAtMs - a.askedAtMs);
  return copy.sort((a, b) => (votes[b.id] ?? 0) - (votes[a.id] ?? 0) || a.askedAtMs - b.askedAtMs);
}
