import { z } from 'zod';
import { IdSchema } from '../ids.ts';
import { AttendanceSchema, RoleSchema } from '../roles.ts';

export const DisplayNameSchema = z.string().trim().min(1).max(80);
export const OrganisationSchema = z.string().trim().min(1).max(120);
export const CountrySchema = z.string().trim().min(1).max(60);

/** A speaker as the list of speakers and the reports know them. */
export const SpeakerSchema = z.object({
  personId: IdSchema.nullable(),
  name: DisplayNameSchema,
  organisation: OrganisationSchema.nullable(),
  country: CountrySchema.nullable(),
});
export type Speaker = z.infer<typeof SpeakerSchema>;

export const PersonSchema = z.object({
  id: IdSchema,
  eventId: IdSchema,
  name: DisplayNameSchema,
  organisation: OrganisationSchema.nullable(),
  country: CountrySchema.nullable(),
  role: RoleSchema,
  /** The room the role applies to; null for event-wide roles (organiser, audience, delegates invited to every room). */
  roomId: IdSchema.nullable(),
  /** A display invited for a hall: a display in every session of that hall (roomId is null). */
  hallId: IdSchema.nullable().optional(),
  attendance: AttendanceSchema,
  /** The id of the invite they joined with (never its secret): revoking it closes their sessions. */
  inviteId: z.string().optional(),
  createdAtMs: z.number().int(),
});
export type Person = z.infer<typeof PersonSchema>;

/** Speaking time is reported per delegation: the country when known, else the organisation. */
export function delegationOf(speaker: { organisation: string | null; country: string | null }): string {
  return speaker.country ?? speaker.organisation ?? 'Unaffiliated';
}
