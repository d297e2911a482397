/** Small numeric helpers for the figures the benchmark reports. */

/** The q-quantile (0..1) by nearest rank; null for an empty sample. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export type Spread = { p50: number | null; p95: number | null; p99: number | null; max: number | null; count: number };

export function spread(values: readonly number[]): Spread {
  return {
    p50: quantile(values, 0.5),
    p95: quantile(values, 0.95),
    p99: quantile(values, 0.99),
    max: values.length ? Math.max(...values) : null,
    count: values.length,
  };
}

/** A deterministic generator (mulberry32), so a run's schedule can be repeated from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Milliseconds since the Unix epoch with sub-millisecond resolution, from the monotonic clock:
 * every benchmark process on this machine reads the same clock, so times compare across them.
 */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Adds each count of `from` into `into`. */
export function addCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
  return into;
}

/** Equal tallies, ignoring keys whose count is zero (a store may drop them). */
export function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const nonZero = (counts: Record<string, number>) => Object.entries(counts).filter(([, v]) => v !== 0);
  const left = nonZero(a);
  return left.length === nonZero(b).length && left.every(([key, value]) => b[key] === value);
}

/** The median (the mean of the middle two for an even count), ignoring nulls; null when nothing is left. */
export function median(values: ReadonlyArray<number | null>): number | null {
  const sorted = values.filter((v): v is number => v !== null && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The smallest and largest value, ignoring nulls; null when nothing is left. */
export function range(values: ReadonlyArray<number | null>): { min: number; max: number } | null {
  const present = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  return present.length === 0 ? null : { min: Math.min(...present), max: Math.max(...present) };
}
