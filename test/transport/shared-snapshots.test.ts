import { describe, expect, it } from 'vitest';
import type { RoomSnapshot } from '../../shared/protocol/snapshot.ts';
import { mergeQuestionVotes, type ServerEventPayload } from '../../shared/protocol/server-events.ts';
import { roleInRoom } from '../../server/auth/access.ts';
import { buildSnapshot } from '../../server/live/snapshots.ts';
import { ok, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';

/**
 * Joiners of a room share one reading of its tallies, question votes and views while nothing
 * changes (server/live/shared-snapshots.ts). What each gets must equal a snapshot read for it
 * alone, and a vote or upvote during a burst of joins must reach every joiner.
 */
const ROOM_ID = 'panel-1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

/** What a member holds: the snapshot's counts with every push applied in order of arrival. */
type Held = { snapshot: RoomSnapshot | null; results: Record<string, number>; votes: Record<string, number> };

function holder(socket: ClientSocket): Held {
  const held: Held = { snapshot: null, results: {}, votes: {} };
  // Pushes that arrive before the snapshot are applied and then overwritten by it, as the client does.
  socket.on('poll.results', (push: ServerEventPayload<'poll.results'>) => void (held.results[push.pollId] = push.voters));
  socket.on('qa.votes', (push) => void (held.votes = mergeQuestionVotes(held.votes, push)));
  return held;
}

async function joinHeld(socket: ClientSocket, held: Held): Promise<void> {
  const snapshot = await ok(socket, 'room.join', { roomId: ROOM_ID });
  held.snapshot = snapshot;
  held.results = Object.fromEntries(snapshot.results.map((r) => [r.pollId, r.voters]));
  held.votes = snapshot.votes;
}

/** The snapshot this person would get read afresh, without sharing, minus what changes with every join. */
async function unshared(plenary: TestServer, personId: string): Promise<Omit<RoomSnapshot, 'serverNowMs' | 'presence'>> {
  const { runtime } = plenary;
  const person = (await runtime.store.getPerson(personId))!;
  const agenda = (await runtime.events.agenda(person.eventId))!;
  const state = (await runtime.live.state(ROOM_ID))!;
  const room = (await runtime.events.room(person.eventId, ROOM_ID))!;
  const { serverNowMs: _now, presence: _presence, ...rest } = await buildSnapshot({ ...runtime, sharedSnapshots: null }, agenda, state, person, roleInRoom(person, room));
  return rest;
}

/** The acknowledgement's `ok` is the transport's, not the snapshot's. */
function withoutPerJoin(snapshot: RoomSnapshot): Omit<RoomSnapshot, 'serverNowMs' | 'presence'> {
  const { serverNowMs: _now, presence: _presence, ok: _ok, ...rest } = snapshot as RoomSnapshot & { ok?: true };
  return rest;
}

describe('snapshots shared by the joiners of a room', () => {
  it('[SS1] equal a snapshot read alone for each joiner, chair, stage and public, and a vote and an upvote during a burst reach every joiner', async () => {
    const plenary = await startPlenary();
    const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM_ID), name: 'Chair' });
    await ok(chair.socket, 'room.join', { roomId: ROOM_ID });
    await ok(chair.socket, 'room.open', {});
    const { pollId } = await ok(chair.socket, 'poll.create', { question: 'Publish the index?', spec: { kind: 'single', options: ['Yes', 'No'] }, settings: { resultsVisibility: 'live' } });
    await ok(chair.socket, 'poll.open', { pollId });
    const voters = await Promise.all([1, 2].map((n) => plenary.person({ code: 'ACSH23', name: `Voter ${n}` })));
    for (const voter of voters) await ok(voter.socket, 'room.join', { roomId: ROOM_ID });
    const { question } = await ok(voters[0]!.socket, 'qa.ask', { text: 'Who audits the audit?' });
    await ok(voters[0]!.socket, 'poll.vote', { pollId, ballot: { kind: 'single', optionId: 'o1' } });

    // A burst with a vote and an upvote in the middle of it.
    const first = await Promise.all(Array.from({ length: 12 }, (_, n) => plenary.person({ code: 'ACSH23', name: `Early ${n}` })));
    const firstHeld = first.map((p) => holder(p.socket));
    await Promise.all([
      ...first.map((p, i) => joinHeld(p.socket, firstHeld[i]!)),
      ok(voters[1]!.socket, 'poll.vote', { pollId, ballot: { kind: 'single', optionId: 'o2' } }),
      ok(voters[1]!.socket, 'qa.upvote', { questionId: question.id }),
    ]);

    // A burst with nothing changing: shared, and each equal to its own reading (the chair and a display among them).
    const second = await Promise.all([
      ...Array.from({ length: 8 }, (_, n) => plenary.person({ code: 'ACSH23', name: `Late ${n}` })),
      plenary.person({ invite: await plenary.inviteFor('moderator', ROOM_ID), name: 'Second chair' }),
      plenary.person({ invite: await plenary.inviteFor('display', ROOM_ID) }),
    ]);
    const secondHeld = second.map((p) => holder(p.socket));
    await Promise.all(second.map((p, i) => joinHeld(p.socket, secondHeld[i]!)));
    for (const [i, p] of second.entries()) expect(withoutPerJoin(secondHeld[i]!.snapshot!)).toEqual(await unshared(plenary, p.person.id));
    expect(secondHeld.at(-2)!.snapshot!.you.role).toBe('moderator');

    // Whoever joined before, during or after the vote ends up holding the final counts.
    await plenary.runtime.pushes.drain();
    for (const held of [...firstHeld, ...secondHeld]) {
      await until(() => held.results[pollId] === 2 && held.votes[question.id] === 1);
    }
  });

  it('[SS2] a join in a quiet room sends no extra qa.votes; one during which a count changed does', async () => {
    const plenary = await startPlenary();
    const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM_ID), name: 'Chair' });
    await ok(chair.socket, 'room.join', { roomId: ROOM_ID });
    await ok(chair.socket, 'room.open', {});
    const asker = await plenary.person({ code: 'ACSH23', name: 'Asker' });
    await ok(asker.socket, 'room.join', { roomId: ROOM_ID });
    const { question } = await ok(asker.socket, 'qa.ask', { text: 'Who audits the audit?' });
    await plenary.runtime.pushes.drain();
    await sleep(120);
    const pushes: Array<ServerEventPayload<'qa.votes'>> = [];
    chair.socket.on('qa.votes', (push) => pushes.push(push));

    const quiet = await plenary.person({ code: 'ACSH23', name: 'Quiet' });
    await ok(quiet.socket, 'room.join', { roomId: ROOM_ID });
    await sleep(200);
    expect(pushes).toEqual([]);

    const busy = await plenary.person({ code: 'ACSH23', name: 'Busy' });
    const held = holder(busy.socket);
    await Promise.all([joinHeld(busy.socket, held), ok(quiet.socket, 'qa.upvote', { questionId: question.id })]);
    await until(() => held.votes[question.id] === 1);
    await until(() => pushes.length > 0);
  });
});
