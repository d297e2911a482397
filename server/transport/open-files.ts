import { readFileSync } from 'node:fs';
import type { Logger } from '../logger.ts';

/** A process's open-file limit; null for a limit the system calls "unlimited". */
export type OpenFileLimit = { soft: number | null; hard: number | null };

/**
 * Descriptors a process needs besides its connections: the SQLite file with its WAL and shared
 * memory, Redis connections (store, subscriber, scale-out), the log, Node's own (event loop,
 * pipes, DNS), static files and API requests in flight, outgoing webhook and LiveKit calls.
 * Generous on purpose: running out fails connections with a bare socket error.
 */
export const DESCRIPTOR_HEADROOM = 1_024;

/** One descriptor per connection (a WebSocket is one TCP socket), plus the headroom. */
export const descriptorsNeeded = (maxConnections: number): number => maxConnections + DESCRIPTOR_HEADROOM;

const limitValue = (text: string): number | null | undefined => (text === 'unlimited' ? null : /^\d+$/.test(text) ? Number(text) : undefined);

/** The "Max open files" line of /proc/<pid>/limits; null if there is none to read. */
export function parseOpenFileLimit(procLimits: string): OpenFileLimit | null {
  const line = procLimits.split('\n').find((l) => l.startsWith('Max open files'));
  const [soft, hard] = line?.slice('Max open files'.length).trim().split(/\s+/).map(limitValue) ?? [];
  if (soft === undefined || hard === undefined) return null;
  return { soft, hard };
}

/** This process's limit on Linux; null elsewhere, or where /proc is not mounted. */
export function readOpenFileLimit(read: () => string = () => readFileSync('/proc/self/limits', 'utf8')): OpenFileLimit | null {
  try {
    return parseOpenFileLimit(read());
  } catch {
    return null;
  }
}

/**
 * Logged once at start: the limit, and a warning when it is below what PLENARY_MAX_CONNECTIONS
 * needs, so an operator learns of it before a full hall fails to connect. Node raises its soft
 * limit to the hard one at start, so the soft limit read here is usually the hard one.
 */
export function logOpenFileLimit(logger: Logger, maxConnections: number, limit: OpenFileLimit | null): void {
  const needed = descriptorsNeeded(maxConnections);
  if (!limit) {
    logger.info({ maxConnections, descriptorsNeeded: needed }, `open-file limit unknown on this platform; PLENARY_MAX_CONNECTIONS=${maxConnections} needs about ${needed}`);
    return;
  }
  const fields = { openFiles: { soft: limit.soft ?? 'unlimited', hard: limit.hard ?? 'unlimited' }, maxConnections, descriptorsNeeded: needed };
  if (limit.soft !== null && limit.soft < needed) {
    const fits = limit.soft - DESCRIPTOR_HEADROOM;
    const lower = fits > 0 ? ` or lower PLENARY_MAX_CONNECTIONS to ${fits}` : '';
    logger.warn(
      fields,
      `open-file limit ${limit.soft} is below the ${needed} that PLENARY_MAX_CONNECTIONS=${maxConnections} needs: raise it (ulimit -n ${needed}, LimitNOFILE=${needed} for systemd, --ulimit nofile=${needed} for docker)${lower}; past the limit, connections fail with a bare socket error`,
    );
  } else {
    logger.info(fields, `open-file limit ${limit.soft ?? 'unlimited'} (hard ${limit.hard ?? 'unlimited'}) covers PLENARY_MAX_CONNECTIONS=${maxConnections}`);
  }
}
