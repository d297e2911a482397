import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { RoomKindSchema } from './event.ts';
import { SpeakerSchema } from './person.ts';
import { PollKindSchema, PollResultsSchema, PollStatusSchema } from './poll.ts';
import { QuestionStatusSchema } from './question.ts';
import { QuizRowSchema, QuizStatusSchema } from './quiz.ts';
import { RequestKindSchema } from './request-kind.ts';

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
  /** Extra time given over the person's turns; negative when more was taken than given. */
  extraMs: z.number().int(),
  overtimeMs: z.number().int().nonnegative(),
});
export type SpeakerTotal = z.infer<typeof SpeakerTotalSchema>;

/**
 * One turn in a report, read from the room's speaking-time ledger: the time allotted when it was
 * called, extra time given (negative when taken), time actually spoken and time past
 * allotted + extra. A turn not ended yet counts up to the report's time, marked in progress.
 */
export const ReportTurnSchema = z.object({
  requestId: IdSchema,
  speaker: SpeakerSchema,
  kind: RequestKindSchema,
  startedAtMs: EpochMsSchema,
  endedAtMs: EpochMsSchema.nullable(),
  allottedMs: z.number().int().nonnegative(),
  extraMs: z.number().int(),
  spokenMs: z.number().int().nonnegative(),
  overtimeMs: z.number().int().nonnegative(),
  inProgress: z.boolean(),
  /** Interrupted by a point of order and waiting to be resumed. */
  suspended: z.boolean(),
});
export type ReportTurn = z.infer<typeof ReportTurnSchema>;

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

/** One question of a quiz in a report: its correct options by label and how it was answered. */
export const QuizQuestionReportSchema = z.object({
  pollId: IdSchema,
  question: z.string(),
  kind: z.enum(['single', 'multiple']),
  /** A question never asked stays a draft: nobody answered it. */
  status: PollStatusSchema,
  timeLimitSec: z.number().int().positive(),
  correctLabels: z.array(z.string()),
  answered: z.number().int().nonnegative(),
  correct: z.number().int().nonnegative(),
  /** Mean time to answer from the question's opening (server clock); null when nobody answered. */
  meanAnswerMs: z.number().int().nonnegative().nullable(),
});
export type QuizQuestionReport = z.infer<typeof QuizQuestionReportSchema>;

export const QuizReportSchema = z.object({
  quizId: IdSchema,
  title: z.string(),
  status: QuizStatusSchema,
  startedAtMs: EpochMsSchema.nullable(),
  finishedAtMs: EpochMsSchema.nullable(),
  questions: z.array(QuizQuestionReportSchema),
  /** Every player, ranked over the closed questions (docs/PROTOCOL.md, Quizzes). */
  leaderboard: z.array(QuizRowSchema),
});
export type QuizReport = z.infer<typeof QuizReportSchema>;

export const RoomReportSchema = z.object({
  roomId: IdSchema,
  title: z.string(),
  kind: RoomKindSchema,
  startsAt: z.string(),
  endsAt: z.string(),
  /** Server time the report was computed at: turns in progress count up to it. */
  atMs: EpochMsSchema,
  speakingTime: SpeakingTimeSchema.extend({ turns: z.array(ReportTurnSchema) }),
  polls: z.array(PollSummarySchema),
  questions: z.array(QuestionSummarySchema),
  quizzes: z.array(QuizReportSchema),
});
export type RoomReport = z.infer<typeof RoomReportSchema>;

/** What a parent room and its child rooms add up to (a chair over roundtables). */
export const RollUpTotalsSchema = z.object({
  /** The parent and each child. */
  rooms: z.number().int().positive(),
  turns: z.number().int().nonnegative(),
  polls: z.number().int().nonnegative(),
  questions: z.number().int().nonnegative(),
  /** Recomputed from every room's turns, so a person who spoke in two rooms has one line. */
  speakingTime: SpeakingTimeSchema,
});
export type RollUpTotals = z.infer<typeof RollUpTotalsSchema>;

/** A parent room's report: its own, its children's in agenda order, and what they add up to. */
export const RolledUpReportSchema = RoomReportSchema.extend({ children: z.array(RoomReportSchema), totals: RollUpTotalsSchema });
export type RolledUpReport = z.infer<typeof RolledUpReportSchema>;

export const EventReportSchema = z.object({
  eventId: IdSchema,
  title: z.string(),
  rooms: z.array(RoomReportSchema),
  speakingTime: SpeakingTimeSchema,
});
export type EventReport = z.infer<typeof EventReportSchema>;

/** The CSV tables of a report, each downloadable on its own (docs/API.md). */
export const REPORT_TABLE_NAMES = ['speakers', 'turns', 'delegations', 'polls', 'questions', 'quiz_questions', 'quiz_players'] as const;
export type ReportTable = (typeof REPORT_TABLE_NAMES)[number];

/** One event as GET /api/events lists it. */
export const EventListItemSchema = z.object({ id: IdSchema, title: z.string(), audienceCode: z.string(), rooms: z.number().int().nonnegative() });
export type EventListItem = z.infer<typeof EventListItemSchema>;
