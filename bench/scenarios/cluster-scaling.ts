import { formatProfile } from '../profile.ts';
import { formatNumber } from '../report.ts';
import type { ClusterRun } from './cluster.ts';
import type { StormFigures } from './vote.ts';

/** Issue 16, target 5: the cluster's CPU per vote at most this many times one process's. */
const CPU_RATIO_TARGET = 1.5;

type ClusterDetails = { nodes: number[]; runs: ClusterRun[]; singleProcess: StormFigures | null };

const ms = (value: number | null) => formatNumber(value, 'ms');
const mb = (values: Array<number | null>) => {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return '–';
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  return known.length === 1 ? mb1(mean) : `${mb1(mean)} (max ${mb1(Math.max(...known))})`;
};
const mb1 = (value: number) => value.toFixed(0);
const pushes = (figures: StormFigures) => (figures.server ? String(figures.server.pollPushes) : '–');

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/**
 * The scaling table of `--nodes 1,2,4` (one row per process count, each on a fresh Redis,
 * after the single SQLite process of the same run), then what Redis did per vote, by command
 * and by Lua script. Markdown, for the console and for docs/performance.md alike.
 */
export function clusterTables(details: Record<string, unknown>): string | null {
  const cluster = details['cluster'] as ClusterDetails | undefined;
  if (!cluster || cluster.runs.length === 0) return null;
  const single = cluster.singleProcess;
  const largest = cluster.runs.reduce((a, b) => (b.nodes > a.nodes ? b : a));
  const ratio = (run: ClusterRun) => (single?.cpuSecondsPer1000 && run.figures.cpuSecondsPer1000 !== null ? run.figures.cpuSecondsPer1000 / single.cpuSecondsPer1000 : null);
  const header = ['Processes', 'votes acked', 'ack p99 (ms)', 'last ack → final tally (ms)', 'CPU per 1,000 votes (s)', 'Redis share', '× one SQLite process', 'result pushes', 'per-node RSS (MB)', 'per-node JS heap (MB)', 'Redis commands per vote', 'Redis µs per vote'];
  const rows: string[][] = [];
  if (single) {
    rows.push(['1, SQLite', formatNumber(single.acked, 'count'), ms(single.ackMs.p99), ms(single.lastAckToAllFinalMs), formatNumber(single.cpuSecondsPer1000, 's'), '–', '1.00×', pushes(single), mb1(single.peakRssMb) + ' (peak)', '–', '–', '–']);
  }
  for (const run of cluster.runs) {
    const f = run.figures;
    const share = f.cpuSeconds > 0 ? `${((run.redisCpuSeconds / f.cpuSeconds) * 100).toFixed(0)} %` : '–';
    const r = ratio(run);
    const mark = run === largest && r !== null ? ` ${r <= CPU_RATIO_TARGET ? '✓' : '✗'} ≤ ${CPU_RATIO_TARGET}×` : '';
    rows.push([
      `${run.nodes}, Redis`,
      formatNumber(f.acked, 'count'),
      ms(f.ackMs.p99),
      ms(f.lastAckToAllFinalMs),
      formatNumber(f.cpuSecondsPer1000, 's'),
      share,
      r === null ? '–' : `${r.toFixed(2)}×${mark}`,
      pushes(f),
      mb(run.perNode.map((n) => n.rssMb)),
      mb(run.perNode.map((n) => n.heapUsedMb)),
      run.redis.commandsPerVote.toFixed(2),
      run.redis.usecPerVote.toFixed(0),
    ]);
  }
  const out = ['Cluster scaling (each process count on a fresh Redis; CPU is every Plenary process + Redis, from /proc; memory after the storm)', '', table(header, rows)];
  out.push('', 'Redis per vote, by command a client sent (calls per vote / µs per vote, from a slow log of every command)', '', redisTable(cluster.runs, (run) => run.redis.byCommand));
  out.push('', 'Redis per vote, by Lua script (EVALSHA calls per vote / µs per vote)', '', redisTable(cluster.runs, (run) => run.redis.byScript));
  for (const run of cluster.runs) if (run.profile) out.push('', formatProfile(`the vote storm, node 1 of ${run.nodes}`, run.profile));
  return out.join('\n');
}

function redisTable(runs: ClusterRun[], pick: (run: ClusterRun) => Array<{ command: string; callsPerVote: number; usecPerVote: number }>): string {
  const names = [...new Set(runs.flatMap((run) => pick(run).map((c) => c.command)))];
  const rows = names.map((name) => [
    name,
    ...runs.map((run) => {
      const cost = pick(run).find((c) => c.command === name);
      return cost ? `${cost.callsPerVote.toFixed(2)} / ${cost.usecPerVote.toFixed(1)}` : '–';
    }),
  ]);
  return table(['Command', ...runs.map((run) => `${run.nodes} process${run.nodes === 1 ? '' : 'es'}`)], rows);
}
