import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { AgendaRoomSchema } from '../model/event.ts';
import { BallotSchema, PollResultsSchema } from '../model/poll.ts';
import { RoomStateSchema, SpeakerMessageSchema } from '../model/room.ts';
import { AttendanceSchema, RoleSchema } from '../roles.ts';

export const PresenceCountsSchema = z.object({
  roomId: IdSchema,
  /** People, not connections: several tabs of one person count once. */
  total: z.number().int().nonnegative(),
  byRole: z.record(RoleSchema, z.number().int().nonnegative()),
  byAttendance: z.record(AttendanceSchema, z.number().int().nonnegative()),
});
export type PresenceCounts = z.infer<typeof PresenceCountsSchema>;

export const PresentPersonSchema = z.object({
  personId: IdSchema,
  name: z.string(),
  role: RoleSchema,
  organisation: z.string().nullable(),
  country: z.string().nullable(),
  attendance: AttendanceSchema,
  connections: z.number().int().positive(),
});
export type PresentPerson = z.infer<typeof PresentPersonSchema>;

export const YouSchema = z.object({
  personId: IdSchema,
  name: z.string(),
  role: RoleSchema,
  organisation: z.string().nullable(),
  country: z.string().nullable(),
});
export type You = z.infer<typeof YouSchema>;

/** Everything a client needs to render a room, as this person may see it, at one revision. */
export const RoomSnapshotSchema = z.object({
  eventId: IdSchema,
  eventTitle: z.string(),
  audienceCode: z.string(),
  room: AgendaRoomSchema,
  state: RoomStateSchema,
  /** Upvotes per visible question. */
  votes: z.record(IdSchema, z.number().int().nonnegative()),
  myUpvotes: z.array(IdSchema),
  /** Questions this person asked that they may see, anonymous ones included (the public cannot tell whose those are). */
  myQuestions: z.array(IdSchema),
  /** Results of the polls whose results this person may see now. */
  results: z.array(PollResultsSchema),
  /** How many have answered each launched poll whose results this person may not see yet, by poll id. */
  responses: z.record(IdSchema, z.number().int().nonnegative()),
  myBallots: z.record(IdSchema, BallotSchema),
  /** The moderator's standing messages, when this person holds the floor; kept fresh by speaker.message. */
  speakerMessages: z.array(SpeakerMessageSchema),
  presence: PresenceCountsSchema,
  you: YouSchema,
  serverNowMs: EpochMsSchema,
});
export type RoomSnapshot = z.infer<typeof RoomSnapshotSchema>;
