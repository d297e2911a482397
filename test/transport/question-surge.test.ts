import { describe, expect, it } from 'vitest';
import { ok, startPlenary } from '../support/plenary.ts';
import { RoomFollower } from '../support/room-follower.ts';

const ASKERS = 40;

/** Panel 1 open without pre-moderation, and ASKERS audience members in it. */
async function openRoomWithAskers() {
  const plenary = await startPlenary();
  const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-1'), name: 'Chair' });
  await ok(chair.socket, 'room.join', { roomId: 'panel-1' });
  await ok(chair.socket, 'room.open', {});
  await ok(chair.socket, 'room.configure', { preModeration: false });
  const askers = await Promise.all(Array.from({ length: ASKERS }, (_, i) => plenary.person({ code: 'ACSH23', name: `Asker ${i}` })));
  for (const asker of askers) await ok(asker.socket, 'room.join', { roomId: 'panel-1' });
  return { plenary, askers };
}

describe('a question surge', () => {
  it('reaches every screen as fewer messages than deltas, each delta once and in order, ending at the server’s state', async () => {
    const { plenary, askers } = await openRoomWithAskers();
    const watcher = await plenary.person({ code: 'ACSH23', name: 'Watcher' });
    const screen = await RoomFollower.follow(watcher.socket, 'panel-1');
    const chairScreen = await RoomFollower.follow((await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-1'), name: 'Co-chair' })).socket, 'panel-1');
    const messages = { single: 0, batched: 0 };
    watcher.socket.onAny((event: string) => {
      if (event === 'room.delta') messages.single += 1;
      if (event === 'room.deltas') messages.batched += 1;
    });
    const from = screen.revision;

    const asked = await Promise.all(askers.map((asker, i) => ok(asker.socket, 'qa.ask', { text: `Question number ${i} from the floor?` })));
    const last = Math.max(...asked.map((ack) => ack.revision));
    await screen.reach(last);
    await chairScreen.reach(last);

    expect(screen.problems).toEqual([]);
    expect(chairScreen.problems).toEqual([]);
    expect(last - from).toBe(ASKERS);
    expect(screen.received.deltas).toBe(ASKERS);
    expect(messages.batched).toBeGreaterThan(0);
    expect(messages.single + messages.batched).toBeLessThan(ASKERS);
    const fresh = await ok(watcher.socket, 'room.snapshot', {});
    expect(screen.state).toEqual(fresh.state);
    expect(screen.state.questions.map((q) => q.text).sort()).toEqual(asked.map((ack) => ack.question.text).sort());
  });

  it('with upvotes landing among the questions, every screen ends holding each count as acknowledged', async () => {
    const { plenary, askers } = await openRoomWithAskers();
    const screens = [
      await RoomFollower.follow((await plenary.person({ code: 'ACSH23', name: 'Watcher' })).socket, 'panel-1'),
      await RoomFollower.follow((await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-1'), name: 'Co-chair' })).socket, 'panel-1'),
    ];
    // A first wave on the board, then a second wave asked while everyone upvotes the first.
    const half = ASKERS / 2;
    const first = await Promise.all(askers.slice(0, half).map((asker, i) => ok(asker.socket, 'qa.ask', { text: `First wave question ${i}?` })));
    const acknowledged: Record<string, number> = {};
    const upvotes = askers.flatMap((asker, i) =>
      [i, i + 1, i + 3].map(async (n) => {
        const questionId = first[n % half]!.question.id;
        await ok(asker.socket, 'qa.upvote', { questionId });
        acknowledged[questionId] = (acknowledged[questionId] ?? 0) + 1;
      }),
    );
    const second = askers.slice(half).map((asker, i) => ok(asker.socket, 'qa.ask', { text: `Second wave question ${i}?` }));
    const [, asked] = await Promise.all([Promise.all(upvotes), Promise.all(second)]);
    const last = Math.max(...[...first, ...asked].map((ack) => ack.revision));

    for (const screen of screens) {
      await screen.reach(last);
      await until(() => sameCounts(screen.current.votes, acknowledged));
      expect(screen.problems).toEqual([]);
      expect(screen.current.votes).toEqual((await ok(screen.socket, 'room.snapshot', {})).votes);
    }
  });

  it('sends a lone change after a quiet moment at once, as a single room.delta', async () => {
    const plenary = await startPlenary();
    const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-1'), name: 'Chair' });
    await ok(chair.socket, 'room.join', { roomId: 'panel-1' });
    const listener = await plenary.person({ code: 'ACSH23', name: 'Listener' });
    await ok(listener.socket, 'room.join', { roomId: 'panel-1' });
    await new Promise((resolve) => setTimeout(resolve, plenary.runtime.config.deltaBatchMs + 20));
    const arrived = new Promise<string>((resolve) => listener.socket.onAny((event: string) => event.startsWith('room.delta') && resolve(event)));
    await ok(chair.socket, 'room.open', {});
    await expect(arrived).resolves.toBe('room.delta');
  });
});

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

async function until(holds: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error('the counts never settled');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
