import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLUSTER_ADMIN_TOKEN, eventually, startNode, type PlenaryNode } from '../support/plenary-cluster.ts';
import { ok, type ClientSocket } from '../support/plenary.ts';
import { SESSION_EVENTS, byRoomOrder, personAt, registerReceiver, runSession, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const ROOM = 'panel-1';
const FAST = { PLENARY_WEBHOOK_TIMEOUT_MS: '300', PLENARY_WEBHOOK_RETRY_MIN_MS: '50', PLENARY_WEBHOOK_RETRY_MAX_MS: '200' };

const nodes: PlenaryNode[] = [];
const sockets: ClientSocket[] = [];
let receiver: WebhookReceiver | null = null;
let dataDir: string | null = null;

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const node of nodes.splice(0)) await node.kill();
  await receiver?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('webhooks across a restart', () => {
  it('[WH4] the server is killed while the receiver fails; another on the same SQLite file delivers every event, in order, none lost', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'plenary-webhooks-'));
    const env = { ...FAST, PLENARY_DATA: join(dataDir, 'plenary.db') };
    const first = await startNode('server A', {}, env);
    nodes.push(first);
    receiver = await startWebhookReceiver();
    receiver.mode = 'fail';
    await registerReceiver(first.url, CLUSTER_ADMIN_TOKEN, receiver, [...SESSION_EVENTS, 'room.closed']);
    const moderator = await personAt(first.url, CLUSTER_ADMIN_TOKEN, ROOM, 'moderator');
    const listener = await personAt(first.url, CLUSTER_ADMIN_TOKEN, ROOM, 'audience');
    sockets.push(moderator, listener);
    await runSession(moderator, listener);
    await eventually(() => expect(receiver!.attempts.length).toBeGreaterThanOrEqual(3));
    await first.kill('SIGKILL');
    expect(receiver.delivered).toEqual([]);

    receiver.mode = 'ok';
    const second = await startNode('server B', {}, env);
    nodes.push(second);
    const chair = await personAt(second.url, CLUSTER_ADMIN_TOKEN, ROOM, 'moderator');
    sockets.push(chair);
    await ok(chair, 'room.close', {});

    const expected = [...SESSION_EVENTS, 'room.closed'];
    await eventually(() => expect(new Set(receiver!.delivered.map((received) => received.eventId)).size).toBe(expected.length), 10_000);
    expect(receiver.attempts.every((attempt) => attempt.signatureValid)).toBe(true);
    const ids = receiver.attempts.map((attempt) => attempt.eventId);
    expect([...ids].sort(byRoomOrder)).toEqual(ids);
    const delivered = [...new Set(receiver.delivered.map((received) => received.eventId))];
    expect(delivered.map((id) => receiver!.delivered.find((received) => received.eventId === id)?.payload.type)).toEqual(expected);
  }, 60_000);
});
