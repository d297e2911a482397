import { beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../client/src/lib/connection-state.ts';
import { PlenaryClient } from '../../client/src/transport/plenary-client.ts';
import type { ProtocolError } from '../../shared/errors.ts';
import { FLOOD_BAR_SECONDS } from '../../server/transport/rate-limits.ts';
import { emitUnchecked, ok, send, sendUnchecked, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';
import { castOf, factsSeenBy, joinAll, plausiblePayload, ROOM_ID, seedRoom, type Cast, type SeededIds } from '../support/room-fixture.ts';

/**
 * The limits of server/transport/rate-limits.ts, each reached on purpose: every category's
 * budget, the overall budget that counts every inbound message whatever it turns out to be,
 * the connection that keeps sending past its refusals, and binary attachments.
 */

/** The default overall budget (PLENARY_MESSAGES_PER_SECOND). */
const MESSAGES_PER_SECOND = 60;

let plenary: TestServer;
let cast: Cast;
let ids: SeededIds;

beforeAll(async () => {
  plenary = await startPlenary({}, { lifetime: 'file' });
  cast = await castOf(plenary);
  await joinAll(cast);
  ids = await seedRoom(cast);
});

async function newcomer(name: string, invite?: string): Promise<ClientSocket> {
  const { socket } = await plenary.person(invite ? { invite, name } : { code: 'ACSH23', name });
  await ok(socket, 'room.join', { roomId: ROOM_ID });
  return socket;
}

const codeOf = (answer: unknown) => (answer as { ok: boolean; error?: ProtocolError }).error?.code ?? 'ok';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `count` of one command back to back and returns the codes of their answers, in order. */
async function burst(socket: ClientSocket, name: string, payloadOf: (i: number) => unknown, count: number): Promise<string[]> {
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => sendUnchecked(socket, name, payloadOf(i))));
  return answers.map(codeOf);
}

describe('each category has its own budget per person', () => {
  it('[RL1] 20 votes per 10 s: the 21st is refused with rate_limited and a wait', async () => {
    const voter = await newcomer('Vote-happy Vasiliy');
    const vote = plausiblePayload('poll.vote', ids);
    const codes = await burst(voter, 'poll.vote', () => vote, 20);
    expect(codes.filter((code) => code === 'rate_limited')).toEqual([]);
    const refused = await sendUnchecked(voter, 'poll.vote', vote);
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringContaining('vote'), retryAfterMs: expect.any(Number) } });
    expect((refused as { error: ProtocolError }).error.retryAfterMs).toBeGreaterThan(0);
  });

  it('[RL2] 5 questions a minute: the 6th is refused', async () => {
    const asker = await newcomer('Curious Kamila');
    const codes = await burst(asker, 'qa.ask', (i) => ({ text: `Question number ${i + 1} about meritocracy?` }), 6);
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'rate_limited']);
  });

  it('[RL3] 120 upvotes a minute, counted with take-backs: the 121st is refused', async () => {
    const upvoter = await newcomer('Fickle Farrukh');
    const command = (i: number) => (i % 2 === 0 ? 'qa.upvote' : 'qa.unvote');
    const codes: string[] = [];
    // Paced under the overall budget of MESSAGES_PER_SECOND, so only the category's counts.
    for (let sent = 0; sent < 121; sent += 40) {
      const batch = Array.from({ length: Math.min(40, 121 - sent) }, (_, i) => sendUnchecked(upvoter, command(sent + i), { questionId: ids.questionId }));
      codes.push(...(await Promise.all(batch)).map(codeOf));
      await sleep(1_000);
    }
    expect(codes.slice(0, 120).filter((code) => code === 'rate_limited')).toEqual([]);
    expect(codes[120]).toBe('rate_limited');
  });

  it('[RL4] 10 floor requests or withdrawals a minute: the 11th is refused', async () => {
    const delegate = await newcomer('Eager Erlan', await plenary.inviteFor('participant', null));
    const codes = await burst(delegate, 'floor.request', () => ({ kind: 'contribution' }), 10);
    expect(codes.filter((code) => code === 'rate_limited')).toEqual([]);
    expect(codeOf(await send(delegate, 'floor.withdraw', {}))).toBe('rate_limited');
  });
});

describe('the overall budget counts every inbound message', () => {
  /** Unknown commands, invalid payloads, forbidden commands and commands without a callback; resolves once answered (or sent, without a callback). */
  function sendRefusable(socket: ClientSocket, i: number): Promise<unknown> {
    if (i % 4 === 0) return emitUnchecked(socket, 'no.such.command', [{}]);
    if (i % 4 === 1) return sendUnchecked(socket, 'qa.ask', { text: 42 });
    if (i % 4 === 2) return sendUnchecked(socket, 'room.close', {});
    (socket.emit as (event: string, payload: unknown) => void)('clock.ping', { clientSentMs: Date.now() });
    return Promise.resolve();
  }

  it(`[RL5] ${MESSAGES_PER_SECOND} refused messages on one connection leave no room for a valid one`, async () => {
    const socket = await newcomer('Careless Cyrus');
    for (let i = 0; i < MESSAGES_PER_SECOND; i++) void sendRefusable(socket, i);
    const pings = await Promise.all(Array.from({ length: 20 }, () => send(socket, 'clock.ping', { clientSentMs: Date.now() })));
    // The budget refills while the pings travel; without counting refused messages all 20 would pass.
    expect(pings.filter((ping) => codeOf(ping) === 'rate_limited').length).toBeGreaterThanOrEqual(10);
    expect(pings.find((ping) => !ping.ok)).toMatchObject({ error: { code: 'rate_limited', retryAfterMs: expect.any(Number) } });
    expect(socket.connected).toBe(true);
  });

  it('[RL6] the budget is the person’s: refused messages on two tabs add up', async () => {
    const { socket: first, token } = await plenary.person({ code: 'ACSH23', name: 'Two-tab Timur' });
    const second = await plenary.connect(token);
    const half = Math.ceil(MESSAGES_PER_SECOND / 2) + 5;
    const sent: Array<Promise<unknown>> = [];
    for (let i = 0; i < half; i++) sent.push(sendRefusable(first, i), sendRefusable(second, i));
    // Both tabs' messages have arrived before the ping: the order across connections is not otherwise given.
    await Promise.all(sent);
    const ping = await send(first, 'clock.ping', { clientSentMs: Date.now() });
    expect(ping).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringContaining('messages') } });
  });
});

describe('a connection that keeps sending past its refusals', () => {
  it('[RL7] is told why, closed, and its person may not connect again for a while; others are served', async () => {
    const { socket, token } = await plenary.person({ code: 'ACSH23', name: 'Flooding Fyodor' });
    await ok(socket, 'room.join', { roomId: ROOM_ID });
    const before = await factsSeenBy(cast.organiser.socket);
    const told = new Promise<ProtocolError>((resolve) => socket.once('connection.closed', resolve));
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const emit = socket.emit as (event: string, ...args: unknown[]) => void;
    for (let i = 0; i < 2_000 && socket.connected; i++) emit.call(socket, 'qa.ask', { text: i }, () => undefined);
    expect(await told).toMatchObject({ code: 'rate_limited', retryAfterMs: FLOOD_BAR_SECONDS * 1_000 });
    // Closed by the server: a Socket.IO client does not reconnect by itself after this reason.
    expect(await closed).toBe('io server disconnect');

    const refused = await plenary.connect(token).then(
      () => null,
      (error: Error & { data?: ProtocolError }) => error.data,
    );
    expect(refused).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
    expect(refused?.retryAfterMs).toBeGreaterThan(0);

    await ok(cast.audience.socket, 'clock.ping', { clientSentMs: Date.now() });
    expect(await factsSeenBy(cast.organiser.socket)).toEqual(before);
  });
});

describe('the web client, closed for flooding', () => {
  it('[RL11] shows why and when it will reconnect, and does not reconnect at once', async () => {
    const { token } = await plenary.join({ code: 'ACSH23', name: 'Runaway tab' });
    const states: ConnectionState[] = [];
    const client = new PlenaryClient({ url: plenary.url, token, onState: (state) => states.push(state) });
    try {
      await expect.poll(() => client.connection.status).toBe('online');
      const emit = client.socket.emit as (event: string, ...args: unknown[]) => void;
      for (let i = 0; i < 1_000; i++) emit.call(client.socket, 'no.such.command', {}, () => undefined);
      await expect.poll(() => client.connection.status).toBe('paused');
      const paused = client.connection as Extract<ConnectionState, { status: 'paused' }>;
      expect(paused.reason).toMatch(/too many messages/i);
      expect(paused.until).toBeGreaterThan(Date.now() + (FLOOD_BAR_SECONDS - 2) * 1_000);
      await sleep(1_000);
      expect(client.socket.connected).toBe(false);
      expect(states.at(-1)?.status).toBe('paused');
    } finally {
      client.close();
    }
  });
});

describe('binary attachments', () => {
  it('[RL8] ten 15 KB attachments in one message close the connection unanswered; nothing changes', async () => {
    const socket = await newcomer('Binary Bolat');
    const before = await factsSeenBy(cast.organiser.socket);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const attachments = Array.from({ length: 10 }, () => Buffer.alloc(15 * 1_024, 120));
    const answer = emitUnchecked(socket, 'qa.ask', [{ text: 'A question with attachments?', attachments }], 2_000).catch(() => 'no answer');
    expect(await closed).toMatch(/transport (close|error)/);
    expect(await answer).toBe('no answer');
    await ok(cast.audience.socket, 'clock.ping', { clientSentMs: Date.now() });
    expect(await factsSeenBy(cast.organiser.socket)).toEqual(before);
  });

  it('[RL9] even one small attachment is refused: the protocol is JSON', async () => {
    const socket = await newcomer('Binary Bibigul');
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    void emitUnchecked(socket, 'clock.ping', [{ clientSentMs: Buffer.from([1, 2, 3]) }], 2_000).catch(() => undefined);
    expect(await closed).toMatch(/transport (close|error)/);
  });
});
