import type { ServerChild } from './children.ts';
import type { Flags } from './flags.ts';
import type { Moderator } from './moderator.ts';
import type { Progress } from './progress.ts';
import type { Row } from './report.ts';
import type { Side } from './rounds.ts';
import type { WorkerPool } from './workers.ts';

/** Everything a scenario needs: the servers, the moderator, the load generators, and where figures go. */
export type BenchContext = {
  flags: Flags;
  plenary: ServerChild;
  baseline: ServerChild;
  moderator: Moderator;
  pool: WorkerPool;
  progress: Progress;
  rows: Row[];
  /** Everything measured, by scenario, for the JSON file (rows hold only what the table shows). */
  details: Record<string, unknown>;
  /** Checks that make --smoke fail: a lost, refused or doubly counted vote, a wrong count. */
  exactness: Array<{ what: string; pass: boolean }>;
  /** Audience members connected to each target after the join burst. */
  connected: { plenary: number; baseline: number };
  /** Monotonic-clock windows (µs) of Plenary's scenarios by name, to cut the CPU profile to each. */
  profileWindowsUs: Record<string, { from: number; to: number }>;
  /** Which server goes first in each scenario of this round. */
  order: readonly [Side, Side];
  /**
   * The snapshot Plenary sent an audience member on joining, which the baseline sends back to its
   * joiners; kept across rounds, so a round whose baseline joins first has the previous round's.
   */
  audienceSnapshot: { value: Record<string, unknown> | null };
};

/** What a scenario run against Plenary alone needs (the soak has no baseline and no table of rows). */
export type ScenarioContext = Pick<BenchContext, 'flags' | 'moderator' | 'pool' | 'progress' | 'profileWindowsUs'>;

export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
