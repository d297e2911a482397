import { DESCRIPTOR_HEADROOM, readOpenFileLimit, type OpenFileLimit } from '../server/transport/open-files.ts';
import { FlagError } from './flags.ts';

/** `servers`: how many servers each client connects to at once (the benchmark: Plenary and the baseline). */
type Sizes = { clients: number; workers: number; servers?: number };

/**
 * Descriptors the busiest process of a run needs: a server holds every client's connection; a
 * worker holds its slice once per server, since the benchmark's clients stay connected to
 * Plenary and the baseline at once. Each also needs the server's headroom
 * (server/transport/open-files.ts).
 */
export function descriptorsForRun({ clients, workers, servers = 2 }: Sizes): { server: number; worker: number; needed: number } {
  const server = clients + DESCRIPTOR_HEADROOM;
  const worker = servers * Math.ceil(clients / workers) + DESCRIPTOR_HEADROOM;
  return { server, worker, needed: Math.max(server, worker) };
}

/**
 * What is wrong with the limit for this run, in words that say what to raise; null when it is
 * enough. Every process the benchmark starts is Node, which raises its soft limit to the hard
 * one it inherits, so the hard limit is the one that counts.
 */
export function openFileProblem(limit: OpenFileLimit | null, sizes: Sizes): string | null {
  if (!limit || limit.hard === null) return null;
  const { server, worker, needed } = descriptorsForRun(sizes);
  if (limit.hard >= needed) return null;
  return [
    `The open-file limit (hard ${limit.hard}, soft ${limit.soft ?? 'unlimited'}) is too low for ${sizes.clients.toLocaleString('en-US')} clients:`,
    `each server needs ${server} descriptors (one per client + ${DESCRIPTOR_HEADROOM}) and each of ${sizes.workers} workers ${worker} (${sizes.servers ?? 2} per client of its slice + ${DESCRIPTOR_HEADROOM}).`,
    `Raise it in the shell that runs the benchmark: ulimit -n ${needed}`,
    `(above the hard limit this needs root: /etc/security/limits.conf, or LimitNOFILE in a systemd unit), or run fewer --clients or more --workers.`,
  ].join('\n');
}

/** Before anything starts: a run past the limit would fail connections with a bare socket error. */
export function checkOpenFiles(sizes: Sizes, limit: OpenFileLimit | null = process.platform === 'linux' ? readOpenFileLimit() : null): string {
  const problem = openFileProblem(limit, sizes);
  if (problem) throw new FlagError(problem);
  const { needed } = descriptorsForRun(sizes);
  return limit ? `open-file limit ${limit.hard ?? 'unlimited'} (hard) covers the ${needed} this run needs per process` : `open-file limit unknown on this platform; this run needs ${needed} per process`;
}
