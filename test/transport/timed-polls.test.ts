import { describe, expect, it } from 'vitest';
import type { Poll } from '../../shared/model/poll.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { ok, send, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';

const ROOM_ID = 'panel-1';
const VOTERS = 200;
const DURATION_SEC = 6;
const OPTIONS = ['o1', 'o2', 'o3'] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls closed by the deltas a socket receives, each with the delta that closed it. */
function closesSeenBy(socket: ClientSocket): Array<{ delta: RoomDelta; poll: Poll }> {
  const closes: Array<{ delta: RoomDelta; poll: Poll }> = [];
  socket.on('room.delta', (delta) => {
    for (const event of delta.events) if (event.type === 'poll.saved' && event.poll.status === 'closed') closes.push({ delta, poll: event.poll });
  });
  return closes;
}

async function chairOf(plenary: TestServer): Promise<ClientSocket> {
  const { socket } = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM_ID), name: 'Chair Aigerim' });
  await ok(socket, 'room.join', { roomId: ROOM_ID });
  await ok(socket, 'room.open', {});
  return socket;
}

async function audienceOf(plenary: TestServer, size: number): Promise<ClientSocket[]> {
  const sockets: ClientSocket[] = [];
  for (let start = 0; start < size; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, size - start) }, async (_, i) => {
        const { socket } = await plenary.person({ code: 'ACSH23', name: `Listener ${start + i + 1}` });
        await ok(socket, 'room.join', { roomId: ROOM_ID });
        return socket;
      }),
    );
    sockets.push(...batch);
  }
  return sockets;
}

async function timedPoll(chair: ClientSocket, open: { durationSec: number; revealOnClose?: boolean }): Promise<{ pollId: string; closesAtMs: number }> {
  const { pollId } = await ok(chair, 'poll.create', {
    question: 'Which merit practice should the Hub study next?',
    spec: { kind: 'single', options: ['Examinations', 'Structured interviews', 'Probation'] },
    settings: { resultsVisibility: 'on_reveal', allowChange: true },
  });
  await ok(chair, 'poll.open', { pollId, ...open });
  const poll = (await ok(chair, 'room.snapshot', {})).state.polls.find((p) => p.id === pollId);
  if (!poll?.closesAtMs) throw new Error('the poll is not timed');
  return { pollId, closesAtMs: poll.closesAtMs };
}

describe('a timed poll closed by the server', () => {
  it(
    '[TP1] 200 voters voting to the last moment: every acknowledged ballot is counted, every late one refused with conflict, and one delta closes and reveals',
    async () => {
      const plenary = await startPlenary({ PLENARY_MESSAGES_PER_SECOND: '1000' });
      const chair = await chairOf(plenary);
      const closes = closesSeenBy(chair);
      const voters = await audienceOf(plenary, VOTERS);
      const { pollId, closesAtMs } = await timedPoll(chair, { durationSec: DURATION_SEC, revealOnClose: true });

      /** Each voter's last acknowledged ballot: what the final tally must hold. */
      const standing = new Map<number, string>();
      const refusals: Array<{ code: string; message: string }> = [];
      let acknowledged = 0;
      /** When the last acknowledged ballot was sent: voting went on to the last moment. */
      let lastAckedSentMs = 0;
      await Promise.all(
        voters.map(async (socket, seat) => {
          // Each voter keeps changing their mind until the poll refuses them; 20 ballots per 10 s is the limit.
          // Gives up well after zero, so a poll that never closes fails the test instead of hanging it.
          for (let round = 0; Date.now() < closesAtMs + 10_000; round++) {
            const optionId = OPTIONS[(seat + round) % OPTIONS.length]!;
            const sentMs = Date.now();
            const ack = await send(socket, 'poll.vote', { pollId, ballot: { kind: 'single', optionId } });
            if (!ack.ok) {
              refusals.push(ack.error);
              return;
            }
            acknowledged += 1;
            lastAckedSentMs = Math.max(lastAckedSentMs, sentMs);
            standing.set(seat, optionId);
            await sleep(400 + ((seat * 37 + round * 11) % 150));
          }
        }),
      );

      // Every voter was refused in the end, each with conflict, and ballots were acknowledged up to the last second.
      expect(refusals.map((r) => r.code)).toEqual(Array.from({ length: VOTERS }, () => 'conflict'));
      for (const { message } of refusals) expect(['The poll closed.', 'The poll is not open.']).toContain(message);
      expect(acknowledged).toBeGreaterThan(VOTERS * 3);
      expect(lastAckedSentMs).toBeGreaterThan(closesAtMs - 1_000);

      // One delta closed the poll, at zero, revealing it in the same event.
      await expect.poll(() => closes.length, { timeout: 3_000 }).toBe(1);
      const [close] = closes;
      expect(close?.poll).toMatchObject({ id: pollId, status: 'closed', revealed: true });
      expect(close?.poll.closedAtMs).toBeGreaterThanOrEqual(closesAtMs);
      expect(close?.delta.events).toHaveLength(1);

      // The final tally is exactly the acknowledged ballots, and stays so.
      const expected: Record<string, number> = {};
      for (const optionId of standing.values()) expected[optionId] = (expected[optionId] ?? 0) + 1;
      const tally = await plenary.runtime.store.pollTally(pollId);
      expect(tally).toEqual({ voters: standing.size, counters: expected });
      const late = await send(voters[0]!, 'poll.vote', { pollId, ballot: { kind: 'single', optionId: 'o1' } });
      expect(late).toMatchObject({ ok: false, error: { code: 'conflict' } });
      await sleep(300);
      expect(await plenary.runtime.store.pollTally(pollId)).toEqual(tally);
      expect(closes).toHaveLength(1);
    },
    60_000,
  );

  it('[TP2] a chair who closes before zero closes it as today, and the server then does nothing', async () => {
    const plenary = await startPlenary();
    const chair = await chairOf(plenary);
    const closes = closesSeenBy(chair);
    const { pollId } = await timedPoll(chair, { durationSec: 5, revealOnClose: true });
    await ok(chair, 'poll.close', { pollId });
    await sleep(5_500);
    expect(closes).toHaveLength(1);
    expect(closes[0]?.poll).toMatchObject({ status: 'closed', revealed: false });
  }, 20_000);

  it.each([4, 86_401])('[TP3] refuses a duration of %s s with invalid_input naming durationSec, and changes nothing', async (durationSec) => {
    const plenary = await startPlenary();
    const chair = await chairOf(plenary);
    const { pollId } = await ok(chair, 'poll.create', { question: 'Yes or no?', spec: { kind: 'single', options: ['Yes', 'No'] } });
    const before = (await ok(chair, 'room.snapshot', {})).state;
    const ack = await send(chair, 'poll.open', { pollId, durationSec });
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('durationSec') } });
    expect((await ok(chair, 'room.snapshot', {})).state).toEqual(before);
  });
});
