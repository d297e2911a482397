import { z } from 'zod';
import { RoomKindSchema } from '../model/event.ts';

/** The programme files the import endpoint reads besides Plenary's own agenda. */
export const IMPORT_FORMATS = ['schedule-json', 'csv'] as const;
export const ImportFormatSchema = z.enum(IMPORT_FORMATS);
export type ImportFormat = z.infer<typeof ImportFormatSchema>;

/** The import's query parameters; title, audienceCode and timezone matter only when the import creates the event. */
export const ImportOptionsSchema = z.object({
  format: ImportFormatSchema.optional(),
  /** The kind of a session whose type names none (a pretalx "Talk", a CSV row with no kind). */
  defaultKind: RoomKindSchema.default('panel'),
  title: z.string().trim().min(1).max(200).optional(),
  audienceCode: z.string().trim().optional(),
  /** A CSV's zone (a schedule.json names its own); an existing event keeps its own. */
  timezone: z.string().trim().min(1).max(60).optional(),
});
export type ImportOptions = z.infer<typeof ImportOptionsSchema>;

/** One thing wrong with the file: where (a JSON path, or a CSV row and column) and what. */
export const ImportProblemSchema = z.object({ path: z.string(), message: z.string() });
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

const SessionRefSchema = z.object({ id: z.string(), title: z.string() });

/** What an import changed, answered with the agenda as saved. */
export const ImportSummarySchema = z.object({
  eventId: z.string(),
  revision: z.number().int(),
  created: z.boolean(),
  added: z.array(SessionRefSchema),
  updated: z.array(SessionRefSchema),
  unchanged: z.number().int(),
  /** Sessions an earlier import brought that this file no longer has: kept, for the organiser to look at. */
  notInFile: z.array(SessionRefSchema),
  hallsAdded: z.array(z.string()),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;
