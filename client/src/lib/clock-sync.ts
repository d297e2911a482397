/**
 * NTP's estimate from one round trip: t0 client send, t1 server receive, t2 server send,
 * t3 client receive. The offset is off by at most half the round trip, so the sample with
 * the smallest round trip is the one to trust.
 */
export type ClockSample = { offsetMs: number; roundTripMs: number; takenAtMs: number };

export function clockSample(t0: number, t1: number, t2: number, t3: number): ClockSample {
  return { offsetMs: (t1 - t0 + (t2 - t3)) / 2, roundTripMs: Math.max(0, t3 - t0 - (t2 - t1)), takenAtMs: t3 };
}

/** The sample with the smallest round trip among the newest `keep`; clocks drift, so old ones age out. */
export function bestSample(samples: readonly ClockSample[], keep = 8): ClockSample | null {
  const recent = [...samples].sort((a, b) => b.takenAtMs - a.takenAtMs).slice(0, keep);
  return recent.reduce<ClockSample | null>((best, s) => (best === null || s.roundTripMs < best.roundTripMs ? s : best), null);
}
