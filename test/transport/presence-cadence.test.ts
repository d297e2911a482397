import { describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol/ack.ts';
import type { PresenceCounts, RoomSnapshot } from '../../shared/protocol/snapshot.ts';
import { ok, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';

/*
 * A large room's presence alone goes out at most once per PLENARY_PRESENCE_INTERVAL_MS
 * (server/live/push-scheduler.ts, SlowKeys); here a room counts as large from five people, so a
 * burst of concurrent joins and leaves is pushed at the slow cadence. Whatever arrives when,
 * every member must end up holding the room's exact counts.
 */
const ROOM_ID = 'panel-1';
const LARGE_ROOM = 5;
const INTERVAL_MS = 400;

type Member = { socket: ClientSocket; held: PresenceCounts | null; pushes: number };

async function member(plenary: TestServer, name: string): Promise<Member> {
  const { socket } = await plenary.person({ code: 'ACSH23', name });
  const m: Member = { socket, held: null, pushes: 0 };
  // Pushes that arrive before the snapshot are applied and then overwritten by it, as the client does.
  socket.on('presence.counts', (counts) => {
    m.held = counts;
    m.pushes += 1;
  });
  return m;
}

/**
 * The snapshot's counts are taken in the acknowledgement's callback, not after an await: a push
 * read after the snapshot can arrive in the same network read as the acknowledgement, and its
 * handler then runs before an await's continuation would.
 */
function join(m: Member): Promise<void> {
  return new Promise((resolve, reject) => {
    (m.socket.emit as (event: string, payload: unknown, ack: (response: Ack<RoomSnapshot>) => void) => void)('room.join', { roomId: ROOM_ID }, (ack) => {
      if (!ack.ok) return reject(new Error(`room.join refused: ${ack.error.code}`));
      m.held = ack.presence;
      resolve();
    });
  });
}

describe('presence.counts in a large room: slower, and still exact', () => {
  it('[PC1] after a burst of concurrent joins and leaves, every member holds the exact counts', async () => {
    const plenary = await startPlenary({ PLENARY_PRESENCE_LARGE_ROOM: String(LARGE_ROOM), PLENARY_PRESENCE_INTERVAL_MS: String(INTERVAL_MS) });
    const first = await Promise.all(Array.from({ length: 24 }, (_, n) => member(plenary, `Early ${n}`)));
    await Promise.all(first.map(join));
    const second = await Promise.all(Array.from({ length: 16 }, (_, n) => member(plenary, `Late ${n}`)));
    const leaving = first.slice(0, 10);
    // Joins and leaves at the same time, some leaving by closing the connection, some by room.leave.
    await Promise.all([
      ...second.map(join),
      ...leaving.map((m, i) => (i % 2 === 0 ? Promise.resolve(void m.socket.disconnect()) : ok(m.socket, 'room.leave', {}).then(() => undefined))),
    ]);
    const staying = [...first.slice(10), ...second];
    const exact = staying.length;
    await expect.poll(() => plenary.runtime.presence.counts(ROOM_ID).then((c) => c.total), { timeout: 5_000 }).toBe(exact);
    const counts = await plenary.runtime.presence.counts(ROOM_ID);
    await expect.poll(() => staying.filter((m) => m.held?.total !== exact).length, { timeout: 3 * INTERVAL_MS + 2_000 }).toBe(0);
    for (const m of staying) expect(m.held).toEqual(counts);
  });

  it('[PC2] a burst into a large room costs fewer presence pushes than one into a small room', async () => {
    const burst = async (largeRoom: number): Promise<number> => {
      const plenary = await startPlenary({ PLENARY_PRESENCE_LARGE_ROOM: String(largeRoom), PLENARY_PRESENCE_INTERVAL_MS: '2000' });
      const watcher = await member(plenary, 'Watcher');
      await join(watcher);
      const members = await Promise.all(Array.from({ length: 30 }, (_, n) => member(plenary, `Member ${n}`)));
      // Joins spread over about a second, as in a burst: each a few milliseconds after the last.
      for (const m of members) {
        void join(m);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      await expect.poll(() => watcher.held?.total, { timeout: 5_000 }).toBe(31);
      await plenary.close();
      return watcher.pushes;
    };
    const small = await burst(1_000);
    const large = await burst(1);
    // Within two seconds the large room's presence went out once or twice, the small room's at
    // the storm's cadence (a few a second at the tests' 50 ms interval).
    expect(large).toBeLessThanOrEqual(2);
    expect(small).toBeGreaterThan(large);
  });
});
