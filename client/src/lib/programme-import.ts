import { ImportProblemSchema, type ImportFormat, type ImportProblem } from '../../../shared/protocol/import.ts';
import { ApiError } from '../transport/api.ts';

/** The format of a programme file: by its name when it has one, else by its text (JSON starts with a brace). */
export function programmeFormatOf(text: string, fileName: string | null): ImportFormat {
  const lower = fileName?.toLowerCase() ?? '';
  if (lower.endsWith('.json')) return 'schedule-json';
  if (lower.endsWith('.csv')) return 'csv';
  return text.trimStart().startsWith('{') ? 'schedule-json' : 'csv';
}

/** The problems an import was refused with, when it was refused for what the file holds. */
export function importProblems(error: unknown): ImportProblem[] {
  if (!(error instanceof ApiError)) return [];
  const problems = ImportProblemSchema.array().safeParse((error.error as { problems?: unknown }).problems);
  return problems.success ? problems.data : [];
}
