import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { FinishedTurnSchema, QuestionInvitationSchema, SpeakerRequestSchema, SuspendedTurnSchema, TurnSchema } from '../model/floor.ts';
import { LedgerEntrySchema } from '../model/ledger.ts';
import { SpeakerSchema } from '../model/person.ts';
import { PollSchema } from '../model/poll.ts';
import { QuestionSchema } from '../model/question.ts';
import { QuizSchema } from '../model/quiz.ts';
import { ProjectorSchema, RoomSettingsSchema, SpeakerMessageSchema } from '../model/room.ts';
import { NamedTimerSchema, TimerSchema } from '../model/timer.ts';

/**
 * What happened in a room. The domain decides these; the shared reducer applies them, on the
 * server to keep state and on clients to follow deltas, so both compute the same state.
 * Events carry whole objects (the new timer, the edited question) so applying is trivial.
 */
export const RoomEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('room.opened') }),
  z.object({ type: z.literal('room.closed') }),
  z.object({ type: z.literal('room.configured'), settings: RoomSettingsSchema }),

  z.object({ type: z.literal('floor.requested'), request: SpeakerRequestSchema }),
  z.object({ type: z.literal('floor.withdrawn'), requestId: IdSchema }),
  z.object({ type: z.literal('floor.removed'), requestId: IdSchema }),
  z.object({ type: z.literal('floor.reordered'), order: z.array(IdSchema) }),
  z.object({ type: z.literal('floor.allotted'), requestId: IdSchema, allottedMs: z.number().int().positive().nullable() }),
  z.object({ type: z.literal('floor.listClosed') }),
  z.object({ type: z.literal('floor.listReopened') }),
  z.object({ type: z.literal('floor.turnStarted'), turn: TurnSchema }),
  z.object({ type: z.literal('floor.turnEnded'), finished: FinishedTurnSchema }),
  z.object({ type: z.literal('floor.extended'), allottedMs: z.number().int().nonnegative() }),
  /** A point of order interrupts the current turn: it leaves the floor with its timer stopped as it was. */
  z.object({ type: z.literal('floor.turnSuspended'), suspended: SuspendedTurnSchema }),
  /** The interrupted turn has the floor again, with the time it had left. */
  z.object({ type: z.literal('floor.turnResumed'), turn: TurnSchema }),
  /** One entry appended to the speaking-time ledger. */
  z.object({ type: z.literal('floor.logged'), entry: LedgerEntrySchema }),
  /** The chair invited a question's asker to speak (the invitation names the question only). */
  z.object({ type: z.literal('floor.invited'), invitation: QuestionInvitationSchema }),
  /** The asker accepted (their request is on the list in the same delta) or declined. */
  z.object({ type: z.literal('floor.inviteEnded'), questionId: IdSchema, accepted: z.boolean() }),
  /** Programme speakers on the list, and turns they had, now belong to the person who joined as them. */
  z.object({ type: z.literal('floor.bound'), requestIds: z.array(IdSchema), speaker: SpeakerSchema }),

  z.object({ type: z.literal('timer.set'), timerId: IdSchema, timer: TimerSchema }),
  z.object({ type: z.literal('timer.created'), timer: NamedTimerSchema }),
  z.object({ type: z.literal('timer.deleted'), timerId: IdSchema }),

  z.object({ type: z.literal('message.sent'), message: SpeakerMessageSchema }),
  z.object({ type: z.literal('message.dismissed'), messageId: IdSchema }),

  z.object({ type: z.literal('poll.saved'), poll: PollSchema }),
  z.object({ type: z.literal('poll.deleted'), pollId: IdSchema }),

  /** A quiz created or moved on; its questions' polls change by poll.saved in the same delta. */
  z.object({ type: z.literal('quiz.saved'), quiz: QuizSchema }),
  z.object({ type: z.literal('quiz.deleted'), quizId: IdSchema }),

  z.object({ type: z.literal('question.saved'), question: QuestionSchema }),
  /** Sent to people who may no longer see a question (it was dismissed). */
  z.object({ type: z.literal('question.removed'), questionId: IdSchema }),
  z.object({ type: z.literal('question.pinned'), questionId: IdSchema.nullable() }),

  z.object({ type: z.literal('projector.changed'), projector: ProjectorSchema }),

  /** Stands in, for people who may not see it, for an event only staff may see, so revisions stay gapless. */
  z.object({ type: z.literal('hidden') }),
]);
export type RoomEvent = z.infer<typeof RoomEventSchema>;
export type RoomEventType = RoomEvent['type'];

/** One committed command: the events it produced and the revision they lead to. */
export const RoomDeltaSchema = z.object({
  roomId: IdSchema,
  revision: z.number().int().positive(),
  atMs: EpochMsSchema,
  events: z.array(RoomEventSchema),
});
export type RoomDelta = z.infer<typeof RoomDeltaSchema>;
