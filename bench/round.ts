import { cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, stop, type ServerChild, type ServerSpec } from './children.ts';
import type { BenchContext } from './context.ts';
import type { Flags } from './flags.ts';
import { ADMIN_TOKEN, plenaryEnv } from './plenary-env.ts';
import { Moderator } from './moderator.ts';
import { findProfile, summariseProfile, type ProfileSummary } from './profile.ts';
import type { Progress } from './progress.ts';
import type { Row } from './report.ts';
import { roundOrder, type Side } from './rounds.ts';
import { joinAndMemory, memoryOfBoth } from './scenarios/join.ts';
import { qaSurge } from './scenarios/qa.ts';
import { quizRound } from './scenarios/quiz.ts';
import { timerAccuracy } from './scenarios/timer.ts';
import { voteStorm } from './scenarios/vote.ts';
import type { WorkerPool } from './workers.ts';

/** What one round measured, kept whole in the JSON file. */
export type RoundResult = {
  round: number;
  order: readonly [Side, Side];
  loadAverageAtEnd: number[];
  connected: BenchContext['connected'];
  rows: Row[];
  exactness: BenchContext['exactness'];
  details: BenchContext['details'];
  profile: Record<string, ProfileSummary> | null;
  /** The context the round ran in (servers stopped), for what runs after the rounds. */
  ctx: BenchContext;
};

export type RoundSetup = {
  flags: Flags;
  pool: WorkerPool;
  progress: Progress;
  tmp: string;
  /** The data directory the tokens were minted in: each round runs Plenary on a copy of it. */
  mintedData: string;
  audienceSnapshot: BenchContext['audienceSnapshot'];
};

/**
 * One round: a fresh Plenary on a copy of the minted data (no questions, polls or timers from
 * an earlier round; the tokens still valid) and a fresh baseline, neither having served anyone;
 * every scenario on both, in this round's order; then every client disconnected and both
 * servers stopped.
 */
export async function runRound(setup: RoundSetup, round: number): Promise<RoundResult> {
  const { flags, pool, progress, tmp } = setup;
  const order = roundOrder(round);
  progress.note(`round ${round + 1} of ${flags.rounds}: ${order[0]} first`);
  const dataDir = path.join(tmp, `round-${round + 1}`);
  cpSync(setup.mintedData, dataDir, { recursive: true });
  const profileDir = path.join(tmp, 'profile');
  // Round 1 alone is profiled: it runs Plenary first, as every run did before rounds.
  const profiled = flags.profile && round === 0;
  const plenarySpec: ServerSpec = {
    name: 'Plenary',
    script: 'server/main.ts',
    env: plenaryEnv(flags, dataDir),
    nodeArgs: profiled ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  };
  const [plenary, baseline] = await Promise.all([startServer(plenarySpec), startBaseline(flags)]);
  const moderator = await Moderator.join(plenary.url, ADMIN_TOKEN);
  await moderator.openRoom();
  const ctx: BenchContext = {
    flags,
    plenary,
    baseline,
    moderator,
    pool,
    progress,
    rows: [],
    details: {},
    exactness: [],
    connected: { plenary: 0, baseline: 0 },
    profileWindowsUs: {},
    order,
    audienceSnapshot: setup.audienceSnapshot,
  };
  try {
    const idle = await memoryOfBoth(ctx);
    await joinAndMemory(ctx, idle);
    if (flags.scenarios.has('vote')) await voteStorm(ctx);
    if (flags.scenarios.has('qa')) await qaSurge(ctx);
    if (flags.scenarios.has('timer')) await timerAccuracy(ctx);
    if (flags.scenarios.has('quiz')) await quizRound(ctx);
    moderator.close();
    await Promise.all([pool.all({ kind: 'disconnect', target: 'plenary' }), pool.all({ kind: 'disconnect', target: 'baseline' })]);
    const profile = profiled ? await profilesOf(plenary, profileDir, ctx, progress) : null;
    return { round: round + 1, order, loadAverageAtEnd: os.loadavg(), connected: ctx.connected, rows: ctx.rows, exactness: ctx.exactness, details: ctx.details, profile, ctx };
  } finally {
    await Promise.all([stop(plenary.process), stop(baseline.process)]);
  }
}

export function startBaseline(flags: Flags): Promise<ServerChild> {
  return startServer({ name: 'baseline', script: 'bench/baseline-server.ts', env: { PLENARY_PUSH_INTERVAL_MS: String(flags.pushIntervalMs) } });
}

/** Stops Plenary gracefully so --cpu-prof writes its profile, then cuts it to each scenario's window. */
async function profilesOf(plenary: ServerChild, dir: string, ctx: BenchContext, progress: Progress): Promise<Record<string, ProfileSummary> | null> {
  await stop(plenary.process, 20_000);
  const file = findProfile(dir, plenary.pid);
  if (!file) {
    progress.note('no CPU profile was written');
    return null;
  }
  const windows = Object.entries(ctx.profileWindowsUs);
  if (windows.length === 0) return { 'whole run': summariseProfile(file, null) };
  return Object.fromEntries(windows.map(([scenario, window]) => [scenario, summariseProfile(file, window)]));
}
