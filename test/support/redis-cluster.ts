import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RedisEndpoint } from '../../server/store/redis/connection.ts';
import { freePort, startRedisServer, waitFor, withClient, type RedisServer } from './redis-server.ts';

/*
 * A Redis Cluster of the test's own: `primaries` redis-servers with --cluster-enabled on free
 * ports of 127.0.0.1 (and free cluster-bus ports), the slots spread by
 * `redis-cli --cluster create`, each primary with `replicas` replicas. Every server is stopped
 * by pid.
 */

export type RedisClusterServers = {
  readonly servers: RedisServer[];
  readonly nodes: RedisEndpoint[];
  /** The nodes as REDIS_CLUSTER_NODES lists them. */
  readonly nodeList: string;
  /** Deletes every key under a prefix, on every primary. */
  deleteKeys(prefix: string): Promise<void>;
  dispose(): Promise<void>;
};

const run = promisify(execFile);

export async function startRedisCluster(primaries = 3, replicas = 0): Promise<RedisClusterServers> {
  const servers: RedisServer[] = [];
  const dispose = async () => {
    await Promise.all(servers.map((server) => server.dispose()));
  };
  try {
    for (let i = 0; i < primaries * (1 + replicas); i++) {
      // The bus port defaults to port + 10000, which may be taken or past 65535: pick a free one.
      const busPort = await freePort();
      const server = await startRedisServer({
        extraArgs: (_port, dir) => ['--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, 'nodes.conf'), '--cluster-port', String(busPort), '--cluster-node-timeout', '2000', '--repl-diskless-sync-delay', '0'],
      });
      servers.push(server);
    }
    const nodes = servers.map((server) => ({ host: '127.0.0.1', port: server.port }));
    const addresses = nodes.map(({ host, port }) => `${host}:${port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes']);
    for (const server of servers) {
      await waitFor('the cluster to be ready', () =>
        withClient(server.port, async (client) => {
          const info = (await client.cluster('INFO')) as string;
          return info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${servers.length}`);
        }),
      );
    }
    return {
      servers,
      nodes,
      nodeList: addresses.join(','),
      async deleteKeys(prefix) {
        await Promise.all(
          servers.map((server) =>
            withClient(server.port, async (client) => {
              // Replicas refuse writes; their primaries' deletions reach them.
              const [role] = (await client.call('ROLE')) as [string];
              if (role !== 'master') return;
              let cursor = '0';
              do {
                const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
                // One UNLINK per key: keys of different slots cannot share a command on a cluster node.
                await Promise.all(keys.map((key) => client.unlink(key)));
                cursor = next;
              } while (cursor !== '0');
            }),
          ),
        );
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
