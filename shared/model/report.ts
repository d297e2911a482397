import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { RoomKindSchema } from './event.ts';
import { FinishedTurnSchema } from './floor.ts';
import { PollKindSchema, PollResultsSchema, PollStatusSchema } from './poll.ts';
import { QuestionStatusSchema } from './question.ts';

/**
 * The report the organiser reads and downloads (GET /api/reports/…), computed by
 * server/domain/reports.ts. Schemas, so the API document describes exactly what is sent.
 */
export const SpeakerTotalSchema = z.object({
  name: z.string(),
  personId: z.string().nullable(),
  organisation: z.string().nullable(),
  country: z.string().nullable(),
  /** The country, else the organisation, else "Unaffiliated" (delegationOf). */
  delegation: z.string(),
  turns: z.number().int().nonnegative(),
  spokenMs: z.number().int().nonnegative(),
  allottedMs: z.number().int().nonnegative(),
  overtimeMs: z.number().int().nonnegative(),
});
export type SpeakerTotal = z.infer<typeof SpeakerTotalSchema>;

export const DelegationTotalSchema = z.object({
  delegation: z.string(),
  speakers: z.number().int().nonnegative(),
  turns: z.number().int().nonnegative(),
  spokenMs: z.number().int().nonnegative(),
  /** 0..1 of all speaking time. */
  share: z.number().min(0).max(1),
});
export type DelegationTotal = z.infer<typeof DelegationTotalSchema>;

export const SpeakingTimeSchema = z.object({
  totalMs: z.number().int().nonnegative(),
  perPerson: z.array(SpeakerTotalSchema),
  perDelegation: z.array(DelegationTotalSchema),
  /** 1 when the delegations that spoke shared the floor evenly, 0 when one of them had it all. */
  balance: z.number().min(0).max(1),
});
export type SpeakingTime = z.infer<typeof SpeakingTimeSchema>;

export const PollSummarySchema = z.object({
  pollId: IdSchema,
  question: z.string(),
  kind: PollKindSchema,
  status: PollStatusSchema,
  anonymous: z.boolean(),
  results: PollResultsSchema.nullable(),
});
export type PollSummary = z.infer<typeof PollSummarySchema>;

export const QuestionSummarySchema = z.object({
  questionId: IdSchema,
  text: z.string(),
  /** Null for anonymous questions. */
  author: z.string().nullable(),
  addressedTo: z.string().nullable(),
  status: QuestionStatusSchema,
  votes: z.number().int().nonnegative(),
  askedAtMs: EpochMsSchema,
  answeredAtMs: EpochMsSchema.nullable(),
});
export type QuestionSummary = z.infer<typeof QuestionSummarySchema>;

export const RoomReportSchema = z.object({
  roomId: IdSchema,
  title: z.string(),
  kind: RoomKindSchema,
  startsAt: z.string(),
  endsAt: z.string(),
  speakingTime: SpeakingTimeSchema.extend({ turns: z.array(FinishedTurnSchema) }),
  polls: z.array(PollSummarySchema),
  questions: z.array(QuestionSummarySchema),
});
export type RoomReport = z.infer<typeof RoomReportSchema>;

export const EventReportSchema = z.object({
  eventId: IdSchema,
  title: z.string(),
  rooms: z.array(RoomReportSchema),
  speakingTime: SpeakingTimeSchema,
});
export type EventReport = z.infer<typeof EventReportSchema>;

/** The CSV tables of a report, each downloadable on its own (docs/API.md). */
export const REPORT_TABLE_NAMES = ['speakers', 'delegations', 'polls', 'questions'] as const;
export type ReportTable = (typeof REPORT_TABLE_NAMES)[number];

/** One event as GET /api/events lists it. */
export const EventListItemSchema = z.object({ id: IdSchema, title: z.string(), audienceCode: z.string(), rooms: z.number().int().nonnegative() });
export type EventListItem = z.infer<typeof EventListItemSchema>;
