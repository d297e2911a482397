import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The soak's two-minute form at a size two cores carry beside the rest of the suite: 300
 * members, half of them dropped and reconnected each minute (150 rejoins a minute, so a leak
 * of what one connection holds grows the heap past the 1 MB a minute bound). It exits
 * non-zero if a vote, upvote or rejoin goes wrong, descriptors are not given back after a
 * wave, or memory or descriptors keep growing after the warm-up minute. Speed is not judged.
 */
describe('the soak, two minutes', () => {
  it('holds counts exact and grows neither memory nor descriptors', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/soak.ts', '--minutes', '2', '--clients', '300', '--reconnect', '50'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output.slice(-4000)).toBe(0);
    expect(output).toContain('Soak passed');
  }, 240_000);
});
