/**
 * Rounds (issue 16, target 7): a floor measured once, always second, can come out slower than
 * what stands on it, because the machine changes between the two halves of a run. Each round
 * runs both servers; the order alternates, and the table reports medians over rounds.
 */
import type { Target } from './messages.ts';
import { verdictOf, type Row } from './report.ts';
import { median } from './stats.ts';

export type Side = Exclude<Target, 'cluster'>;

/** Round 1 (index 0) runs Plenary first, round 2 the baseline first, and so on. */
export function roundOrder(round: number): [Side, Side] {
  return round % 2 === 0 ? ['plenary', 'baseline'] : ['baseline', 'plenary'];
}

/** Runs both sides one after the other in the round's order; returns each side's result. */
export async function inRoundOrder<T>(order: readonly Side[], run: Record<Side, () => Promise<T>>): Promise<Record<Side, T>> {
  const results = {} as Record<Side, T>;
  for (const side of order) results[side] = await run[side]();
  return results;
}

/**
 * One row per figure over every round: medians, each round's figures kept, and a yes/no target
 * that holds only if it held in every round (a vote lost once is lost). Rows are matched by
 * position and figure: every round runs the same scenarios, though a scenario's title may name
 * a different count.
 */
export function combineRounds(rounds: ReadonlyArray<readonly Row[]>): Row[] {
  const [first, ...rest] = rounds;
  if (!first) return [];
  if (rest.length === 0) return [...first];
  return first.map((row, i) => {
    const same = rounds.map((round) => (round[i]?.figure === row.figure ? round[i]! : null));
    const plenary = same.map((r) => r?.plenary ?? null);
    const baseline = same.map((r) => r?.baseline ?? null);
    const combined: Row = { ...row, plenary: median(plenary), baseline: median(baseline), rounds: { plenary, baseline } };
    if (row.target?.check.kind === 'holds') {
      const pass = same.every((r) => r !== null && verdictOf(r) === 'pass');
      combined.target = { label: row.target.label, check: { kind: 'holds', pass } };
    }
    return combined;
  });
}
