import { describe, expect, it } from 'vitest';
import type { ServerEventPayload } from '../../shared/protocol/server-events.ts';
import { ok, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';

/**
 * With the longest push interval there is (5 s), what reaches a phone before an interval could
 * have passed was pushed at once: the tally of a poll just opened, and the final tally when the
 * chair closes it, though a push went out a moment before; ballots in between wait.
 */
const ROOM_ID = 'panel-1';
const INTERVAL_MS = 5_000;

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

describe('pushes that do not wait for the interval', () => {
  it('opening and closing a poll push its tally at once, within the interval; ballots in between wait for it', async () => {
    const plenary = await startPlenary({ PLENARY_PUSH_INTERVAL_MS: String(INTERVAL_MS) });
    const chair = await joined(plenary, { invite: await plenary.inviteFor('moderator', ROOM_ID), name: 'Chair Aigerim' });
    await ok(chair, 'room.open', {});
    const [first, second] = await Promise.all(['Listener 1', 'Listener 2'].map((name) => joined(plenary, { code: 'ACSH23', name })));
    const results: ServerEventPayload<'poll.results'>[] = [];
    first!.on('poll.results', (push) => results.push(push));

    const { pollId } = await ok(chair, 'poll.create', { question: 'Publish the merit index?', spec: { kind: 'single', options: ['Yes', 'No'] }, settings: { resultsVisibility: 'live' } });
    // Opening the poll is pushed at once: its empty tally.
    await ok(chair, 'poll.open', { pollId });
    await until('the opened poll’s tally', () => results.some((r) => r.pollId === pollId), INTERVAL_MS / 2);
    const startedAt = Date.now();

    await ok(first!, 'poll.vote', { pollId, ballot: { kind: 'single', optionId: 'o1' } });
    await ok(second!, 'poll.vote', { pollId, ballot: { kind: 'single', optionId: 'o2' } });
    await sleep(300);
    // Both ballots came within an interval of the opening push: they wait for it to pass.
    expect(results.at(-1)?.voters).toBe(0);

    await ok(chair, 'poll.close', { pollId });
    await until('the final tally', () => results.at(-1)?.voters === 2, INTERVAL_MS / 2);
    expect(Date.now() - startedAt).toBeLessThan(INTERVAL_MS);
    expect(results.at(-1)).toMatchObject({ pollId, voters: 2 });
  });
});
