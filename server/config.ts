import { isIP } from 'node:net';
import { z } from 'zod';
import type { RedisEndpoint, RedisTopology } from './store/redis/connection.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalSecret = (min: number, what: string) =>
  z.string().min(min, `${what} must be at least ${min} characters`).optional();

const STORES = ['sqlite', 'redis'] as const;

/** Compose files often pass an unset variable as an empty string; read that as unset. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

function isRedisUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
}

/** `host:port,host:port`, as Sentinel and Cluster nodes are listed; null if any entry is not one. */
function parseEndpoints(value: string): RedisEndpoint[] | null {
  const endpoints: RedisEndpoint[] = [];
  for (const entry of value.split(',').map((part) => part.trim())) {
    const match = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65_535) return null;
    endpoints.push({ host: match[1]!.replace(/^\[|\]$/g, ''), port });
  }
  return endpoints;
}

const endpointList = (name: string) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .refine((value) => parseEndpoints(value) !== null, `${name} must be a comma-separated list of host:port, e.g. 10.0.0.1:26379,10.0.0.2:26379`)
      .transform((value) => parseEndpoints(value)!)
      .optional(),
  );

/** A whole number in [min, max], `fallback` when unset or empty; one message for every way it can be wrong. */
const boundedInt = (message: string, min: number, max: number, fallback: number) =>
  z.preprocess(unsetIfEmpty, z.coerce.number({ error: message }).int(message).min(min, message).max(max, message).default(fallback));

function isLiveKitUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return ['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol) && url.hostname !== '';
}

/** Express's `trust proxy`: false, a number of proxy hops, or the proxies' addresses (IPs, CIDR ranges, or express's names). */
export type TrustProxy = false | number | string[];

const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', bits, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * Whose X-Forwarded-For to believe: the per-address join limit keys on the address it yields.
 * `true` is refused: express would then take the left-most address, which any client can write.
 */
function trustProxyOf(value: string, ctx: z.RefinementCtx): TrustProxy {
  if (value === 'false') return false;
  if (/^\d+$/.test(value) && Number(value) <= 10) return Number(value) === 0 ? false : Number(value);
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (value !== 'true' && entries.length > 0 && entries.every(isProxyAddress)) return entries;
  ctx.addIssue({
    code: 'custom',
    message: "PLENARY_TRUST_PROXY must be 'false', the number of proxies in front of Plenary (0–10, e.g. 1), or their addresses: IPs, CIDR ranges or loopback, linklocal, uniquelocal, comma-separated ('true' would believe any client's X-Forwarded-For)",
  });
  return false;
}

function liveKitConfig(url: string | undefined, publicUrl: string | undefined, apiKey: string | undefined, apiSecret: string | undefined): LiveKitConfig | null {
  if (!url || !apiKey || !apiSecret) return null;
  return { url: url.replace(/\/$/, ''), publicUrl: (publicUrl ?? url).replace(/\/$/, ''), apiKey, apiSecret };
}

const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    PUBLIC_URL: z.url().optional(),
    PLENARY_DATA: z.string().min(1).default('./data/plenary.db'),
    PLENARY_ADMIN_TOKEN: optionalSecret(16, 'PLENARY_ADMIN_TOKEN'),
    PLENARY_SECRET: optionalSecret(32, 'PLENARY_SECRET'),
    PLENARY_DEMO: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    CORS_ORIGIN: z.string().optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    PLENARY_PUSH_INTERVAL_MS: z.coerce.number().int().min(50).max(5_000).default(250),
    PLENARY_PRESENCE_INTERVAL_MS: z.coerce.number().int().min(50).max(10_000).default(2_000),
    PLENARY_PRESENCE_LARGE_ROOM: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
    PLENARY_DELTA_BATCH_MS: z.coerce.number().int().min(0).max(1_000).default(100),
    PLENARY_COMMIT_WINDOW_MS: z.coerce.number().int().min(0).max(100).default(10),
    PLENARY_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(60),
    PLENARY_SEND_QUEUE_BYTES: z.coerce.number().int().min(16_384).max(268_435_456).default(1_048_576),
    PLENARY_MAX_CONNECTIONS: boundedInt('PLENARY_MAX_CONNECTIONS must be a whole number of connections from 1 to 1000000', 1, 1_000_000, 10_000),
    REDIS_URL: z.preprocess(
      unsetIfEmpty,
      z.string().refine(isRedisUrl, 'REDIS_URL must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379').optional(),
    ),
    REDIS_SENTINELS: endpointList('REDIS_SENTINELS'),
    REDIS_SENTINEL_NAME: z.preprocess(unsetIfEmpty, z.string().regex(/^[A-Za-z0-9._-]+$/, 'REDIS_SENTINEL_NAME must be the name the sentinels monitor, e.g. mymaster').optional()),
    REDIS_CLUSTER_NODES: endpointList('REDIS_CLUSTER_NODES'),
    REDIS_PASSWORD: z.preprocess(unsetIfEmpty, z.string().optional()),
    PLENARY_REDIS_WAIT_REPLICAS: boundedInt('PLENARY_REDIS_WAIT_REPLICAS must be a whole number from 0 to 10', 0, 10, 0),
    PLENARY_REDIS_WAIT_TIMEOUT_MS: boundedInt('PLENARY_REDIS_WAIT_TIMEOUT_MS must be a whole number of milliseconds from 10 to 4000', 10, 4_000, 1_000),
    PLENARY_STORE: z.preprocess(unsetIfEmpty, z.enum(STORES, { error: "PLENARY_STORE must be 'sqlite' or 'redis'" }).optional()),
    LIVEKIT_URL: z.preprocess(
      unsetIfEmpty,
      z.string().refine(isLiveKitUrl, 'LIVEKIT_URL must be a ws://, wss://, http:// or https:// URL, e.g. ws://127.0.0.1:7880').optional(),
    ),
    LIVEKIT_PUBLIC_URL: z.preprocess(
      unsetIfEmpty,
      z.string().refine(isLiveKitUrl, 'LIVEKIT_PUBLIC_URL must be a ws://, wss://, http:// or https:// URL, e.g. wss://video.example.org').optional(),
    ),
    LIVEKIT_API_KEY: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
    LIVEKIT_API_SECRET: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
    PLENARY_JOINS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    PLENARY_JOIN_GRACE_MINUTES: z.coerce.number().int().min(1).max(20_160).default(60),
    PLENARY_TRUST_PROXY: z.preprocess(unsetIfEmpty, z.string().default('false')).transform(trustProxyOf),
    PLENARY_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    PLENARY_WEBHOOK_RETRY_MIN_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
    PLENARY_WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(100).max(3_600_000).default(300_000),
  })
  .superRefine((env, ctx) => {
    const redisSet = [env.REDIS_URL && 'REDIS_URL', env.REDIS_SENTINELS && 'REDIS_SENTINELS', env.REDIS_CLUSTER_NODES && 'REDIS_CLUSTER_NODES'].filter(Boolean);
    if (env.PLENARY_STORE === 'redis' && redisSet.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['PLENARY_STORE'], message: "PLENARY_STORE is 'redis' but none of REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES is set" });
    }
    if (redisSet.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: `set one of REDIS_URL (one server), REDIS_SENTINELS (Sentinel) and REDIS_CLUSTER_NODES (Redis Cluster), not ${redisSet.join(' and ')}` });
    }
    if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_SENTINEL_NAME'], message: 'REDIS_SENTINELS is set but REDIS_SENTINEL_NAME (the monitored primary, e.g. mymaster) is not' });
    }
    if (env.REDIS_SENTINEL_NAME && !env.REDIS_SENTINELS) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_SENTINEL_NAME'], message: 'REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not' });
    }
    if (env.PLENARY_REDIS_WAIT_REPLICAS > 0 && (redisSet.length === 0 || env.PLENARY_STORE === 'sqlite')) {
      ctx.addIssue({ code: 'custom', path: ['PLENARY_REDIS_WAIT_REPLICAS'], message: 'PLENARY_REDIS_WAIT_REPLICAS is set but the store is SQLite: it applies to Redis only' });
    }
    if (env.REDIS_PASSWORD && !env.REDIS_SENTINELS && !env.REDIS_CLUSTER_NODES) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_PASSWORD'], message: 'REDIS_PASSWORD is for REDIS_SENTINELS or REDIS_CLUSTER_NODES; put the password of a single server in REDIS_URL' });
    }
    const liveKitSet = [env.LIVEKIT_URL, env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET].filter((value) => value !== undefined).length;
    if (liveKitSet !== 0 && liveKitSet !== 3) {
      ctx.addIssue({ code: 'custom', path: ['LIVEKIT_URL'], message: 'set all three of LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET, or none (video off)' });
    }
    if (env.LIVEKIT_PUBLIC_URL && !env.LIVEKIT_URL) {
      ctx.addIssue({ code: 'custom', path: ['LIVEKIT_PUBLIC_URL'], message: 'LIVEKIT_PUBLIC_URL is set but LIVEKIT_URL is not' });
    }
  })
  .transform((env) => {
    const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
    const corsOrigins = env.CORS_ORIGIN
      ? env.CORS_ORIGIN.split(',').map((origin) => origin.trim()).filter(Boolean)
      : [new URL(publicUrl).origin];
    const topology = redisTopology(env);
    const storeKind = env.PLENARY_STORE ?? (topology ? 'redis' : 'sqlite');
    const store: StoreConfig =
      storeKind === 'redis' && topology
        ? { kind: 'redis', topology, waitReplicas: env.PLENARY_REDIS_WAIT_REPLICAS, waitTimeoutMs: env.PLENARY_REDIS_WAIT_TIMEOUT_MS }
        : { kind: 'sqlite', path: env.PLENARY_DATA, commitWindowMs: env.PLENARY_COMMIT_WINDOW_MS };
    return {
      port: env.PORT,
      host: env.HOST,
      publicUrl,
      dataPath: env.PLENARY_DATA,
      store,
      adminToken: env.PLENARY_ADMIN_TOKEN ?? null,
      sessionSecret: env.PLENARY_SECRET ?? null,
      loadDemo: env.PLENARY_DEMO,
      corsOrigins,
      logLevel: env.LOG_LEVEL,
      pushIntervalMs: env.PLENARY_PUSH_INTERVAL_MS,
      presence: { intervalMs: env.PLENARY_PRESENCE_INTERVAL_MS, largeRoom: env.PLENARY_PRESENCE_LARGE_ROOM },
      deltaBatchMs: env.PLENARY_DELTA_BATCH_MS,
      messagesPerSecond: env.PLENARY_MESSAGES_PER_SECOND,
      sendQueueBytes: env.PLENARY_SEND_QUEUE_BYTES,
      maxConnections: env.PLENARY_MAX_CONNECTIONS,
      liveKit: liveKitConfig(env.LIVEKIT_URL, env.LIVEKIT_PUBLIC_URL, env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET),
      joinsPerMinute: env.PLENARY_JOINS_PER_MINUTE,
      joinGraceMs: env.PLENARY_JOIN_GRACE_MINUTES * 60_000,
      trustProxy: env.PLENARY_TRUST_PROXY,
      webhooks: { timeoutMs: env.PLENARY_WEBHOOK_TIMEOUT_MS, retryMinMs: env.PLENARY_WEBHOOK_RETRY_MIN_MS, retryMaxMs: Math.max(env.PLENARY_WEBHOOK_RETRY_MIN_MS, env.PLENARY_WEBHOOK_RETRY_MAX_MS) },
    };
  });

/**
 * Where state lives: the embedded SQLite file, or Redis shared by several server processes.
 * With waitReplicas > 0 a Redis write is acknowledged only once that many replicas have it.
 */
export type StoreConfig =
  | { kind: 'sqlite'; path: string; commitWindowMs: number }
  | { kind: 'redis'; topology: RedisTopology; waitReplicas: number; waitTimeoutMs: number };

type RedisVariables = { REDIS_URL?: string; REDIS_SENTINELS?: RedisEndpoint[]; REDIS_SENTINEL_NAME?: string; REDIS_CLUSTER_NODES?: RedisEndpoint[]; REDIS_PASSWORD?: string };

function redisTopology(env: RedisVariables): RedisTopology | null {
  const password = env.REDIS_PASSWORD ? { password: env.REDIS_PASSWORD } : {};
  if (env.REDIS_URL) return { kind: 'server', url: env.REDIS_URL };
  if (env.REDIS_SENTINELS && env.REDIS_SENTINEL_NAME) return { kind: 'sentinel', sentinels: env.REDIS_SENTINELS, name: env.REDIS_SENTINEL_NAME, ...password };
  if (env.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodes: env.REDIS_CLUSTER_NODES, ...password };
  return null;
}

/**
 * A LiveKit server and the key pair Plenary signs tokens and API calls with; null means video is
 * off. `url` is where this server calls LiveKit's API; `publicUrl` is where browsers connect
 * (the same unless they differ, e.g. inside docker compose).
 */
export type LiveKitConfig = { url: string; publicUrl: string; apiKey: string; apiSecret: string };

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Validates the environment once at start-up; each wrong variable gets one line saying what is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
  throw new ConfigError(problems);
}
