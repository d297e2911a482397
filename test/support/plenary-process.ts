import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './redis-server.ts';

/** Real Plenary server processes for tests that kill them: each is ended by its pid, whatever happens. */

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 30_000;

export type PlenaryNode = {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  readonly exited: Promise<void>;
  isRunning(): boolean;
  /** The process's recent logs and stderr, for failure messages. */
  log(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
};

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
});

/**
 * Starts `node --import tsx server/main.ts` on a free port with `env` (PORT and HOST are set
 * here); resolves once it has printed its banner, which it does after listening. A child that
 * lost the race for its port is started again on another.
 */
export async function startPlenaryProcess(name: string, env: Record<string, string>): Promise<PlenaryNode> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        ...env,
      },
    });
    if (child.pid === undefined) throw new Error('could not spawn node');
    children.add(child);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    void exited.then(() => children.delete(child));
    let stdout = '';
    let stderr = '';
    // Logs (pino, on stdout) and anything written to stderr, the newest 50,000 characters.
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-50_000));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      keep(chunk);
    });
    child.stdout!.on('data', keep);
    const running = () => child.exitCode === null && child.signalCode === null;
    const node: PlenaryNode = {
      name,
      url: `http://127.0.0.1:${port}`,
      pid: child.pid,
      exited,
      isRunning: running,
      log: () => output,
      async kill(signal = 'SIGKILL') {
        if (running()) process.kill(node.pid, signal);
        await exited;
      },
    };
    const ready = await new Promise<boolean>((done) => {
      const timeout = setTimeout(() => done(false), START_TIMEOUT_MS);
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('Plenary is running at')) {
          clearTimeout(timeout);
          done(true);
        }
      });
      void exited.then(() => {
        clearTimeout(timeout);
        done(false);
      });
    });
    if (ready) return node;
    await node.kill();
    if (attempt < 3 && stderr.includes('EADDRINUSE')) continue;
    throw new Error(`${name} did not start:\n${stderr || stdout}`);
  }
}

