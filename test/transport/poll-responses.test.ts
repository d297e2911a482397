import { describe, expect, it } from 'vitest';
import type { ServerEventPayload } from '../../shared/protocol/server-events.ts';
import { ok, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';

/**
 * A poll whose results wait for the reveal: the projector and the phones learn how many have
 * answered (`poll.responses`, and `responses` in a snapshot), and nothing of what they answered,
 * until the reveal brings `poll.results` and the count leaves the snapshot.
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

function received(socket: ClientSocket) {
  const seen = { responses: [] as ServerEventPayload<'poll.responses'>[], results: [] as ServerEventPayload<'poll.results'>[] };
  socket.on('poll.responses', (push) => seen.responses.push(push));
  socket.on('poll.results', (push) => seen.results.push(push));
  return seen;
}

async function joined(plenary: TestServer, request: Parameters<TestServer['person']>[0]): Promise<ClientSocket> {
  const { socket } = await plenary.person(request);
  await ok(socket, 'room.join', { roomId: ROOM_ID });
  return socket;
}

describe('the response count of a poll whose results are hidden', () => {
  it('reaches the projector and the phones as a count only, until the reveal', async () => {
    const plenary = await startPlenary();
    const chair = await joined(plenary, { invite: await plenary.inviteFor('moderator', ROOM_ID), name: 'Chair Aigerim' });
    await ok(chair, 'room.open', {});
    const projector = await joined(plenary, { invite: await plenary.inviteFor('display', ROOM_ID) });
    const voters = await Promise.all([1, 2, 3].map((n) => joined(plenary, { code: 'ACSH23', name: `Listener ${n}` })));
    const [chairSeen, projectorSeen, phoneSeen] = [received(chair), received(projector), received(voters[0]!)];

    const { pollId } = await ok(chair, 'poll.create', {
      question: 'Should the merit index be published?',
      spec: { kind: 'single', options: ['Yes', 'No'] },
      settings: { resultsVisibility: 'on_reveal' },
    });
    await ok(chair, 'poll.open', { pollId });
    for (const socket of voters) await ok(socket, 'poll.vote', { pollId, ballot: { kind: 'single', optionId: 'o1' } });

    await until(() => projectorSeen.responses.at(-1)?.voters === 3 && phoneSeen.responses.at(-1)?.voters === 3);
    expect(projectorSeen.responses.at(-1)).toEqual({ roomId: ROOM_ID, pollId, voters: 3 });
    expect(projectorSeen.results).toEqual([]);
    expect(phoneSeen.results).toEqual([]);
    // The chair previews the tally itself and needs no separate count.
    await until(() => chairSeen.results.at(-1)?.voters === 3);
    expect(chairSeen.responses).toEqual([]);

    const late = await joined(plenary, { code: 'ACSH23', name: 'Late listener' });
    const hiddenSnapshot = await ok(late, 'room.snapshot', {});
    expect(hiddenSnapshot.responses).toEqual({ [pollId]: 3 });
    expect(hiddenSnapshot.results).toEqual([]);
    expect((await ok(chair, 'room.snapshot', {})).responses).toEqual({});

    await ok(chair, 'poll.close', { pollId });
    await ok(chair, 'poll.reveal', { pollId });
    const revealedSnapshot = await ok(late, 'room.snapshot', {});
    expect(revealedSnapshot.responses).toEqual({});
    expect(revealedSnapshot.results.map((r) => [r.pollId, r.voters])).toEqual([[pollId, 3]]);
  });
});
