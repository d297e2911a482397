/**
 * How the soak judges growth: not by the last figure against the first (a process's memory
 * rises to its working size during the first minute, and a full collection leaves a few MB
 * of noise) but by the least-squares slope of the checkpoints after the warm-up minute.
 * A leak shows as a slope that does not go away; noise averages out.
 *
 * RSS is judged in its two parts. The JS heap in use after a full collection is what a
 * leak of JS objects grows, and moves by a fraction of a MB between minutes. The heap V8
 * holds beyond that (its young generation grows and shrinks with the load) swings RSS by
 * tens of MB from one minute to the next, so RSS itself is reported, and what lies outside
 * the heap is judged.
 */

/** The first minute is the warm-up: the heap, V8's pools and SQLite's page cache reach their working size. */
export const WARM_UP_MINUTES = 1;

/**
 * Growth allowed after the warm-up, per minute. A leak of what one connection holds
 * (about 12 KB of heap, 15 KB of RSS: docs/performance.md, "Memory") on each rejoin would
 * exceed them at any audience the soak is run with (see docs/performance.md, "Soak").
 */
export const SOAK_BOUNDS: GrowthBounds = { heapMbPerMin: 1, outsideHeapMbPerMin: 4, fdsPerMin: 1 };

/**
 * The server after a full collection at the end of a minute (`atMin` since the audience
 * joined). `outsideHeapMb` is RSS less the JS heap V8 holds (used or not): native memory,
 * buffers, code, SQLite's cache.
 */
export type Checkpoint = { minute: number; atMin: number; rssMb: number; heapMb: number; outsideHeapMb: number; fds: number };

export type GrowthBounds = { heapMbPerMin: number; outsideHeapMbPerMin: number; fdsPerMin: number };

export type Growth = { heapMbPerMin: number | null; outsideHeapMbPerMin: number | null; rssMbPerMin: number | null; fdsPerMin: number | null; checkpoints: number };

export type Check = { what: string; pass: boolean };

/** Least-squares slope of y over x; null for fewer than two distinct x. */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number | null {
  if (points.length < 2) return null;
  const meanX = points.reduce((s, p) => s + p.x, 0) / points.length;
  const meanY = points.reduce((s, p) => s + p.y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const { x, y } of points) {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  }
  return sxx === 0 ? null : sxy / sxx;
}

/** The checkpoints the trend is judged on: every one after the warm-up, from the warm-up's last one on. */
export function afterWarmUp(checkpoints: readonly Checkpoint[], warmUpMinutes: number): Checkpoint[] {
  const warm = checkpoints.filter((c) => c.minute <= warmUpMinutes);
  const anchor = warm.at(-1);
  return [...(anchor ? [anchor] : []), ...checkpoints.filter((c) => c.minute > warmUpMinutes)];
}

export function growthOf(checkpoints: readonly Checkpoint[], warmUpMinutes: number): Growth {
  const judged = afterWarmUp(checkpoints, warmUpMinutes);
  const of = (pick: (c: Checkpoint) => number) => slope(judged.map((c) => ({ x: c.atMin, y: pick(c) })));
  return { heapMbPerMin: of((c) => c.heapMb), outsideHeapMbPerMin: of((c) => c.outsideHeapMb), rssMbPerMin: of((c) => c.rssMb), fdsPerMin: of((c) => c.fds), checkpoints: judged.length };
}

export function growthChecks(growth: Growth, bounds: GrowthBounds): Check[] {
  const within = (name: string, value: number | null, bound: number, unit: string): Check => ({
    what: value === null ? `${name}: too few checkpoints after the warm-up to judge` : `${name} grows ${value.toFixed(2)} ${unit}/min after the warm-up (bound ${bound})`,
    pass: value !== null && value <= bound,
  });
  return [
    within('JS heap', growth.heapMbPerMin, bounds.heapMbPerMin, 'MB'),
    within('RSS outside the JS heap', growth.outsideHeapMbPerMin, bounds.outsideHeapMbPerMin, 'MB'),
    within('open file descriptors', growth.fdsPerMin, bounds.fdsPerMin, 'fds'),
  ];
}
