import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/domain/context.ts';
import { LiveRooms } from '../../server/live/live-rooms.ts';
import type { Publisher } from '../../server/live/publisher.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import type { CommitOutcome } from '../../server/store/store.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { astanaAgenda, initialRooms, T0 } from '../store/fixtures.ts';

const agenda = astanaAgenda();
const room = agenda.rooms.find((r) => r.id === 'panel-1')!;
const ROOM_ID = room.id;

/** The real SQLite store, where the first write of a chosen revision fails inside its own savepoint, as a full disk would. */
class FailingStore extends SqliteStore {
  readonly failing = new Set<number>();

  override commitRoom(delta: RoomDelta, next: RoomState): Promise<CommitOutcome> {
    if (!this.failing.delete(delta.revision)) return super.commitRoom(delta, next);
    return this.committer.run((): CommitOutcome => {
      throw new Error(`disk full at revision ${delta.revision}`);
    });
  }
}

/** What the live rooms publish, in the order they publish it. */
function recordingPublisher(): Publisher & { deltas: RoomDelta[] } {
  const deltas: RoomDelta[] = [];
  return {
    deltas,
    delta: (delta) => void deltas.push(delta),
    pollResults: () => undefined,
    questionVotes: () => undefined,
    presence: () => undefined,
    speakerMessages: () => undefined,
  };
}

let dir: string;
let store: FailingStore;
let publisher: ReturnType<typeof recordingPublisher>;
let live: LiveRooms;
let ids = 0;

const moderator: Actor = { personId: 'moderator-1', role: 'moderator', name: 'Aigerim Sadykova', organisation: null, country: 'Kazakhstan' };
const audience = (n: number): Actor => ({ personId: `audience-${n}`, role: 'audience', name: `Guest ${n}`, organisation: null, country: null });
const context = (actor: Actor) => ({ actor, room, newId: (prefix: string) => `${prefix}${++ids}` });
const now = () => T0;

function ask(n: number) {
  return live.run(ROOM_ID, 'qa.ask', { text: `Question number ${n} from the hall?`, anonymous: false }, context(audience(n)), now);
}

function revisionsOf(deltas: RoomDelta[]): number[] {
  return deltas.map((delta) => delta.revision);
}

function contiguous(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-live-'));
  store = new FailingStore(path.join(dir, 'plenary.db'));
  await store.saveEvent(agenda, initialRooms(agenda), T0);
  publisher = recordingPublisher();
  live = new LiveRooms(store, publisher);
  const opened = await live.run(ROOM_ID, 'room.open', {}, context(moderator), now);
  expect(opened.ok).toBe(true);
  publisher.deltas.length = 0;
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('LiveRooms: a room’s commands are decided in order and committed without waiting for one another', () => {
  it('[LR1] a surge of questions is decided on the newest state, shares commits, and is published in revision order', async () => {
    const start = (await live.state(ROOM_ID))!.revision;
    const commitsBefore = store.committer.stats.commits;

    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, n) => ask(n)));

    // Decided in arrival order: the n-th question got the n-th revision.
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.value.revision : outcome.error.code))).toEqual(contiguous(start + 1, 40));
    // Waiting for each commit before deciding the next would take 40 commits.
    expect(store.committer.stats.commits - commitsBefore).toBeLessThan(40);
    expect(revisionsOf(publisher.deltas)).toEqual(contiguous(start + 1, 40));
    const stored = await store.loadRoom(ROOM_ID);
    const texts = stored!.questions.map((question) => question.text);
    expect(new Set(texts)).toEqual(new Set(Array.from({ length: 40 }, (_, n) => `Question number ${n} from the hall?`)));
    expect(texts).toHaveLength(40);
    expect(await live.state(ROOM_ID)).toEqual(stored);
  });

  it('[LR2] a failed commit fails its own command alone; those decided after it are decided again, none published twice', async () => {
    const start = (await live.state(ROOM_ID))!.revision;
    store.failing.add(start + 3);

    const settled = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => ask(n)));

    expect(settled[2]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/disk full/) } });
    const revisions = settled.flatMap((outcome, n): Array<number | string> =>
      n === 2 ? [] : outcome.status === 'fulfilled' && outcome.value.ok ? [outcome.value.value.revision] : ['failed'],
    );
    expect([...revisions].sort((a, b) => Number(a) - Number(b))).toEqual(contiguous(start + 1, 9));
    expect(revisionsOf(publisher.deltas)).toEqual(contiguous(start + 1, 9));
    const stored = await store.loadRoom(ROOM_ID);
    expect(stored!.revision).toBe(start + 9);
    expect(stored!.questions.map((question) => question.text)).not.toContain('Question number 2 from the hall?');
    expect(stored!.questions).toHaveLength(9);
    expect(await live.state(ROOM_ID)).toEqual(stored);

    // The room goes on as if the failed command had never been sent.
    const after = await ask(99);
    expect(after.ok && after.value.revision).toBe(start + 10);
  });

  it('[LR3] a refusal decided on a state whose commit then fails is decided again on what the store holds', async () => {
    const start = (await live.state(ROOM_ID))!.revision;
    store.failing.add(start + 1);

    const [closing, asking] = await Promise.allSettled([live.run(ROOM_ID, 'room.close', {}, context(moderator), now), ask(1)]);

    // The close never happened, so the question asked "after" it was asked in an open room.
    expect(closing.status).toBe('rejected');
    expect(asking).toMatchObject({ status: 'fulfilled', value: { ok: true, value: { revision: start + 1 } } });
    const stored = await store.loadRoom(ROOM_ID);
    expect(stored!.open).toBe(true);
    expect(stored!.questions).toHaveLength(1);
  });

  it('[LR4] a refusal decided on a state that does commit stands', async () => {
    const [closing, asking] = await Promise.all([live.run(ROOM_ID, 'room.close', {}, context(moderator), now), ask(1)]);

    expect(closing.ok).toBe(true);
    expect(asking).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await store.loadRoom(ROOM_ID))!.questions).toHaveLength(0);
  });
});

describe('LiveRooms with other processes writing the same rooms', () => {
  it('[LR5] a process never commits a state built on its own uncommitted command over another process’s commit of the same revision', async () => {
    // Two processes on one store: the revision check is all that tells their commits apart.
    const shared = (rooms: () => LiveRooms) => ({
      storedRevision: async (roomId: string) => (await store.loadRoom(roomId))?.revision ?? null,
      loaded: () => rooms(),
    });
    const processA: LiveRooms = new LiveRooms(store, recordingPublisher(), shared(() => processA));
    const processB: LiveRooms = new LiveRooms(store, recordingPublisher(), shared(() => processB));
    await processA.state(ROOM_ID);
    await processB.state(ROOM_ID);
    const askOn = (rooms: LiveRooms, n: number) =>
      rooms.run(ROOM_ID, 'qa.ask', { text: `Question number ${n} from the hall?`, anonymous: false }, context(audience(n)), now);

    // A's commit reaches the store first; B's two questions come right behind it.
    const outcomes = await Promise.all([askOn(processA, 1), askOn(processB, 2), askOn(processB, 3)]);

    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const stored = await store.loadRoom(ROOM_ID);
    expect(new Set(stored!.questions.map((question) => question.text))).toEqual(
      new Set([1, 2, 3].map((n) => `Question number ${n} from the hall?`)),
    );
  });
});
