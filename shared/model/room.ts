import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { FloorSchema } from './floor.ts';
import { PollSchema } from './poll.ts';
import { QuestionSchema } from './question.ts';
import { QuizSchema } from './quiz.ts';
import { DEFAULT_QUOTA_WARNING_MS, RoomQuotaSchema } from './quota.ts';
import { NamedTimerSchema, TimerSchema } from './timer.ts';

/**
 * What the profanity filter does with a question, an open-text answer or a word-cloud word that
 * has a profane word in it (server/moderation/profanity.ts): nothing ('off'), masks the word
 * ('mask'), or masks it and puts a question in the moderator's queue even without
 * pre-moderation ('hold').
 */
export const PROFANITY_FILTERS = ['off', 'mask', 'hold'] as const;
export const ProfanityFilterSchema = z.enum(PROFANITY_FILTERS);
export type ProfanityFilter = z.infer<typeof ProfanityFilterSchema>;

export const RoomSettingsSchema = z.object({
  defaultTurnMs: z.number().int().min(10_000).max(4 * 3_600_000),
  /** Remaining time at which a turn timer turns amber, then red. */
  warningMs: z.number().int().min(0).max(3_600_000),
  dangerMs: z.number().int().min(0).max(3_600_000),
  /** A point of order's allotted time: short, it is about the conduct of the meeting. */
  pointOfOrderMs: z.number().int().min(10_000).max(3_600_000),
  preModeration: z.boolean(),
  allowAnonymousQuestions: z.boolean(),
  questionMaxLength: z.number().int().min(20).max(500),
  /** Unset in rooms stored before the filter existed: read it through profanityFilterOf. */
  profanityFilter: ProfanityFilterSchema.optional(),
  /** Speaking time per delegation (docs/FLOOR.md); unset means none. Seeded from the agenda. */
  quotas: z.array(RoomQuotaSchema).max(200).optional(),
  /** Remaining quota at which a delegation shows a warning; unset reads as two minutes (quotaWarningOf). */
  quotaWarningMs: z.number().int().min(0).max(3_600_000).optional(),
});
export type RoomSettings = z.infer<typeof RoomSettingsSchema>;

export function quotaWarningOf(settings: Pick<RoomSettings, 'quotaWarningMs'>): number {
  return settings.quotaWarningMs ?? DEFAULT_QUOTA_WARNING_MS;
}

/** A room's filter; rooms stored before the filter existed read as the default. */
export function profanityFilterOf(settings: Pick<RoomSettings, 'profanityFilter'>): ProfanityFilter {
  return settings.profanityFilter ?? 'mask';
}

export const SpeakerMessageSchema = z.object({
  id: IdSchema,
  text: z.string().min(1).max(200),
  sentAtMs: EpochMsSchema,
});
export type SpeakerMessage = z.infer<typeof SpeakerMessageSchema>;

export const PROJECTOR_MODES = ['title', 'poll', 'question', 'top_questions', 'quiz'] as const;
export const ProjectorModeSchema = z.enum(PROJECTOR_MODES);
export const ProjectorSchema = z.object({
  mode: ProjectorModeSchema,
  /** The poll shown in 'poll' mode. */
  pollId: IdSchema.nullable(),
  /** The quiz shown in 'quiz' mode: its current question, its answer, or its leaderboard (Quiz.showing). Absent in states stored before quizzes. */
  quizId: IdSchema.nullable().optional(),
});
export type Projector = z.infer<typeof ProjectorSchema>;

export const RoomTimersSchema = z.object({
  session: TimerSchema,
  turn: TimerSchema,
  named: z.array(NamedTimerSchema),
});
export type RoomTimers = z.infer<typeof RoomTimersSchema>;

/** The revisioned live state of one room. Ballots and upvotes live beside it in the store. */
export const RoomStateSchema = z.object({
  roomId: IdSchema,
  revision: z.number().int().nonnegative(),
  open: z.boolean(),
  settings: RoomSettingsSchema,
  floor: FloorSchema,
  timers: RoomTimersSchema,
  messages: z.array(SpeakerMessageSchema),
  polls: z.array(PollSchema),
  questions: z.array(QuestionSchema),
  /** Absent in states stored before quizzes: read through quizzesOf. */
  quizzes: z.array(QuizSchema).optional(),
  pinnedQuestionId: IdSchema.nullable(),
  projector: ProjectorSchema,
});
export type RoomState = z.infer<typeof RoomStateSchema>;

export const DEFAULT_POINT_OF_ORDER_MS = 2 * 60_000;

/**
 * A room state stored before the speaking-time ledger and the point-of-order setting: it gets an
 * empty ledger, no suspended turn and the default point-of-order time. Turns that ended before
 * stay in `floor.finished` and are reported as they were recorded; nothing is derived backwards.
 */
export function upgradeRoomState(stored: RoomState): RoomState {
  const floor: Partial<RoomState['floor']> = stored.floor;
  const settings: Partial<RoomSettings> = stored.settings;
  if (floor.ledger && floor.suspended !== undefined && settings.pointOfOrderMs !== undefined) return stored;
  return {
    ...stored,
    settings: { ...stored.settings, pointOfOrderMs: settings.pointOfOrderMs ?? DEFAULT_POINT_OF_ORDER_MS },
    floor: { ...stored.floor, suspended: floor.suspended ?? null, ledger: floor.ledger ?? [] },
  };
}
