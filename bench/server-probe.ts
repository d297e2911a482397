/**
 * Loaded with --import into each server process the benchmark starts (no server code changes):
 * answers the runner's requests over IPC for a full garbage collection and the memory it
 * leaves, and ends the process gracefully if the runner goes away, so no server outlives it
 * and --cpu-prof still writes its profile.
 */
import type { FromServer, MemoryReport, ToServer } from './messages.ts';

export function memoryAfterGc(): MemoryReport {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
}

export function reply(message: FromServer): void {
  process.send?.(message);
}

if (process.send) {
  process.on('message', (message: ToServer) => {
    if (message.type === 'gc') reply({ type: 'gc', id: message.id, memory: memoryAfterGc() });
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
