import type { MinuteFigures } from './scenarios/soak.ts';
import { formatNumber } from './report.ts';

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
