import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { RedisEndpoint } from '../../server/store/redis/connection.ts';
import { startRedisServer, waitFor, withClient, type RedisServer } from './redis-server.ts';

/*
 * A primary, its replicas and the sentinels watching them, all of the test's own on free ports
 * of 127.0.0.1. This machine (and CI) has no redis-sentinel binary: a sentinel is
 * `redis-server <its config> --sentinel`. Replicas allow DEBUG from loopback, so a test can
 * make them fall behind (DEBUG SLEEP).
 */

export const SENTINEL_NAME = 'plenary';
const DOWN_AFTER_MS = 1_000;

export type SentinelGroup = {
  readonly primary: RedisServer;
  readonly replicas: RedisServer[];
  readonly sentinels: RedisServer[];
  /** The sentinels' addresses, as REDIS_SENTINELS lists them. */
  readonly sentinelList: string;
  readonly sentinelEndpoints: RedisEndpoint[];
  /** The port of the server the sentinels currently name as primary. */
  primaryPort(): Promise<number>;
  /** Stops every server and sentinel by pid and removes their data. */
  dispose(): Promise<void>;
};

function infoField(info: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/** `replicas` replicas of one primary and `sentinels` sentinels with a quorum of a majority; resolves once all know each other. */
export async function startSentinelGroup(replicaCount = 2, sentinelCount = 3): Promise<SentinelGroup> {
  const started: RedisServer[] = [];
  const dispose = async () => {
    await Promise.all(started.map((server) => server.dispose()));
  };
  try {
    // Without a sync delay (Redis 7 waits 5 s before a diskless full sync, for more replicas to join).
    const dataNode = ['--enable-debug-command', 'local', '--repl-diskless-sync-delay', '0'];
    const primary = await startRedisServer({ extraArgs: () => dataNode });
    started.push(primary);
    const replicas = await Promise.all(
      Array.from({ length: replicaCount }, () =>
        startRedisServer({ extraArgs: () => [...dataNode, '--replicaof', '127.0.0.1', String(primary.port)] }),
      ),
    );
    started.push(...replicas);
    await waitFor('the replicas to sync', () =>
      withClient(primary.port, async (client) => {
        const info = await client.info('replication');
        return Number(infoField(info, 'connected_slaves')) === replicaCount && (info.match(/state=online/g)?.length ?? 0) === replicaCount;
      }),
    );

    const quorum = Math.floor(sentinelCount / 2) + 1;
    const sentinels = await Promise.all(
      Array.from({ length: sentinelCount }, () =>
        startRedisServer({
          args: (port, dir) => {
            const config = path.join(dir, 'sentinel.conf');
            fs.writeFileSync(
              config,
              [
                `port ${port}`,
                'bind 127.0.0.1',
                `dir ${dir}`,
                `logfile ${path.join(dir, 'sentinel.log')}`,
                `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${primary.port} ${quorum}`,
                `sentinel down-after-milliseconds ${SENTINEL_NAME} ${DOWN_AFTER_MS}`,
                `sentinel failover-timeout ${SENTINEL_NAME} 3000`,
                `sentinel parallel-syncs ${SENTINEL_NAME} ${replicaCount}`,
              ].join('\n') + '\n',
            );
            return [config, '--sentinel'];
          },
        }),
      ),
    );
    started.push(...sentinels);
    // A failover needs a majority of sentinels that know one another (they meet through the primary).
    for (const sentinel of sentinels) {
      await waitFor('the sentinels to find each other and the replicas', () =>
        withClient(sentinel.port, async (client) => {
          const fields = (await client.call('SENTINEL', 'MASTER', SENTINEL_NAME)) as string[];
          const value = (name: string) => Number(fields[fields.indexOf(name) + 1]);
          return value('num-other-sentinels') === sentinelCount - 1 && value('num-slaves') === replicaCount;
        }),
      );
    }

    const sentinelEndpoints = sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port }));
    return {
      primary,
      replicas,
      sentinels,
      sentinelEndpoints,
      sentinelList: sentinelEndpoints.map(({ host, port }) => `${host}:${port}`).join(','),
      primaryPort: () =>
        withClient(sentinels[0]!.port, async (client) => {
          const [, port] = (await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_NAME)) as [string, string];
          return Number(port);
        }),
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Sends a command to one server and does not wait for its reply (e.g. DEBUG SLEEP). */
export function sendAndForget(port: number, ...command: string[]): void {
  const client = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  client
    .call(command[0]!, ...command.slice(1))
    .catch(() => {})
    .finally(() => client.disconnect());
}

/** INFO replication of one server, as field → value. */
export function replicationInfo(port: number): Promise<Record<string, string>> {
  return withClient(port, async (client) => {
    const info = await client.info('replication');
    return Object.fromEntries(info.split('\r\n').filter((line) => line.includes(':')).map((line) => line.split(':', 2) as [string, string]));
  });
}
