import { z } from 'zod';
import { IdSchema } from '../ids.ts';
import { AudienceCodeSchema } from '../model/event.ts';
import { CountrySchema, DisplayNameSchema, OrganisationSchema, PersonSchema } from '../model/person.ts';
import { AttendanceSchema, RoleSchema } from '../roles.ts';

const Profile = {
  name: DisplayNameSchema,
  organisation: OrganisationSchema.optional(),
  country: CountrySchema.optional(),
  attendance: AttendanceSchema.default('remote'),
};

/** POST /api/join: one credential (audience code, invite secret or admin token) plus a profile. */
export const JoinRequestSchema = z.union([
  z.object({ code: AudienceCodeSchema, ...Profile }).strict(),
  z.object({ invite: z.string().min(8).max(128), ...Profile }).strict(),
  z.object({ adminToken: z.string().min(1).max(256), eventId: IdSchema, ...Profile }).strict(),
]);
export type JoinRequest = z.input<typeof JoinRequestSchema>;

export const JoinResponseSchema = z.object({ token: z.string(), person: PersonSchema });
export type JoinResponse = z.infer<typeof JoinResponseSchema>;

export const InviteViewSchema = z.object({
  role: RoleSchema,
  roomId: IdSchema.nullable(),
  url: z.string(),
});

export const CreateInviteSchema = z.object({ role: RoleSchema.exclude(['organiser', 'audience']), roomId: IdSchema.nullable().default(null) }).strict();
