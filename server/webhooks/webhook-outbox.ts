import { randomUUID } from 'node:crypto';
import type { WebhookPayload } from '../../shared/protocol/webhooks.ts';
import { OutboxLanes } from '../live/outbox-lanes.ts';
import type { Logger } from '../logger.ts';
import type { WebhookDelivery, Store, WebhookEndpoint } from '../store/store.ts';
import type { Metrics } from '../transport/metrics.ts';
import { parseMemo, webhookPayloadsOf } from './webhook-events.ts';
import type { SendWebhook } from './webhook-sender.ts';

/** The outbox's name in the store, per endpoint: each endpoint has its own cursor per room. */
export const webhookOutboxName = (endpointId: string) => `webhook:${endpointId}`;

/** How often every process looks for endpoints whose cursor is behind a room's delta log. */
export const WEBHOOK_SWEEP_MS = 2_000;

const PAGE = 200;

export type WebhookOutboxOptions = {
  send: SendWebhook;
  timeoutMs: number;
  retryMinMs: number;
  retryMaxMs: number;
  now: () => number;
};

/** The wait before attempt `attempts + 1`: doubling from retryMinMs, capped at retryMaxMs. */
export function retryDelayMs(attempts: number, minMs: number, maxMs: number): number {
  return Math.min(maxMs, minMs * 2 ** Math.min(attempts - 1, 30));
}

type Lane = { endpointId: string; roomId: string };
const laneKey = ({ endpointId, roomId }: Lane) => `${endpointId}/${roomId}`;

/**
 * Webhook deliveries, on the outbox machinery the LiveKit calls use (server/media/video-outbox.ts,
 * server/live/outbox-lanes.ts): a cursor in the store per (endpoint, room) over the room's delta log, moved past a delta only
 * once the receiver acknowledged every event of it that the endpoint asked for. So deliveries are
 * in order per room and at least once, survive a restart (the cursor is in the store), and run
 * once with several processes (a lease per lane, renewed before every attempt and while waiting
 * to retry). One endpoint failing holds back only its own lanes.
 */
export class WebhookOutbox {
  readonly owner = randomUUID();
  private readonly lanes: OutboxLanes<Lane>;
  private readonly wakers = new Set<() => void>();
  private stopped = false;
  private readonly stopping = new AbortController();
  private readonly leaseMs: number;
  /** Lanes retrying a delivery here, with when its room event happened: the backlog gauge. */
  private readonly failing = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly options: WebhookOutboxOptions,
  ) {
    // Every attempt starts on a renewed lease that outlives it.
    this.leaseMs = 2 * options.timeoutMs + 5_000;
    this.lanes = new OutboxLanes<Lane>('webhook outbox', logger, WEBHOOK_SWEEP_MS, { keyOf: laneKey, round: (lane) => this.round(lane), behind: (busy) => this.behind(busy) });
  }

  start(): void {
    this.lanes.start();
  }

  /** Stops sweeping, cuts retry waits and attempts short, and waits for the rounds; cursors stay where they are. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    for (const wake of this.wakers) wake();
    await this.lanes.stop();
  }

  /** A room's delta was committed: work its lanes of the endpoints of `eventId`. */
  async kickRoom(eventId: string, roomId: string): Promise<void> {
    for (const endpoint of await this.store.listWebhookEndpoints(eventId)) this.lanes.kick({ endpointId: endpoint.id, roomId });
  }

  private async *behind(busy: (lane: Lane) => boolean): AsyncIterable<Lane> {
    for (const { agenda } of await this.store.listEvents()) {
      for (const endpoint of await this.store.listWebhookEndpoints(agenda.id)) {
        for (const room of agenda.rooms) {
          const lane = { endpointId: endpoint.id, roomId: room.id };
          if (busy(lane)) continue;
          const cursor = await this.store.outboxCursor(webhookOutboxName(endpoint.id), room.id);
          if ((await this.store.deltasSince(room.id, cursor.revision, 1)).length > 0) yield lane;
        }
      }
    }
  }

  /** Carries one lane as far as the receiver allows, if no other process is at it. */
  private async round({ endpointId, roomId }: Lane): Promise<void> {
    const outbox = webhookOutboxName(endpointId);
    const claim = () => this.store.claimOutbox(outbox, roomId, this.owner, this.leaseMs);
    if (!(await claim())) return;
    try {
      while (!this.stopped) {
        // Read afresh each page: an endpoint edited or deleted meanwhile takes effect here.
        const endpoint = await this.store.getWebhookEndpoint(endpointId);
        if (!endpoint) return;
        const cursor = await this.store.outboxCursor(outbox, roomId);
        const deltas = await this.store.deltasSince(roomId, cursor.revision, PAGE);
        if (deltas.length === 0) return;
        const memo = parseMemo(cursor.memo);
        const advance = (revision: number, memoThen: string) => this.store.advanceOutbox(outbox, roomId, this.owner, { revision, memo: memoThen });
        // Deltas with nothing to send move the cursor together, before the next send or at the page's end.
        let skipped: number | null = null;
        for (const delta of deltas) {
          const memoBefore = JSON.stringify(memo);
          const payloads = webhookPayloadsOf(endpoint.eventId, delta, memo);
          // A new endpoint hears what happens from its creation on, not the room's past.
          const wanted = delta.atMs < endpoint.createdAtMs ? [] : payloads.filter((payload) => endpoint.events.includes(payload.type));
          if (wanted.length === 0) {
            skipped = delta.revision;
            continue;
          }
          if (skipped !== null && !(await advance(skipped, memoBefore))) return;
          skipped = null;
          for (const payload of wanted) {
            const delivered = await this.deliver(endpoint, payload, claim).finally(() => this.setBacklog(laneKey({ endpointId, roomId }), null));
            if (!delivered) return;
          }
          if (!(await advance(delta.revision, JSON.stringify(memo)))) return;
        }
        if (skipped !== null && !(await advance(skipped, JSON.stringify(memo)))) return;
      }
    } finally {
      await this.store.releaseOutbox(outbox, roomId, this.owner).catch(() => undefined);
    }
  }

  /** Attempts one delivery until the receiver acknowledges it; false once this process must stop trying (stopped, or the lease lost). */
  private async deliver(endpoint: WebhookEndpoint, payload: WebhookPayload, claim: () => Promise<boolean>): Promise<boolean> {
    const { send, retryMinMs, retryMaxMs, now } = this.options;
    const firstAttemptAtMs = now();
    let attempts = 0;
    for (;;) {
      if (this.stopped || !(await claim())) return false;
      // An organiser who sees an endpoint failing may fix its URL, or delete it: the next attempt follows.
      const current = await this.store.getWebhookEndpoint(endpoint.id);
      if (!current) return false;
      attempts += 1;
      const attemptAtMs = now();
      const outcome = await send(current, payload, attemptAtMs, this.stopping.signal);
      if (this.stopped) return false;
      this.metrics.webhookAttempts.inc({ outcome: outcome.ok ? 'delivered' : outcome.reason });
      const record: WebhookDelivery = {
        id: payload.id,
        roomId: payload.roomId,
        type: payload.type,
        status: outcome.ok ? 'delivered' : 'failing',
        attempts,
        lastStatus: outcome.status,
        lastError: outcome.ok ? null : outcome.error,
        firstAttemptAtMs,
        lastAttemptAtMs: attemptAtMs,
        nextRetryAtMs: null,
      };
      if (outcome.ok) {
        this.metrics.webhookLag.observe(Math.max(0, now() - payload.occurredAtMs) / 1000);
        await this.store.recordWebhookDelivery(endpoint.id, record);
        return true;
      }
      const delayMs = retryDelayMs(attempts, retryMinMs, retryMaxMs);
      this.metrics.webhookRetries.inc();
      this.setBacklog(laneKey({ endpointId: endpoint.id, roomId: payload.roomId }), payload.occurredAtMs);
      await this.store.recordWebhookDelivery(endpoint.id, { ...record, nextRetryAtMs: now() + delayMs });
      this.logger.info({ endpointId: endpoint.id, webhookEventId: payload.id, attempts, error: outcome.error, delayMs }, 'webhook delivery failed; retrying');
      if (!(await this.wait(delayMs, claim))) return false;
    }
  }

  private setBacklog(lane: string, occurredAtMs: number | null): void {
    if (occurredAtMs === null) this.failing.delete(lane);
    else this.failing.set(lane, occurredAtMs);
    const oldest = Math.min(...this.failing.values());
    this.metrics.webhookBacklog.set(this.failing.size === 0 ? 0 : Math.max(0, this.options.now() - oldest) / 1000);
  }

  /** Waits out a retry delay, keeping the lease (so no other process retries early); false when stopped or the lease was lost. */
  private async wait(delayMs: number, claim: () => Promise<boolean>): Promise<boolean> {
    const until = this.options.now() + delayMs;
    for (;;) {
      // Checked before every sleep: a stop while this attempt was being recorded woke nobody.
      if (this.stopped) return false;
      const left = until - this.options.now();
      if (left <= 0) return true;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.wakers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, this.leaseMs / 3));
        this.wakers.add(wake);
      });
      if (this.stopped || !(await claim())) return false;
    }
  }
}
