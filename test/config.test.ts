import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.ts';

describe('configuration from the environment', () => {
  it('runs the demo with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataPath: './data/plenary.db', loadDemo: true, publicUrl: 'http://localhost:3000', corsOrigins: ['http://localhost:3000'] });
    expect(config).toMatchObject({ messagesPerSecond: 60, sendQueueBytes: 1_048_576 });
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
    });
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'https://plenary.example.org',
      loadDemo: false,
      corsOrigins: ['https://a.example', 'https://b.example'],
      logLevel: 'warn',
      pushIntervalMs: 100,
      messagesPerSecond: 120,
      sendQueueBytes: 262_144,
      store: { kind: 'sqlite', path: '/var/lib/plenary/p.db', commitWindowMs: 0 },
    });
  });

  it('names every wrong variable on a line of its own', () => {
    const wrong = { PORT: 'eighty', PLENARY_ADMIN_TOKEN: 'short', PLENARY_SECRET: 'short', LOG_LEVEL: 'loud', PUBLIC_URL: 'not a url', PLENARY_DEMO: 'yes', PLENARY_COMMIT_WINDOW_MS: '-1', PLENARY_MESSAGES_PER_SECOND: '0', PLENARY_SEND_QUEUE_BYTES: '1024' };
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
  it('chooses the store: SQLite by default, Redis when REDIS_URL is set, as PLENARY_STORE says', () => {
    expect(loadConfig({}).store).toEqual({ kind: 'sqlite', path: './data/plenary.db', commitWindowMs: 10 });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6380' }).store).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6380' });
    expect(loadConfig({ REDIS_URL: 'rediss://redis.example.org:6380', PLENARY_STORE: 'sqlite' }).store.kind).toBe('sqlite');
    // An empty variable, as compose files pass an unset one, is unset.
    expect(loadConfig({ REDIS_URL: '', PLENARY_STORE: '' }).store.kind).toBe('sqlite');

    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };
    expect(problemsOf({ PLENARY_STORE: 'redis' })).toEqual(["PLENARY_STORE: PLENARY_STORE is 'redis' but REDIS_URL is not set"]);
    expect(problemsOf({ PLENARY_STORE: 'postgres' })).toEqual(["PLENARY_STORE: PLENARY_STORE must be 'sqlite' or 'redis'"]);
    for (const url of ['http://127.0.0.1:6379', 'localhost:6379', 'redis://']) {
      expect(problemsOf({ REDIS_URL: url }), url).toEqual([
        'REDIS_URL: REDIS_URL must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379',
      ]);
    }
  });

  it('turns video on with all three LiveKit variables, off with none, and refuses one or two in one line', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };
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
});
