import type { PollResults } from '../../../shared/model/poll.ts';
import { chartBars } from './poll-chart.ts';

export type ResultBar = {
  key: string;
  label: string;
  value: number;
  /** Width of the bar, 0–100. */
  widthPct: number;
  /** Share of the people who voted, 0–100; null for ranking points, which are not shares. */
  sharePct: number | null;
};

/**
 * Bars for a tally on a phone. Choices, scales and words use the projector's percentages of
 * voters (poll-chart.ts), so the hall and the phones agree to the point. A word cloud keeps its
 * most frequent words; a ranking shows Borda points, highest first, as bars relative to the top.
 */
export function resultBars(results: PollResults, maxWords = 12): ResultBar[] {
  if (results.kind === 'ranking') {
    const rows = [...results.rows].sort((a, b) => b.value - a.value);
    const top = Math.max(0, ...rows.map((r) => r.value));
    return rows.map((row) => ({ ...row, widthPct: top > 0 ? Math.round((row.value / top) * 100) : 0, sharePct: null }));
  }
  const rows = results.kind === 'word_cloud' ? [...results.rows].sort((a, b) => b.value - a.value).slice(0, maxWords) : results.rows;
  return chartBars({ kind: results.kind, voters: results.voters, rows }).map((bar) => ({
    key: bar.key,
    label: bar.label,
    value: bar.value,
    widthPct: Math.round(bar.widthPercent),
    sharePct: bar.percent,
  }));
}
