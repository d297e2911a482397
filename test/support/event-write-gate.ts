import type { Store } from '../../server/store/store.ts';

type Batch = { count: number; seed: number; held: Array<() => void>; timer: NodeJS.Timeout };

/** A deterministic shuffle (mulberry32): the same seed gives the same interleaving on every run. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}

/**
 * Holds a store's event writes so a race happens on every run: once armed with `hold(count,
 * seed)`, the next `count` calls of saveEvent wait until all have arrived (or `timeoutMs`
 * passed), then go on in the order the seed picks. Every request of the race has made whatever
 * checks it makes before the store sees its write: the interleaving a slow store, or a second
 * server process, produces by chance.
 */
export function eventWriteGate(store: Store, timeoutMs = 2_000) {
  const saveEvent = store.saveEvent.bind(store);
  let batch: Batch | null = null;

  const release = () => {
    if (!batch) return;
    const { held, seed, timer } = batch;
    batch = null;
    clearTimeout(timer);
    for (const go of seededShuffle(held, seed)) go();
  };

  store.saveEvent = async (...args: Parameters<Store['saveEvent']>) => {
    const waiting = batch;
    if (waiting) {
      await new Promise<void>((resolve) => {
        waiting.held.push(resolve);
        if (waiting.held.length >= waiting.count) release();
      });
    }
    return saveEvent(...args);
  };

  return {
    hold(count: number, seed: number): void {
      release();
      batch = { count, seed, held: [], timer: setTimeout(release, timeoutMs).unref() };
    },
  };
}
