import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/domain/context.ts';
import { LiveRooms } from '../../server/live/live-rooms.ts';
import type { Publisher } from '../../server/live/publisher.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import type { CommandReceipt, CommitOutcome } from '../../server/store/store.ts';
import { seededRandom } from '../../bench/stats.ts';
import { COMMAND_RETRY_WINDOW_MS } from '../../shared/protocol/command-id.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { astanaAgenda, initialRooms, T0 } from '../store/fixtures.ts';

const agenda = astanaAgenda();
const room = agenda.rooms.find((r) => r.id === 'panel-1')!;
const ROOM_ID = room.id;

/** The real SQLite store, where the first write of a chosen revision fails inside its own savepoint, as a full disk would. */
class FailingStore extends SqliteStore {
  readonly failing = new Set<number>();

  override commitRoom(delta: RoomDelta, next: RoomState, receipt?: CommandReceipt): Promise<CommitOutcome> {
    if (!this.failing.delete(delta.revision)) return super.commitRoom(delta, next, receipt);
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
    agendaChanged: () => undefined,
    hallChanged: () => undefined,
    quizBoard: () => undefined,
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

describe('LiveRooms: a command sent with a commandId applies once', () => {
  const askWithId = (rooms: LiveRooms, n: number, commandId: string, at = now) =>
    rooms.run(ROOM_ID, 'qa.ask', { text: `Question number ${n} from the hall?`, anonymous: false }, context(audience(n)), at, commandId);
  const questionsIn = async () => (await store.loadRoom(ROOM_ID))!.questions.map((question) => question.text);

  it('[LR6] copies at once and one after the other get the first outcome; the question is asked once', async () => {
    const together = await Promise.all([askWithId(live, 1, 'ask-one-0001'), askWithId(live, 1, 'ask-one-0001')]);
    const later = await askWithId(live, 1, 'ask-one-0001');
    expect(together[0]).toMatchObject({ ok: true });
    expect(together[1]).toEqual(together[0]);
    expect(later).toEqual(together[0]);
    expect(await questionsIn()).toEqual(['Question number 1 from the hall?']);
    expect(publisher.deltas).toHaveLength(1);
  });

  it('[LR7] once the window has passed, the same id is a new command', async () => {
    const first = await askWithId(live, 1, 'ask-two-0001', () => T0);
    const inWindow = await askWithId(live, 1, 'ask-two-0001', () => T0 + COMMAND_RETRY_WINDOW_MS - 1);
    const after = await askWithId(live, 1, 'ask-two-0001', () => T0 + COMMAND_RETRY_WINDOW_MS);
    expect(inWindow).toEqual(first);
    expect(after).toMatchObject({ ok: true });
    expect(after).not.toEqual(first);
    expect(await questionsIn()).toHaveLength(2);
  });

  it('[LR8] a commit that failed keeps no receipt: the retry applies, once', async () => {
    const start = (await live.state(ROOM_ID))!.revision;
    store.failing.add(start + 1);
    await expect(askWithId(live, 1, 'ask-three-01')).rejects.toThrow(/disk full/);
    const retried = await askWithId(live, 1, 'ask-three-01');
    expect(retried).toMatchObject({ ok: true, value: { revision: start + 1 } });
    expect(await askWithId(live, 1, 'ask-three-01')).toEqual(retried);
    expect(await questionsIn()).toHaveLength(1);
  });

  /** Two processes on one store, as in LR5. */
  function twoProcesses(): [LiveRooms, LiveRooms] {
    const shared = (rooms: () => LiveRooms) => ({
      storedRevision: async (roomId: string) => (await store.loadRoom(roomId))?.revision ?? null,
      loaded: () => rooms(),
    });
    const processA: LiveRooms = new LiveRooms(store, recordingPublisher(), shared(() => processA));
    const processB: LiveRooms = new LiveRooms(store, recordingPublisher(), shared(() => processB));
    return [processA, processB];
  }

  it('[LR9] copies on two processes at once: the second is caught by the store and answered from the receipt', async () => {
    const [processA, processB] = twoProcesses();
    await processA.state(ROOM_ID);
    await processB.state(ROOM_ID);
    const [onA, onB] = await Promise.all([askWithId(processA, 1, 'ask-four-001'), askWithId(processB, 1, 'ask-four-001')]);
    expect(onA).toMatchObject({ ok: true });
    expect(onB).toEqual(onA);
    expect(await questionsIn()).toHaveLength(1);
  });

  /**
   * Seeded interleavings: people ask, copies of each command reach either process at random
   * moments, some commits fail (a full disk), and whoever got no answer sends again with the
   * same id until one comes. Invariant: every command applied exactly once, and every answer
   * to one id is the same.
   */
  async function retryStorm(seed: number): Promise<void> {
    const random = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const processes = twoProcesses();
    const commands = Array.from({ length: 6 }, (_, i) => ({ n: seed * 100 + i, commandId: `storm-${seed}-${i}` }));
    const copies = commands.flatMap((command) => Array.from({ length: 1 + Math.floor(random() * 3) }, () => command));
    const answers = new Map<string, unknown[]>();
    const answer = (commandId: string, outcome: PromiseSettledResult<unknown>) => {
      if (outcome.status === 'fulfilled') answers.set(commandId, [...(answers.get(commandId) ?? []), outcome.value]);
    };

    while (copies.length > 0) {
      const revision = (await store.loadRoom(ROOM_ID))!.revision;
      if (random() < 0.4) store.failing.add(revision + 1 + Math.floor(random() * 3));
      const batch = copies.splice(0, 1 + Math.floor(random() * copies.length)).sort(() => random() - 0.5);
      const settled = await Promise.allSettled(batch.map(({ n, commandId }) => askWithId(pick(processes), n, commandId)));
      batch.forEach(({ commandId }, i) => answer(commandId, settled[i]!));
    }
    store.failing.clear();
    for (const { n, commandId } of commands) {
      if (!answers.has(commandId)) answer(commandId, { status: 'fulfilled', value: await askWithId(pick(processes), n, commandId) });
    }

    const texts = await questionsIn();
    for (const { n, commandId } of commands) {
      expect(texts.filter((text) => text === `Question number ${n} from the hall?`), `seed ${seed}: ${commandId}`).toHaveLength(1);
      const [first, ...rest] = answers.get(commandId)!;
      expect(first).toMatchObject({ ok: true });
      for (const other of rest) expect(other, `seed ${seed}: ${commandId}`).toEqual(first);
    }
  }

  it('[LR10] seeded retry storms on two processes: each command applied once, one answer per id', async () => {
    for (let seed = 1; seed <= 25; seed++) await retryStorm(seed);
  });
});
