import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { RoleSchema } from '../roles.ts';
import { PollQuizSchema } from './quiz.ts';

export const POLL_KINDS = ['single', 'multiple', 'rating', 'word_cloud', 'open_text', 'ranking'] as const;
export const PollKindSchema = z.enum(POLL_KINDS);
export type PollKind = z.infer<typeof PollKindSchema>;

const OptionLabelSchema = z.string().trim().min(1).max(120);
const optionLabels = (min: number, max: number) =>
  z.array(OptionLabelSchema).min(min).max(max).refine((labels) => new Set(labels).size === labels.length, 'options must differ');

/** What a moderator writes: options are plain labels, the server numbers them. */
export const PollSpecInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('single'), options: optionLabels(2, 20) }).strict(),
  z.object({ kind: z.literal('multiple'), options: optionLabels(2, 20), maxChoices: z.number().int().min(1).max(20) }).strict()
    .refine((s) => s.maxChoices <= s.options.length, 'maxChoices cannot exceed the number of options'),
  z.object({
    kind: z.literal('rating'),
    min: z.number().int().min(0).max(1),
    max: z.number().int().min(2).max(10),
    minLabel: z.string().trim().max(40).optional(),
    maxLabel: z.string().trim().max(40).optional(),
  }).strict(),
  z.object({ kind: z.literal('word_cloud'), maxWords: z.number().int().min(1).max(5) }).strict(),
  z.object({ kind: z.literal('open_text'), maxLength: z.number().int().min(10).max(500) }).strict(),
  z.object({ kind: z.literal('ranking'), options: optionLabels(2, 10) }).strict(),
]);
export type PollSpecInput = z.infer<typeof PollSpecInputSchema>;

export const PollOptionSchema = z.object({ id: IdSchema, label: OptionLabelSchema });
export type PollOption = z.infer<typeof PollOptionSchema>;

export const PollSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('single'), options: z.array(PollOptionSchema) }),
  z.object({ kind: z.literal('multiple'), options: z.array(PollOptionSchema), maxChoices: z.number().int().positive() }),
  z.object({
    kind: z.literal('rating'),
    min: z.number().int(),
    max: z.number().int(),
    minLabel: z.string().optional(),
    maxLabel: z.string().optional(),
  }),
  z.object({ kind: z.literal('word_cloud'), maxWords: z.number().int().positive() }),
  z.object({ kind: z.literal('open_text'), maxLength: z.number().int().positive() }),
  z.object({ kind: z.literal('ranking'), options: z.array(PollOptionSchema) }),
]);
export type PollSpec = z.infer<typeof PollSpecSchema>;

export const RESULTS_VISIBILITY = ['live', 'after_close', 'on_reveal'] as const;
export const ResultsVisibilitySchema = z.enum(RESULTS_VISIBILITY);
export type ResultsVisibility = z.infer<typeof ResultsVisibilitySchema>;

/** Who may be made eligible: the roles that may vote at all (see COMMAND_ROLES['poll.vote']). */
export const VoterRoleSchema = RoleSchema.extract(['participant', 'audience']);

export const PollSettingsSchema = z.object({
  resultsVisibility: ResultsVisibilitySchema.default('live'),
  anonymous: z.boolean().default(false),
  allowChange: z.boolean().default(true),
  /** Roles whose members may vote; by default the delegates and the audience. */
  eligibleRoles: z.array(VoterRoleSchema).min(1).max(2).default(['participant', 'audience']),
});
export type PollSettings = z.infer<typeof PollSettingsSchema>;

/** A change to some settings: no defaults, so what was not sent stays as it was. */
export const PollSettingsPatchSchema = z.object({
  resultsVisibility: ResultsVisibilitySchema.optional(),
  anonymous: z.boolean().optional(),
  allowChange: z.boolean().optional(),
  eligibleRoles: z.array(VoterRoleSchema).min(1).max(2).optional(),
});

export const POLL_STATUSES = ['draft', 'open', 'closed'] as const;
export const PollStatusSchema = z.enum(POLL_STATUSES);
export type PollStatus = z.infer<typeof PollStatusSchema>;

export const PollSchema = z.object({
  id: IdSchema,
  question: z.string().min(1).max(300),
  spec: PollSpecSchema,
  settings: PollSettingsSchema,
  status: PollStatusSchema,
  revealed: z.boolean(),
  createdAtMs: EpochMsSchema,
  openedAtMs: EpochMsSchema.nullable(),
  closedAtMs: EpochMsSchema.nullable(),
  /**
   * A timed poll's end on the server clock (openedAtMs + its duration); null: closed by hand only.
   * Defaults keep room states stored before timed polls readable.
   */
  closesAtMs: EpochMsSchema.nullable().default(null),
  /** Whether the close at closesAtMs also reveals the results. */
  revealOnClose: z.boolean().default(false),
  /** Ids of the words ("w:…") and open-text answers ("a:…") the chair hid from the audience: hashes, never the text. Absent: none. */
  hiddenItems: z.array(z.string()).optional(),
  /** Set when the poll is a question of a quiz (shared/model/quiz.ts). */
  quiz: PollQuizSchema.optional(),
});
export type Poll = z.infer<typeof PollSchema>;

/**
 * When a poll closes by itself, or null. Stores hand back room states as written, without the
 * schema's defaults, so a poll saved before timed polls existed has no closesAtMs at all.
 */
export function closesAtOf(poll: Pick<Poll, 'closesAtMs'>): number | null {
  return poll.closesAtMs ?? null;
}

/** A timed poll runs at least this long and at most a day. */
export const POLL_DURATION_SEC = { min: 5, max: 86_400 } as const;

/**
 * Whether the audience may ever have seen results of this poll: they were revealed, or its
 * visibility showed them while it was open ('live') or once it closed ('after_close', and it
 * is closed). Only a poll whose results nobody outside the chair saw may be reopened: ballots
 * cast after seeing results would not mean what the others do.
 */
export function resultsWereShown(poll: Poll): boolean {
  if (poll.revealed) return true;
  switch (poll.settings.resultsVisibility) {
    case 'live':
      return poll.status !== 'draft';
    case 'after_close':
      return poll.status === 'closed';
    case 'on_reveal':
      return false;
  }
}

/** A word's or an answer's id, as the chair's results list them in `moderation`. */
export const HiddenItemKeySchema = z.string().regex(/^[wa]:[A-Za-z0-9_-]{1,32}$/, 'a word id (w:…) or an answer id (a:…)');

const WordSchema = z.string().trim().min(1).max(40);

export const BallotSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('single'), optionId: IdSchema }).strict(),
  z.object({ kind: z.literal('multiple'), optionIds: z.array(IdSchema).min(1).max(20) }).strict(),
  z.object({ kind: z.literal('rating'), value: z.number().int().min(0).max(10) }).strict(),
  z.object({ kind: z.literal('word_cloud'), words: z.array(WordSchema).min(1).max(5) }).strict(),
  z.object({ kind: z.literal('open_text'), text: z.string().trim().min(1).max(500) }).strict(),
  z.object({ kind: z.literal('ranking'), optionIds: z.array(IdSchema).min(2).max(10) }).strict(),
]);
export type Ballot = z.infer<typeof BallotSchema>;

/** One row of a result chart: an option, a scale value or a word, with its count or ranking points. */
export const ResultRowSchema = z.object({ key: z.string(), label: z.string(), value: z.number() });

export const PollResultsSchema = z.object({
  pollId: IdSchema,
  kind: PollKindSchema,
  voters: z.number().int().nonnegative(),
  rows: z.array(ResultRowSchema),
  /** Rating polls: the mean score; null otherwise or with no votes. */
  mean: z.number().nullable(),
  /** Open-text polls: the most recent answers, newest first, without those the chair hid. */
  answers: z.array(z.string()),
  /**
   * Only for the chair: every word (or recent answer) with its key and whether it is hidden,
   * hidden ones included, so the chair can hide or show each. Never sent to anyone else.
   */
  moderation: z.array(z.object({ key: z.string(), label: z.string(), value: z.number(), hidden: z.boolean() })).optional(),
});
export type PollResults = z.infer<typeof PollResultsSchema>;

/** Additive counters one ballot adds to its poll's tally, e.g. { "o2": 1 } or { "w:merit": 1 }. */
export type Contributions = Record<string, number>;
export type PollTally = { voters: number; counters: Contributions };
