import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_ROLES } from '../../shared/permissions.ts';
import { COMMAND_NAMES, COMMANDS, type CommandName } from '../../shared/protocol/commands.ts';
import { MAX_MESSAGE_BYTES } from '../../server/transport/socket-server.ts';
import { badPayloadsFor } from '../support/bad-payloads.ts';
import { emitUnchecked, ok, sendUnchecked, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';
import { castOf, factsSeenBy, joinAll, plausiblePayload, ROOM_ID, seedRoom, type Cast, type SeededIds } from '../support/room-fixture.ts';

/**
 * Malformed input, sent by someone allowed to run the command, in an open room with a poll,
 * a question and a request to aim at: every one is answered invalid_input, none changes the
 * room, none costs the server its composure.
 */

let plenary: TestServer;
let cast: Cast;
let ids: SeededIds;
let before: Awaited<ReturnType<typeof factsSeenBy>>;

beforeAll(async () => {
  // Hundreds of malformed commands a second from each person, on purpose: the overall budget
  // counts refused ones too, and has its own tests (rate-limits.test.ts).
  plenary = await startPlenary({ PLENARY_MESSAGES_PER_SECOND: '100000' }, { lifetime: 'file' });
  cast = await castOf(plenary);
  await joinAll(cast);
  ids = await seedRoom(cast);
  before = await factsSeenBy(cast.organiser.socket);
  expect(before.state.open).toBe(true);
  expect(before.state.polls).toHaveLength(1);
  expect(before.state.questions).toHaveLength(1);
  expect(before.state.floor.queue).toHaveLength(1);
  expect(before.results[0]?.voters).toBe(1);
});

/** The first role the table lets run the command: malformed input must be refused as such, not as forbidden. */
function senderOf(name: CommandName): ClientSocket {
  const role = COMMAND_ROLES[name][0];
  if (!role) throw new Error(`nobody may run ${name}`);
  return cast[role].socket;
}

describe.each(COMMAND_NAMES)('%s', (name) => {
  for (const { label, build } of badPayloadsFor(name)) {
    it(`${label} → invalid_input`, async () => {
      const valid = plausiblePayload(name, ids);
      expect(COMMANDS[name].payload.safeParse(valid).success, 'the example itself is valid').toBe(true);
      const payload = build(valid);
      expect(COMMANDS[name].payload.safeParse(payload).success, 'the schema refuses this payload').toBe(false);
      const ack = await sendUnchecked(senderOf(name), name, payload);
      expect(ack).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.any(String) } });
    });
  }
});

describe('after all that malformed input', () => {
  it('the room is as it was: same revision, same poll tallies, same questions', async () => {
    const after = await factsSeenBy(cast.organiser.socket);
    expect(after.state.revision).toBe(before.state.revision);
    expect(after.results).toEqual(before.results);
    expect(after.state.questions).toEqual(before.state.questions);
    expect(after).toEqual(before);
  });

  it('everyone is still in the room and served', async () => {
    for (const member of Object.values(cast)) {
      expect(member.socket.connected).toBe(true);
      expect((await ok(member.socket, 'room.snapshot', {})).room.id).toBe(ROOM_ID);
    }
  });
});

describe('the transport', () => {
  it(`drops a connection that sends a message over ${MAX_MESSAGE_BYTES / 1024} KB, changes nothing, and serves the others`, async () => {
    const { socket } = await plenary.person({ code: 'ACSH23', name: 'Verbose Viktor' });
    await ok(socket, 'room.join', { roomId: ROOM_ID });
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    let acknowledged = false;
    (socket.emit as (event: string, payload: unknown, ack: () => void) => void)(
      'qa.ask',
      { text: 'x'.repeat(MAX_MESSAGE_BYTES + 1_024) },
      () => (acknowledged = true),
    );
    expect(await disconnected).toMatch(/transport (close|error)/);
    expect(acknowledged).toBe(false);
    await ok(cast.audience.socket, 'clock.ping', { clientSentMs: Date.now() });
    expect(await factsSeenBy(cast.organiser.socket)).toEqual(before);
  });

  it('answers a message just under the limit, and keeps the connection', async () => {
    const { socket } = await plenary.person({ code: 'ACSH23', name: 'Wordy Wanda' });
    await ok(socket, 'room.join', { roomId: ROOM_ID });
    const ack = await sendUnchecked(socket, 'qa.ask', { text: 'x'.repeat(MAX_MESSAGE_BYTES - 1_024) });
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(socket.connected).toBe(true);
    await ok(socket, 'clock.ping', { clientSentMs: Date.now() });
    expect(await factsSeenBy(cast.organiser.socket)).toEqual(before);
  });

  it('ignores a command sent without an acknowledgement callback', async () => {
    const emitWithoutAck = (socket: ClientSocket, name: CommandName, payload: unknown) =>
      (socket.emit as (event: string, payload: unknown) => void)(name, payload);
    emitWithoutAck(cast.organiser.socket, 'room.close', {});
    emitWithoutAck(cast.organiser.socket, 'poll.close', { pollId: ids.pollId });
    emitWithoutAck(cast.moderator.socket, 'qa.dismiss', { questionId: ids.questionId });
    emitWithoutAck(cast.moderator.socket, 'floor.remove', { requestId: ids.requestId });
    emitWithoutAck(cast.participant.socket, 'poll.vote', { pollId: ids.pollId, ballot: { kind: 'single', optionId: 'o1' } });
    emitWithoutAck(cast.participant.socket, 'qa.unvote', { questionId: ids.questionId });
    emitWithoutAck(cast.audience.socket, 'qa.ask', { text: 'Is anybody listening?' });
    // Commands on one connection are handled in order: once these pings are answered, the ones above were seen.
    for (const member of Object.values(cast)) await ok(member.socket, 'clock.ping', { clientSentMs: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await factsSeenBy(cast.organiser.socket)).toEqual(before);
  });

  it('answers a command with a callback but no payload, or two payloads, with invalid_input', async () => {
    const withoutPayload = await emitUnchecked(cast.organiser.socket, 'room.close', []);
    const withTwoPayloads = await emitUnchecked(cast.organiser.socket, 'room.close', [{}, {}]);
    for (const ack of [withoutPayload, withTwoPayloads]) {
      expect(ack).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.any(String) } });
    }
    expect(await factsSeenBy(cast.organiser.socket)).toEqual(before);
  });

  it('keeps running: a newcomer connects, pings and reads the unchanged room', async () => {
    const { socket } = await plenary.person({ code: 'ACSH23', name: 'Late Lena' });
    const pong = await ok(socket, 'clock.ping', { clientSentMs: 1 });
    expect(pong.clientSentMs).toBe(1);
    const snapshot = await ok(socket, 'room.join', { roomId: ROOM_ID });
    expect(snapshot.state.revision).toBe(before.state.revision);
    expect((await fetch(`${plenary.url}/healthz`)).status).toBe(200);
  });
});
