import { describe, expect, it } from 'vitest';
import { KEPT_WEBHOOK_DELIVERIES, type Store, type WebhookDelivery, type WebhookEndpoint } from '../../server/store/store.ts';
import { T0 } from './fixtures.ts';

function endpoint(id: string, fields: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return { id, eventId: 'astana-2023', url: 'https://captions.example/hook', events: ['turn.started'], label: 'Captions', secret: `whsec_${id}`, createdAtMs: T0, updatedAtMs: T0, ...fields };
}

function delivery(id: string, fields: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return { id, roomId: 'panel-1', type: 'turn.started', status: 'delivered', attempts: 1, lastStatus: null, lastError: null, firstAttemptAtMs: T0, lastAttemptAtMs: T0, nextRetryAtMs: null, ...fields };
}

/** The webhooks part of the Store contract; `store` is the contract's fresh store of the test. */
export function describeWebhooks(store: () => Store): void {
  describe('webhook endpoints', () => {
    it('[ST50] an endpoint is found by its id and listed with its event only, oldest first; saving again replaces it', async () => {
      const first = endpoint('wh0000000001');
      const second = endpoint('wh0000000002', { createdAtMs: T0 + 1, events: ['poll.opened', 'poll.closed'] });
      const elsewhere = endpoint('wh0000000003', { eventId: 'ny-workshop' });
      await Promise.all([store().saveWebhookEndpoint(second), store().saveWebhookEndpoint(first), store().saveWebhookEndpoint(elsewhere)]);
      expect(await store().getWebhookEndpoint('wh0000000001')).toEqual(first);
      expect(await store().getWebhookEndpoint('nohook000000')).toBeNull();
      expect(await store().listWebhookEndpoints('astana-2023')).toEqual([first, second]);
      expect(await store().listWebhookEndpoints('no-such-event')).toEqual([]);

      const edited = { ...first, url: 'http://10.0.0.5:8080/in', label: 'Lower thirds', updatedAtMs: T0 + 9 };
      await store().saveWebhookEndpoint(edited);
      expect(await store().listWebhookEndpoints('astana-2023')).toEqual([edited, second]);
    });

    it('[ST51] deleting an endpoint deletes its deliveries; deleting it again finds nothing', async () => {
      await store().saveWebhookEndpoint(endpoint('wh0000000001'));
      await store().recordWebhookDelivery('wh0000000001', delivery('panel-1:1:0'));
      expect(await store().deleteWebhookEndpoint('wh0000000001')).toBe(true);
      expect(await store().deleteWebhookEndpoint('wh0000000001')).toBe(false);
      expect(await store().getWebhookEndpoint('wh0000000001')).toBeNull();
      expect(await store().listWebhookEndpoints('astana-2023')).toEqual([]);
      expect(await store().listWebhookDeliveries('wh0000000001', 10)).toEqual([]);
    });

    it('[ST52] a delivery record is replaced by its id, listed newest first per endpoint, and only the newest are kept', async () => {
      await store().recordWebhookDelivery('wh0000000001', delivery('panel-1:1:0'));
      await store().recordWebhookDelivery('wh0000000002', delivery('panel-1:1:0', { roomId: 'panel-1' }));
      const retried = delivery('panel-1:1:0', { status: 'failing', attempts: 2, lastStatus: 500, lastError: 'HTTP 500', lastAttemptAtMs: T0 + 1000, nextRetryAtMs: T0 + 3000 });
      await store().recordWebhookDelivery('wh0000000001', retried);
      const later = delivery('panel-1:2:0', { firstAttemptAtMs: T0 + 5000, lastAttemptAtMs: T0 + 5000 });
      await store().recordWebhookDelivery('wh0000000001', later);
      expect(await store().listWebhookDeliveries('wh0000000001', 10)).toEqual([later, retried]);
      expect(await store().listWebhookDeliveries('wh0000000001', 1)).toEqual([later]);

      for (let i = 0; i < KEPT_WEBHOOK_DELIVERIES + 3; i++) {
        await store().recordWebhookDelivery('wh0000000003', delivery(`panel-1:${100 + i}:0`, { firstAttemptAtMs: T0 + i }));
      }
      const kept = await store().listWebhookDeliveries('wh0000000003', 1000);
      expect(kept).toHaveLength(KEPT_WEBHOOK_DELIVERIES);
      expect(kept[0]?.id).toBe(`panel-1:${100 + KEPT_WEBHOOK_DELIVERIES + 2}:0`);
      expect(kept.at(-1)?.id).toBe('panel-1:103:0');
    });
  });
}
