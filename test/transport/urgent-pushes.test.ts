import { describe, expect, it } from 'vitest';
import type { ServerEventPayload } from '../../shared/protocol/server-events.ts';
import { ok, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';

/**
 * With a 500 ms push interval a room has three pushes in any 1.5 s window, two of them for
 * anything but a chair's action. The joins and the new poll spend them, so the test waits two
 * windows out (their last push may wait a window); then the opened poll is pushed at once, the
 * first ballot a moment later, and the second ballot waits, that share spent; the chair's close
 * still goes at once from the push kept for it, carrying both ballots.
 */
const ROOM_ID = 'panel-1';
const INTERVAL_MS = 500;
const WINDOW_MS = 3 * INTERVAL_MS;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function joined(plenary: TestServer, request: Parameters<TestServer['person']>[0]): Promise<ClientSocket> {
  const { socket } = await plenary.person(request);
  await ok(socket, 'room.join', { roomId: ROOM_ID });
  return socket;
}

describe('a chair’s push within the rate bound', () => {
  it('opening and closing a poll push its tally at once; a ballot past the share of all but a chair waits, and the close carries it', async () => {
    const plenary = await startPlenary({ PLENARY_PUSH_INTERVAL_MS: String(INTERVAL_MS) });
    const chair = await joined(plenary, { invite: await plenary.inviteFor('moderator', ROOM_ID), name: 'Chair Aigerim' });
    await ok(chair, 'room.open', {});
    const [first, second] = await Promise.all(['Listener 1', 'Listener 2'].map((name) => joined(plenary, { code: 'ACSH23', name })));
    const results: ServerEventPayload<'poll.results'>[] = [];
    first!.on('poll.results', (push) => results.push(push));

    const { pollId } = await ok(chair, 'poll.create', { question: 'Publish the merit index?', spec: { kind: 'single', options: ['Yes', 'No'] }, settings: { resultsVisibility: 'live' } });
    await sleep(2 * WINDOW_MS + 100);
    // Opening the poll is pushed at once: its empty tally.
    await ok(chair, 'poll.open', { pollId });
    await until('the opened poll’s tally', () => results.some((r) => r.pollId === pollId), INTERVAL_MS / 2);
    const startedAt = Date.now();

    await ok(first!, 'poll.vote', { pollId, ballot: { kind: 'single', optionId: 'o1' } });
    await until('the first ballot', () => results.at(-1)?.voters === 1, INTERVAL_MS / 2);
    await ok(second!, 'poll.vote', { pollId, ballot: { kind: 'single', optionId: 'o2' } });
    await sleep(300);
    // The opening and the first ballot (END_QUIET_MS after it: the opening spent the storm's
    // share) spent all but the chair's push of the window: the second ballot waits.
    expect(results.at(-1)?.voters).toBe(1);

    await ok(chair, 'poll.close', { pollId });
    await until('the final tally', () => results.at(-1)?.voters === 2, INTERVAL_MS / 2);
    expect(Date.now() - startedAt).toBeLessThan(WINDOW_MS);
    expect(results.at(-1)).toMatchObject({ pollId, voters: 2 });
  });
});
