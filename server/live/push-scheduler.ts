/** What marks a room's totals for a coalesced push; one process's timers, or a cluster's leases (server/cluster/cluster-pushes.ts). */
export interface Pushes<Key extends string> {
  /**
   * Marks a room's totals as changed. `urgent` (a poll opened, closed or revealed) pushes at
   * once even within the interval: a chair's action is rare, and the final tally is what the
   * hall waits for.
   */
  mark(roomId: string, key: Key, urgent?: boolean): void;
  /** Pushes everything still pending now. */
  drain(): Promise<void>;
  stop(): void;
}

type Room<Key> = {
  keys: Set<Key>;
  /** Cancels the room's next run, if one is waiting. */
  cancel: (() => void) | null;
  flushing: boolean;
  urgent: boolean;
};

/**
 * A leading-edge throttle per room for high-rate changes (ballots, upvotes, presence): the
 * first change after a quiet interval is pushed at once (on the next turn of the event loop,
 * so a burst of one turn is one push); while changes keep coming, pushes start at most once
 * per interval, so a room of 10,000 voters costs the same broadcasts as a room of 10. The
 * last change is always pushed: an interval after a push, whatever changed since goes out.
 *
 * A room stays listed from its first change until an interval after its last push passes
 * with nothing new; then it is quiet again.
 */
export class PushScheduler<Key extends string> implements Pushes<Key> {
  private readonly rooms = new Map<string, Room<Key>>();

  constructor(
    private readonly intervalMs: number,
    private readonly flush: (roomId: string, keys: Set<Key>) => Promise<void>,
    private readonly onError: (error: unknown, roomId: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  mark(roomId: string, key: Key, urgent = false): void {
    const room = this.rooms.get(roomId);
    if (!room) {
      const quiet: Room<Key> = { keys: new Set([key]), cancel: null, flushing: false, urgent: false };
      this.rooms.set(roomId, quiet);
      this.schedule(roomId, quiet, 0);
      return;
    }
    room.keys.add(key);
    if (!urgent || room.urgent) return;
    room.urgent = true;
    // A push under way finishes first; the urgent one follows it at once (run's finally).
    if (room.flushing) return;
    this.schedule(roomId, room, 0);
  }

  private async run(roomId: string): Promise<void> {
    const room = this.rooms.get(roomId);
    if (!room) return;
    room.cancel = null;
    if (room.keys.size === 0) {
      this.rooms.delete(roomId);
      return;
    }
    const keys = room.keys;
    room.keys = new Set();
    room.urgent = false;
    room.flushing = true;
    const startedAt = this.now();
    try {
      await this.flush(roomId, keys);
    } catch (error) {
      this.onError(error, roomId);
    } finally {
      room.flushing = false;
      // Stopped meanwhile: nothing more for this room.
      if (this.rooms.get(roomId) === room) {
        this.schedule(roomId, room, room.urgent ? 0 : startedAt + this.intervalMs - this.now());
      }
    }
  }

  /** Replaces the room's next run: after waitMs, or on the next turn of the event loop. */
  private schedule(roomId: string, room: Room<Key>, waitMs: number): void {
    room.cancel?.();
    if (waitMs > 0) {
      const timer = setTimeout(() => void this.run(roomId), waitMs);
      room.cancel = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(() => void this.run(roomId));
      room.cancel = () => clearImmediate(immediate);
    }
  }

  /** Pushes everything still pending now; used on shutdown and by tests that must not wait. */
  async drain(): Promise<void> {
    for (const [roomId, room] of [...this.rooms]) {
      if (room.flushing || room.keys.size === 0) continue;
      room.cancel?.();
      await this.run(roomId);
    }
  }

  stop(): void {
    for (const room of this.rooms.values()) room.cancel?.();
    this.rooms.clear();
  }
}
