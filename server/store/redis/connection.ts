import { Cluster, Redis, type ChainableCommander, type ClusterOptions, type RedisOptions } from 'ioredis';

export type RedisEndpoint = { host: string; port: number };

/**
 * Where Redis runs: one server (a URL), a primary found through Sentinel, or a Redis Cluster.
 * Sentinel and Cluster are ioredis's own support; both take the password of the data nodes.
 */
export type RedisTopology =
  | { kind: 'server'; url: string }
  | { kind: 'sentinel'; sentinels: RedisEndpoint[]; name: string; password?: string }
  | { kind: 'cluster'; nodes: RedisEndpoint[]; password?: string };

/** ioredis has one class per topology; everything in Plenary talks to either through this type. */
export type RedisClient = Redis | Cluster;

/** How a part of the Redis store reads: commands on the client, connection failures turned into store failures. */
export type RedisCall = <T>(commands: (redis: RedisClient) => Promise<T>) => Promise<T>;
/** How a part of the Redis store writes: one pipeline, with the store's replica WAIT after it. */
export type RedisWrite = <T>(script: (pipeline: ChainableCommander) => ChainableCommander) => Promise<T>;
/**
 * How the store's hot writes (a ballot, an upvote) go: one command, without the pipeline
 * object a write otherwise costs; as `inPipeline` only where WAIT must ride in the same
 * pipeline (a Redis Cluster waiting for replicas).
 */
export type RedisWriteOne = <T>(command: (redis: RedisClient) => Promise<unknown>, inPipeline: (pipeline: ChainableCommander) => ChainableCommander) => Promise<T>;

export type RedisConnectionOptions = {
  /** How long one connection attempt may take. */
  connectTimeoutMs?: number;
  /** How long a command may wait for its reply before it fails as unavailable (a hung Redis). */
  commandTimeoutMs?: number;
  /** The longest pause between reconnection attempts; reconnection never stops. */
  maxReconnectDelayMs?: number;
  /** Shown by CLIENT LIST, so an operator can tell the store's connection from the subscribers. */
  connectionName?: string;
  /** Off for a subscriber that subscribes again by itself after a reconnect. */
  autoResubscribe?: boolean;
  /** For the Socket.IO sharded adapter's subscriber on a Redis Cluster: one SSUBSCRIBE connection per primary. */
  shardedSubscribers?: boolean;
};

/** host:port of each node, for messages: a URL may carry a password. */
export function describeTopology(topology: RedisTopology): string {
  const list = (endpoints: RedisEndpoint[]) => endpoints.map(({ host, port }) => `${host}:${port}`).join(',');
  switch (topology.kind) {
    case 'server':
      return serverAddress(topology.url);
    case 'sentinel':
      return `primary '${topology.name}' of Sentinel ${list(topology.sentinels)}`;
    case 'cluster':
      return `Redis Cluster ${list(topology.nodes)}`;
  }
}

function serverAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'the configured Redis';
  }
}

/**
 * Fail fast (DESIGN.md, "Redis down"): a command sent while Redis is unreachable is refused at
 * once instead of queued, and a command in flight when the connection drops is rejected
 * instead of resent: it may or may not have run, and its caller is told `unavailable`. Ballots
 * and upvotes are keyed by person, so a retry never counts twice.
 */
function failFast(options: RedisConnectionOptions): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
    ...(options.autoResubscribe === false ? { autoResubscribe: false } : {}),
  };
}

/** Reconnect forever, backing off to maxDelayMs: the client recovers by itself when Redis returns. */
function backOff(options: RedisConnectionOptions): (attempt: number) => number {
  const maxDelayMs = options.maxReconnectDelayMs ?? 2_000;
  return (attempt) => Math.min(50 * 2 ** Math.min(attempt - 1, 10), maxDelayMs);
}

/** The one place a Redis connection is made, for the store and for every extra connection of scale-out. */
export function createRedisClient(topology: RedisTopology, options: RedisConnectionOptions = {}): RedisClient {
  const retryStrategy = backOff(options);
  switch (topology.kind) {
    case 'server':
      return new Redis(topology.url, { ...failFast(options), retryStrategy });
    case 'sentinel':
      return new Redis({
        ...failFast(options),
        retryStrategy,
        sentinels: topology.sentinels,
        name: topology.name,
        ...(topology.password ? { password: topology.password } : {}),
        // Told by the sentinels of a promotion, the client moves to the new primary at once
        // instead of when its connection to the old one fails.
        failoverDetector: true,
        sentinelRetryStrategy: retryStrategy,
      });
    case 'cluster': {
      const { lazyConnect, enableOfflineQueue, ...nodeOptions } = failFast(options);
      const clusterOptions: ClusterOptions = {
        lazyConnect,
        enableOfflineQueue,
        clusterRetryStrategy: retryStrategy,
        // A Cluster client resends a command whose connection closed before its reply, by default
        // after 100 ms: it may have run, and resent after later commands it reorders them (a
        // voter's older ballot landing after the newer one). Fail fast instead, as on one server
        // (autoResendUnfulfilledCommands), and find a promoted replica by refreshing the slot map
        // every second.
        retryDelayOnFailover: 0,
        retryDelayOnClusterDown: 0,
        slotsRefreshInterval: 1_000,
        redisOptions: { ...nodeOptions, ...(topology.password ? { password: topology.password } : {}) },
        ...(options.shardedSubscribers ? { shardedSubscribers: true } : {}),
      };
      return new Cluster(topology.nodes, clusterOptions);
    }
  }
}

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/** Whether the client becomes ready (connected, its data loaded) within `timeoutMs`. */
export function untilReady(redis: RedisClient, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    const onReady = () => finish(true);
    const finish = (isReady: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(isReady);
    };
    redis.on('ready', onReady);
  });
}
