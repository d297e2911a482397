/**
 * Plenary's soak run (issue 11): holds the benchmark's audience on one Plenary process for
 * `--minutes`, and each minute runs a vote storm, a Q&A burst and a reconnect wave. Prints a
 * row a minute (memory, descriptors, event-loop delay, latencies) and a verdict: every count
 * exact, descriptors given back after each wave, and no growth of memory or descriptors
 * after the warm-up minute beyond the bounds in bench/soak-verdict.ts. Exits 1 if any fails.
 * Run with `npm run soak -- --help`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installSignalHandlers, killAll, ROOT, startServer, type ServerChild } from './children.ts';
import { runCommandLine } from './cli.ts';
import type { Flags } from './flags.ts';
import { describeMachine } from './machine.ts';
import { AUDIENCE_CODE, Moderator, ROOM_ID } from './moderator.ts';
import { ADMIN_TOKEN, plenaryEnv } from './plenary-env.ts';
import { checkOpenFiles } from './open-files.ts';
import { Progress } from './progress.ts';
import { openFds, soakMinute, type MinuteFigures, type SoakContext } from './scenarios/soak.ts';
import { parseSoakFlags, SOAK_USAGE, type SoakFlags } from './soak-flags.ts';
import { consoleHeader, consoleRow, latencyDrift, markdownMinutes, verdictLines } from './soak-report.ts';
import { growthChecks, growthOf, SOAK_BOUNDS, WARM_UP_MINUTES, type Check } from './soak-verdict.ts';
import { WorkerPool } from './workers.ts';

const MINT_CONCURRENCY = 32;
const CONNECT_CONCURRENCY = 200;

/** Tokens for everyone, the moderator, and the audience in the room: the state the soak holds. */
async function joinAudience(plenary: ServerChild, pool: WorkerPool, progress: Progress): Promise<{ moderator: Moderator; connected: number }> {
  progress.begin('tokens via POST /api/join');
  const minted = await pool.all({ kind: 'mint', url: plenary.url, audienceCode: AUDIENCE_CODE, concurrency: MINT_CONCURRENCY });
  progress.end();
  const moderator = await Moderator.join(plenary.url, ADMIN_TOKEN);
  await moderator.openRoom();
  progress.begin('the audience joins');
  const joined = await pool.all({ kind: 'connect', target: 'plenary', urls: [plenary.url], roomId: ROOM_ID, concurrency: CONNECT_CONCURRENCY, startAtMs: Date.now() + 300 });
  progress.end();
  const failures = [...minted, ...joined].flatMap((r) => r.failures);
  if (failures.length) progress.note(`${failures.length} clients could not join, e.g. ${failures.slice(0, 3).join('; ')}`);
  // Let the join's presence pushes and keep-alive connections settle before taking the baseline.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return { moderator, connected: joined.reduce((n, r) => n + r.latenciesMs.length, 0) };
}

async function main(soak: SoakFlags): Promise<number> {
  // Its clients connect to Plenary only; a reconnect wave's old sockets are closed before the new ones open.
  const openFiles = checkOpenFiles({ clients: soak.clients, workers: soak.workers, servers: 1 });
  const startedAt = new Date();
  const progress = new Progress(startedAt.getTime());
  progress.note(openFiles);
  const machine = describeMachine();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'plenary-soak-'));
  const cleanup = async () => {
    await killAll();
    rmSync(tmp, { recursive: true, force: true });
  };
  installSignalHandlers(progress, cleanup);
  // The benchmark's own flags, for the pieces of it the soak reuses (the seed changes each minute).
  const flags: Flags = { clients: soak.clients, scenarios: new Set(), workers: soak.workers, smoke: false, nodes: [], redisWait: false, profile: false, seed: soak.seed, pushIntervalMs: 250, windowMs: 5_000, connectConcurrency: 200, rounds: 1, out: null };

  try {
    progress.note(`starting Plenary and ${soak.workers} load workers`);
    const [plenary, pool] = await Promise.all([startServer({ name: 'Plenary', script: 'server/main.ts', env: plenaryEnv(flags, tmp) }), WorkerPool.start(soak.workers, soak.clients)]);
    pool.onProgress = (done, total) => progress.update(done, total);
    const setup = `${soak.clients.toLocaleString('en-US')} clients over ${soak.workers} worker processes, ${soak.reconnectPercent} % of them in each reconnect wave; runner + ${soak.workers} workers + Plenary on ${machine.cpuCount} cores (${machine.cpuModel})`;
    progress.note(setup);

    const { moderator, connected } = await joinAudience(plenary, pool, progress);
    const ctx: SoakContext = {
      flags,
      moderator,
      pool,
      progress,
      profileWindowsUs: {},
      plenary,
      reconnectShare: soak.reconnectPercent / 100,
      baseline: { fds: openFds(plenary.pid), presence: (await moderator.snapshot()).presence.total },
      startedAtMs: performance.now(),
      checkpoints: [],
      checks: [{ what: `every client joined (${connected} of ${soak.clients})`, pass: connected === soak.clients }],
    };
    progress.note(`baseline: ${ctx.baseline.fds} open descriptors, ${ctx.baseline.presence} people present`);

    const minutes: MinuteFigures[] = [];
    console.log(consoleHeader());
    for (let minute = 1; minute <= soak.minutes; minute++) {
      const figures = await soakMinute(ctx, minute);
      minutes.push(figures);
      progress.end();
      console.log(consoleRow(figures));
    }
    moderator.close();
    await pool.all({ kind: 'disconnect', target: 'plenary' });

    const growth = growthOf(ctx.checkpoints, WARM_UP_MINUTES);
    const growthJudged = growthChecks(growth, SOAK_BOUNDS);
    const checks: Check[] = [...ctx.checks, ...growthJudged];
    const drift = latencyDrift(minutes, WARM_UP_MINUTES);
    const failed = checks.filter((c) => !c.pass);
    const durationS = (Date.now() - startedAt.getTime()) / 1000;
    console.log(`\nPlenary soak — ${setup}`);
    console.log(`Node ${machine.node}; ${os.loadavg()[0]!.toFixed(1)} load average at the end; ${durationS.toFixed(0)} s`);
    console.log(verdictLines(growth, growthJudged, ctx.checks, drift).join('\n'));
    const file = writeResults({ soak, startedAt, durationS, machine, setup, minutes, checks, growth, drift, checkpoints: ctx.checkpoints });
    if (failed.length > 0) {
      console.error(`\nSoak failed:\n${failed.map((c) => `  ✗ ${c.what}`).join('\n')}`);
      return 1;
    }
    console.log(`Soak passed. Figures written to ${path.relative(process.cwd(), file)}`);
    return 0;
  } finally {
    await cleanup();
  }
}

function writeResults(run: { soak: SoakFlags; startedAt: Date; durationS: number; machine: ReturnType<typeof describeMachine>; setup: string; minutes: MinuteFigures[]; checks: Check[]; growth: unknown; drift: unknown; checkpoints: unknown }): string {
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = run.startedAt.toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${stamp}-soak-${run.soak.minutes}min-${run.soak.clients}.json`);
  const json = { ...run, startedAt: run.startedAt.toISOString(), machine: { ...run.machine, loadAverageAtEnd: os.loadavg() }, bounds: SOAK_BOUNDS };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(file.replace(/\.json$/, '.md'), `${run.setup}\n\n${markdownMinutes(run.minutes)}\n`);
  return file;
}

runCommandLine(parseSoakFlags, SOAK_USAGE, main, 'Soak');
