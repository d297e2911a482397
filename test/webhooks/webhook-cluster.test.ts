import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_ADMIN_TOKEN, eventually, startCluster, type Cluster } from '../support/plenary-cluster.ts';
import { ok, type ClientSocket } from '../support/plenary.ts';
import { SESSION_EVENTS, byRoomOrder, personAt, registerReceiver, runSession, startWebhookReceiver, type Received, type WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * A timeout a loaded test machine's receiver always meets: an answer that comes too late is a
 * failed attempt, and its retry a second delivery, which would be right, but not "healthy".
 */
const FAST = { PLENARY_WEBHOOK_TIMEOUT_MS: '2000', PLENARY_WEBHOOK_RETRY_MIN_MS: '50', PLENARY_WEBHOOK_RETRY_MAX_MS: '200' };
/** Each room run from its own server, so each process commits and kicks, and all three sweep. */
const ROOMS = ['panel-1', 'panel-2', 'panel-3'];

let cluster: Cluster;
let receiver: WebhookReceiver;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  cluster = await startCluster(3, FAST);
  receiver = await startWebhookReceiver();
  await registerReceiver(cluster.nodes[0]!.url, CLUSTER_ADMIN_TOKEN, receiver, [...SESSION_EVENTS, 'room.closed']);
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await receiver?.close();
  await cluster?.stop();
});

const ofRoom = (received: Received[], roomId: string) => received.filter((r) => r.payload.roomId === roomId).map((r) => r.eventId);

/** Every room's attempts never go back in room order, and each room's events arrived, all of them, signed. */
function expectEveryRoomInOrder(expected: string[]): void {
  expect(receiver.attempts.every((attempt) => attempt.signatureValid)).toBe(true);
  for (const roomId of ROOMS) {
    const ids = ofRoom(receiver.attempts, roomId);
    expect([...ids].sort(byRoomOrder)).toEqual(ids);
    const delivered = [...new Set(ofRoom(receiver.delivered, roomId))];
    expect(delivered.map((id) => receiver.delivered.find((r) => r.eventId === id)?.payload.type)).toEqual(expected);
  }
}

describe('webhooks with three processes on Redis', () => {
  it('[WH5] while the receiver is healthy, each event is delivered exactly once, in order per room', async () => {
    await Promise.all(
      ROOMS.map(async (roomId, i) => {
        const url = cluster.nodes[i]!.url;
        const moderator = await personAt(url, CLUSTER_ADMIN_TOKEN, roomId, 'moderator');
        const listener = await personAt(cluster.nodes[(i + 1) % 3]!.url, CLUSTER_ADMIN_TOKEN, roomId, 'audience');
        sockets.push(moderator, listener);
        await runSession(moderator, listener);
      }),
    );
    await eventually(() => expect(receiver.delivered.length).toBeGreaterThanOrEqual(ROOMS.length * SESSION_EVENTS.length), 15_000);
    // Longer than a sweep period: a second delivery by another process would show by now.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const ids = receiver.attempts.map((attempt) => attempt.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(ROOMS.length * SESSION_EVENTS.length);
    expectEveryRoomInOrder(SESSION_EVENTS);
  }, 60_000);

  it('[WH6] while it fails, and the process working a room is killed, every event still arrives at least once, in order', async () => {
    receiver.mode = 'fail';
    const before = receiver.attempts.length;
    for (const [i, roomId] of ROOMS.entries()) {
      const moderator = await personAt(cluster.nodes[i]!.url, CLUSTER_ADMIN_TOKEN, roomId, 'moderator');
      sockets.push(moderator);
      await ok(moderator, 'room.close', {});
    }
    await eventually(() => expect(receiver.attempts.length).toBeGreaterThan(before + 6), 10_000);
    await cluster.nodes[0]!.kill('SIGKILL');
    receiver.mode = 'ok';
    // The killed process's leases run out (2 × timeout + 5 s = 9 s) before another process takes its rooms over.
    await eventually(() => expect(new Set(receiver.delivered.map((r) => r.eventId)).size).toBe(ROOMS.length * (SESSION_EVENTS.length + 1)), 30_000);
    expectEveryRoomInOrder([...SESSION_EVENTS, 'room.closed']);
  }, 90_000);
});
