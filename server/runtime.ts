import type { ScaleOut } from './cluster/scale-out.ts';
import type { Config } from './config.ts';
import { SessionTokens } from './auth/session-tokens.ts';
import { randomSecret } from './auth/secrets.ts';
import type { Logger } from './logger.ts';
import { createMedia, type Media } from './media/media.ts';
import type { PushKey } from './live/ballots.ts';
import { flushPushes } from './live/flush-pushes.ts';
import { EventDirectory } from './live/event-directory.ts';
import { LiveRooms } from './live/live-rooms.ts';
import { Presence, type PresenceBook } from './live/presence.ts';
import type { Publisher } from './live/publisher.ts';
import { PushScheduler, type Pushes } from './live/push-scheduler.ts';
import { QuizBoards } from './live/quiz-boards.ts';
import { SharedSnapshots } from './live/shared-snapshots.ts';
import { TotalsVersions } from './live/totals-versions.ts';
import type { Store } from './store/store.ts';
import { HallScreens } from './transport/hall-screens.ts';
import { InviteSessions } from './transport/invite-sessions.ts';
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
  inviteSessions: InviteSessions;
  hallScreens: HallScreens;
  presence: PresenceBook;
  pushes: Pushes<PushKey>;
  /** Versions of each room's tallies and question votes; null with scale-out, where other processes change them unseen. */
  totals: TotalsVersions | null;
  /** Snapshots' shared parts, read once per room revision and totals version; null with scale-out. */
  sharedSnapshots: SharedSnapshots | null;
  quizBoards: QuizBoards;
  tokens: SessionTokens;
  adminToken: string;
  ballotKey: string;
  metrics: Metrics;
  limits: RateLimits;
  now: () => number;
  /** Present when several processes share the store (Redis); null with SQLite. */
  scaleOut: ScaleOut | null;
  /** LiveKit video; null when it is not configured (video off). */
  media: Media | null;
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
  agendaChanged: Publisher['agendaChanged'] = (...args) => this.target?.agendaChanged(...args);
  hallChanged: Publisher['hallChanged'] = (...args) => this.target?.hallChanged(...args);
  quizBoard: Publisher['quizBoard'] = (...args) => this.target?.quizBoard(...args);
}

export async function createRuntime(
  config: Config,
  logger: Logger,
  store: Store,
  scaleOut: ScaleOut | null = null,
): Promise<Runtime> {
  await store.init();
  const sessionSecret = config.sessionSecret ?? (await store.getOrCreateSecret('session_secret', randomSecret(32)));
  const adminToken = config.adminToken ?? (await store.getOrCreateSecret('admin_token', randomSecret(18)));
  const ballotKey = await store.getOrCreateSecret('ballot_key', randomSecret(32));
  const publisher = new DeferredPublisher();
  const live = new LiveRooms(store, publisher, scaleOut?.sharedRooms() ?? null);
  const flush = (roomId: string, keys: Set<PushKey>) => flushPushes(runtime, roomId, keys);
  let totals: TotalsVersions | null = null;
  let pushes: Pushes<PushKey>;
  let presence: PresenceBook;
  if (scaleOut) {
    pushes = scaleOut.createPushes(config.pushIntervalMs, flush);
    presence = scaleOut.presence;
  } else {
    totals = new TotalsVersions();
    const local = new Presence();
    presence = local;
    const slow = { intervalMs: config.presence.intervalMs, mayWait: (roomId: string, key: PushKey) => key === 'presence' && local.size(roomId) >= config.presence.largeRoom };
    const onError = (error: unknown, roomId: string) => logger.error({ err: error, roomId }, 'coalesced push failed');
    pushes = totals.counting(new PushScheduler<PushKey>(config.pushIntervalMs, flush, onError, Date.now, slow));
  }
  const runtime: Runtime = {
    config,
    logger,
    store,
    events: new EventDirectory(store, scaleOut ? (eventId) => scaleOut.announceEventSaved(eventId) : undefined),
    live,
    publisher,
    inviteSessions: new InviteSessions(),
    hallScreens: new HallScreens(),
    presence,
    pushes,
    totals,
    sharedSnapshots: totals ? new SharedSnapshots(totals) : null,
    quizBoards: new QuizBoards({ store, publisher, logger }),
    tokens: new SessionTokens(sessionSecret),
    adminToken,
    ballotKey,
    metrics: createMetrics(() => store.writeStats()),
    limits: new RateLimits(config.messagesPerSecond, scaleOut?.limiters(), scaleOut?.budgets()),
    now: () => Date.now(),
    scaleOut,
    media: null,
  };
  runtime.media = createMedia(config.liveKit, logger, store, runtime.now);
  return runtime;
}
