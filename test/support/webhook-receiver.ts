import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookPayload } from '../../shared/protocol/webhooks.ts';
import { ok, type ClientSocket } from './plenary.ts';
import { connectTo, joinAt } from './plenary-cluster.ts';

/** The verification docs/API.md shows receivers, as they would write it: nothing of Plenary's code. */
export function verifyPlenaryWebhook(secret: string, rawBody: string, header: string, nowS = Math.floor(Date.now() / 1000)): boolean {
  const { t, v1 } = Object.fromEntries(header.split(',').map((part) => part.split('='))) as { t?: string; v1?: string };
  if (!t || !v1 || Math.abs(nowS - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type ReceiverMode = 'ok' | 'fail' | 'hang';

export type Received = { eventId: string; payload: WebhookPayload; signatureValid: boolean; answered: ReceiverMode };

/**
 * A webhook receiver on a free port that answers 204 ('ok'), 500 ('fail') or never ('hang').
 * `attempts` is every request; `delivered` those it acknowledged, in arrival order.
 */
export type WebhookReceiver = {
  url: string;
  mode: ReceiverMode;
  secret: string;
  readonly attempts: Received[];
  readonly delivered: Received[];
  close(): Promise<void>;
};

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: '', mode: 'ok', secret: '', attempts: [], delivered: [], close: async () => undefined };
  const hanging = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const received: Received = {
        eventId: String(req.headers['plenary-event-id']),
        payload: JSON.parse(raw) as WebhookPayload,
        signatureValid: verifyPlenaryWebhook(receiver.secret, raw, String(req.headers['plenary-signature'] ?? '')),
        answered: receiver.mode,
      };
      receiver.attempts.push(received);
      if (receiver.mode === 'hang') return void hanging.add(res);
      if (receiver.mode === 'fail') return void res.writeHead(500).end('receiver down');
      receiver.delivered.push(received);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/plenary`;
  receiver.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}

/** Registers the receiver for every event type at `baseUrl` and keeps its secret. */
export async function registerReceiver(baseUrl: string, adminToken: string, receiver: WebhookReceiver, events: string[]): Promise<string> {
  const response = await fetch(`${baseUrl}/api/events/acsh-2023/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiver.url, events, label: 'Captions desk' }),
  });
  if (response.status !== 201) throw new Error(`webhook registration failed: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as { id: string; secret: string };
  receiver.secret = created.secret;
  return created.id;
}

/** Someone's socket in `roomId` at `baseUrl`: the room's moderator, or a listener joined by the audience code. */
export async function personAt(baseUrl: string, adminToken: string, roomId: string, role: 'moderator' | 'audience'): Promise<ClientSocket> {
  let request: { invite: string; name: string } | { code: string; name: string } = { code: 'ACSH23', name: 'Listener' };
  if (role === 'moderator') {
    const invites = (await (await fetch(`${baseUrl}/api/events/acsh-2023/invites`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as Array<{ role: string; roomId: string | null; url: string }>;
    request = { invite: invites.find((i) => i.role === 'moderator' && i.roomId === roomId)!.url.split('/join/')[1]!, name: 'Chair' };
  }
  const { token } = await joinAt(baseUrl, request);
  const socket = await connectTo(baseUrl, token);
  await ok(socket, 'room.join', { roomId });
  return socket;
}

/** The webhook events runSession leads to, in order (room.closed only when it closes the room). */
export const SESSION_EVENTS = ['room.opened', 'point_of_order.raised', 'turn.started', 'turn.ended', 'poll.opened', 'poll.closed', 'poll.revealed', 'question.approved', 'question.answered'];

/** A session's worth of webhook-worthy events: every type once, room.closed only with `close`. */
export async function runSession(moderator: ClientSocket, listener: ClientSocket, close = false): Promise<void> {
  await ok(moderator, 'room.open', {});
  await ok(moderator, 'floor.add', { speaker: { name: 'Aminath Sheeza' }, kind: 'point_of_order' });
  await ok(moderator, 'floor.call', {});
  await ok(moderator, 'floor.endTurn', {});
  const { pollId } = await ok(moderator, 'poll.create', { question: 'Is meritocracy measurable?', spec: { kind: 'single', options: ['Yes', 'No'] } });
  await ok(moderator, 'poll.open', { pollId });
  await ok(moderator, 'poll.close', { pollId });
  await ok(moderator, 'poll.reveal', { pollId });
  const { question } = await ok(listener, 'qa.ask', { text: 'How do you measure merit?' });
  if (question.status === 'pending') await ok(moderator, 'qa.approve', { questionId: question.id });
  await ok(moderator, 'qa.answer', { questionId: question.id });
  if (close) await ok(moderator, 'room.close', {});
}

/** Event ids in the order a room's deltas have them: revision, then index. */
export function byRoomOrder(a: string, b: string): number {
  const [, revA = '0', indexA = '0'] = a.split(':');
  const [, revB = '0', indexB = '0'] = b.split(':');
  return Number(revA) - Number(revB) || Number(indexA) - Number(indexB);
}
