/**
 * Plenary's benchmark (issue 5): starts Plenary and a bare Socket.IO baseline as child
 * processes, spreads the audience's socket.io-client connections over worker processes, runs
 * the scenarios against both in turn, and prints every Plenary figure beside the baseline's.
 * Traffic goes only to 127.0.0.1. Run with `npm run bench -- --help`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installSignalHandlers, killAll, ROOT, startServer, stop, type ServerChild } from './children.ts';
import type { BenchContext } from './context.ts';
import { runCommandLine } from './cli.ts';
import { parseFlags, USAGE, type Flags } from './flags.ts';
import { describeMachine } from './machine.ts';
import { AUDIENCE_CODE, Moderator } from './moderator.ts';
import { ADMIN_TOKEN, plenaryEnv } from './plenary-env.ts';
import { checkOpenFiles } from './open-files.ts';
import { findProfile, formatProfile, summariseProfile, type ProfileSummary } from './profile.ts';
import { Progress } from './progress.ts';
import { consoleTable, markdownTable, verdictOf } from './report.ts';
import { checkClusterSupport, clusterStorm } from './scenarios/cluster.ts';
import { clusterTables } from './scenarios/cluster-scaling.ts';
import { joinAndMemory, measureIdleMemory } from './scenarios/join.ts';
import { qaSurge } from './scenarios/qa.ts';
import { quizRound } from './scenarios/quiz.ts';
import { timerAccuracy } from './scenarios/timer.ts';
import { voteStorm } from './scenarios/vote.ts';
import { WorkerPool } from './workers.ts';

const MINT_CONCURRENCY = 32;

async function main(flags: Flags): Promise<number> {
  // Before anything starts: a run that cannot do what was asked should say so at once.
  if (flags.nodes.length > 0) checkClusterSupport();
  const openFiles = checkOpenFiles(flags);
  const startedAt = new Date();
  const progress = new Progress(startedAt.getTime());
  progress.note(openFiles);
  const machine = describeMachine();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-'));
  const profileDir = path.join(tmp, 'profile');
  const cleanup = async () => {
    await killAll();
    rmSync(tmp, { recursive: true, force: true });
  };
  installSignalHandlers(progress, cleanup);

  try {
    progress.note(`starting Plenary, the baseline and ${flags.workers} load workers`);
    const plenarySpec = {
      name: 'Plenary',
      script: 'server/main.ts',
      env: plenaryEnv(flags, tmp),
      nodeArgs: flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    };
    const [minter, baseline] = await Promise.all([
      startServer(plenarySpec),
      startServer({ name: 'baseline', script: 'bench/baseline-server.ts', env: { PLENARY_PUSH_INTERVAL_MS: String(flags.pushIntervalMs) } }),
    ]);
    const pool = await WorkerPool.start(flags.workers, flags.clients);
    pool.onProgress = (done, total) => progress.update(done, total);
    const setup = `${flags.clients.toLocaleString('en-US')} clients over ${flags.workers} worker processes; processes: runner + ${flags.workers} workers + Plenary + baseline on ${machine.cpuCount} cores (${machine.cpuModel})`;
    progress.note(setup);

    progress.begin('tokens via POST /api/join → Plenary');
    const mintStartedAt = Date.now();
    const minted = await pool.all({ kind: 'mint', url: minter.url, audienceCode: AUDIENCE_CODE, concurrency: MINT_CONCURRENCY });
    progress.end();
    const mintFailures = minted.flatMap((m) => m.failures);
    const tokens = { seconds: (Date.now() - mintStartedAt) / 1000, failures: mintFailures.slice(0, 20), failed: mintFailures.length };
    if (mintFailures.length) progress.note(`${mintFailures.length} tokens could not be minted, e.g. ${mintFailures.slice(0, 3).join('; ')}`);
    // A fresh process on the same data file (the tokens stay valid): its idle memory, like the
    // baseline's, is that of a process that has served nobody, so memory per member compares fairly.
    await stop(minter.process);
    const plenary = await startServer(plenarySpec);

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
      details: { tokens },
      exactness: [],
      connected: { plenary: 0, baseline: 0 },
      profileWindowsUs: {},
    };

    const idle = await measureIdleMemory(ctx);
    await joinAndMemory(ctx, idle);
    if (flags.scenarios.has('vote')) await voteStorm(ctx);
    if (flags.scenarios.has('qa')) await qaSurge(ctx);
    if (flags.scenarios.has('timer')) await timerAccuracy(ctx);
    if (flags.scenarios.has('quiz')) await quizRound(ctx);
    moderator.close();
    await Promise.all([pool.all({ kind: 'disconnect', target: 'plenary' }), pool.all({ kind: 'disconnect', target: 'baseline' })]);

    const profile = flags.profile ? await profilesOf(plenary, profileDir, ctx, progress) : null;
    await Promise.all([stop(plenary.process), stop(baseline.process)]);
    if (flags.nodes.length > 0) await clusterStorm(ctx, tmp);
    const durationS = (Date.now() - startedAt.getTime()) / 1000;

    const failed = ctx.rows.filter((row) => verdictOf(row) === 'fail').length;
    console.log('');
    console.log(`Plenary benchmark — ${setup}`);
    console.log(`Node ${machine.node}, socket.io ${machine.packages['socket.io']}, better-sqlite3 ${machine.packages['better-sqlite3']}; ${os.loadavg()[0]!.toFixed(1)} load average at the end; ${durationS.toFixed(0)} s`);
    console.log('');
    console.log(consoleTable(ctx.rows));
    console.log('');
    for (const [scenario, summary] of Object.entries(profile ?? {})) console.log(`${formatProfile(scenario, summary)}\n`);
    const scaling = clusterTables(ctx.details);
    if (scaling) console.log(`${scaling}\n`);
    const file = writeResults({ flags, startedAt, durationS, machine, setup, ctx, profile });
    console.log(`${failed === 0 ? 'Every target met.' : `${failed} target(s) missed.`} Figures written to ${path.relative(process.cwd(), file)}`);

    const inexact = ctx.exactness.filter((check) => !check.pass);
    if (flags.smoke && inexact.length > 0) {
      console.error(`\nSmoke run failed:\n${inexact.map((check) => `  ✗ ${check.what}`).join('\n')}`);
      return 1;
    }
    return 0;
  } finally {
    await cleanup();
  }
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

function writeResults(run: { flags: Flags; startedAt: Date; durationS: number; machine: ReturnType<typeof describeMachine>; setup: string; ctx: BenchContext; profile: Record<string, ProfileSummary> | null }): string {
  const { flags, ctx } = run;
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = run.startedAt.toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${stamp}-${flags.smoke ? 'smoke' : [...flags.scenarios].join('+')}-${flags.clients}.json`);
  const json = {
    startedAt: run.startedAt.toISOString(),
    durationS: run.durationS,
    setup: run.setup,
    flags: { ...flags, scenarios: [...flags.scenarios] },
    machine: { ...run.machine, loadAverageAtEnd: os.loadavg() },
    processes: { workers: flags.workers, clientsPerWorker: ctx.pool.workers.map((w) => w.count) },
    rows: ctx.rows.map((row) => ({ ...row, verdict: verdictOf(row) })),
    exactness: ctx.exactness,
    details: ctx.details,
    profile: run.profile,
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  // The same table in Markdown, ready for docs/performance.md.
  const scaling = clusterTables(ctx.details);
  writeFileSync(file.replace(/\.json$/, '.md'), `${run.setup}\n\n${markdownTable(ctx.rows)}\n${scaling ? `\n${scaling}\n` : ''}`);
  return file;
}

runCommandLine(parseFlags, USAGE, main, 'Benchmark');
