import type { RoomState } from '../../shared/model/room.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { applyRoomDelta } from '../../shared/room-reducer.ts';

/** How many deltas one read of the store's delta log returns while catching up. */
const CATCH_UP_BATCH = 500;

export type RoomFeedDeps = {
  /** The store's delta log: deltas after a revision, oldest first. */
  deltasSince(roomId: string, revision: number, limit: number): Promise<RoomDelta[]>;
  loadRoom(roomId: string): Promise<RoomState | null>;
  /** Sends a delta to this process's clients in the room; `before` is the state it applies to. */
  emit(delta: RoomDelta, before: RoomState): void;
  /** Told of each state the feed reaches, so the command path decides on it. */
  advanced(state: RoomState): void;
  /** The room's history here is not the store's (see verifyAll): this process's clients must start again from a snapshot. */
  diverged(roomId: string): void;
  onError(error: unknown, roomId: string): void;
};

/**
 * A room's deltas as this process's clients see them, gapless and in revision order,
 * whichever process committed them.
 *
 * The commit script publishes each delta in the same atomic step that commits it, so the
 * announcements leave Redis in revision order; one subscriber connection receives them in
 * that order. For each room the feed keeps the state at the last delta it emitted. A delta
 * that does not follow it (announcements lost while the subscriber was disconnected) is not
 * passed on: the missing ones are read from the store's delta log first, so clients receive
 * every revision once, in order. Path: client → process A → commit script (Redis) → PUBLISH →
 * feed on every process → that process's clients.
 */
export class RoomFeed {
  private readonly followed = new Map<string, RoomState>();
  /** Per room, the last delta emitted (JSON), to compare with the store's after a reconnection. */
  private readonly lastDelta = new Map<string, string>();
  /** Rooms to check against the store (verifyAll) before anything else extends them; kept until a check succeeds. */
  private readonly unverified = new Set<string>();
  /** Per room, the catch-up in progress; announcements that arrive meanwhile wait behind it. */
  private readonly pending = new Map<string, Promise<void>>();
  /** Rooms whose catch-up failed (the store was unreachable) and must be tried again. */
  private readonly behind = new Set<string>();

  constructor(private readonly deps: RoomFeedDeps) {}

  /**
   * Starts following a room from a state read from the store; a room already followed keeps its
   * place. Announcements of an unfollowed room are dropped, so one made while the state was being
   * read is looked for in the log at once.
   */
  follow(state: RoomState): void {
    if (this.followed.has(state.roomId)) return;
    this.followed.set(state.roomId, state);
    void this.catchUp(state.roomId);
  }

  /** The state at the last delta emitted to this process's clients. */
  position(roomId: string): RoomState | null {
    return this.followed.get(roomId) ?? null;
  }

  rooms(): string[] {
    return [...this.followed.keys()];
  }

  /** An announcement from the commit channel: one delta as JSON. */
  receive(message: string): void {
    let delta: RoomDelta;
    try {
      delta = JSON.parse(message) as RoomDelta;
    } catch (error) {
      this.deps.onError(error, 'unknown');
      return;
    }
    if (!this.followed.has(delta.roomId)) return;
    this.enqueue(delta.roomId, () => this.advance(delta));
  }

  /** Reads what every followed room missed, e.g. after the subscriber reconnected. */
  catchUpAll(): Promise<void> {
    return Promise.all(this.rooms().map((roomId) => this.catchUp(roomId))).then(() => undefined);
  }

  /**
   * After a reconnection, checks that each room's history here is the store's: after a Sentinel
   * failover, the deltas the old primary announced but never replicated are gone, and the new
   * primary may have committed other deltas under the same revisions. A room whose last delta
   * here is not the stored one of its revision starts again from the stored state.
   */
  verifyAll(): Promise<void> {
    for (const roomId of this.rooms()) this.unverified.add(roomId);
    return Promise.all(this.rooms().map((roomId) => this.enqueue(roomId, () => this.verify(roomId)))).then(() => undefined);
  }

  /** Retries the rooms whose last check or catch-up failed; called periodically. */
  retryBehind(): Promise<void> {
    return Promise.all([...this.behind].map((roomId) => this.catchUp(roomId))).then(() => undefined);
  }

  private catchUp(roomId: string): Promise<void> {
    return this.enqueue(roomId, () => (this.unverified.has(roomId) ? this.verify(roomId).then(() => this.readLog(roomId)) : this.readLog(roomId)));
  }

  /** Runs `step` after whatever the room is already waiting for; synchronously when nothing is. */
  private enqueue(roomId: string, step: () => void | Promise<void>): Promise<void> {
    const waiting = this.pending.get(roomId);
    if (!waiting) {
      const result = step();
      if (!result) return Promise.resolve();
      return this.track(roomId, result);
    }
    return this.track(roomId, waiting.then(step));
  }

  private track(roomId: string, work: Promise<void>): Promise<void> {
    const settled = work.catch((error: unknown) => {
      this.behind.add(roomId);
      this.deps.onError(error, roomId);
    });
    this.pending.set(roomId, settled);
    void settled.then(() => {
      if (this.pending.get(roomId) === settled) this.pending.delete(roomId);
    });
    return settled;
  }

  private advance(delta: RoomDelta): void | Promise<void> {
    if (this.unverified.has(delta.roomId)) return this.verify(delta.roomId).then(() => this.advance(delta));
    const position = this.followed.get(delta.roomId);
    if (!position || delta.revision <= position.revision) return;
    if (delta.revision === position.revision + 1) {
      this.step(position, delta);
      return;
    }
    return this.readLog(delta.roomId);
  }

  private step(before: RoomState, delta: RoomDelta): RoomState {
    const after = applyRoomDelta(before, delta);
    this.followed.set(delta.roomId, after);
    this.lastDelta.set(delta.roomId, JSON.stringify(delta));
    this.deps.emit(delta, before);
    this.deps.advanced(after);
    return after;
  }

  private async readLog(roomId: string): Promise<void> {
    let position = this.followed.get(roomId);
    while (position) {
      const deltas = await this.deps.deltasSince(roomId, position.revision, CATCH_UP_BATCH);
      for (const delta of deltas) {
        if (delta.revision <= position.revision) continue;
        if (delta.revision !== position.revision + 1) return this.restart(roomId);
        position = this.step(position, delta);
      }
      if (deltas.length < CATCH_UP_BATCH) break;
    }
    this.behind.delete(roomId);
  }

  /** A failure (the store unreachable) leaves the room unverified: its next step checks again first. */
  private async verify(roomId: string): Promise<void> {
    const position = this.followed.get(roomId);
    const emitted = this.lastDelta.get(roomId);
    if (position && emitted !== undefined) {
      const [stored] = await this.deps.deltasSince(roomId, position.revision - 1, 1);
      if (stored?.revision !== position.revision || JSON.stringify(stored) !== emitted) await this.restart(roomId);
    }
    this.unverified.delete(roomId);
  }

  /**
   * The log does not continue from where this process is: start again from the stored state,
   * and have this process's clients start again from a snapshot, since they cannot follow by
   * deltas from where they are.
   */
  private async restart(roomId: string): Promise<void> {
    const loaded = await this.deps.loadRoom(roomId);
    if (loaded) {
      this.followed.set(roomId, loaded);
      this.lastDelta.delete(roomId);
      this.deps.advanced(loaded);
      this.deps.diverged(roomId);
    }
    this.behind.delete(roomId);
  }
}
