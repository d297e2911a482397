import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The benchmark at smoke size (200 clients, every scenario): it exits non-zero if any vote or
 * upvote is refused, lost or counted twice. Speed is never asserted here; `npm run bench` reports it.
 */
describe('the benchmark at smoke size', () => {
  it('loses no vote and counts none twice', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output.slice(-4000)).toBe(0);
  }, 180_000);
});
