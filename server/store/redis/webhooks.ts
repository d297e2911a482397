import { KEPT_WEBHOOK_DELIVERIES, type WebhookDelivery, type WebhookEndpoint } from '../store.ts';
import type { RedisCall, RedisWrite } from './connection.ts';
import type { RedisKeys } from './keys.ts';

/**
 * The webhook endpoints and deliveries of the Redis store (its Store methods delegate here),
 * under the `{webhooks}` hash tag. Records are written with their index in one script; the
 * index and the deliveries are only ever read through each other, so a delete or trim cut
 * short by a failure leaves nothing that shows, and the next one finishes it.
 */
export class RedisWebhooks {
  constructor(
    private readonly keys: RedisKeys,
    private readonly call: RedisCall,
    private readonly write: RedisWrite,
  ) {}

  async save(endpoint: WebhookEndpoint): Promise<void> {
    const { keys } = this;
    await this.write((pipeline) =>
      pipeline.plenarySaveIndexed(keys.webhooks(), keys.webhooksOfEvent(endpoint.eventId), endpoint.id, JSON.stringify(endpoint), endpoint.createdAtMs),
    );
  }

  async get(id: string): Promise<WebhookEndpoint | null> {
    const json = await this.call((redis) => redis.hget(this.keys.webhooks(), id));
    return json ? (JSON.parse(json) as WebhookEndpoint) : null;
  }

  async list(eventId: string): Promise<WebhookEndpoint[]> {
    const ids = await this.call((redis) => redis.zrange(this.keys.webhooksOfEvent(eventId), '0', '-1'));
    if (ids.length === 0) return [];
    const records = await this.call((redis) => redis.hmget(this.keys.webhooks(), ...ids));
    return records.flatMap((json) => (json ? [JSON.parse(json) as WebhookEndpoint] : []));
  }

  async delete(id: string): Promise<boolean> {
    const endpoint = await this.get(id);
    if (!endpoint) return false;
    const { keys } = this;
    await this.write((pipeline) =>
      pipeline.hdel(keys.webhooks(), id).zrem(keys.webhooksOfEvent(endpoint.eventId), id).del(keys.webhookDeliveries(id), keys.webhookDeliveryOrder(id)),
    );
    return true;
  }

  async record(endpointId: string, delivery: WebhookDelivery): Promise<void> {
    const { keys } = this;
    const order = keys.webhookDeliveryOrder(endpointId);
    await this.write((pipeline) =>
      pipeline.plenarySaveIndexed(keys.webhookDeliveries(endpointId), order, delivery.id, JSON.stringify(delivery), delivery.firstAttemptAtMs),
    );
    // Trimming is idempotent: a trim lost to a crash is done by the next delivery's.
    const stale = await this.call((redis) => redis.zrevrange(order, KEPT_WEBHOOK_DELIVERIES, -1));
    if (stale.length > 0) await this.write((pipeline) => pipeline.zrem(order, ...stale).hdel(keys.webhookDeliveries(endpointId), ...stale));
  }

  async deliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    const ids = await this.call((redis) => redis.zrevrange(this.keys.webhookDeliveryOrder(endpointId), 0, limit - 1));
    if (ids.length === 0) return [];
    const records = await this.call((redis) => redis.hmget(this.keys.webhookDeliveries(endpointId), ...ids));
    return records.flatMap((json) => (json ? [JSON.parse(json) as WebhookDelivery] : []));
  }
}
