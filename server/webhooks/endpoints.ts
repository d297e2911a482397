import { randomBytes } from 'node:crypto';
import type { WebhookEventType, WebhookView } from '../../shared/protocol/webhooks.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../store/store.ts';

/** A new endpoint with its signing secret ("whsec_…"), which the organiser sees once. */
export function newWebhookEndpoint(eventId: string, fields: { url: string; events: WebhookEventType[]; label: string }, nowMs: number): WebhookEndpoint {
  const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  return { id, eventId, ...fields, secret: `whsec_${randomBytes(32).toString('base64url')}`, createdAtMs: nowMs, updatedAtMs: nowMs };
}

export function webhookView({ id, url, events, label, createdAtMs, updatedAtMs }: WebhookEndpoint, deliveries: WebhookDelivery[]): WebhookView {
  return { id, url, events, label, createdAtMs, updatedAtMs, deliveries };
}
