/** What marks a room's totals for a coalesced push; one process's timers, or a cluster's leases (server/cluster/cluster-pushes.ts). */
export interface Pushes<Key extends string> {
  mark(roomId: string, key: Key): void;
  /** Pushes everything still pending now. */
  drain(): Promise<void>;
  stop(): void;
}

/**
 * Coalesces high-rate changes (ballots, upvotes, presence) into at most one push per room per
 * interval, so a room of 10,000 voters costs the same broadcasts as a room of 10.
 */
export class PushScheduler<Key extends string> implements Pushes<Key> {
  private readonly dirty = new Map<string, Set<Key>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly intervalMs: number,
    private readonly flush: (roomId: string, keys: Set<Key>) => Promise<void>,
    private readonly onError: (error: unknown, roomId: string) => void,
  ) {}

  mark(roomId: string, key: Key): void {
    let keys = this.dirty.get(roomId);
    if (!keys) this.dirty.set(roomId, (keys = new Set()));
    keys.add(key);
    if (!this.timers.has(roomId)) {
      this.timers.set(roomId, setTimeout(() => void this.run(roomId), this.intervalMs));
    }
  }

  private async run(roomId: string): Promise<void> {
    const keys = this.dirty.get(roomId);
    this.dirty.delete(roomId);
    try {
      if (keys) await this.flush(roomId, keys);
    } catch (error) {
      this.onError(error, roomId);
    } finally {
      this.timers.delete(roomId);
      // Changes that arrived during the flush get their own push, one interval later.
      if (this.dirty.has(roomId)) {
        this.timers.set(roomId, setTimeout(() => void this.run(roomId), this.intervalMs));
      }
    }
  }

  /** Pushes everything still pending now; used on shutdown and by tests that must not wait. */
  async drain(): Promise<void> {
    for (const [roomId, timer] of this.timers) {
      clearTimeout(timer);
      this.timers.delete(roomId);
      await this.run(roomId);
    }
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.dirty.clear();
  }
}
