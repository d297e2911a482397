import type { Socket as NetSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ok, send, startPlenary, type ClientSocket } from '../support/plenary.ts';
import { ROOM_ID } from '../support/room-fixture.ts';

/**
 * A screen that stops reading while the room goes on: the server must not queue for it for
 * ever. The reader here is a real client whose TCP socket is paused, so the kernel's buffers
 * fill and then the server's; a healthy screen in the same room must keep everything.
 */

const SEND_QUEUE_BYTES = 65_536;
/** Enough to fill a loopback connection's kernel buffers (a few MB) and the bound many times over. */
const MAX_PRODUCED_BYTES = 24 * 1_024 * 1_024;

/** The TCP socket under a Node socket.io-client's WebSocket transport. */
function tcpOf(socket: ClientSocket): NetSocket {
  const transport = socket.io.engine.transport as unknown as { ws?: { _socket?: NetSocket } };
  const tcp = transport.ws?._socket;
  if (!tcp) throw new Error('not a WebSocket transport');
  return tcp;
}

/** A draft poll's update as big as the schema allows: about 3 KB to every chair and stage screen. */
function bigUpdate(pollId: string, round: number) {
  const options = Array.from({ length: 20 }, (_, i) => `${round}-${i} ${'option text '.repeat(9)}`.slice(0, 120));
  return { pollId, question: `Round ${round}: ${'which of these matters most? '.repeat(10)}`.slice(0, 300), spec: { kind: 'multiple' as const, options, maxChoices: 3 } };
}

describe('a client that stops reading', () => {
  it('[SR1] is dropped once more than PLENARY_SEND_QUEUE_BYTES waits for it; a healthy screen in the room misses nothing', async () => {
    // The moderator produces deltas as fast as the room commits them, past the usual budget of messages.
    const plenary = await startPlenary({ PLENARY_SEND_QUEUE_BYTES: String(SEND_QUEUE_BYTES), PLENARY_MESSAGES_PER_SECOND: '100000' });
    const display = await plenary.inviteFor('display', ROOM_ID);
    const moderator = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM_ID), name: 'Moderator Maria' });
    const stalled = await plenary.person({ invite: display, name: 'Stalled projector' });
    const healthy = await plenary.person({ invite: display, name: 'Stage display' });
    for (const screen of [moderator, stalled, healthy]) await ok(screen.socket, 'room.join', { roomId: ROOM_ID });
    const { pollId } = await ok(moderator.socket, 'poll.create', { question: 'Which matters most?', spec: { kind: 'single', options: ['Merit', 'Integrity'] } });

    let healthyRevision = 0;
    healthy.socket.on('room.delta', (delta) => (healthyRevision = delta.revision));
    const stalledId = stalled.socket.id ?? '';
    tcpOf(stalled.socket).pause();

    let produced = 0;
    let revision = 0;
    for (let round = 0; produced < MAX_PRODUCED_BYTES && plenary.io.of('/').sockets.has(stalledId); round += 50) {
      const updates = Array.from({ length: 50 }, (_, i) => bigUpdate(pollId, round + i));
      const answers = await Promise.all(updates.map((update) => send(moderator.socket, 'poll.update', update)));
      for (const answer of answers) if (answer.ok) revision = Math.max(revision, answer.revision);
      produced += updates.reduce((bytes, update) => bytes + JSON.stringify(update).length, 0);
    }

    expect(plenary.io.of('/').sockets.has(stalledId), `still connected after ${produced} bytes of deltas`).toBe(false);
    const metrics = await (await fetch(`${plenary.url}/metrics`)).text();
    expect(metrics).toMatch(/plenary_dropped_connections_total\{reason="slow_reader"\} 1/);
    // The healthy screen is served to the last revision, and the room goes on.
    await expect.poll(() => healthyRevision, { timeout: 5_000 }).toBe(revision);
    expect(healthy.socket.connected).toBe(true);

    // When the stalled client reads again, it finds its connection closed, and would reconnect and resynchronise.
    const closed = new Promise<string>((resolve) => stalled.socket.once('disconnect', (reason) => resolve(reason)));
    tcpOf(stalled.socket).resume();
    expect(await closed).toMatch(/transport (close|error)/);
  });
});
