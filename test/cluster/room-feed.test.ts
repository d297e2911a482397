import { describe, expect, it } from 'vitest';
import { RoomFeed } from '../../server/cluster/room-feed.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { T0, astanaAgenda, initialRooms, nextDelta } from '../store/fixtures.ts';

/*
 * The room feed without Redis: announcements arrive as the subscriber would hand them over,
 * the store's delta log is an array, and what the process's clients would receive is recorded.
 */

function panelAt(revisions: number): { start: RoomState; log: RoomDelta[] } {
  let state = initialRooms(astanaAgenda()).find((room) => room.roomId === 'panel-1')!;
  const start = state;
  const log: RoomDelta[] = [];
  for (let i = 1; i <= revisions; i++) {
    const { delta, next } = nextDelta(state, [{ type: 'message.sent', message: { id: `m${i}`, text: `message ${i}`, sentAtMs: T0 + i } }], T0 + i);
    log.push(delta);
    state = next;
  }
  return { start, log };
}

function feedOver(log: RoomDelta[], reachable = () => true, stored: () => RoomState | null = () => null) {
  const emitted: number[] = [];
  const advanced: number[] = [];
  const errors: unknown[] = [];
  const diverged: string[] = [];
  const feed = new RoomFeed({
    deltasSince: async (_roomId, revision, limit) => {
      if (!reachable()) throw new Error('Redis is unreachable');
      return log.filter((delta) => delta.revision > revision).slice(0, limit);
    },
    loadRoom: async () => stored(),
    diverged: (roomId) => diverged.push(roomId),
    emit: (delta, before) => {
      expect(before.revision).toBe(delta.revision - 1);
      emitted.push(delta.revision);
    },
    advanced: (state) => advanced.push(state.revision),
    onError: (error) => errors.push(error),
  });
  return { feed, emitted, advanced, errors, diverged };
}

const announce = (feed: RoomFeed, delta: RoomDelta) => feed.receive(JSON.stringify(delta));

describe('RoomFeed', () => {
  it('[RF1] passes announcements on in revision order, once each, and ignores rooms it does not follow', async () => {
    const { start, log } = panelAt(3);
    const { feed, emitted, advanced } = feedOver(log);
    announce(feed, log[0]!);
    expect(emitted).toEqual([]);
    feed.follow(start);
    for (const delta of log) announce(feed, delta);
    announce(feed, log[1]!);
    await feed.catchUpAll();
    expect(emitted).toEqual([1, 2, 3]);
    expect(advanced).toEqual([1, 2, 3]);
    expect(feed.position('panel-1')?.revision).toBe(3);
  });

  it('[RF2] an announcement after a gap is held back until the missing deltas are read from the log', async () => {
    const { start, log } = panelAt(6);
    const { feed, emitted } = feedOver(log);
    feed.follow(start);
    announce(feed, log[0]!);
    announce(feed, log[4]!);
    announce(feed, log[5]!);
    await feed.catchUpAll();
    expect(emitted).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('[RF4] a delta announced while the room was being read is found in the log when following starts', async () => {
    const { start, log } = panelAt(2);
    const { feed, emitted } = feedOver(log);
    announce(feed, log[0]!);
    feed.follow(start);
    announce(feed, log[1]!);
    await feed.catchUpAll();
    expect(emitted).toEqual([1, 2]);
  });

  it('[RF3] a catch-up that fails while Redis is away is retried, and nothing is emitted twice', async () => {
    const { start, log } = panelAt(4);
    let up = false;
    const { feed, emitted, errors } = feedOver(log, () => up);
    feed.follow(start);
    announce(feed, log[2]!);
    await feed.catchUpAll();
    expect(emitted).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
    up = true;
    await feed.retryBehind();
    announce(feed, log[3]!);
    expect(emitted).toEqual([1, 2, 3, 4]);
  });

  it('[RF5] after a failover lost deltas it had announced, the room starts again from the stored state and its clients are told', async () => {
    const { start, log } = panelAt(3);
    // The old primary announced revisions 1-3; the new primary kept only 1, then committed its own 2.
    const kept = log.slice(0, 1);
    const other = nextDelta(
      initialRooms(astanaAgenda()).find((room) => room.roomId === 'panel-1')!,
      [{ type: 'message.sent', message: { id: 'm1', text: 'message 1', sentAtMs: T0 + 1 } }],
      T0 + 1,
    );
    const theirs = nextDelta(other.next, [{ type: 'room.opened' }], T0 + 5);
    const storeLog = [...log];
    const { feed, emitted, advanced, diverged } = feedOver(storeLog, () => true, () => theirs.next);
    feed.follow(start);
    for (const delta of log) announce(feed, delta);
    await feed.catchUpAll();
    expect(emitted).toEqual([1, 2, 3]);

    storeLog.splice(0, storeLog.length, ...kept, theirs.delta);
    await feed.verifyAll();
    expect(diverged).toEqual(['panel-1']);
    expect(feed.position('panel-1')).toEqual(theirs.next);
    expect(advanced.at(-1)).toBe(2);

    // A history that is the store's is left alone.
    await feed.verifyAll();
    expect(diverged).toEqual(['panel-1']);
  });

  it('[RF6] a check that fails while the store is unreachable is made again before the next announcement extends the room', async () => {
    const { start, log } = panelAt(2);
    let up = true;
    const theirs = nextDelta(start, [{ type: 'room.opened' }], T0 + 5);
    const storeLog = [...log];
    const { feed, emitted, diverged, errors } = feedOver(storeLog, () => up, () => theirs.next);
    feed.follow(start);
    for (const delta of log) announce(feed, delta);
    await feed.catchUpAll();
    expect(emitted).toEqual([1, 2]);

    // The old primary's revision 2 is gone, and the new one has another revision 1.
    storeLog.splice(0, storeLog.length, theirs.delta);
    up = false;
    await feed.verifyAll();
    expect(errors.length).toBeGreaterThan(0);
    expect(diverged).toEqual([]);
    up = true;
    const next = nextDelta(theirs.next, [{ type: 'room.closed' }], T0 + 6);
    storeLog.push(next.delta);
    announce(feed, next.delta);
    await feed.catchUpAll();
    // Started again from the store's revision 1 (its clients told), then the new revision 2 follows it.
    expect(diverged).toEqual(['panel-1']);
    expect(emitted).toEqual([1, 2, 2]);
    expect(feed.position('panel-1')).toEqual(next.next);
  });
});
