import type { WebhookPayload } from '../../shared/protocol/webhooks.ts';
import type { WebhookEndpoint } from '../store/store.ts';
import { signatureHeader } from './signature.ts';

/** How one attempt went: delivered (a 2xx), or why not. */
export type AttemptOutcome =
  | { ok: true; status: number }
  | { ok: false; reason: 'http_error'; status: number; error: string }
  | { ok: false; reason: 'timeout' | 'unreachable'; status: null; error: string };

/** `stop` aborts the attempt when the process stops: the cursor stays, and the next process sends it again. */
export type SendWebhook = (endpoint: WebhookEndpoint, payload: WebhookPayload, nowMs: number, stop: AbortSignal) => Promise<AttemptOutcome>;

/**
 * POSTs one payload, signed afresh at each attempt (the timestamp is the attempt's). Redirects
 * are not followed: a receiver answers where it was registered, or the attempt failed.
 */
export function webhookSender(timeoutMs: number): SendWebhook {
  return async (endpoint, payload, nowMs, stop) => {
    const body = JSON.stringify(payload);
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Plenary-Webhooks/1',
          'plenary-event-id': payload.id,
          'plenary-event-type': payload.type,
          'plenary-signature': signatureHeader(endpoint.secret, Math.floor(nowMs / 1000), body),
        },
        body,
      });
      // The body is not read: only the status counts, and an unread body would hold the socket.
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      return { ok: false, reason: 'http_error', status: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      if (stop.aborted) return { ok: false, reason: 'unreachable', status: null, error: 'Plenary stopped during the attempt' };
      if (error instanceof DOMException && error.name === 'TimeoutError') return { ok: false, reason: 'timeout', status: null, error: `no answer within ${timeoutMs} ms` };
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      return { ok: false, reason: 'unreachable', status: null, error: cause };
    }
  };
}
