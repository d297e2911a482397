import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { FinishedTurnSchema, SpeakerRequestSchema, TurnSchema } from '../model/floor.ts';
import { PollSchema } from '../model/poll.ts';
import { QuestionSchema } from '../model/question.ts';

/**
 * Outgoing webhooks: the organiser registers endpoints that Plenary POSTs room events to,
 * signed with the endpoint's secret (docs/API.md, "Webhooks").
 */

export const WEBHOOK_EVENT_TYPES = [
  'turn.started',
  'turn.ended',
  'point_of_order.raised',
  'poll.opened',
  'poll.closed',
  'poll.revealed',
  'question.approved',
  'question.answered',
  'room.opened',
  'room.closed',
] as const;
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

/** Only http and https: a receiver is a web server, and other schemes (file:, gopher:) reach things they must not. */
export const WebhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol), 'the URL must be an http:// or https:// address');

export const WebhookLabelSchema = z.string().trim().min(1).max(80);

const EventsSchema = z
  .array(WebhookEventTypeSchema)
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((events) => new Set(events).size === events.length, 'event types must differ');

/** POST /api/events/:eventId/webhooks. */
export const CreateWebhookSchema = z.object({ url: WebhookUrlSchema, events: EventsSchema, label: WebhookLabelSchema }).strict();

/** PATCH /api/events/:eventId/webhooks/:webhookId: what is left out stays as it was. */
export const UpdateWebhookSchema = z.object({ url: WebhookUrlSchema.optional(), events: EventsSchema.optional(), label: WebhookLabelSchema.optional() }).strict();

/** 'failing': the last attempt failed and another is due at nextRetryAtMs. */
export const WEBHOOK_DELIVERY_STATUSES = ['delivered', 'failing'] as const;

/** One event occurrence on its way to one endpoint, as the organiser sees it. */
export const WebhookDeliverySchema = z.object({
  /** The Plenary-Event-Id: `<roomId>:<revision>:<index of the event in its delta>`. */
  id: z.string(),
  roomId: IdSchema,
  type: WebhookEventTypeSchema,
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int().nonnegative(),
  /** The receiver's last HTTP status; null when it never answered. */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  firstAttemptAtMs: EpochMsSchema,
  lastAttemptAtMs: EpochMsSchema,
  nextRetryAtMs: EpochMsSchema.nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

/** An endpoint as the organiser lists it: never its secret, which is shown once, when created. */
export const WebhookViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(WebhookEventTypeSchema),
  label: WebhookLabelSchema,
  createdAtMs: EpochMsSchema,
  updatedAtMs: EpochMsSchema,
  /** Newest first. */
  deliveries: z.array(WebhookDeliverySchema),
});
export type WebhookView = z.infer<typeof WebhookViewSchema>;

/** The answer to creating an endpoint: its signing secret, this once. */
export const CreatedWebhookSchema = WebhookViewSchema.extend({ secret: z.string() });

/** What each event type carries in `data`. */
export const WebhookDataSchemas = {
  'turn.started': z.object({ turn: TurnSchema }),
  'turn.ended': z.object({ turn: FinishedTurnSchema }),
  'point_of_order.raised': z.object({ request: SpeakerRequestSchema }),
  'poll.opened': z.object({ poll: PollSchema }),
  'poll.closed': z.object({ poll: PollSchema }),
  'poll.revealed': z.object({ poll: PollSchema }),
  'question.approved': z.object({ question: QuestionSchema }),
  'question.answered': z.object({ question: QuestionSchema }),
  'room.opened': z.object({}),
  'room.closed': z.object({}),
} as const satisfies Record<WebhookEventType, z.ZodType>;

const envelope = <T extends WebhookEventType>(type: T) =>
  z.object({
    id: z.string(),
    type: z.literal(type),
    eventId: IdSchema,
    roomId: IdSchema,
    /** The room revision the event was committed at; with the id, it orders a room's events. */
    revision: z.number().int().positive(),
    occurredAtMs: EpochMsSchema,
    data: WebhookDataSchemas[type],
  });

/** The JSON body of every delivery. */
export const WebhookPayloadSchema = z.discriminatedUnion('type', [
  envelope('turn.started'),
  envelope('turn.ended'),
  envelope('point_of_order.raised'),
  envelope('poll.opened'),
  envelope('poll.closed'),
  envelope('poll.revealed'),
  envelope('question.approved'),
  envelope('question.answered'),
  envelope('room.opened'),
  envelope('room.closed'),
]);
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;
