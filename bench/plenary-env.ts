import path from 'node:path';
import type { Flags } from './flags.ts';

/** Fixed secrets: the benchmark's servers are throwaway, on loopback, with temporary data. */
export const ADMIN_TOKEN = 'bench-admin-token-not-a-secret';
export const SESSION_SECRET = 'bench-session-secret-not-a-secret-0123456789';

/**
 * The environment of a Plenary child: SQLite in `dataDir`, or Redis when `redisUrl` is given,
 * acknowledging only after `waitReplicas` replicas have each write.
 */
export function plenaryEnv(flags: Flags, dataDir: string, redisUrl?: string, waitReplicas = 0): Record<string, string> {
  return {
    PLENARY_DATA: path.join(dataDir, 'plenary.db'),
    PLENARY_ADMIN_TOKEN: ADMIN_TOKEN,
    PLENARY_SECRET: SESSION_SECRET,
    PLENARY_PUSH_INTERVAL_MS: String(flags.pushIntervalMs),
    LOG_LEVEL: 'warn',
    // Every simulated delegate joins from this machine's one address: the per-address limit would stop the run.
    PLENARY_JOINS_PER_MINUTE: '1000000',
    PLENARY_DEMO: 'true',
    // Empty reads as unset: the single-process run uses SQLite whatever the shell exports.
    REDIS_URL: redisUrl ?? '',
    PLENARY_STORE: redisUrl ? 'redis' : '',
    PLENARY_REDIS_WAIT_REPLICAS: String(waitReplicas),
    // Every client, the moderator and the runner's probes, and never below the default.
    PLENARY_MAX_CONNECTIONS: String(Math.max(10_000, flags.clients + 100)),
  };
}
