import { nextPushAt, pushRate, QUIET_MS, type PushRate } from '../domain/push-rate.ts';

/** What marks a room's totals for a coalesced push; one process's timers, or a cluster's leases (server/cluster/cluster-pushes.ts). */
export interface Pushes<Key extends string> {
  /**
   * Marks a room's totals as changed. `urgent` (a poll opened, closed or revealed) pushes as
   * soon as the room's budget allows, which is at once unless chairs acted several times within
   * the window (a push is kept for them): the final tally is what the hall waits for.
   */
  mark(roomId: string, key: Key, urgent?: boolean): void;
  /** Pushes everything still pending now. */
  drain(): Promise<void>;
  stop(): void;
}

/**
 * Changes that may wait: a large room's presence counts, which nobody acts on within seconds,
 * and which during a join burst would otherwise go to every member joined so far several times a
 * second (docs/PROTOCOL.md, presence.counts).
 */
export type SlowKeys<Key> = {
  /** Least time from a push that carried such a change to the next push made for such changes alone. */
  intervalMs: number;
  /** Whether this change, marked in this room now, may wait. */
  mayWait(roomId: string, key: Key): boolean;
};

type Room<Key> = {
  keys: Set<Key>;
  /** Cancels the room's next run, if one is waiting. */
  cancel: (() => void) | null;
  /** When that run is due. */
  dueAt: number;
  flushing: boolean;
  urgent: boolean;
  lastMarkAt: number;
  afterQuiet: boolean;
  /** Start times of the room's latest pushes, oldest first: as many as one window allows. */
  starts: number[];
  /** Something pending may wait. */
  slowPending: boolean;
  /** Everything pending may wait. */
  onlySlow: boolean;
  /** When only changes that may wait are pending: the earliest time they are pushed alone. */
  notBefore: number;
  /** Start of the latest push that carried a change that may wait. */
  slowPushAt: number;
};

/**
 * Coalesced pushes per room under a rate bound (server/domain/push-rate.ts has the rule): the
 * first change after a quiet moment is pushed at once (on the next turn of the event loop, so a
 * burst of one turn is one push); while changes keep coming, pushes are spaced so that two
 * pushes of the second's budget stay in reserve, one for the end of the storm and one for a
 * chair; once no change has come for QUIET_MS, what is pending is pushed at once if the storm's
 * share allows, else once none has come for END_QUIET_MS, from the end's reserve, which pauses
 * in a storm therefore never spend. The last change is always pushed, and a room of 10,000 voters
 * costs the same broadcasts as a room of 10. Changes that may wait (SlowKeys) and are all that is
 * pending wait until slow.intervalMs after the push that last carried one; they ride along
 * earlier with any other push.
 *
 * A room stays listed while it has something pending or a push in its rolling window; then it
 * is quiet again and forgotten.
 */
export class PushScheduler<Key extends string> implements Pushes<Key> {
  private readonly rooms = new Map<string, Room<Key>>();
  private readonly rate: PushRate;

  constructor(
    intervalMs: number,
    private readonly flush: (roomId: string, keys: Set<Key>) => Promise<void>,
    private readonly onError: (error: unknown, roomId: string) => void,
    private readonly now: () => number = Date.now,
    private readonly slow: SlowKeys<Key> | null = null,
  ) {
    this.rate = pushRate(intervalMs);
  }

  mark(roomId: string, key: Key, urgent = false): void {
    let room = this.rooms.get(roomId);
    if (!room) {
      room = { keys: new Set(), cancel: null, dueAt: 0, flushing: false, urgent: false, lastMarkAt: -Infinity, afterQuiet: false, starts: [], slowPending: false, onlySlow: false, notBefore: -Infinity, slowPushAt: -Infinity };
      this.rooms.set(roomId, room);
    }
    const now = this.now();
    const mayWait = this.slow?.mayWait(roomId, key) ?? false;
    if (room.keys.size === 0) room.afterQuiet = now - room.lastMarkAt >= QUIET_MS;
    room.onlySlow = (room.keys.size === 0 || room.onlySlow) && mayWait;
    room.slowPending ||= mayWait;
    room.notBefore = room.onlySlow ? room.slowPushAt + this.slow!.intervalMs : -Infinity;
    room.keys.add(key);
    room.lastMarkAt = now;
    room.urgent ||= urgent;
    // A push under way finishes first; run's finally plans the next one. A run already due no
    // later stays: it looks again when it fires, so a storm costs a timer per quiet time (20 ms),
    // not one per mark.
    if (room.flushing) return;
    if (room.cancel && room.dueAt <= nextPushAt(this.rate, room, now)) return;
    this.plan(roomId, room);
  }

  /** Sets the room's next run: its next push, or forgetting it once its window has passed. */
  private plan(roomId: string, room: Room<Key>): void {
    const now = this.now();
    if (room.keys.size === 0) {
      // Kept while its window, or the wait since its last push of changes that may wait, lasts.
      const until = Math.max((room.starts.at(-1) ?? -Infinity) + this.rate.windowMs, room.slowPushAt + (this.slow?.intervalMs ?? 0));
      if (now >= until) {
        room.cancel?.();
        this.rooms.delete(roomId);
      } else {
        this.schedule(roomId, room, until - now);
      }
      return;
    }
    this.schedule(roomId, room, nextPushAt(this.rate, room, now) - now);
  }

  private async run(roomId: string, force = false): Promise<void> {
    const room = this.rooms.get(roomId);
    if (!room) return;
    room.cancel = null;
    const startedAt = this.now();
    // Marks since the timer was set may have moved the push later, and a timer may fire a little
    // early: the rule is checked here, not trusted to the timer.
    if (room.keys.size === 0 || (!force && nextPushAt(this.rate, room, startedAt) > startedAt)) {
      this.plan(roomId, room);
      return;
    }
    const keys = room.keys;
    room.keys = new Set();
    room.urgent = false;
    room.afterQuiet = false;
    if (room.slowPending) room.slowPushAt = startedAt;
    room.slowPending = false;
    room.onlySlow = false;
    room.notBefore = -Infinity;
    room.flushing = true;
    room.starts.push(startedAt);
    if (room.starts.length > this.rate.perWindow) room.starts.shift();
    try {
      await this.flush(roomId, keys);
    } catch (error) {
      this.onError(error, roomId);
    } finally {
      room.flushing = false;
      // Stopped meanwhile: nothing more for this room.
      if (this.rooms.get(roomId) === room) this.plan(roomId, room);
    }
  }

  /** Replaces the room's next run: after waitMs, or on the next turn of the event loop. */
  private schedule(roomId: string, room: Room<Key>, waitMs: number): void {
    room.cancel?.();
    room.dueAt = this.now() + Math.max(0, waitMs);
    if (waitMs > 0) {
      const timer = setTimeout(() => void this.run(roomId), waitMs);
      room.cancel = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(() => void this.run(roomId));
      room.cancel = () => clearImmediate(immediate);
    }
  }

  /** Pushes everything still pending now, budget or not; used on shutdown and by tests that must not wait. */
  async drain(): Promise<void> {
    for (const [roomId, room] of [...this.rooms]) {
      if (room.flushing || room.keys.size === 0) continue;
      room.cancel?.();
      await this.run(roomId, true);
    }
  }

  stop(): void {
    for (const room of this.rooms.values()) room.cancel?.();
    this.rooms.clear();
  }
}
