import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './children.ts';
import type { BenchContext } from './context.ts';
import { SCENARIOS, type Flags } from './flags.ts';
import type { describeMachine } from './machine.ts';
import { markdownTable, verdictOf } from './report.ts';
import { clusterTables } from './scenarios/cluster-scaling.ts';
import type { RoundResult } from './round.ts';

export type RunRecord = { flags: Flags; startedAt: Date; durationS: number; machine: ReturnType<typeof describeMachine>; setup: string; ctx: BenchContext; rounds: RoundResult[]; tokens: unknown };

/** Writes the JSON and Markdown to bench/results/ and, with --out, to that folder too; returns the JSON paths. */
export function writeResults(run: RunRecord): string[] {
  const { flags, ctx } = run;
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = run.startedAt.toISOString().replace(/[:.]/g, '-');
  const name = runName(flags);
  const json = {
    startedAt: run.startedAt.toISOString(),
    durationS: run.durationS,
    setup: run.setup,
    flags: { ...flags, scenarios: [...flags.scenarios] },
    machine: { ...run.machine, loadAverageAtEnd: os.loadavg() },
    processes: { workers: flags.workers, clientsPerWorker: ctx.pool.workers.map((w) => w.count) },
    rows: ctx.rows.map((row) => ({ ...row, verdict: verdictOf(row) })),
    exactness: ctx.exactness,
    details: { tokens: run.tokens, ...(flags.nodes.length > 0 ? { cluster: ctx.details['cluster'], clusterWait: ctx.details['clusterWait'] } : {}) },
    profile: run.rounds[0]?.profile ?? null,
    rounds: run.rounds.map(({ ctx: _ctx, ...round }) => ({ ...round, rows: round.rows.map((row) => ({ ...row, verdict: verdictOf(row) })) })),
  };
  const command = `npx tsx bench/run.ts ${process.argv.slice(2).join(' ')}`.trim();
  const loads = run.rounds.map((r) => `round ${r.round} (${r.order[0]} first) ${r.loadAverageAtEnd.map((l) => l.toFixed(1)).join(' / ')}`).join('; ');
  const scaling = clusterTables(ctx.details);
  // The same table in Markdown, ready for docs/performance.md, with what it came from.
  const markdown = `\`${command}\`, ${run.startedAt.toISOString()}\n\n${run.setup}\n\n${roundsLine(run.rounds)}. Load average (1 / 5 / 15 min) at the end of each round: ${loads}.\n\n${markdownTable(ctx.rows)}\n${scaling ? `\n${scaling}\n` : ''}`;
  const targets = [path.join(dir, `${stamp}-${name}`)];
  if (flags.out) {
    mkdirSync(flags.out, { recursive: true });
    targets.push(path.resolve(flags.out, name));
  }
  for (const base of targets) {
    writeFileSync(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`);
    writeFileSync(`${base}.md`, markdown);
  }
  return targets.map((base) => `${base}.json`);
}

/** What a run measured, as a file name: scenarios, clients, a window or concurrency that differs from the default, rounds. */
export function runName(flags: Flags): string {
  const parts = [flags.smoke ? 'smoke' : flags.scenarios.size === SCENARIOS.length ? 'all' : [...flags.scenarios].join('+'), String(flags.clients)];
  if (flags.windowMs !== 5_000) parts.push(`w${flags.windowMs}`);
  if (flags.connectConcurrency !== 200) parts.push(`c${flags.connectConcurrency}`);
  if (flags.nodes.length > 0) parts.push(`n${flags.nodes.join(',')}`);
  parts.push(`r${flags.rounds}`);
  return parts.join('-');
}

/** Which rounds ran, and who went first in each. */
export function roundsLine(rounds: ReadonlyArray<Pick<RoundResult, 'order'>>): string {
  if (rounds.length === 1) return '1 round, Plenary first';
  return `${rounds.length} rounds (${rounds.map((r) => (r.order[0] === 'plenary' ? 'P' : 'B')).join('')}: who went first), medians and min–max`;
}
