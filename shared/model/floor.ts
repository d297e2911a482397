import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { SpeakerSchema } from './person.ts';

export const REQUEST_KINDS = ['contribution', 'reply', 'point_of_order'] as const;
export const RequestKindSchema = z.enum(REQUEST_KINDS);
export type RequestKind = z.infer<typeof RequestKindSchema>;

export const SpeakerRequestSchema = z.object({
  id: IdSchema,
  speaker: SpeakerSchema,
  kind: RequestKindSchema,
  requestedAtMs: EpochMsSchema,
  /** Overrides the room's default turn length for this speaker. */
  allottedMs: z.number().int().positive().nullable(),
  addedByModerator: z.boolean(),
});
export type SpeakerRequest = z.infer<typeof SpeakerRequestSchema>;

export const TurnSchema = z.object({
  requestId: IdSchema,
  speaker: SpeakerSchema,
  kind: RequestKindSchema,
  allottedMs: z.number().int().positive(),
  startedAtMs: EpochMsSchema,
});
export type Turn = z.infer<typeof TurnSchema>;

export const FinishedTurnSchema = TurnSchema.extend({
  endedAtMs: EpochMsSchema,
  /** Time on the turn timer when the turn ended: pauses are not speaking time. */
  spokenMs: z.number().int().nonnegative(),
});
export type FinishedTurn = z.infer<typeof FinishedTurnSchema>;

export const FloorSchema = z.object({
  listOpen: z.boolean(),
  queue: z.array(SpeakerRequestSchema),
  current: TurnSchema.nullable(),
  finished: z.array(FinishedTurnSchema),
});
export type Floor = z.infer<typeof FloorSchema>;
