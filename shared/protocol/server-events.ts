import { z } from 'zod';
import { ProtocolErrorSchema } from '../errors.ts';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { StoredAgendaSchema } from '../model/event.ts';
import { HallStateSchema } from '../model/hall.ts';
import { PollResultsSchema } from '../model/poll.ts';
import { QuizBoardSchema } from '../model/quiz.ts';
import { SpeakerMessageSchema } from '../model/room.ts';
import { RoomDeltaSchema } from './room-events.ts';
import { PresenceCountsSchema } from './snapshot.ts';

/** Every server→client event. Results, votes and presence are coalesced: at most a few per second per room. */
export const SERVER_EVENTS = {
  'room.delta': RoomDeltaSchema,
  /** Deltas of one room that followed each other closely, in revision order: apply each as if it came as a `room.delta`. */
  'room.deltas': z.object({ roomId: IdSchema, deltas: z.array(RoomDeltaSchema).min(2) }),
  'poll.results': PollResultsSchema.extend({ roomId: IdSchema }),
  /** How many have answered a poll whose results are not shown yet: to those who may not see its results. */
  'poll.responses': z.object({ roomId: IdSchema, pollId: IdSchema, voters: z.number().int().nonnegative() }),
  /**
   * Upvote counts: every question's when `complete`, else only those that changed since the
   * previous push (0 for none left). Either way counts, never increments.
   */
  'qa.votes': z.object({ roomId: IdSchema, votes: z.record(IdSchema, z.number().int().nonnegative()), complete: z.boolean() }),
  /**
   * A quiz's leaderboard after one of its questions closed, and when it finished: to everyone in
   * the room. A player's own place is not in it: they read it with quiz.leaderboard.
   */
  'quiz.board': QuizBoardSchema.extend({ roomId: IdSchema }),
  'presence.counts': PresenceCountsSchema,
  /** To the current speaker's own devices, whatever their role: the moderator's standing messages. */
  'speaker.message': z.object({ roomId: IdSchema, messages: z.array(SpeakerMessageSchema) }),
  /**
   * To the devices of a question's asker only, named or anonymous: the chair invites them to
   * speak about it until `expiresAtMs` (server time). Answered with qa.acceptInvite or qa.declineInvite.
   */
  'qa.invited': z.object({ roomId: IdSchema, questionId: IdSchema, expiresAtMs: EpochMsSchema }),
  /** Sent just before the server closes the connection itself, saying why and when to come back. */
  'connection.closed': ProtocolErrorSchema,
  /** The event's agenda after an organiser saved it, with the event's revision: to every connection of the event. */
  'agenda.changed': StoredAgendaSchema.extend({ revision: z.number().int().positive() }),
  /** A hall's choice of session changed: to every connection following the hall (hall.follow). */
  'hall.changed': HallStateSchema,
} as const;

export type ServerEventName = keyof typeof SERVER_EVENTS;

/** The counts a follower holds after a `qa.votes` push; like a snapshot's, without zeros. */
export function mergeQuestionVotes(
  held: Readonly<Record<string, number>>,
  push: { votes: Record<string, number>; complete: boolean },
): Record<string, number> {
  const merged = push.complete ? { ...push.votes } : { ...held, ...push.votes };
  for (const [questionId, count] of Object.entries(merged)) if (count === 0) delete merged[questionId];
  return merged;
}
export type ServerEventPayload<N extends ServerEventName> = z.infer<(typeof SERVER_EVENTS)[N]>;
