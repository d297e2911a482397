import express, { json } from 'express';
import { CreateWebhookSchema, UpdateWebhookSchema } from '../../shared/protocol/webhooks.ts';
import type { Runtime } from '../runtime.ts';
import type { WebhookEndpoint } from '../store/store.ts';
import { newWebhookEndpoint, webhookView } from '../webhooks/endpoints.ts';
import { requireAdmin } from './admin-auth.ts';
import { describeZodError, sendError } from './http-errors.ts';

/** Deliveries shown with each endpoint in the list; the deliveries route pages further. */
const LISTED_DELIVERIES = 10;

/** The organiser's webhook endpoints: register, list with recent deliveries, edit, delete. */
export function webhookRoutes(runtime: Runtime): express.Router {
  const router = express.Router();
  const base = '/api/events/:eventId/webhooks';
  router.use(base, requireAdmin(runtime.adminToken));
  const view = async (endpoint: WebhookEndpoint, limit = LISTED_DELIVERIES) => webhookView(endpoint, await runtime.store.listWebhookDeliveries(endpoint.id, limit));

  router.get(base, async (req, res) => {
    if (!(await runtime.events.agenda(req.params.eventId))) return sendError(res, 'not_found', 'No such event.');
    const endpoints = await runtime.store.listWebhookEndpoints(req.params.eventId);
    res.json(await Promise.all(endpoints.map((endpoint) => view(endpoint))));
  });

  router.post(base, json({ limit: '8kb' }), async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    if (!agenda) return sendError(res, 'not_found', 'No such event.');
    const parsed = CreateWebhookSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'invalid_input', describeZodError(parsed.error));
    const endpoint = newWebhookEndpoint(agenda.id, parsed.data, runtime.now());
    await runtime.store.saveWebhookEndpoint(endpoint);
    runtime.logger.info({ eventId: agenda.id, webhookId: endpoint.id, events: endpoint.events }, 'webhook endpoint created');
    res.status(201).json({ ...webhookView(endpoint, []), secret: endpoint.secret });
  });

  /** The endpoint the path names, if it is this event's; answers not_found otherwise. */
  async function endpointOf(eventId: string, webhookId: string, res: express.Response): Promise<WebhookEndpoint | null> {
    const endpoint = await runtime.store.getWebhookEndpoint(webhookId);
    if (endpoint && endpoint.eventId === eventId) return endpoint;
    sendError(res, 'not_found', 'This event has no webhook endpoint with that id.');
    return null;
  }

  router.get(`${base}/:webhookId/deliveries`, async (req, res) => {
    const endpoint = await endpointOf(req.params.eventId, req.params.webhookId, res);
    if (!endpoint) return;
    const limit = Math.min(50, Math.max(1, Number.parseInt(String(req.query.limit ?? '50'), 10) || 50));
    res.json(await runtime.store.listWebhookDeliveries(endpoint.id, limit));
  });

  router.patch(`${base}/:webhookId`, json({ limit: '8kb' }), async (req, res) => {
    const parsed = UpdateWebhookSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'invalid_input', describeZodError(parsed.error));
    const endpoint = await endpointOf(req.params.eventId, req.params.webhookId, res);
    if (!endpoint) return;
    const updated: WebhookEndpoint = { ...endpoint, ...parsed.data, updatedAtMs: runtime.now() };
    await runtime.store.saveWebhookEndpoint(updated);
    runtime.logger.info({ eventId: endpoint.eventId, webhookId: endpoint.id }, 'webhook endpoint updated');
    res.json(await view(updated));
  });

  router.delete(`${base}/:webhookId`, async (req, res) => {
    const endpoint = await endpointOf(req.params.eventId, req.params.webhookId, res);
    if (!endpoint) return;
    const deleted = await view(endpoint);
    await runtime.store.deleteWebhookEndpoint(endpoint.id);
    runtime.logger.info({ eventId: endpoint.eventId, webhookId: endpoint.id }, 'webhook endpoint deleted');
    res.json(deleted);
  });

  return router;
}
