/**
 * Plenary's benchmark (issue 5): starts Plenary and a bare Socket.IO baseline as child
 * processes, spreads the audience's socket.io-client connections over worker processes, runs
 * the scenarios against both in turn, over rounds that alternate which goes first (issue 16),
 * and prints every Plenary figure beside the baseline's: medians over rounds, with min–max.
 * Traffic goes only to 127.0.0.1. Run with `npm run bench -- --help`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installSignalHandlers, killAll, startServer, stop } from './children.ts';
import type { BenchContext } from './context.ts';
import { runCommandLine } from './cli.ts';
import { parseFlags, USAGE, type Flags } from './flags.ts';
import { describeMachine } from './machine.ts';
import { AUDIENCE_CODE } from './moderator.ts';
import { plenaryEnv } from './plenary-env.ts';
import { checkOpenFiles } from './open-files.ts';
import { formatProfile } from './profile.ts';
import { Progress } from './progress.ts';
import { consoleTable, markdownTable, verdictOf } from './report.ts';
import { roundsLine, writeResults } from './results.ts';
import { runRound, type RoundResult } from './round.ts';
import { combineRounds } from './rounds.ts';
import { checkClusterSupport, clusterStorm } from './scenarios/cluster.ts';
import { clusterTables } from './scenarios/cluster-scaling.ts';
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
  const cleanup = async () => {
    await killAll();
    rmSync(tmp, { recursive: true, force: true });
  };
  installSignalHandlers(progress, cleanup);

  try {
    progress.note(`starting Plenary and ${flags.workers} load workers`);
    const mintedData = path.join(tmp, 'minted');
    const [minter, pool] = await Promise.all([
      startServer({ name: 'Plenary', script: 'server/main.ts', env: plenaryEnv(flags, mintedData) }),
      WorkerPool.start(flags.workers, flags.clients),
    ]);
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
    // Each round starts Plenary afresh on a copy of this data (the tokens stay valid), so its idle
    // memory, like the baseline's, is that of a process that has served nobody.
    await stop(minter.process);

    const audienceSnapshot: BenchContext['audienceSnapshot'] = { value: null };
    const rounds: RoundResult[] = [];
    for (let round = 0; round < flags.rounds; round++) rounds.push(await runRound({ flags, pool, progress, tmp, mintedData, audienceSnapshot }, round));
    const last = rounds[rounds.length - 1]!.ctx;
    const ctx: BenchContext = { ...last, rows: combineRounds(rounds.map((r) => r.rows)), details: { tokens, ...last.details }, exactness: allExactness(rounds) };
    if (flags.nodes.length > 0) await clusterStorm(ctx, tmp);
    const durationS = (Date.now() - startedAt.getTime()) / 1000;

    const failed = ctx.rows.filter((row) => verdictOf(row) === 'fail').length;
    const loads = rounds.map((r) => r.loadAverageAtEnd[0]!.toFixed(1)).join(', ');
    console.log('');
    console.log(`Plenary benchmark — ${setup}`);
    console.log(`Node ${machine.node}, socket.io ${machine.packages['socket.io']}, better-sqlite3 ${machine.packages['better-sqlite3']}; ${roundsLine(rounds)}; load average at the end of each round ${loads}; ${durationS.toFixed(0)} s`);
    console.log('');
    console.log(consoleTable(ctx.rows));
    console.log('');
    const profile = rounds[0]!.profile;
    for (const [scenario, summary] of Object.entries(profile ?? {})) console.log(`${formatProfile(scenario, summary)}\n`);
    const scaling = clusterTables(ctx.details);
    if (scaling) console.log(`${scaling}\n`);
    const files = writeResults({ flags, startedAt, durationS, machine, setup, ctx, rounds, tokens });
    console.log(`${failed === 0 ? 'Every target met.' : `${failed} target(s) missed.`} Figures written to ${files.map((f) => path.relative(process.cwd(), f)).join(' and ')}`);

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

/** Every round's exactness checks; with several rounds each says which round it is from. */
function allExactness(rounds: readonly RoundResult[]): BenchContext['exactness'] {
  if (rounds.length === 1) return rounds[0]!.exactness;
  return rounds.flatMap((r) => r.exactness.map((check) => ({ ...check, what: `round ${r.round}: ${check.what}` })));
}


runCommandLine(parseFlags, USAGE, main, 'Benchmark');
