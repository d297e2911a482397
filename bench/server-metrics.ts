/**
 * Plenary's own view of a scenario, from its /metrics: how long commands took from receipt to
 * acknowledgement inside the server, and how late its event loop ran. Client-side latencies
 * on a 2-core machine include the load generators' own delays; these do not.
 */

type Sample = { name: string; labels: Record<string, string>; value: number };

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

export type MetricsSnapshot = Sample[];

/** Reads /metrics. prom-client resets its event-loop delay histogram on every read, so a read also starts a new window. */
export async function scrape(url: string): Promise<MetricsSnapshot> {
  const response = await fetch(`${url}/metrics`);
  if (!response.ok) throw new Error(`/metrics: HTTP ${response.status}`);
  return parse(await response.text());
}

/** `p99AtLeast`: the 99th percentile fell past the histogram's largest bucket, so p99Ms is a floor, not a value. */
export type CommandTiming = { count: number; meanMs: number | null; p50Ms: number | null; p99Ms: number | null; p99AtLeast: boolean };

/** Quantile of a cumulative histogram by linear interpolation within the bucket, as Prometheus's histogram_quantile does. */
function histogramQuantile(buckets: Array<{ le: number; count: number }>, q: number): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let previous = { le: 0, count: 0 };
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (!Number.isFinite(bucket.le)) return previous.le;
      const inBucket = bucket.count - previous.count;
      return previous.le + (bucket.le - previous.le) * (inBucket > 0 ? (rank - previous.count) / inBucket : 1);
    }
    previous = bucket;
  }
  return previous.le;
}

/** Receipt-to-acknowledgement times of one command between two scrapes. */
export function commandTiming(before: MetricsSnapshot, after: MetricsSnapshot, command: string): CommandTiming {
  const pick = (snapshot: MetricsSnapshot, suffix: string) => snapshot.filter((s) => s.name === `plenary_command_duration_seconds${suffix}` && s.labels['command'] === command);
  const value = (snapshot: MetricsSnapshot, suffix: string, le?: string) => pick(snapshot, suffix).find((s) => le === undefined || s.labels['le'] === le)?.value ?? 0;
  const buckets = pick(after, '_bucket')
    .map((s) => ({ le: s.labels['le'] === '+Inf' ? Infinity : Number(s.labels['le']), count: s.value - value(before, '_bucket', s.labels['le']) }))
    .sort((a, b) => a.le - b.le);
  const count = value(after, '_count') - value(before, '_count');
  const seconds = value(after, '_sum') - value(before, '_sum');
  const ms = (s: number | null) => (s === null ? null : s * 1000);
  const finite = buckets.filter((b) => Number.isFinite(b.le));
  const p99AtLeast = count > 0 && (finite.at(-1)?.count ?? 0) < 0.99 * count;
  return { count, meanMs: count > 0 ? (seconds / count) * 1000 : null, p50Ms: ms(histogramQuantile(buckets, 0.5)), p99Ms: ms(histogramQuantile(buckets, 0.99)), p99AtLeast };
}

export type LoopDelay = { p50Ms: number | null; p99Ms: number | null; maxMs: number | null };

/** Event-loop delay since the previous scrape (see scrape()). */
export function loopDelay(after: MetricsSnapshot): LoopDelay {
  const seconds = (name: string) => {
    const sample = after.find((s) => s.name === name);
    return sample && Number.isFinite(sample.value) ? sample.value * 1000 : null;
  };
  return { p50Ms: seconds('nodejs_eventloop_lag_p50_seconds'), p99Ms: seconds('nodejs_eventloop_lag_p99_seconds'), maxMs: seconds('nodejs_eventloop_lag_max_seconds') };
}

/** Several processes' counters and histograms added up (for a cluster); gauges are meaningless summed. */
export function addSnapshots(snapshots: readonly MetricsSnapshot[]): MetricsSnapshot {
  const merged = new Map<string, Sample>();
  for (const sample of snapshots.flat()) {
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    const seen = merged.get(key);
    if (seen) seen.value += sample.value;
    else merged.set(key, { ...sample, labels: { ...sample.labels } });
  }
  return [...merged.values()];
}

/** Store writes per commit between two scrapes: how many writes shared each fsync (null without group commit). */
export function writesPerCommit(before: MetricsSnapshot, after: MetricsSnapshot): number | null {
  const delta = (name: string) => (after.find((s) => s.name === name)?.value ?? 0) - (before.find((s) => s.name === name)?.value ?? 0);
  const commits = delta('plenary_store_commits_total');
  return commits > 0 ? delta('plenary_store_writes_total') / commits : null;
}

/** Coalesced pushes of poll results between two scrapes, every process's added up: each is one broadcast to the room. */
export function pollPushes(before: MetricsSnapshot, after: MetricsSnapshot): number {
  const count = (snapshot: MetricsSnapshot) => snapshot.find((s) => s.name === 'plenary_coalesced_pushes_total' && s.labels['kind'] === 'poll')?.value ?? 0;
  return count(after) - count(before);
}

export type ServerView = { commands: Record<string, CommandTiming>; loop: LoopDelay; writesPerCommit: number | null; pollPushes: number };

/** Scrapes before a phase and returns what to call after it: the commands' timings and the worst event-loop delay. */
export async function watchMetrics(urls: readonly string[], commands: readonly string[]): Promise<() => Promise<ServerView | null>> {
  if (urls.length === 0) return async () => null;
  const before = await Promise.all(urls.map(scrape));
  return async () => {
    const after = await Promise.all(urls.map(scrape));
    const loops = after.map(loopDelay);
    const worst = (key: keyof LoopDelay) => {
      const values = loops.map((l) => l[key]).filter((v): v is number => v !== null);
      return values.length ? Math.max(...values) : null;
    };
    const total = { before: addSnapshots(before), after: addSnapshots(after) };
    return {
      commands: Object.fromEntries(commands.map((command) => [command, commandTiming(total.before, total.after, command)])),
      loop: { p50Ms: worst('p50Ms'), p99Ms: worst('p99Ms'), maxMs: worst('maxMs') },
      writesPerCommit: writesPerCommit(total.before, total.after),
      pollPushes: pollPushes(total.before, total.after),
    };
  };
}

/** A row's name for a p99 read from the histogram, saying so when the value is only a floor. */
export function p99Figure(name: string, timing: CommandTiming | undefined): string {
  return timing?.p99AtLeast ? `${name}, at least (past the top bucket)` : name;
}
