import type { PushKey } from './ballots.ts';
import type { Pushes } from './push-scheduler.ts';

/**
 * Counts, per room, the changes to what a snapshot reads beside the room's state: poll tallies
 * and question votes (every change to them marks a push). Two equal readings mean nothing a
 * snapshot reads from the store changed in between. Only one process sees its own marks, so
 * this exists only without scale-out (runtime.totals is null with Redis).
 */
export class TotalsVersions {
  private readonly versions = new Map<string, number>();

  of(roomId: string): number {
    return this.versions.get(roomId) ?? 0;
  }

  /** Pushes that count every mark but presence (counted live, never stored) before passing it on. */
  counting(pushes: Pushes<PushKey>): Pushes<PushKey> {
    return {
      mark: (roomId, key, urgent) => {
        if (key !== 'presence') this.versions.set(roomId, this.of(roomId) + 1);
        pushes.mark(roomId, key, urgent);
      },
      drain: () => pushes.drain(),
      stop: () => pushes.stop(),
    };
  }
}
