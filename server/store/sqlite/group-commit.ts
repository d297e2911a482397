import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../failures.ts';
import { BEGIN_IMMEDIATE, COMMIT, RELEASE_WRITE, ROLLBACK, ROLLBACK_TO_WRITE, SAVEPOINT_WRITE } from './schema.ts';

/** A write: synchronous statements on the connection. Its return value resolves its promise. */
export type Write<T> = (db: Database.Database) => T;

type Queued = {
  work: Write<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/** Writes closer together than this are a stream (a vote storm), not one-offs. */
const STREAM_GAP_MS = 50;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export type GroupCommitStats = {
  /** Transactions committed. */
  commits: number;
  /** Writes whose transaction committed (including ones that threw and were rolled back alone). */
  writes: number;
  /** Writes that threw and were rolled back to their savepoint. */
  failedWrites: number;
  /** Batches lost whole: BEGIN or COMMIT failed, or SQLite aborted the transaction. */
  failedBatches: number;
  largestBatch: number;
};

export type GroupCommitOptions = {
  maxBatch?: number;
  /**
   * While writes keep coming (a vote storm), a commit starts at most this often, so the writes
   * of the window share one fsync. A write after a quiet spell commits on the next turn.
   */
  windowMs?: number;
};

/**
 * Group commit. With synchronous=FULL every COMMIT waits for an fsync, and a commit of one
 * write costs about 370 µs of CPU against 50 µs a write in a commit of 30 (docs/performance.md);
 * sharing one transaction among the writes of a window pays that once per batch, not per vote.
 * Each write runs in its own savepoint, so a write that throws undoes only itself, and every
 * promise settles only after COMMIT returned: a resolved write is durable.
 */
export class GroupCommitter {
  readonly stats: GroupCommitStats = { commits: 0, writes: 0, failedWrites: 0, failedBatches: 0, largestBatch: 0 };
  readonly #db: Database.Database;
  readonly #maxBatch: number;
  readonly #windowMs: number;
  #lastCommitStartedMs = Number.NEGATIVE_INFINITY;
  readonly #queue: Queued[] = [];
  #scheduled = false;
  #closed = false;
  readonly #sql: {
    begin: Database.Statement;
    commit: Database.Statement;
    rollback: Database.Statement;
    savepoint: Database.Statement;
    release: Database.Statement;
    rollbackTo: Database.Statement;
  };

  constructor(db: Database.Database, options: GroupCommitOptions = {}) {
    this.#db = db;
    this.#maxBatch = options.maxBatch ?? 1000;
    this.#windowMs = options.windowMs ?? 10;
    if (!Number.isInteger(this.#maxBatch) || this.#maxBatch < 1) throw new RangeError('maxBatch must be a positive integer');
    if (!(this.#windowMs >= 0)) throw new RangeError('windowMs must be zero or more');
    this.#sql = {
      begin: db.prepare(BEGIN_IMMEDIATE),
      commit: db.prepare(COMMIT),
      rollback: db.prepare(ROLLBACK),
      savepoint: db.prepare(SAVEPOINT_WRITE),
      release: db.prepare(RELEASE_WRITE),
      rollbackTo: db.prepare(ROLLBACK_TO_WRITE),
    };
  }

  /** Queues a write for the next batch; resolves with its result once the batch has committed. */
  run<T>(work: Write<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreUnavailableError('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  /** Number of writes waiting for a batch. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Refuses new writes and commits those already queued, so nothing accepted is dropped. */
  close(): void {
    this.#closed = true;
    while (this.#queue.length > 0) this.#flushBatch();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate, not a microtask: writes issued by every socket handler in this turn of
    // the event loop join the batch, including those that awaited something first.
    const flush = () => {
      this.#scheduled = false;
      this.#lastCommitStartedMs = performance.now();
      this.#flushBatch();
      if (this.#queue.length > 0) this.#schedule();
    };
    const sinceLast = performance.now() - this.#lastCommitStartedMs;
    const wait = sinceLast < STREAM_GAP_MS ? this.#windowMs - sinceLast : 0;
    if (wait >= 1) setTimeout(flush, wait);
    else setImmediate(flush);
  }

  #flushBatch(): void {
    const batch = this.#queue.splice(0, this.#maxBatch);
    if (batch.length === 0) return;

    let outcomes: Outcome[];
    try {
      outcomes = this.#commitBatch(batch);
    } catch (error) {
      this.#abandonTransaction();
      this.stats.failedBatches += 1;
      for (const queued of batch) queued.reject(error);
      return;
    }

    this.stats.commits += 1;
    this.stats.writes += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    for (const [index, queued] of batch.entries()) {
      const outcome = outcomes[index]!;
      if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcome.error);
    }
  }

  /** Runs the batch in one transaction; throws if the batch as a whole did not commit. */
  #commitBatch(batch: readonly Queued[]): Outcome[] {
    this.#sql.begin.run();
    const outcomes = batch.map((queued) => {
      const outcome = this.#runInSavepoint(queued.work);
      // SQLite rolls the whole transaction back on some errors (I/O, disk full): then the
      // writes before this one are gone too, and none of the batch may be acknowledged.
      if (!this.#db.inTransaction) {
        const cause = outcome.ok ? undefined : outcome.error;
        throw new StoreUnavailableError('the transaction was aborted; no write of this batch was kept', { cause });
      }
      return outcome;
    });
    this.#sql.commit.run();
    return outcomes;
  }

  #runInSavepoint(work: Write<unknown>): Outcome {
    this.#sql.savepoint.run();
    try {
      const value = work(this.#db);
      if (isThenable(value)) throw new TypeError('a group-committed write must be synchronous');
      this.#sql.release.run();
      return { ok: true, value };
    } catch (error) {
      this.stats.failedWrites += 1;
      if (this.#db.inTransaction) {
        this.#sql.rollbackTo.run();
        this.#sql.release.run();
      }
      return { ok: false, error };
    }
  }

  #abandonTransaction(): void {
    if (!this.#db.inTransaction) return;
    try {
      this.#sql.rollback.run();
    } catch {
      // The connection already lost the transaction; nothing left to undo.
    }
  }
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
