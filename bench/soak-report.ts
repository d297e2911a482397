import type { MinuteFigures } from './scenarios/soak.ts';
import { formatNumber } from './report.ts';
import { slope, type Check, type Growth } from './soak-verdict.ts';

const COLUMNS: Array<{ header: string; cell: (m: MinuteFigures) => string }> = [
  { header: 'min', cell: (m) => String(m.minute) },
  { header: 'RSS MB', cell: (m) => formatNumber(m.rssMb, 'MB') },
  { header: 'heap MB', cell: (m) => formatNumber(m.heapMb, 'MB') },
  { header: 'outside heap MB', cell: (m) => formatNumber(m.outsideHeapMb, 'MB') },
  { header: 'peak RSS MB', cell: (m) => formatNumber(m.peakRssMb, 'MB') },
  { header: 'fds', cell: (m) => String(m.fds) },
  { header: 'fds after wave', cell: (m) => String(m.fdsAfterWave) },
  { header: 'peak fds', cell: (m) => String(m.peakFds) },
  { header: 'loop p99 ms', cell: (m) => formatNumber(m.loopP99Ms, 'ms') },
  { header: 'vote ack p50/p99 ms', cell: (m) => pair(m.voteAckMs) },
  { header: 'upvote ack p50/p99 ms', cell: (m) => pair(m.upvoteAckMs) },
  { header: 'rejoin p50/p99 ms', cell: (m) => pair(m.rejoinMs) },
  { header: 'votes counted', cell: (m) => `${m.votesCounted}/${m.voters}` },
  { header: 'upvotes', cell: (m) => String(m.upvotesAcked) },
  { header: 'rejoined', cell: (m) => String(m.rejoined) },
  { header: 'phases s', cell: (m) => m.cycleS.toFixed(0) },
];

function pair(spread: { p50: number | null; p99: number | null }): string {
  return `${formatNumber(spread.p50, 'ms')}/${formatNumber(spread.p99, 'ms')}`;
}

/** Console columns are fixed-width, so the soak can print each minute's row as it ends. */
const WIDTHS = COLUMNS.map((c) => Math.max(c.header.length, 9));

export function consoleHeader(): string {
  return COLUMNS.map((c, i) => c.header.padStart(WIDTHS[i]!)).join('  ');
}

export function consoleRow(minute: MinuteFigures): string {
  return COLUMNS.map((c, i) => c.cell(minute).padStart(WIDTHS[i]!)).join('  ');
}

/** The same table in Markdown, for docs/performance.md. */
export function markdownMinutes(minutes: readonly MinuteFigures[]): string {
  return [`| ${COLUMNS.map((c) => c.header).join(' | ')} |`, `|${COLUMNS.map(() => '---:').join('|')}|`, ...minutes.map((m) => `| ${COLUMNS.map((c) => c.cell(m)).join(' | ')} |`)].join('\n');
}

export type Drift = { voteAckP99: number | null; rejoinP99: number | null };

/** How each minute's p99 moves, per minute, after the warm-up: a server slowing down as it ages shows here. */
export function latencyDrift(minutes: readonly MinuteFigures[], warmUpMinutes: number): Drift {
  const judged = minutes.filter((m) => m.minute > warmUpMinutes);
  const of = (pick: (m: MinuteFigures) => number | null) => slope(judged.flatMap((m) => (pick(m) === null ? [] : [{ x: m.minute, y: pick(m)! }])));
  return { voteAckP99: of((m) => m.voteAckMs.p99), rejoinP99: of((m) => m.rejoinMs.p99) };
}

const signed = (value: number | null) => (value === null ? '–' : `${value >= 0 ? '+' : ''}${value.toFixed(1)}`);

/** The verdict as printed: growth judged, RSS and latency drift reported, and how many checks held. */
export function verdictLines(growth: Growth, growthJudged: readonly Check[], checks: readonly Check[], drift: Drift): string[] {
  return [
    ...growthJudged.map((check) => `  ${check.pass ? '✓' : '✗'} ${check.what}`),
    `  RSS as a whole grows ${signed(growth.rssMbPerMin)} MB/min after the warm-up (reported, not judged: the heap V8 holds unused swings it)`,
    `  ${checks.filter((c) => c.pass).length} of ${checks.length} checks of counts, rejoins, presence and descriptors hold`,
    `  latency drift after the warm-up (reported, not judged): vote ack p99 ${signed(drift.voteAckP99)} ms/min, rejoin p99 ${signed(drift.rejoinP99)} ms/min`,
  ];
}
