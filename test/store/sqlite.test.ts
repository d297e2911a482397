import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../server/store/failures.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../server/store/sqlite/schema.ts';
import { SqliteStore, type SqliteStoreOptions } from '../../server/store/sqlite/sqlite-store.ts';
import { runStoreContract } from './contract.ts';
import { T0, astanaAgenda, initialRooms, nextDelta, person, singleVote, workshopAgenda } from './fixtures.ts';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-sqlite-'));
}

runStoreContract('sqlite', async () => {
  const dir = tempDir();
  const store = new SqliteStore(path.join(dir, 'plenary.db'));
  await store.init();
  return {
    store,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteStore', () => {
  let dir: string;
  let file: string;
  const opened: SqliteStore[] = [];

  function open(options?: SqliteStoreOptions): SqliteStore {
    const store = new SqliteStore(file, options);
    opened.push(store);
    return store;
  }

  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, 'plenary.db');
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('[SQ1] runs in WAL mode with synchronous FULL, foreign keys on, at the current schema version', () => {
    const store = open();
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // 2 = FULL: a commit is fsynced before it returns, so an acknowledged write survives power loss.
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('[SQ2] writes issued in the same tick share one transaction', async () => {
    const store = open();
    const before = store.committer.stats.commits;
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => store.castBallot(singleVote(`v${i}`, 'o1'))));

    expect(outcomes.every((outcome) => outcome === 'counted')).toBe(true);
    expect(store.committer.stats.commits - before).toBe(1);
    expect(store.committer.stats.largestBatch).toBe(100);
    expect(await store.pollTally('poll-1')).toEqual({ voters: 100, counters: { o1: 100 } });
  });

  it('[SQ2b] a batch is capped; the remainder commits in the next one', async () => {
    const store = open({ maxBatch: 10 });
    const outcomes = await Promise.all(Array.from({ length: 25 }, (_, i) => store.castBallot(singleVote(`v${i}`, 'o1'))));

    expect(outcomes).toHaveLength(25);
    expect(store.committer.stats.commits).toBe(3);
    expect(store.committer.stats.largestBatch).toBe(10);
    expect((await store.pollTally('poll-1')).voters).toBe(25);
  });

  it('[SQ2c] while writes keep coming, they share commits a window apart; a write after a quiet spell does not wait for company', async () => {
    const store = open({ windowMs: 20 });
    // Forty writes a turn apart (a millisecond or so each): a stream, as in a vote storm.
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      writes.push(store.castBallot(singleVote(`v${i}`, 'o1')));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(writes);
    expect(store.committer.stats.writes).toBe(40);
    // Without the window each turn would commit alone (40 commits).
    expect(store.committer.stats.commits).toBeLessThanOrEqual(20);
    expect(store.committer.stats.largestBatch).toBeGreaterThan(1);

    await new Promise((resolve) => setTimeout(resolve, 80));
    const quiet = store.committer.stats.commits;
    let committed = false;
    const lone = store.castBallot(singleVote('late', 'o1')).then(() => (committed = true));
    // A quiet store commits on the next turn: before any timer of the window could fire.
    await new Promise((resolve) => setImmediate(resolve));
    expect(committed).toBe(true);
    await lone;
    expect(store.committer.stats.commits).toBe(quiet + 1);
  });

  it('[SQ3] a throwing write rejects alone, undoing its own statements, and the rest of its batch commits', async () => {
    const store = open();
    const agenda = astanaAgenda();
    await store.saveEvent(agenda, initialRooms(agenda), T0);
    const commitsBefore = store.committer.stats.commits;

    const before = store.castBallot(singleVote('v1', 'o1'));
    const throwing = store.committer.run((db) => {
      db.prepare(`INSERT INTO meta (name, value) VALUES ('half-done', 'x')`).run();
      throw new Error('the domain found a bug');
    });
    // A raw second event that reuses the audience code breaks the UNIQUE constraint.
    const duplicateCode = store.committer.run((db) => {
      db.prepare(`INSERT INTO events (id, audience_code, agenda, created_at_ms, updated_at_ms) VALUES ('copycat', 'MERIT23', '{}', 0, 0)`).run();
    });
    const after = store.castBallot(singleVote('v2', 'o2'));

    await expect(throwing).rejects.toThrow('the domain found a bug');
    await expect(duplicateCode).rejects.toThrow(/UNIQUE/);
    expect(await before).toBe('counted');
    expect(await after).toBe('counted');

    expect(store.committer.stats.commits - commitsBefore).toBe(1);
    expect(store.db.prepare(`SELECT count(*) AS n FROM meta WHERE name = 'half-done'`).get()).toEqual({ n: 0 });
    expect(await store.getEvent('copycat')).toBeNull();
    expect(await store.pollTally('poll-1')).toEqual({ voters: 2, counters: { o1: 1, o2: 1 } });
  });

  it('[SQ3b] a write that returns a promise is refused, since it would finish outside the transaction', async () => {
    const store = open();
    await expect(store.committer.run(async () => 'late')).rejects.toThrow(/synchronous/);
  });

  it('[SQ3c] when the COMMIT fails, every write of that batch rejects and none is kept', async () => {
    const store = open();
    const vote = store.castBallot(singleVote('v1', 'o1'));
    // A deferred foreign-key violation passes its savepoint and fails only at COMMIT.
    const orphan = store.committer.run((db) => {
      db.pragma('defer_foreign_keys = ON');
      db.prepare(`INSERT INTO invites (secret, event_id, role, room_id, created_at_ms) VALUES ('s', 'no-event', 'moderator', NULL, 0)`).run();
    });

    await expect(vote).rejects.toThrow(/FOREIGN KEY/);
    await expect(orphan).rejects.toThrow(/FOREIGN KEY/);
    expect(store.committer.stats.failedBatches).toBe(1);
    expect(store.db.inTransaction).toBe(false);
    expect(await store.pollTally('poll-1')).toEqual({ voters: 0, counters: {} });

    // The next batch starts clean.
    expect(await store.castBallot(singleVote('v1', 'o1'))).toBe('counted');
  });

  it('[SQ3d] when a write aborts the whole transaction, the batch rejects instead of acknowledging lost writes', async () => {
    const store = open();
    const vote = store.castBallot(singleVote('v1', 'o1'));
    const aborting = store.committer.run((db) => {
      db.exec('ROLLBACK');
    });

    await expect(vote).rejects.toThrow(/aborted/);
    await expect(aborting).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await store.pollTally('poll-1')).toEqual({ voters: 0, counters: {} });
    expect(await store.castBallot(singleVote('v1', 'o1'))).toBe('counted');
  });

  it('[SQ4] data survives close and reopen on the same file', async () => {
    const first = open();
    const agenda = astanaAgenda();
    await first.saveEvent(agenda, initialRooms(agenda), T0);
    const room = (await first.loadRoom('keynote-1'))!;
    const { delta, next } = nextDelta(room, [{ type: 'room.opened' }]);
    await first.commitRoom(delta, next);
    await first.castBallot(singleVote('v1', 'o2'));
    await first.setUpvote('keynote-1', 'q1', 'p1', true);
    await first.getOrCreateSecret('jwt', 'first-secret');
    await first.close();

    const second = open();
    await second.init();
    expect((await second.findEventByCode('MERIT23'))?.agenda).toEqual(agenda);
    expect(await second.loadRoom('keynote-1')).toEqual(next);
    expect(await second.deltasSince('keynote-1', 0, 10)).toEqual([delta]);
    expect(await second.pollTally('poll-1')).toEqual({ voters: 1, counters: { o2: 1 } });
    expect(await second.upvoteCounts('keynote-1')).toEqual({ q1: 1 });
    expect(await second.getOrCreateSecret('jwt', 'another')).toBe('first-secret');
  });

  it('[SQ5] close commits the writes already queued, then refuses new ones', async () => {
    const store = open();
    const queued = store.castBallot(singleVote('v1', 'o1'));
    await store.close();
    expect(await queued).toBe('counted');
    await expect(store.castBallot(singleVote('v2', 'o1'))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.ping()).rejects.toThrow();

    const reopened = open();
    expect((await reopened.pollTally('poll-1')).voters).toBe(1);
  });

  it('[SQ6b] people saved before connections were recorded count as connected, so an upgrade deletes nobody', async () => {
    const db = new Database(file);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    db.prepare(`INSERT INTO events (id, audience_code, agenda, created_at_ms, updated_at_ms) VALUES ('astana-2023', 'ACSH23', '{}', ?, ?)`).run(T0, T0);
    db.prepare(`INSERT INTO people (id, event_id, created_at_ms, person) VALUES ('p-old', 'astana-2023', ?, ?)`).run(T0, JSON.stringify(person('p-old')));
    db.close();
    const store = open();
    expect(await store.deleteUnconnectedPeople(T0 + 86_400_000, 10)).toBe(0);
    expect(await store.getPerson('p-old')).toEqual(person('p-old'));
  });

  it('[SQ5b] a first connection commits nothing on the way in; its mark is written within a second, by a sweep first, or at close', async () => {
    const store = open();
    await store.saveEvent(astanaAgenda(), [], T0);
    for (const id of ['p-a', 'p-b', 'p-never']) await store.savePerson(person(id, { role: 'audience', createdAtMs: T0 }));
    await store.savePerson(person('p-c', { role: 'audience', createdAtMs: T0 + 100 }));
    const connectedAt = (id: string) => store.db.prepare<[string], { connected_at_ms: number | null }>('SELECT connected_at_ms FROM people WHERE id = ?').get(id)?.connected_at_ms;
    const commits = store.committer.stats.commits;
    expect(await Promise.all(['p-a', 'p-b'].map((id) => store.connectPerson(id, T0 + 5)))).toEqual([person('p-a', { role: 'audience', createdAtMs: T0 }), person('p-b', { role: 'audience', createdAtMs: T0 })]);
    expect(store.committer.stats.commits).toBe(commits);
    expect(connectedAt('p-a')).toBeNull();
    // A sweep writes the pending marks in its own transaction before it deletes.
    expect(await store.deleteUnconnectedPeople(T0 + 1, 10)).toBe(1);
    expect([connectedAt('p-a'), connectedAt('p-b')]).toEqual([T0 + 5, T0 + 5]);
    expect(connectedAt('p-never')).toBeUndefined();
    // Without a sweep: within a second, in one commit.
    await store.connectPerson('p-c', T0 + 7);
    await expect.poll(() => connectedAt('p-c'), { timeout: 3_000 }).toBe(T0 + 7);
    // At close: written before the file closes.
    const reopenedPerson = person('p-d', { role: 'audience', createdAtMs: T0 });
    await store.savePerson(reopenedPerson);
    await store.connectPerson('p-d', T0 + 9);
    await store.close();
    const reopened = open();
    expect(await reopened.deleteUnconnectedPeople(T0 + 1, 10)).toBe(0);
    expect(await reopened.getPerson('p-d')).toEqual(reopenedPerson);
  });

  it('[SQ6] refuses a file written by a newer schema', () => {
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => open()).toThrow(/newer than this server/);
  });

  it('[SQ6b] an event saved before events counted their saves is at revision 0, and its next save makes 1', async () => {
    const agenda = astanaAgenda();
    const db = new Database(file);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    db.prepare(`INSERT INTO events (id, audience_code, agenda, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?)`).run(agenda.id, agenda.audienceCode, JSON.stringify(agenda), T0, T0);
    db.close();

    const store = open();
    expect(await store.getEvent('astana-2023')).toEqual({ agenda, revision: 0, createdAtMs: T0, updatedAtMs: T0 });
    expect(await store.saveEvent(agenda, [], T0 + 1, { revision: 0 })).toEqual({ outcome: 'saved', revision: 1 });
    // Its rooms are known from its agenda at once: no other event may name them.
    const poacher = workshopAgenda({ rooms: agenda.rooms });
    expect(await store.saveEvent(poacher, [], T0 + 2)).toEqual({ outcome: 'room_taken', roomId: 'keynote-1', eventId: 'astana-2023' });
  });

  it('[SQ6c] an event saved before halls is read with its locations as halls, and its next save stores them', async () => {
    const { halls: _halls, ...current } = astanaAgenda();
    const before = { ...current, rooms: current.rooms.map(({ hall: _hall, ...room }) => ({ ...room, location: 'Main Hall' })) };
    const db = new Database(file);
    for (const step of MIGRATIONS.slice(0, 6)) db.exec(step);
    db.pragma('user_version = 6');
    db.prepare(`INSERT INTO events (id, audience_code, agenda, revision, created_at_ms, updated_at_ms) VALUES (?, ?, ?, 3, ?, ?)`).run(before.id, before.audienceCode, JSON.stringify(before), T0, T0);
    db.close();

    const store = open();
    const read = await store.getEvent('astana-2023');
    expect(read?.agenda.halls).toEqual([{ id: 'main-hall', name: 'Main Hall' }]);
    expect(read?.agenda.rooms.map((room) => room.hall)).toEqual(['main-hall', 'main-hall']);
    expect(read?.agenda.rooms.some((room) => 'location' in room)).toBe(false);
    expect(await store.saveEvent(read!.agenda, [], T0 + 1, { revision: 3 })).toEqual({ outcome: 'saved', revision: 4 });
    const stored = new Database(file, { readonly: true });
    expect(JSON.parse((stored.prepare('SELECT agenda FROM events').get() as { agenda: string }).agenda)).toMatchObject({ halls: [{ id: 'main-hall' }] });
    stored.close();
  });

  it('[SQ7] creates the parent directory of a file path, and runs in memory too', async () => {
    file = path.join(dir, 'nested', 'deeper', 'plenary.db');
    const store = open();
    expect(fs.existsSync(file)).toBe(true);
    await store.close();

    const memory = new SqliteStore(':memory:');
    opened.push(memory);
    expect(await memory.castBallot(singleVote('v1', 'o1'))).toBe('counted');
    expect((await memory.pollTally('poll-1')).voters).toBe(1);
  });
});
