import { z } from 'zod';
import { IdSchema } from '../../../shared/ids.ts';
import { CreatedWebhookSchema, CreateWebhookSchema, UpdateWebhookSchema, WebhookDeliverySchema, WebhookViewSchema } from '../../../shared/protocol/webhooks.ts';
import { body, json, type Operation } from './operation.ts';

const ids = { eventId: IdSchema, webhookId: z.string() };

const delivery = {
  id: 'panel-1:12:0',
  roomId: 'panel-1',
  type: 'turn.started' as const,
  status: 'failing' as const,
  attempts: 3,
  lastStatus: 500,
  lastError: 'the receiver answered 500',
  firstAttemptAtMs: 1699502700000,
  lastAttemptAtMs: 1699502707000,
  nextRetryAtMs: 1699502715000,
};
const endpoint = {
  id: 'wh_K3v9Qz1Lm7Tx',
  url: 'https://captions.example.org/plenary',
  events: ['turn.started' as const, 'turn.ended' as const],
  label: 'Live captions',
  createdAtMs: 1699502400000,
  updatedAtMs: 1699502400000,
  deliveries: [delivery],
};
const create = { url: endpoint.url, events: endpoint.events, label: endpoint.label };

/** Outgoing webhooks: the organiser's endpoints and what was delivered to them (docs/API.md, "Webhooks"). */
export const WEBHOOK_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/events/{eventId}/webhooks',
    tag: 'Webhooks',
    summary: 'The event’s webhook endpoints, each with its latest deliveries (never its secret)',
    auth: 'admin',
    params: { eventId: IdSchema },
    responses: { 200: body('The endpoints.', json('WebhookList', z.array(WebhookViewSchema), [endpoint])) },
    errors: ['not_found', 'unavailable'],
  },
  {
    method: 'post',
    path: '/api/events/{eventId}/webhooks',
    tag: 'Webhooks',
    summary: 'Register an endpoint: its URL (http or https), the event types it wants and a label; the signing secret is answered once',
    auth: 'admin',
    params: { eventId: IdSchema },
    request: body('The endpoint.', json('CreateWebhook', CreateWebhookSchema, create)),
    responses: { 201: body('Registered.', json('CreatedWebhook', CreatedWebhookSchema, { ...endpoint, deliveries: [], secret: 'whsec_6fJq2…' })) },
    errors: ['invalid_input', 'not_found', 'unavailable'],
  },
  {
    method: 'get',
    path: '/api/events/{eventId}/webhooks/{webhookId}/deliveries',
    tag: 'Webhooks',
    summary: 'An endpoint’s recent deliveries, newest first (at most 50)',
    auth: 'admin',
    params: ids,
    query: z.object({ limit: z.coerce.number().int().min(1).max(50).optional() }),
    responses: { 200: body('The deliveries.', json('WebhookDeliveries', z.array(WebhookDeliverySchema), [delivery])) },
    errors: ['not_found', 'unavailable'],
  },
  {
    method: 'patch',
    path: '/api/events/{eventId}/webhooks/{webhookId}',
    tag: 'Webhooks',
    summary: 'Change an endpoint’s URL, event types or label; a delivery being retried takes the new URL at its next attempt',
    auth: 'admin',
    params: ids,
    request: body('The fields to change.', json('UpdateWebhook', UpdateWebhookSchema, { url: 'https://captions.example.org/plenary/v2' })),
    responses: { 200: body('The endpoint.', json('WebhookView', WebhookViewSchema, endpoint)) },
    errors: ['invalid_input', 'not_found', 'unavailable'],
  },
  {
    method: 'delete',
    path: '/api/events/{eventId}/webhooks/{webhookId}',
    tag: 'Webhooks',
    summary: 'Delete an endpoint: nothing more is delivered to it',
    auth: 'admin',
    params: ids,
    responses: { 200: body('The endpoint as it was, with its latest deliveries.', json('WebhookView', WebhookViewSchema, endpoint)) },
    errors: ['not_found', 'unavailable'],
  },
];
