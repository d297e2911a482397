import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/plenary-cluster.ts';
import { startPlenary, type TestServer } from '../support/plenary.ts';
import { SESSION_EVENTS, byRoomOrder, personAt, registerReceiver, runSession, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const ROOM = 'panel-1';
/** Short enough for a test to see a timeout and several retries. */
const FAST = { PLENARY_WEBHOOK_TIMEOUT_MS: '300', PLENARY_WEBHOOK_RETRY_MIN_MS: '50', PLENARY_WEBHOOK_RETRY_MAX_MS: '200' };

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver();
  receivers.push(started);
  return started;
}

function post(plenary: TestServer, body: unknown) {
  return plenary.admin('/api/events/acsh-2023/webhooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Asserts what a receiver must see: each id acknowledged, attempts never going back in room order, every signature valid. */
function expectInOrderAtLeastOnce(hooks: WebhookReceiver, types: string[]): void {
  expect(hooks.attempts.every((attempt) => attempt.signatureValid)).toBe(true);
  const ids = hooks.attempts.map((attempt) => attempt.eventId);
  expect([...ids].sort(byRoomOrder)).toEqual(ids);
  const delivered = [...new Set(hooks.delivered.map((received) => received.eventId))];
  expect(delivered).toEqual([...delivered].sort(byRoomOrder));
  expect(delivered.map((id) => hooks.delivered.find((received) => received.eventId === id)?.payload.type)).toEqual(types);
}

describe('outgoing webhooks', () => {
  it('[WH1] a URL that is not http(s), or an unknown event type, is refused with invalid_input naming the field; nothing is stored', async () => {
    const plenary = await startPlenary();
    const cases = [
      [{ url: 'ftp://captions.example/in', events: ['turn.started'], label: 'Captions' }, 'url'],
      [{ url: 'javascript:alert(1)', events: ['turn.started'], label: 'Captions' }, 'url'],
      [{ url: 'not a url', events: ['turn.started'], label: 'Captions' }, 'url'],
      [{ url: 'https://captions.example/in', events: ['turn.started', 'floor.exploded'], label: 'Captions' }, 'events'],
      [{ url: 'https://captions.example/in', events: [], label: 'Captions' }, 'events'],
    ] as const;
    for (const [body, field] of cases) {
      const refused = await post(plenary, body);
      expect(refused.status).toBe(400);
      const { error } = (await refused.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_input');
      expect(error.message).toContain(field);
    }
    expect(await (await plenary.admin('/api/events/acsh-2023/webhooks')).json()).toEqual([]);
    expect((await fetch(`${plenary.url}/api/events/acsh-2023/webhooks`)).status).toBe(401);

    const created = await post(plenary, { url: 'https://captions.example/in', events: ['turn.started'], label: 'Captions' });
    expect(created.status).toBe(201);
    const { id, secret } = (await created.json()) as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const patch = (body: unknown) => plenary.admin(`/api/events/acsh-2023/webhooks/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await patch({ url: 'file:///etc/passwd' })).status).toBe(400);
    expect((await patch({ events: ['turn.ended', 'room.closed'], label: 'Lower thirds' })).status).toBe(200);
    const listed = await (await plenary.admin('/api/events/acsh-2023/webhooks')).text();
    expect(JSON.parse(listed)).toMatchObject([{ id, url: 'https://captions.example/in', events: ['turn.ended', 'room.closed'], label: 'Lower thirds', deliveries: [] }]);
    expect(listed).not.toContain(secret);
    expect((await plenary.admin(`/api/events/acsh-2023/webhooks/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect(await (await plenary.admin('/api/events/acsh-2023/webhooks')).json()).toEqual([]);
  });

  it('[WH2] a receiver that fails, then hangs, then recovers gets every event at least once, in room order, signed; the organiser sees the failures; /metrics counts them', async () => {
    const plenary = await startPlenary(FAST);
    const hooks = await receiver();
    hooks.mode = 'fail';
    const webhookId = await registerReceiver(plenary.url, plenary.runtime.adminToken, hooks, [...SESSION_EVENTS, 'room.closed']);
    const moderator = await personAt(plenary.url, plenary.runtime.adminToken, ROOM, 'moderator');
    const listener = await personAt(plenary.url, plenary.runtime.adminToken, ROOM, 'audience');
    await runSession(moderator, listener, true);

    await eventually(() => expect(hooks.attempts.length).toBeGreaterThanOrEqual(3));
    const deliveries = async () => (await (await plenary.admin(`/api/events/acsh-2023/webhooks/${webhookId}/deliveries`)).json()) as Array<Record<string, unknown>>;
    await eventually(async () => expect((await deliveries())[0]).toMatchObject({ type: 'room.opened', status: 'failing', lastStatus: 500, lastError: 'HTTP 500' }));
    expect(((await deliveries())[0]?.attempts as number) >= 2).toBe(true);
    expect((await deliveries())[0]?.nextRetryAtMs).toEqual(expect.any(Number));

    await eventually(async () => expect(await (await fetch(`${plenary.url}/metrics`)).text()).toMatch(/plenary_webhook_backlog_seconds 0\.[0-9]*[1-9]|plenary_webhook_backlog_seconds [1-9]/));

    hooks.mode = 'hang';
    const before = hooks.attempts.length;
    await eventually(() => expect(hooks.attempts.length).toBeGreaterThan(before + 1), 5_000);
    await eventually(async () => expect((await deliveries())[0]).toMatchObject({ status: 'failing', lastStatus: null, lastError: 'no answer within 300 ms' }));
    expect(hooks.delivered).toEqual([]);

    hooks.mode = 'ok';
    await eventually(() => expect(new Set(hooks.delivered.map((received) => received.eventId)).size).toBe(SESSION_EVENTS.length + 1), 10_000);
    expectInOrderAtLeastOnce(hooks, [...SESSION_EVENTS, 'room.closed']);
    const first = hooks.delivered[0]!.payload;
    expect(first).toMatchObject({ type: 'room.opened', eventId: 'acsh-2023', roomId: ROOM, data: {} });
    expect(first.id).toBe(`${ROOM}:${first.revision}:0`);
    await eventually(async () => expect((await deliveries()).every((delivery) => delivery.status === 'delivered')).toBe(true));

    const metrics = await (await fetch(`${plenary.url}/metrics`)).text();
    expect(metrics).toMatch(/plenary_webhook_deliveries_total\{outcome="http_error"\} [1-9]/);
    expect(metrics).toMatch(/plenary_webhook_deliveries_total\{outcome="timeout"\} [1-9]/);
    expect(metrics).toMatch(/plenary_webhook_deliveries_total\{outcome="delivered"\} [1-9]/);
    expect(metrics).toMatch(/plenary_webhook_retries_total [1-9]/);
    expect(metrics).toMatch(/plenary_webhook_lag_seconds_count [1-9]/);
    expect(metrics).toMatch(/plenary_webhook_backlog_seconds 0\n/);
  }, 30_000);

  it('[WH3] a hanging endpoint holds back only itself; an endpoint hears only its chosen types, from its creation on', async () => {
    // A timeout the healthy receiver always meets, so that what it gets is exactly once.
    const plenary = await startPlenary({ ...FAST, PLENARY_WEBHOOK_TIMEOUT_MS: '2000' });
    const moderator = await personAt(plenary.url, plenary.runtime.adminToken, ROOM, 'moderator');
    await moderator.emitWithAck('room.open', {});
    const stuck = await receiver();
    stuck.mode = 'hang';
    await registerReceiver(plenary.url, plenary.runtime.adminToken, stuck, ['turn.started', 'turn.ended']);
    const healthy = await receiver();
    await registerReceiver(plenary.url, plenary.runtime.adminToken, healthy, ['room.opened', 'turn.started', 'turn.ended', 'room.closed']);
    await moderator.emitWithAck('floor.add', { speaker: { name: 'Aminath Sheeza' } });
    await moderator.emitWithAck('floor.call', {});
    await moderator.emitWithAck('floor.endTurn', {});
    await moderator.emitWithAck('room.close', {});
    await eventually(() => expect(healthy.delivered.map((received) => received.payload.type)).toEqual(['turn.started', 'turn.ended', 'room.closed']), 5_000);
    expect(stuck.attempts.length).toBeGreaterThan(0);
    expect(new Set(stuck.attempts.map((attempt) => attempt.payload.type))).toEqual(new Set(['turn.started']));
  }, 20_000);

  it('[WH7] an endpoint failing at a dead URL follows the organiser: a fixed URL gets the event next; a deleted endpoint stops being tried', async () => {
    const plenary = await startPlenary(FAST);
    const dead = await receiver();
    dead.mode = 'fail';
    const webhookId = await registerReceiver(plenary.url, plenary.runtime.adminToken, dead, ['room.opened']);
    const moderator = await personAt(plenary.url, plenary.runtime.adminToken, ROOM, 'moderator');
    await moderator.emitWithAck('room.open', {});
    await eventually(() => expect(dead.attempts.length).toBeGreaterThanOrEqual(2));
    const fixed = await receiver();
    fixed.secret = dead.secret;
    const patched = await plenary.admin(`/api/events/acsh-2023/webhooks/${webhookId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: fixed.url }) });
    expect(patched.status).toBe(200);
    await eventually(() => expect(fixed.delivered.map((received) => received.payload.type)).toEqual(['room.opened']));
    expect(fixed.delivered[0]!.signatureValid).toBe(true);

    fixed.mode = 'fail';
    await moderator.emitWithAck('room.close', {});
    await moderator.emitWithAck('room.open', {});
    await eventually(() => expect(fixed.attempts.length).toBeGreaterThanOrEqual(3));
    expect((await plenary.admin(`/api/events/acsh-2023/webhooks/${webhookId}`, { method: 'DELETE' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const tried = fixed.attempts.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(fixed.attempts.length).toBe(tried);
  }, 20_000);
});
