import { SignJWT } from 'jose';
import { io as connectSocket } from 'socket.io-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mayRun } from '../../shared/permissions.ts';
import { COMMAND_NAMES, type CommandName } from '../../shared/protocol/commands.ts';
import { ROLES, type Role } from '../../shared/roles.ts';
import { ok, send, sendUnchecked, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';
import { examplePayload } from '../support/protocol-examples.ts';
import { castOf, EVENT_ID, factsSeenBy, joinAll, plausiblePayload, ROOM_ID, seedRoom, type Cast, type SeededIds } from '../support/room-fixture.ts';

/**
 * DESIGN.md's role table, checked on the wire: every command is sent by every role, and the
 * server refuses exactly the pairs COMMAND_ROLES leaves out. A new command is covered by
 * being added to COMMANDS and COMMAND_ROLES; its payload comes from docs/PROTOCOL.md.
 */

const SESSION_SECRET = 'authorisation-test-session-secret-0123456789';
/** The commands a connection may send before it has joined a room (docs/PROTOCOL.md, "Connecting"). */
const ROOMLESS: readonly CommandName[] = ['clock.ping', 'room.join', 'room.leave', 'hall.follow', 'hall.open'];

let plenary: TestServer;
let cast: Cast;
let ids: SeededIds;
/** An organiser who only reads: the room as staff see it, before and after. */
let observer: ClientSocket;

beforeAll(async () => {
  // Hundreds of refused commands a second from each person, on purpose: the overall budget counts
  // refused ones too, and has its own tests (rate-limits.test.ts).
  plenary = await startPlenary({ PLENARY_SECRET: SESSION_SECRET, PLENARY_MESSAGES_PER_SECOND: '100000' }, { lifetime: 'file' });
  cast = await castOf(plenary);
  await joinAll(cast);
  ids = await seedRoom(cast);
  observer = await organiser('Observer Olga');
  await ok(observer, 'room.join', { roomId: ROOM_ID });
});

async function organiser(name: string): Promise<ClientSocket> {
  return (await plenary.person({ adminToken: plenary.runtime.adminToken, eventId: EVENT_ID, name })).socket;
}

type Ack = { ok: boolean; error?: { code: string; message?: string } };

/**
 * "forbidden", or "runs" for anything else: the one distinction the role table makes. The
 * domain also answers `forbidden` to an asker changing someone else's question (qa.edit,
 * qa.withdraw): that is the command running.
 */
function verdictOf(ack: Ack): 'forbidden' | 'runs' {
  return !ack.ok && ack.error?.code === 'forbidden' && !/only the person who asked/i.test(ack.error.message ?? '') ? 'forbidden' : 'runs';
}

function expectForbidden(ack: unknown): void {
  expect(ack).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
}

/** The room id a connection is in, as the server knows it. */
function joinedRoomOf(socket: ClientSocket): string | null {
  return plenary.io.sockets.sockets.get(socket.id ?? '')?.data.roomId ?? null;
}

describe('refused commands', () => {
  it('change nothing: after every forbidden (command, role) pair the room is as it was', async () => {
    const before = await factsSeenBy(observer);
    let refused = 0;
    for (const name of COMMAND_NAMES) {
      for (const role of ROLES.filter((r) => !mayRun(r, name))) {
        expectForbidden(await sendUnchecked(cast[role].socket, name, plausiblePayload(name, ids)));
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
    const after = await factsSeenBy(observer);
    expect(after.state.revision).toBe(before.state.revision);
    expect(after).toEqual(before);
  });
});

describe('every command × every role in panel-1', () => {
  // An allowed command may take its sender out of the room (room.leave); put them back so the
  // next command is judged on the role, not on not_joined.
  afterEach(async () => {
    for (const role of ROLES) {
      if (joinedRoomOf(cast[role].socket) !== ROOM_ID) await ok(cast[role].socket, 'room.join', { roomId: ROOM_ID });
    }
  });

  it.each(COMMAND_NAMES)('%s is refused exactly for the roles COMMAND_ROLES leaves out', async (name) => {
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const role of ROLES) {
      const ack = (await sendUnchecked(cast[role].socket, name, plausiblePayload(name, ids))) as Ack;
      expected[role] = mayRun(role, name) ? 'runs' : 'forbidden';
      actual[role] = verdictOf(ack);
      if (actual[role] === 'forbidden') expectForbidden(ack);
      // An allowed role gets the domain's answer (ok, conflict, not_found…), never a transport refusal.
      else expect(['not_joined', 'unknown_command', 'internal', 'unavailable']).not.toContain(ack.error?.code);
    }
    expect(actual).toEqual(expected);
  });
});

describe('roles are scoped to rooms', () => {
  it('a moderator of panel-1 is audience in panel-2, and moderator again back in panel-1', async () => {
    const invite = await plenary.inviteFor('moderator', ROOM_ID);
    const { socket } = await plenary.person({ invite, name: 'Moderator Elsewhere' });
    const elsewhere = await ok(socket, 'room.join', { roomId: 'panel-2' });
    expect(elsewhere.you.role).toBe('audience');
    expectForbidden(await send(socket, 'room.open', {}));
    for (const name of COMMAND_NAMES.filter((n) => !mayRun('audience', n))) {
      expectForbidden(await sendUnchecked(socket, name, examplePayload(name)));
    }
    const home = await ok(socket, 'room.join', { roomId: ROOM_ID });
    expect(home.you.role).toBe('moderator');
    expect(verdictOf(await send(socket, 'room.close', {}))).toBe('runs');
  });

  it.each(['keynote-1', 'panel-2', 'workshop-change-management'])('the organiser chairs %s without an invite for it', async (roomId) => {
    const socket = await organiser(`Organiser in ${roomId}`);
    const snapshot = await ok(socket, 'room.join', { roomId });
    expect(snapshot.you.role).toBe('organiser');
    const opened = await ok(socket, 'room.open', {});
    const { timerId } = await ok(socket, 'timer.create', { label: 'Q&A', seconds: 600 });
    await ok(socket, 'timer.start', { timerId });
    await ok(socket, 'message.send', { text: 'Five minutes left' });
    const { pollId } = await ok(socket, 'poll.create', examplePayload('poll.create') as never);
    await ok(socket, 'poll.open', { pollId });
    await ok(socket, 'presence.list', {});
    const closed = await ok(socket, 'room.close', {});
    expect(closed.revision).toBe(opened.revision + 6);
  });
});

describe('before room.join', () => {
  it.each(['organiser', 'audience'] as const)('an %s gets not_joined for every room command', async (role) => {
    const socket =
      role === 'organiser' ? await organiser('Organiser Arriving') : (await plenary.person({ code: 'ACSH23', name: 'Audience Arriving' })).socket;
    const answers: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const name of COMMAND_NAMES.filter((n) => n !== 'room.join')) {
      const ack = (await sendUnchecked(socket, name, examplePayload(name))) as Ack;
      answers[name] = ack.ok ? 'ok' : (ack.error?.code ?? '?');
      // Outside any room the person's own role decides (an audience may not open a session in its hall).
      expected[name] = !ROOMLESS.includes(name) ? 'not_joined' : mayRun(role, name) ? 'ok' : 'forbidden';
    }
    expect(answers).toEqual(expected);
    await ok(socket, 'room.join', { roomId: ROOM_ID });
    await ok(socket, 'room.snapshot', {});
    await ok(socket, 'room.leave', {});
    expect(await send(socket, 'room.snapshot', {})).toMatchObject({ ok: false, error: { code: 'not_joined' } });
  });
});

describe('connecting', () => {
  /** Resolves with the connect_error a connection attempt ends in; fails if the server lets it in. */
  function refusalOf(auth: Record<string, unknown>): Promise<Error & { data?: unknown }> {
    const socket = connectSocket(plenary.url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => {
        socket.disconnect();
        reject(new Error('the server accepted the connection'));
      });
      socket.once('connect_error', (error) => {
        socket.disconnect();
        resolve(error);
      });
    });
  }

  function sign(claims: { personId: string; eventId: string }, secret: string, expiresAt: string | number = '1h'): Promise<string> {
    return new SignJWT({ evt: claims.eventId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.personId)
      .setIssuer('plenary')
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(new TextEncoder().encode(secret));
  }

  it('is refused as unauthenticated without a valid session token', async () => {
    const personId = cast.audience.personId;
    const refusals = {
      'no auth at all': {},
      'a token that is not a string': { token: 42 },
      'a garbage token': { token: 'not-a-token' },
      'a token signed with another secret': { token: await sign({ personId, eventId: EVENT_ID }, 'another-secret-of-at-least-32-characters') },
      'an expired token': { token: await sign({ personId, eventId: EVENT_ID }, SESSION_SECRET, Math.floor(Date.now() / 1000) - 60) },
      'a token for a person who does not exist': { token: await sign({ personId: 'u_nobody', eventId: EVENT_ID }, SESSION_SECRET) },
      'a token naming another event': { token: await sign({ personId, eventId: 'another-event' }, SESSION_SECRET) },
    };
    for (const [what, auth] of Object.entries(refusals)) {
      const error = await refusalOf(auth);
      expect(error.message, what).toBe('unauthenticated');
      expect(error.data, what).toMatchObject({ code: 'unauthenticated' });
    }
    // The real token of the same person still works.
    const socket = await plenary.connect(cast.audience.token);
    await ok(socket, 'clock.ping', { clientSentMs: Date.now() });
  });
});

describe('events that are not commands', () => {
  it.each(['floor.grab', 'room.destroy', 'constructor', 'toString', '__proto__', 'x'.repeat(500)])('%s is answered unknown_command', async (event) => {
    const ack = await sendUnchecked(cast.audience.socket, event, {});
    expect(ack).toEqual({ ok: false, error: { code: 'unknown_command', message: expect.any(String) } });
  });

  it('without an acknowledgement callback are ignored, and the connection keeps working', async () => {
    (cast.audience.socket.emit as (event: string, payload: unknown) => void)('floor.grab', {});
    await ok(cast.audience.socket, 'clock.ping', { clientSentMs: Date.now() });
  });
});
