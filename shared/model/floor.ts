import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { LedgerEntrySchema } from './ledger.ts';
import { SpeakerSchema } from './person.ts';
import { TimerSchema } from './timer.ts';

import { RequestKindSchema } from './request-kind.ts';

export { ASKABLE_REQUEST_KINDS, AskableRequestKindSchema, REQUEST_KINDS, RequestKindSchema, type AskableRequestKind, type RequestKind } from './request-kind.ts';

export const SpeakerRequestSchema = z.object({
  id: IdSchema,
  speaker: SpeakerSchema,
  kind: RequestKindSchema,
  requestedAtMs: EpochMsSchema,
  /** Overrides the room's default turn length for this speaker. */
  allottedMs: z.number().int().positive().nullable(),
  addedByModerator: z.boolean(),
  /** Kind `question` only: the question whose asker the chair invited to speak. */
  questionId: IdSchema.optional(),
});
export type SpeakerRequest = z.infer<typeof SpeakerRequestSchema>;

export const TurnSchema = z.object({
  requestId: IdSchema,
  speaker: SpeakerSchema,
  kind: RequestKindSchema,
  /** The time allotted, with extra time given or taken since; zero when all of it was taken. */
  allottedMs: z.number().int().nonnegative(),
  startedAtMs: EpochMsSchema,
  /** Kind `question` only: the question this turn answers; it is marked answered when the turn ends. */
  questionId: IdSchema.optional(),
});
export type Turn = z.infer<typeof TurnSchema>;

export const FinishedTurnSchema = TurnSchema.extend({
  endedAtMs: EpochMsSchema,
  /** Time on the turn timer when the turn ended: pauses are not speaking time. */
  spokenMs: z.number().int().nonnegative(),
});
export type FinishedTurn = z.infer<typeof FinishedTurnSchema>;

/** A turn a point of order interrupted: its timer stopped as it was, until the chair resumes it. */
export const SuspendedTurnSchema = z.object({
  turn: TurnSchema,
  timer: TimerSchema,
  suspendedAtMs: EpochMsSchema,
});
export type SuspendedTurn = z.infer<typeof SuspendedTurnSchema>;

/**
 * The chair invited a question's asker to speak. It names the question, never the asker: the
 * server finds them by the question (docs/FLOOR.md). Past `expiresAtMs` it is no invitation.
 */
export const QuestionInvitationSchema = z.object({
  questionId: IdSchema,
  invitedAtMs: EpochMsSchema,
  expiresAtMs: EpochMsSchema,
});
export type QuestionInvitation = z.infer<typeof QuestionInvitationSchema>;

/** How long an invited asker has to accept, on the server's clock. */
export const INVITATION_MS = 60_000;

export function pendingInvitation(floor: Pick<Floor, 'invitation'>, nowMs: number): QuestionInvitation | null {
  const invitation = floor.invitation ?? null;
  return invitation && nowMs < invitation.expiresAtMs ? invitation : null;
}

export const FloorSchema = z.object({
  listOpen: z.boolean(),
  queue: z.array(SpeakerRequestSchema),
  current: TurnSchema.nullable(),
  finished: z.array(FinishedTurnSchema),
  /** The turn a point of order interrupted; at most one (interrupts nest one level). */
  suspended: SuspendedTurnSchema.nullable(),
  /** Every change to who speaks (ledger.ts). */
  ledger: z.array(LedgerEntrySchema),
  /** The last invitation to a question's asker; absent in rooms stored before invitations existed. */
  invitation: QuestionInvitationSchema.nullable().optional(),
});
export type Floor = z.infer<typeof FloorSchema>;
