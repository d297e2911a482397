import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.ts';

/** The lines a ConfigError names for `env`, none if it loads. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration from the environment', () => {
  it('runs the demo with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataPath: './data/plenary.db', loadDemo: true, publicUrl: 'http://localhost:3000', corsOrigins: ['http://localhost:3000'] });
    expect(config).toMatchObject({ messagesPerSecond: 60, sendQueueBytes: 1_048_576, maxConnections: 10_000, presence: { intervalMs: 2_000, largeRoom: 1_000 } });
    expect(config.adminToken).toBeNull();
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      PUBLIC_URL: 'https://plenary.example.org/',
      PLENARY_DATA: '/var/lib/plenary/p.db',
      PLENARY_ADMIN_TOKEN: 'a-long-admin-token-123',
      PLENARY_SECRET: 'x'.repeat(32),
      PLENARY_DEMO: 'false',
      CORS_ORIGIN: 'https://a.example, https://b.example',
      LOG_LEVEL: 'warn',
      PLENARY_PUSH_INTERVAL_MS: '100',
      PLENARY_COMMIT_WINDOW_MS: '0',
      PLENARY_MESSAGES_PER_SECOND: '120',
      PLENARY_SEND_QUEUE_BYTES: '262144',
      PLENARY_DELTA_BATCH_MS: '0',
      PLENARY_MAX_CONNECTIONS: '18000',
      PLENARY_PRESENCE_INTERVAL_MS: '2000',
      PLENARY_PRESENCE_LARGE_ROOM: '300',
    });
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'https://plenary.example.org',
      loadDemo: false,
      corsOrigins: ['https://a.example', 'https://b.example'],
      logLevel: 'warn',
      pushIntervalMs: 100,
      deltaBatchMs: 0,
      messagesPerSecond: 120,
      sendQueueBytes: 262_144,
      maxConnections: 18_000,
      presence: { intervalMs: 2_000, largeRoom: 300 },
      store: { kind: 'sqlite', path: '/var/lib/plenary/p.db', commitWindowMs: 0 },
    });
  });

  it('names every wrong variable on a line of its own', () => {
    const wrong = { PORT: 'eighty', PLENARY_ADMIN_TOKEN: 'short', PLENARY_SECRET: 'short', LOG_LEVEL: 'loud', PUBLIC_URL: 'not a url', PLENARY_DEMO: 'yes', PLENARY_COMMIT_WINDOW_MS: '-1', PLENARY_MESSAGES_PER_SECOND: '0', PLENARY_SEND_QUEUE_BYTES: '1024', PLENARY_MAX_CONNECTIONS: '0', PLENARY_PRESENCE_INTERVAL_MS: '10', PLENARY_PRESENCE_LARGE_ROOM: '0' };
    let error: unknown;
    try {
      loadConfig(wrong);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    for (const name of Object.keys(wrong)) expect(problems.some((line) => line.startsWith(`${name}:`)), name).toBe(true);
    expect(problems).toHaveLength(Object.keys(wrong).length);
  });
  it('PLENARY_MAX_CONNECTIONS: a whole number from 1 to 1,000,000; empty means the default', () => {
    expect(loadConfig({ PLENARY_MAX_CONNECTIONS: '' }).maxConnections).toBe(10_000);
    expect(loadConfig({ PLENARY_MAX_CONNECTIONS: '1' }).maxConnections).toBe(1);
    for (const value of ['0', '-5', '2.5', 'many', '1000001']) {
      expect(problemsOf({ PLENARY_MAX_CONNECTIONS: value }), value).toEqual(['PLENARY_MAX_CONNECTIONS: PLENARY_MAX_CONNECTIONS must be a whole number of connections from 1 to 1000000']);
    }
  });

  it('chooses the store: SQLite by default, Redis when REDIS_URL is set, as PLENARY_STORE says', () => {
    expect(loadConfig({}).store).toEqual({ kind: 'sqlite', path: './data/plenary.db', commitWindowMs: 10 });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6380' }).store).toEqual({
      kind: 'redis',
      topology: { kind: 'server', url: 'redis://127.0.0.1:6380' },
      waitReplicas: 0,
      waitTimeoutMs: 1_000,
    });
    expect(loadConfig({ REDIS_URL: 'rediss://redis.example.org:6380', PLENARY_STORE: 'sqlite' }).store.kind).toBe('sqlite');
    // An empty variable, as compose files pass an unset one, is unset.
    expect(loadConfig({ REDIS_URL: '', PLENARY_STORE: '' }).store.kind).toBe('sqlite');

    expect(problemsOf({ PLENARY_STORE: 'redis' })).toEqual(["PLENARY_STORE: PLENARY_STORE is 'redis' but none of REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES is set"]);
    expect(problemsOf({ PLENARY_STORE: 'postgres' })).toEqual(["PLENARY_STORE: PLENARY_STORE must be 'sqlite' or 'redis'"]);
    for (const url of ['http://127.0.0.1:6379', 'localhost:6379', 'redis://']) {
      expect(problemsOf({ REDIS_URL: url }), url).toEqual([
        'REDIS_URL: REDIS_URL must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379',
      ]);
    }
  });

  it('turns video on with all three LiveKit variables, off with none, and refuses one or two in one line', () => {
    expect(loadConfig({}).liveKit).toBeNull();
    expect(loadConfig({ LIVEKIT_URL: '', LIVEKIT_API_KEY: '', LIVEKIT_API_SECRET: '' }).liveKit).toBeNull();
    expect(loadConfig({ LIVEKIT_URL: 'ws://127.0.0.1:7880/', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' }).liveKit).toEqual({
      url: 'ws://127.0.0.1:7880',
      publicUrl: 'ws://127.0.0.1:7880',
      apiKey: 'devkey',
      apiSecret: 'secret',
    });
    expect(loadConfig({ LIVEKIT_URL: 'http://livekit:7880', LIVEKIT_PUBLIC_URL: 'ws://localhost:7880', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }).liveKit?.publicUrl).toBe('ws://localhost:7880');
    expect(problemsOf({ LIVEKIT_PUBLIC_URL: 'wss://video.example.org' })).toEqual(['LIVEKIT_PUBLIC_URL: LIVEKIT_PUBLIC_URL is set but LIVEKIT_URL is not']);
    const allOrNone = ['LIVEKIT_URL: set all three of LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or none (video off)'];
    expect(problemsOf({ LIVEKIT_URL: 'ws://127.0.0.1:7880' })).toEqual(allOrNone);
    expect(problemsOf({ LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' })).toEqual(allOrNone);
    expect(problemsOf({ LIVEKIT_URL: 'livekit:7880', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' })).toEqual([
      'LIVEKIT_URL: LIVEKIT_URL must be a ws://, wss://, http:// or https:// URL, e.g. ws://127.0.0.1:7880',
    ]);
  });

  it('reads Redis Sentinel and Redis Cluster, and WAIT for replicas', () => {
    expect(loadConfig({ REDIS_SENTINELS: '10.0.0.1:26379, sentinel-b:26380', REDIS_SENTINEL_NAME: 'mymaster', REDIS_PASSWORD: 'pw', PLENARY_REDIS_WAIT_REPLICAS: '1' }).store).toEqual({
      kind: 'redis',
      topology: { kind: 'sentinel', sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: 'sentinel-b', port: 26380 }], name: 'mymaster', password: 'pw' },
      waitReplicas: 1,
      waitTimeoutMs: 1_000,
    });
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis-1:7000,[::1]:7001', PLENARY_REDIS_WAIT_TIMEOUT_MS: '250' }).store).toEqual({
      kind: 'redis',
      topology: { kind: 'cluster', nodes: [{ host: 'redis-1', port: 7000 }, { host: '::1', port: 7001 }] },
      waitReplicas: 0,
      waitTimeoutMs: 250,
    });
  });

  it('names each wrong Redis variable with what it should be', () => {
    const endpoints = (name: string) => `${name}: ${name} must be a comma-separated list of host:port, e.g. 10.0.0.1:26379,10.0.0.2:26379`;
    expect(problemsOf({ REDIS_SENTINELS: '10.0.0.1', REDIS_SENTINEL_NAME: 'mymaster' })).toEqual([endpoints('REDIS_SENTINELS')]);
    expect(problemsOf({ REDIS_CLUSTER_NODES: 'redis-1:7000,redis-2:99999' })).toEqual([endpoints('REDIS_CLUSTER_NODES')]);
    expect(problemsOf({ REDIS_SENTINELS: '10.0.0.1:26379' })).toEqual([
      'REDIS_SENTINEL_NAME: REDIS_SENTINELS is set but REDIS_SENTINEL_NAME (the monitored primary, e.g. mymaster) is not',
    ]);
    expect(problemsOf({ REDIS_SENTINEL_NAME: 'mymaster' })).toEqual(['REDIS_SENTINEL_NAME: REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not']);
    expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: 'redis-1:7000' })).toEqual([
      'REDIS_URL: set one of REDIS_URL (one server), REDIS_SENTINELS (Sentinel) and REDIS_CLUSTER_NODES (Redis Cluster), not REDIS_URL and REDIS_CLUSTER_NODES',
    ]);
    expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PASSWORD: 'pw' })).toEqual([
      'REDIS_PASSWORD: REDIS_PASSWORD is for REDIS_SENTINELS or REDIS_CLUSTER_NODES; put the password of a single server in REDIS_URL',
    ]);
    expect(problemsOf({ PLENARY_REDIS_WAIT_REPLICAS: '1' })).toEqual([
      'PLENARY_REDIS_WAIT_REPLICAS: PLENARY_REDIS_WAIT_REPLICAS is set but the store is SQLite: it applies to Redis only',
    ]);
    for (const replicas of ['-1', 'one', '1.5', '11']) {
      expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', PLENARY_REDIS_WAIT_REPLICAS: replicas }), replicas).toEqual([
        'PLENARY_REDIS_WAIT_REPLICAS: PLENARY_REDIS_WAIT_REPLICAS must be a whole number from 0 to 10',
      ]);
    }
    for (const timeout of ['0', '5000', 'soon']) {
      expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', PLENARY_REDIS_WAIT_TIMEOUT_MS: timeout }), timeout).toEqual([
        'PLENARY_REDIS_WAIT_TIMEOUT_MS: PLENARY_REDIS_WAIT_TIMEOUT_MS must be a whole number of milliseconds from 10 to 4000',
      ]);
    }
  });

  it('limits joins per address, keeps never-connected joins for a grace period, and trusts no proxy unless told', () => {
    expect(loadConfig({})).toMatchObject({ joinsPerMinute: 600, joinGraceMs: 3_600_000, trustProxy: false });
    expect(loadConfig({ PLENARY_JOINS_PER_MINUTE: '5000', PLENARY_JOIN_GRACE_MINUTES: '1440', PLENARY_TRUST_PROXY: '1' })).toMatchObject({
      joinsPerMinute: 5000,
      joinGraceMs: 86_400_000,
      trustProxy: 1,
    });
    expect(loadConfig({ PLENARY_TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::1']);
    expect(loadConfig({ PLENARY_TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ PLENARY_TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('refuses a trust-everyone proxy setting, addresses that are not addresses, and a join limit of zero', () => {
    for (const wrong of ['true', 'nginx', '10.0.0.0/33', '10.0.0.1/8/1', '11', ',']) {
      expect(() => loadConfig({ PLENARY_TRUST_PROXY: wrong }), wrong).toThrow(/PLENARY_TRUST_PROXY: PLENARY_TRUST_PROXY must be/);
    }
    expect(() => loadConfig({ PLENARY_JOINS_PER_MINUTE: '0' })).toThrow(/PLENARY_JOINS_PER_MINUTE/);
    expect(() => loadConfig({ PLENARY_JOIN_GRACE_MINUTES: 'soon' })).toThrow(/PLENARY_JOIN_GRACE_MINUTES/);
  });
});
