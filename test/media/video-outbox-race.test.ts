import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Turn } from '../../shared/model/floor.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import { seededRandom } from '../../bench/stats.ts';
import { createLogger } from '../../server/logger.ts';
import { floorCallsOf } from '../../server/media/floor-permissions.ts';
import { VIDEO_OUTBOX, VideoOutbox } from '../../server/media/video-outbox.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { T0, astanaAgenda, initialRooms, nextDelta } from '../store/fixtures.ts';

/*
 * The outbox under a seeded schedule: floor changes are committed while LiveKit fails at random,
 * calls take a random number of turns, sweeps run, and the process "crashes" (its store is
 * dropped mid-work and a new process opens the same file). At the end, LiveKit recovers and the
 * outbox drains. One invariant: the last permission LiveKit applied for each person is the one
 * the final floor gives them — the holder may publish, everyone who held it before may not.
 */

const ROOM_ID = 'panel-1';
const PEOPLE = ['u_aziz', 'u_dilnoza', 'u_farrukh'];
const logger = createLogger('silent');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const turnOf = (personId: string, atMs: number): Turn => ({
  requestId: `rq_${atMs}`,
  speaker: { personId, name: personId, organisation: null, country: null },
  kind: 'contribution',
  allottedMs: 180_000,
  startedAtMs: atMs,
});

/** What the chair does next: give the floor to someone (ending the current turn first), or end the turn. */
function floorChange(state: RoomState, random: () => number, atMs: number): RoomEvent[] {
  const events: RoomEvent[] = [];
  const current = state.floor.current;
  if (current) events.push({ type: 'floor.turnEnded', finished: { ...current, endedAtMs: atMs, spokenMs: 1 } });
  if (!current || random() < 0.7) events.push({ type: 'floor.turnStarted', turn: turnOf(PEOPLE[Math.floor(random() * PEOPLE.length)]!, atMs) });
  return events;
}

const turns = async (count: number) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
};

type Process = { store: SqliteStore; outbox: VideoOutbox; alive: boolean };

async function runSchedule(seed: number): Promise<{ lastApplied: Map<string, string>; holder: string | null }> {
  const random = seededRandom(seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-outbox-race-'));
  dirs.push(dir);
  const file = path.join(dir, 'plenary.db');
  const lastApplied = new Map<string, string>();
  let liveKitUp = true;

  const start = async (): Promise<Process> => {
    const store = new SqliteStore(file);
    await store.init();
    const process: Process = { store, alive: true, outbox: null as unknown as VideoOutbox };
    process.outbox = new VideoOutbox(store, logger, {
      plan: floorCallsOf,
      roomIds: async () => [ROOM_ID],
      apply: async (_roomId, call, proceed) => {
        await turns(Math.floor(random() * 3));
        if (!process.alive || !(await proceed())) return 'superseded';
        if (!liveKitUp) return 'failed';
        lastApplied.set(call.personId, call.change);
        await turns(Math.floor(random() * 3));
        return 'applied';
      },
    });
    return process;
  };

  const agenda = astanaAgenda();
  let process = await start();
  await process.store.saveEvent(agenda, initialRooms(agenda), T0);
  let state = (await process.store.loadRoom(ROOM_ID))!;

  for (let step = 0; step < 40; step++) {
    const roll = random();
    if (roll < 0.45) {
      const { delta, next } = nextDelta(state, floorChange(state, random, T0 + step), T0 + step);
      expect(await process.store.commitRoom(delta, next)).toBe('committed');
      state = next;
      process.outbox.kick(ROOM_ID);
    } else if (roll < 0.6) {
      liveKitUp = !liveKitUp;
    } else if (roll < 0.7) {
      void process.outbox.sweep();
    } else if (roll < 0.8) {
      // A crash: the process stops between any two steps of its work, and a new one opens the file.
      process.alive = false;
      const dead = process;
      process = await start();
      await dead.store.close().catch(() => undefined);
      void process.outbox.sweep();
    }
    await turns(Math.floor(random() * 4));
  }

  liveKitUp = true;
  for (let i = 0; i < 50 && (await process.store.outboxCursor(VIDEO_OUTBOX, ROOM_ID)).revision < state.revision; i++) {
    await process.outbox.sweep();
    await process.outbox.settled();
  }
  expect((await process.store.outboxCursor(VIDEO_OUTBOX, ROOM_ID)).revision, 'the outbox drained').toBe(state.revision);
  await process.store.close();
  return { lastApplied, holder: state.floor.current?.speaker.personId ?? null };
}

function wrongPermissions({ lastApplied, holder }: { lastApplied: Map<string, string>; holder: string | null }): string[] {
  const wrong = [...lastApplied].filter(([personId, change]) => change !== (personId === holder ? 'grant' : 'revoke')).map(([personId, change]) => `${personId}: ${change}`);
  if (holder && lastApplied.get(holder) !== 'grant') wrong.push(`${holder} holds the floor without a grant`);
  return wrong;
}

describe('the video outbox under seeded failures, delays and crashes', () => {
  it('thirty seeded schedules end with LiveKit permissions equal to the final floor', async () => {
    const failing: string[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      const wrong = wrongPermissions(await runSchedule(seed));
      if (wrong.length > 0) failing.push(`seed ${seed}: ${wrong.join(', ')}`);
    }
    expect(failing).toEqual([]);
  }, 60_000);
});
