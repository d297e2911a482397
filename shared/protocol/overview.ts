import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { RoomSnapshotSchema } from './snapshot.ts';

/**
 * A parent room's chair over its child rooms (roundtables under the main moderator's session).
 * The commands run in the parent room; each fan-out runs one room command in every child.
 */

/** Every child room as its chair sees it now; `room.delta`, `presence.counts` and `poll.results` pushes with its roomId follow. */
export const OverviewSchema = z.object({ children: z.array(RoomSnapshotSchema) });
export type Overview = z.infer<typeof OverviewSchema>;

export const OverviewMessageSchema = z.object({ text: z.string().trim().min(1).max(200) }).strict();

export const OverviewCountdownSchema = z
  .object({ label: z.string().trim().min(1).max(60), seconds: z.number().int().min(10).max(4 * 3_600) })
  .strict();

/** What one child room committed: its message or timer, at its revision. */
const ChildCommitSchema = z.object({ roomId: IdSchema, revision: z.number().int().positive() });

export const OverviewMessageResultSchema = z.object({ rooms: z.array(ChildCommitSchema.extend({ messageId: IdSchema })) });
export const OverviewCountdownResultSchema = z.object({
  /** The one server instant every child's timer started at. */
  startedAtMs: EpochMsSchema,
  rooms: z.array(ChildCommitSchema.extend({ timerId: IdSchema })),
});
