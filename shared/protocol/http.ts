import { z } from 'zod';
import { IdSchema } from '../ids.ts';
import { ProtocolErrorSchema } from '../errors.ts';
import { AudienceCodeSchema, StoredAgendaSchema, type Agenda } from '../model/event.ts';
import { HallSchema, HallStateSchema } from '../model/hall.ts';
import { CountrySchema, DisplayNameSchema, OrganisationSchema, PersonSchema } from '../model/person.ts';
import { AttendanceSchema, RoleSchema } from '../roles.ts';

const InviteSecretSchema = z.string().min(8).max(128);

const Profile = {
  name: DisplayNameSchema,
  organisation: OrganisationSchema.optional(),
  country: CountrySchema.optional(),
  attendance: AttendanceSchema.default('remote'),
};

/**
 * POST /api/join: one credential (audience code, invite secret or admin token) plus a profile.
 * With an invite the name may be left out: a display invite needs none (the server names the
 * screen), any other role is refused without one.
 */
export const JoinRequestSchema = z.union([
  z.object({ code: AudienceCodeSchema, ...Profile }).strict(),
  z.object({ invite: InviteSecretSchema, ...Profile, name: DisplayNameSchema.optional() }).strict(),
  z.object({ adminToken: z.string().min(1).max(256), eventId: IdSchema, ...Profile }).strict(),
]);
export type JoinRequest = z.input<typeof JoinRequestSchema>;

export const JoinResponseSchema = z.object({ token: z.string(), person: PersonSchema });
export type JoinResponse = z.infer<typeof JoinResponseSchema>;

export const InviteLabelSchema = z.string().trim().min(1).max(80);

/** An invite as the organiser API shows it: `id` names it in the API, `url` is the link to hand out. */
export const InviteViewSchema = z.object({
  id: z.string(),
  role: RoleSchema,
  roomId: IdSchema.nullable(),
  /** A display invite for a hall: its screens follow the hall's sessions. */
  hallId: IdSchema.nullable(),
  label: InviteLabelSchema.nullable(),
  url: z.string(),
  /** Set once revoked: the link lets no one join and its sessions were closed. */
  revokedAtMs: z.number().int().nullable(),
});
export type InviteView = z.infer<typeof InviteViewSchema>;

export const CreateInviteSchema = z
  .object({
    role: RoleSchema.exclude(['organiser', 'audience']),
    roomId: IdSchema.nullable().default(null),
    /** Only for a display: the hall whose screens it opens. */
    hallId: IdSchema.nullable().default(null),
    label: InviteLabelSchema.nullable().default(null),
  })
  .strict();

/** GET /api/public/invites/:secret: what an invite link joins as, so the join page knows whether it needs a form. */
export const InviteGrantSchema = z.object({ eventId: IdSchema, role: RoleSchema, roomId: IdSchema.nullable(), hallId: IdSchema.nullable() });
export type InviteGrant = z.infer<typeof InviteGrantSchema>;

/**
 * GET /api/public/events/…: the agenda, and the address people use (PUBLIC_URL), from which
 * every link a page shows is built, whatever host the page itself was opened on.
 */
export type PublicAgenda = Agenda & { publicUrl: string };
export const PublicAgendaSchema = StoredAgendaSchema.extend({ publicUrl: z.string() });

/** Every refusal over HTTP: the socket acknowledgement's error, under `error`. */
export const ErrorEnvelopeSchema = z.object({ error: ProtocolErrorSchema });

/** GET /api/events/:eventId/people: a page of the event's people (X-Total-Count says how many there are). */
export const PeoplePageSchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
});

/** GET /healthz: the process runs. */
export const LivenessSchema = z.object({ status: z.literal('ok') });

/** GET /readyz: whether the store (and, scaled out, Redis) answers; 503 with the reason when not. */
export const ReadinessSchema = z.union([
  z.object({ status: z.literal('ready'), store: z.enum(['sqlite', 'redis']) }),
  z.object({ status: z.literal('not_ready'), store: z.enum(['sqlite', 'redis']), reason: z.string() }),
]);

/** POST /api/livekit/webhook: acknowledged; `applied` says whether it changed who is on video (false for a replay). */
export const WebhookAckSchema = z.object({ ok: z.literal(true), applied: z.boolean() });

/**
 * GET /api/public/events/:eventId/halls/:hallId: a hall, the session its screens show, and where
 * its QR code and join code take a phone now (liveRoomOfHall); null once the hall's day is over.
 */
export const HallViewSchema = z.object({
  hall: HallSchema,
  state: HallStateSchema,
  currentOpen: z.boolean(),
  liveRoomId: IdSchema.nullable(),
});
export type HallView = z.infer<typeof HallViewSchema>;

/**
 * The agenda's public iCalendar feeds (RFC 5545), which calendar apps subscribe to. The server
 * builds its routes from these with `:param` placeholders, the client its links with real ids.
 */
export const calendarFeedPaths = {
  event: (eventId: string) => `/api/public/events/${eventId}/calendar.ics`,
  hall: (eventId: string, hallId: string) => `/api/public/events/${eventId}/halls/${hallId}/calendar.ics`,
  room: (eventId: string, roomId: string) => `/api/public/events/${eventId}/rooms/${roomId}/calendar.ics`,
};
