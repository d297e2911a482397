import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';

const BATCH = 500;
const SWEEP_EVERY_MS = 60_000;

/**
 * Deletes everyone who joined more than `graceMs` before `nowMs` and never connected a socket:
 * a flood of joins would otherwise stay in the store for good. The client connects right after
 * joining, so an honest person is never this late. Safe to run in several processes at once:
 * each deletion checks, in one step, that the person has still not connected.
 */
export async function sweepUnconnectedPeople(store: Store, nowMs: number, graceMs: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await store.deleteUnconnectedPeople(nowMs - graceMs, BATCH);
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

/** Sweeps once a minute until the returned function is called. */
export function startUnconnectedSweep(deps: { store: Store; logger: Logger; now: () => number; graceMs: number }): () => void {
  const sweep = async () => {
    try {
      const deleted = await sweepUnconnectedPeople(deps.store, deps.now(), deps.graceMs);
      if (deleted > 0) deps.logger.info({ deleted, graceMs: deps.graceMs }, 'deleted joins that never connected');
    } catch (error) {
      deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'sweep of joins that never connected failed; retrying next time');
    }
  };
  const timer = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
