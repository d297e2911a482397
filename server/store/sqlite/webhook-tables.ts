import type Database from 'better-sqlite3';
import { KEPT_WEBHOOK_DELIVERIES, type WebhookDelivery, type WebhookEndpoint } from '../store.ts';
import type { GroupCommitter } from './group-commit.ts';

/** The webhook endpoints and deliveries of the SQLite store (its Store methods delegate here). */
export class WebhookTables {
  readonly #upsert;
  readonly #select;
  readonly #selectOfEvent;
  readonly #delete;
  readonly #deleteDeliveries;
  readonly #upsertDelivery;
  readonly #trimDeliveries;
  readonly #selectDeliveries;

  constructor(
    db: Database.Database,
    private readonly committer: GroupCommitter,
  ) {
    this.#upsert = db.prepare<[string, string, number, string]>(
      `INSERT INTO webhook_endpoints (id, event_id, created_at_ms, endpoint) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET endpoint = excluded.endpoint`,
    );
    this.#select = db.prepare<[string], { endpoint: string }>(`SELECT endpoint FROM webhook_endpoints WHERE id = ?`);
    this.#selectOfEvent = db.prepare<[string], { endpoint: string }>(`SELECT endpoint FROM webhook_endpoints WHERE event_id = ? ORDER BY created_at_ms, id`);
    this.#delete = db.prepare<[string]>(`DELETE FROM webhook_endpoints WHERE id = ?`);
    this.#deleteDeliveries = db.prepare<[string]>(`DELETE FROM webhook_deliveries WHERE endpoint_id = ?`);
    this.#upsertDelivery = db.prepare<[string, string, number, string]>(
      `INSERT INTO webhook_deliveries (endpoint_id, id, first_at_ms, delivery) VALUES (?, ?, ?, ?)
       ON CONFLICT (endpoint_id, id) DO UPDATE SET first_at_ms = excluded.first_at_ms, delivery = excluded.delivery`,
    );
    this.#trimDeliveries = db.prepare<[string, string, number]>(
      `DELETE FROM webhook_deliveries WHERE endpoint_id = ? AND id NOT IN (
         SELECT id FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY first_at_ms DESC, id DESC LIMIT ?)`,
    );
    this.#selectDeliveries = db.prepare<[string, number], { delivery: string }>(
      `SELECT delivery FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY first_at_ms DESC, id DESC LIMIT ?`,
    );
  }

  save(endpoint: WebhookEndpoint): Promise<void> {
    return this.committer.run(() => {
      this.#upsert.run(endpoint.id, endpoint.eventId, endpoint.createdAtMs, JSON.stringify(endpoint));
    });
  }

  async get(id: string): Promise<WebhookEndpoint | null> {
    const row = this.#select.get(id);
    return row ? (JSON.parse(row.endpoint) as WebhookEndpoint) : null;
  }

  async list(eventId: string): Promise<WebhookEndpoint[]> {
    return this.#selectOfEvent.all(eventId).map((row) => JSON.parse(row.endpoint) as WebhookEndpoint);
  }

  delete(id: string): Promise<boolean> {
    return this.committer.run(() => {
      this.#deleteDeliveries.run(id);
      return this.#delete.run(id).changes > 0;
    });
  }

  record(endpointId: string, delivery: WebhookDelivery): Promise<void> {
    return this.committer.run(() => {
      this.#upsertDelivery.run(endpointId, delivery.id, delivery.firstAttemptAtMs, JSON.stringify(delivery));
      this.#trimDeliveries.run(endpointId, endpointId, KEPT_WEBHOOK_DELIVERIES);
    });
  }

  async deliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    return this.#selectDeliveries.all(endpointId, limit).map((row) => JSON.parse(row.delivery) as WebhookDelivery);
  }
}
