import type { Config } from './config.ts';
import { SessionTokens } from './auth/session-tokens.ts';
import { randomSecret } from './auth/secrets.ts';
import type { Logger } from './logger.ts';
import type { PushKey } from './live/ballots.ts';
import { flushPushes } from './live/flush-pushes.ts';
import { EventDirectory } from './live/event-directory.ts';
import { LiveRooms } from './live/live-rooms.ts';
import { Presence } from './live/presence.ts';
import type { Publisher } from './live/publisher.ts';
import { PushScheduler } from './live/push-scheduler.ts';
import type { Store } from './store/store.ts';
import { createMetrics, type Metrics } from './transport/metrics.ts';
import { RateLimits } from './transport/rate-limits.ts';

/** Everything the transports share: built once per process. */
export type Runtime = {
  config: Config;
  logger: Logger;
  store: Store;
  events: EventDirectory;
  live: LiveRooms;
  publisher: DeferredPublisher;
  presence: Presence;
  pushes: PushScheduler<PushKey>;
  tokens: SessionTokens;
  adminToken: string;
  ballotKey: string;
  metrics: Metrics;
  limits: RateLimits;
  now: () => number;
};

/**
 * The publisher is attached after the socket server exists; until then nothing is connected,
 * so a publisher that drops everything is correct, not a stub.
 */
export class DeferredPublisher implements Publisher {
  target: Publisher | null = null;
  delta: Publisher['delta'] = (...args) => this.target?.delta(...args);
  pollResults: Publisher['pollResults'] = (...args) => this.target?.pollResults(...args);
  questionVotes: Publisher['questionVotes'] = (...args) => this.target?.questionVotes(...args);
  presence: Publisher['presence'] = (...args) => this.target?.presence(...args);
  speakerMessages: Publisher['speakerMessages'] = (...args) => this.target?.speakerMessages(...args);
}

export async function createRuntime(
  config: Config,
  logger: Logger,
  store: Store,
): Promise<Runtime> {
  await store.init();
  const sessionSecret = config.sessionSecret ?? (await store.getOrCreateSecret('session_secret', randomSecret(32)));
  const adminToken = config.adminToken ?? (await store.getOrCreateSecret('admin_token', randomSecret(18)));
  const ballotKey = await store.getOrCreateSecret('ballot_key', randomSecret(32));
  const publisher = new DeferredPublisher();
  const live = new LiveRooms(store, publisher);
  const runtime: Runtime = {
    config,
    logger,
    store,
    events: new EventDirectory(store),
    live,
    publisher,
    presence: new Presence(),
    pushes: new PushScheduler<PushKey>(
      config.pushIntervalMs,
      (roomId, keys) => flushPushes(runtime, roomId, keys),
      (error, roomId) => logger.error({ err: error, roomId }, 'coalesced push failed'),
    ),
    tokens: new SessionTokens(sessionSecret),
    adminToken,
    ballotKey,
    metrics: createMetrics(),
    limits: new RateLimits(),
    now: () => Date.now(),
  };
  return runtime;
}
