import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromServer, MemoryReport, ToServer } from './messages.ts';
import type { Progress } from './progress.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROBE = path.join(ROOT, 'bench', 'server-probe.ts');

/** Every process the benchmark started, so each can be ended by its pid whatever happens. */
const started = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** Ends every child still running: SIGTERM, then SIGKILL for any that has not exited in time. */
export async function killAll(graceMs = 5_000): Promise<void> {
  const running = [...started].filter((child) => child.exitCode === null && child.signalCode === null && child.pid);
  await Promise.all(running.map((child) => stop(child, graceMs)));
}

export function stop(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const killer = setTimeout(() => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      clearTimeout(killer);
      resolve();
    }
  });
}

/** Synchronous last resort (process 'exit' handlers cannot wait): SIGKILL by pid. */
export function killAllNow(): void {
  for (const child of started) {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** On Ctrl-C or SIGTERM, ends every child by pid before exiting; on any exit, kills what is left. */
export function installSignalHandlers(progress: Progress, cleanup: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      progress.note(`${signal}: stopping every child process`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  process.on('exit', killAllNow);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A server process the benchmark started, with the last lines it printed for error messages. */
export type ServerChild = {
  name: string;
  url: string;
  process: ChildProcess;
  pid: number;
  output: () => string;
  /** Asks the process (through the bench probe) to collect garbage and report its memory. */
  memoryAfterGc: () => Promise<MemoryReport>;
  request: <R extends FromServer>(message: DistributiveOmit<ToServer, 'id'>) => Promise<R>;
};

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

export type ServerSpec = { name: string; script: string; env: Record<string, string>; nodeArgs?: string[] };

/** Forks a TypeScript server with tsx and the bench probe, and waits until /readyz answers 200. */
export async function startServer(spec: ServerSpec): Promise<ServerChild> {
  const port = await freePort();
  const child = track(
    fork(path.join(ROOT, spec.script), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', '--expose-gc', '--import', PROBE, ...(spec.nodeArgs ?? [])],
      env: { ...process.env, ...spec.env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let nextId = 1;
  const waiting = new Map<number, (message: FromServer) => void>();
  child.on('message', (message: FromServer) => waiting.get(message.id)?.(message));
  const request = <R extends FromServer>(message: DistributiveOmit<ToServer, 'id'>): Promise<R> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`${spec.name} did not answer ${message.type}`)), 30_000);
      waiting.set(id, (answer) => {
        waiting.delete(id);
        clearTimeout(timer);
        resolve(answer as R);
      });
      child.send({ ...message, id });
    });

  const url = `http://127.0.0.1:${port}`;
  await waitForReady(url, child, () => output, spec.name);
  return {
    name: spec.name,
    url,
    process: child,
    pid: child.pid!,
    output: () => output,
    request,
    memoryAfterGc: async () => (await request<Extract<FromServer, { type: 'gc' }>>({ type: 'gc' })).memory,
  };
}

async function waitForReady(url: string, child: ChildProcess, output: () => string, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was ready:\n${output()}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} was not ready within 60 s:\n${output()}`);
}

/** Reads of /proc for a child: CPU is counted by the kernel, so it is right even while the child is busy. */
const CLOCK_TICKS_PER_S = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb ?? 0) * 1024;
}

export const procAvailable = existsSync('/proc/self/stat');
