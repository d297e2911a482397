import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { RequestKindSchema } from '../model/floor.ts';
import { ProjectorModeSchema } from '../model/room.ts';
import { TIMER_PHASES } from '../model/timer.ts';

/**
 * The control API: an AV desk (Bitfocus Companion with a Stream Deck, or any script) drives a
 * room over plain HTTP with a control key the organiser created for that room.
 */

export const ControlKeyLabelSchema = z.string().trim().min(1).max(80);

/**
 * POST /api/events/:eventId/control-keys: a key for one room, or for a hall (it then drives
 * whichever session the hall holds, and follows the hall from one session to the next).
 */
export const CreateControlKeySchema = z
  .object({ roomId: IdSchema.nullable().default(null), hallId: IdSchema.nullable().default(null), label: ControlKeyLabelSchema })
  .strict()
  .refine((key) => (key.roomId === null) !== (key.hallId === null), { message: 'a control key is for one room or one hall: give roomId or hallId', path: ['roomId'] });

/** A control key as the organiser lists it: never its secret, which is shown once, when created. */
export const ControlKeyViewSchema = z.object({
  id: z.string(),
  roomId: IdSchema.nullable(),
  hallId: IdSchema.nullable(),
  label: ControlKeyLabelSchema,
  createdAtMs: EpochMsSchema,
  revokedAtMs: EpochMsSchema.nullable(),
});
export type ControlKeyView = z.infer<typeof ControlKeyViewSchema>;

/** The answer to creating a key: the key itself, this once. */
export const CreatedControlKeySchema = ControlKeyViewSchema.extend({ key: z.string() });

const Empty = z.object({}).strict();

/** POST /api/control/<action>: each action and the body it takes (JSON; an empty body is {}). */
export const CONTROL_ACTIONS = {
  /** Gives the floor to the first on the list (ending the current turn). */
  next: Empty,
  'end-turn': Empty,
  /** The current turn's timer. */
  pause: Empty,
  resume: Empty,
  'add-minute': Empty,
  'take-minute': Empty,
  /** A message on the stage display ("2 minutes left"). */
  message: z.object({ text: z.string().trim().min(1).max(200) }).strict(),
  /** Takes a message off the stage display: the one named, else the latest. */
  'clear-message': z.object({ messageId: IdSchema.optional() }).strict(),
  /** What the projector shows; `pollId` with mode poll (default: the open poll, else the last closed one). */
  show: z.object({ mode: ProjectorModeSchema, pollId: IdSchema.optional() }).strict(),
  /** Opens a poll: the one named, else the first draft. */
  'open-poll': z.object({ pollId: IdSchema.optional() }).strict(),
  /** Closes a poll: the one named, else the open one. */
  'close-poll': z.object({ pollId: IdSchema.optional() }).strict(),
} as const;
export type ControlAction = keyof typeof CONTROL_ACTIONS;
export const CONTROL_ACTION_NAMES = Object.keys(CONTROL_ACTIONS) as ControlAction[];

/**
 * The answer to a control action: the console command it ran and that command's own result
 * (the fields vary by command, as on the socket).
 */
export const ControlActionResultSchema = z.object({ ok: z.literal(true), command: z.string(), roomId: IdSchema }).loose();

const SpeakerLine = z.object({ name: z.string(), organisation: z.string().nullable(), country: z.string().nullable(), kind: RequestKindSchema });

/** GET /api/control/status: what a button shows as feedback. */
export const ControlStatusSchema = z.object({
  /** The session the key drives now: its own, or its hall's current one. */
  roomId: IdSchema,
  hallId: IdSchema.nullable(),
  title: z.string(),
  open: z.boolean(),
  revision: z.number().int().nonnegative(),
  speaker: SpeakerLine.nullable(),
  /** Whole seconds left on the turn timer; negative in overtime; null with nobody speaking. */
  remainingSec: z.number().int().nullable(),
  /** "9:42", "+0:18" in overtime: the remaining time as the stage display writes it. */
  remainingText: z.string().nullable(),
  timer: z.enum(['idle', 'running', 'paused']),
  phase: z.enum(TIMER_PHASES),
  /** The stage display's colour for the phase, for a button's background. */
  colour: z.string().regex(/^#[0-9a-f]{6}$/),
  next: SpeakerLine.nullable(),
  waiting: z.number().int().nonnegative(),
  openPoll: z.object({ id: IdSchema, question: z.string() }).nullable(),
  messages: z.number().int().nonnegative(),
  projector: ProjectorModeSchema,
});
export type ControlStatus = z.infer<typeof ControlStatusSchema>;
