import type { CommandName } from '../../shared/protocol/commands.ts';
import type { RoomSnapshot } from '../../shared/protocol/snapshot.ts';
import { ROLES, type Role } from '../../shared/roles.ts';
import { ok, send, type ClientSocket, type TestServer } from './plenary.ts';
import { examplePayload } from './protocol-examples.ts';

export const EVENT_ID = 'acsh-2023';
export const ROOM_ID = 'panel-1';

export type CastMember = { role: Role; socket: ClientSocket; personId: string; token: string };
export type Cast = Record<Role, CastMember>;

/** One person per role, each credentialed the way that role really joins (room invites for 'panel-1'). */
export async function castOf(plenary: TestServer, roomId = ROOM_ID): Promise<Cast> {
  const credentials: Record<Role, () => Promise<Parameters<TestServer['person']>[0]>> = {
    organiser: async () => ({ adminToken: plenary.runtime.adminToken, eventId: EVENT_ID, name: 'Organiser Olzhas' }),
    moderator: async () => ({ invite: await plenary.inviteFor('moderator', roomId), name: 'Moderator Maria' }),
    panellist: async () => ({ invite: await plenary.inviteFor('panellist', roomId), name: 'Panellist Pavel' }),
    participant: async () => ({ invite: await plenary.inviteFor('participant', null), name: 'Delegate Dilnoza', country: 'Uzbekistan' }),
    audience: async () => ({ code: 'ACSH23', name: 'Audience Aliya' }),
    display: async () => ({ invite: await plenary.inviteFor('display', roomId), name: 'Stage display' }),
  };
  const members = await Promise.all(
    ROLES.map(async (role) => {
      const { socket, person, token } = await plenary.person(await credentials[role]());
      return { role, socket, personId: person.id, token } satisfies CastMember;
    }),
  );
  return Object.fromEntries(members.map((member) => [member.role, member])) as Cast;
}

export async function joinAll(cast: Cast, roomId = ROOM_ID): Promise<void> {
  await Promise.all(ROLES.map((role) => ok(cast[role].socket, 'room.join', { roomId })));
}

/** Ids of real things in the room, so example payloads name something that exists. */
export type SeededIds = { pollId: string; questionId: string; requestId: string; messageId: string; timerId: string };

/**
 * Gives the room something for every command to act on: it is open, with an open poll (from
 * the doc's poll.create example) that has a ballot, an upvoted question, a request for the
 * floor, a message to the speaker and a named timer.
 */
export async function seedRoom(cast: Cast): Promise<SeededIds> {
  const chair = cast.moderator.socket;
  const snapshot = await ok(chair, 'room.snapshot', {});
  if (!snapshot.state.open) await ok(chair, 'room.open', {});
  const { pollId } = await ok(chair, 'poll.create', examplePayload('poll.create') as never);
  await ok(chair, 'poll.open', { pollId });
  const vote = examplePayload('poll.vote') as { ballot: unknown };
  await ok(cast.audience.socket, 'poll.vote', { pollId, ballot: vote.ballot } as never);
  const { question } = await ok(cast.audience.socket, 'qa.ask', examplePayload('qa.ask') as never);
  await ok(cast.participant.socket, 'qa.upvote', { questionId: question.id });
  const { requestId } = await ok(cast.participant.socket, 'floor.request', examplePayload('floor.request') as never);
  const { messageId } = await ok(chair, 'message.send', examplePayload('message.send') as never);
  const { timerId } = await ok(chair, 'timer.create', examplePayload('timer.create') as never);
  return { pollId, questionId: question.id, requestId, messageId, timerId };
}

/** The example with every id field pointing at the seeded room's real poll, question, request, message and timer. */
export function withSeededIds(value: unknown, ids: SeededIds): unknown {
  if (Array.isArray(value)) return value.map((item) => withSeededIds(item, ids));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      Object.hasOwn(ids, key) && typeof field === 'string' ? ids[key as keyof SeededIds] : withSeededIds(field, ids),
    ]),
  );
}

export function plausiblePayload(name: CommandName, ids: SeededIds): unknown {
  return withSeededIds(examplePayload(name), ids);
}

/** What a command could change: everything in a snapshot except the clock and who is connected. */
export function roomFacts(snapshot: RoomSnapshot): Omit<RoomSnapshot, 'serverNowMs' | 'presence'> {
  const { serverNowMs: _now, presence: _presence, ...facts } = snapshot;
  return facts;
}

export async function factsSeenBy(socket: ClientSocket): Promise<ReturnType<typeof roomFacts>> {
  const ack = await send(socket, 'room.snapshot', {});
  if (!ack.ok) throw new Error(`room.snapshot refused: ${ack.error.code}`);
  const { ok: _ok, ...snapshot } = ack;
  return roomFacts(snapshot as RoomSnapshot);
}
