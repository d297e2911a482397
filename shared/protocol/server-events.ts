import { z } from 'zod';
import { IdSchema } from '../ids.ts';
import { PollResultsSchema } from '../model/poll.ts';
import { SpeakerMessageSchema } from '../model/room.ts';
import { RoomDeltaSchema } from './room-events.ts';
import { PresenceCountsSchema } from './snapshot.ts';

/** Every server→client event. Results, votes and presence are coalesced: at most a few per second per room. */
export const SERVER_EVENTS = {
  'room.delta': RoomDeltaSchema,
  'poll.results': PollResultsSchema.extend({ roomId: IdSchema }),
  'qa.votes': z.object({ roomId: IdSchema, votes: z.record(IdSchema, z.number().int().nonnegative()) }),
  'presence.counts': PresenceCountsSchema,
  /** To the current speaker's own devices, whatever their role: the moderator's standing messages. */
  'speaker.message': z.object({ roomId: IdSchema, messages: z.array(SpeakerMessageSchema) }),
} as const;

export type ServerEventName = keyof typeof SERVER_EVENTS;
export type ServerEventPayload<N extends ServerEventName> = z.infer<(typeof SERVER_EVENTS)[N]>;
