/** The figures of a run: one row per measured quantity, Plenary beside the bare Socket.IO baseline. */
import { median, range } from './stats.ts';

export type Check =
  /** Plenary's figure may be at most `max` times the baseline's. */
  | { kind: 'ratio'; max: number }
  /** Plenary's figure may be at most `max` (in the row's unit) and, with `ratio`, at most that many times the baseline's. */
  | { kind: 'atMost'; max: number; ratio?: number }
  /** A yes/no check decided by the scenario (e.g. every count exact). */
  | { kind: 'holds'; pass: boolean };

export type Row = {
  scenario: string;
  figure: string;
  unit: string;
  plenary: number | null;
  baseline: number | null;
  target?: { label: string; check: Check };
  /**
   * Over several rounds, each round's figures: `plenary` and `baseline` are then their medians
   * and the ratio is the median of each round's own ratio, both servers of a round having run
   * on the machine as it was then.
   */
  rounds?: { plenary: Array<number | null>; baseline: Array<number | null> };
};

export type Verdict = 'pass' | 'fail' | 'unknown';

function ratio(plenary: number | null, baseline: number | null): number | null {
  if (plenary === null || baseline === null || baseline === 0) return null;
  return plenary / baseline;
}

/** Each round's Plenary / baseline ratio (one entry for a single run). */
export function roundRatios(row: Row): Array<number | null> {
  if (!row.rounds) return [ratio(row.plenary, row.baseline)];
  const { plenary, baseline } = row.rounds;
  return plenary.map((value, i) => ratio(value, baseline[i] ?? null));
}

export function ratioOf(row: Row): number | null {
  return row.rounds ? median(roundRatios(row)) : ratio(row.plenary, row.baseline);
}

export function verdictOf(row: Row): Verdict | null {
  const target = row.target;
  if (!target) return null;
  const { check } = target;
  if (check.kind === 'holds') return check.pass ? 'pass' : 'fail';
  if (check.kind === 'atMost') {
    if (row.plenary === null) return 'unknown';
    if (row.plenary > check.max) return 'fail';
    if (check.ratio === undefined) return 'pass';
    const ratio = ratioOf(row);
    return ratio === null ? 'unknown' : ratio <= check.ratio ? 'pass' : 'fail';
  }
  const ratio = ratioOf(row);
  return ratio === null ? 'unknown' : ratio <= check.max ? 'pass' : 'fail';
}

const MARK: Record<Verdict, string> = { pass: '✓', fail: '✗', unknown: '?' };

export function formatNumber(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return '–';
  if (unit === 'count') return Math.round(value).toLocaleString('en-US');
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return `${value.toFixed(digits)}`;
}

/** A median with the spread over rounds after it, "12.0 (9.80–15.1)"; the bare figure when the rounds agree or there is one. */
function withSpread(value: string, values: Array<number | null> | undefined, format: (v: number) => string): string {
  const spread = values && values.length > 1 ? range(values) : null;
  if (!spread || value === '' || value === '–') return value;
  const [min, max] = [format(spread.min), format(spread.max)];
  return min === max ? value : `${value} (${min}–${max})`;
}

const formatRatio = (value: number) => `${value.toFixed(2)}×`;

function cells(row: Row): string[] {
  const ratio = ratioOf(row);
  const verdict = verdictOf(row);
  const number = (v: number) => formatNumber(v, row.unit);
  return [
    row.unit === 'count' ? row.figure : `${row.figure} (${row.unit})`,
    withSpread(formatNumber(row.plenary, row.unit), row.rounds?.plenary, number),
    withSpread(formatNumber(row.baseline, row.unit), row.rounds?.baseline, number),
    withSpread(ratio === null ? '' : formatRatio(ratio), row.rounds ? roundRatios(row) : undefined, formatRatio),
    row.target ? `${MARK[verdict ?? 'unknown']} ${row.target.label}` : '',
  ];
}

const HEADER = ['Figure', 'Plenary', 'Baseline', 'Ratio', 'Target'];

/** A plain-text table for the console, grouped by scenario. */
export function consoleTable(rows: readonly Row[]): string {
  const body = rows.map(cells);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((c) => [...c[i]!].length)));
  const line = (c: string[]) => c.map((cell, i) => (i === 0 || i === 4 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const out: string[] = [line(HEADER), widths.map((w) => '─'.repeat(w)).join('  ')];
  let scenario = '';
  rows.forEach((row, i) => {
    if (row.scenario !== scenario) {
      scenario = row.scenario;
      out.push(`${scenario}`);
    }
    out.push(line(body[i]!.map((cell, c) => (c === 0 ? `  ${cell}` : cell))));
  });
  return out.join('\n');
}

/** The same table as Markdown, for docs/performance.md. */
export function markdownTable(rows: readonly Row[]): string {
  const out = [`| ${HEADER.join(' | ')} |`, '|---|---:|---:|---:|---|'];
  let scenario = '';
  for (const row of rows) {
    if (row.scenario !== scenario) {
      scenario = row.scenario;
      out.push(`| **${scenario}** | | | | |`);
    }
    out.push(`| ${cells(row).map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`);
  }
  return out.join('\n');
}
