import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScaleOut } from './cluster/scale-out.ts';
import type { Config } from './config.ts';
import { readDemoAgendas } from './demo/load-demo.ts';
import { createHttpApp } from './http/app.ts';
import { followCommits } from './live/after-commit.ts';
import { ensureInvites } from './live/invites.ts';
import { PollCloser } from './live/poll-closer.ts';
import { startUnconnectedSweep } from './live/unconnected-sweep.ts';
import { followFloorForVideo } from './media/floor-permissions.ts';
import type { Logger } from './logger.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { isStoreFailure } from './store/failures.ts';
import { RedisStore } from './store/redis/redis-store.ts';
import type { Store } from './store/store.ts';
import { logOpenFileLimit, readOpenFileLimit } from './transport/open-files.ts';
import { createSocketServer } from './transport/socket-server.ts';
import { followWebhooks } from './webhooks/follow-webhooks.ts';
import type { PlenaryServer } from './transport/socket-types.ts';

export type RunningServer = {
  url: string;
  port: number;
  runtime: Runtime;
  io: PlenaryServer;
  http: HttpServer;
  /** Stops accepting, pushes what is pending, closes the store. */
  close: () => Promise<void>;
};

/**
 * A fresh store gets the reference conference and workshop, so a newcomer sees real events at
 * once. A store that holds only some of them (a save that was not confirmed, retried below) gets
 * the rest; a store with any other event gets nothing.
 */
async function loadDemoIfEmpty(runtime: Runtime): Promise<void> {
  if (!runtime.config.loadDemo) return;
  const demo = readDemoAgendas();
  const stored = new Set((await runtime.store.listEvents()).map((event) => event.agenda.id));
  if ([...stored].some((id) => !demo.some((agenda) => agenda.id === id))) return;
  for (const agenda of demo.filter((a) => !stored.has(a.id))) {
    const saved = await runtime.events.save(agenda, runtime.now());
    if (!saved.ok) throw new Error(`The demo event ${agenda.id} could not be saved: ${saved.error.message}`);
    runtime.logger.info({ eventId: agenda.id }, 'demo event loaded');
  }
}

/** Attempts at preparing the events, and the pause before each retry: a store that is slow to confirm at start is waited for, not fatal. */
const PREPARE_RETRY_MS = [250, 500, 1_000, 2_000, 4_000] as const;

/** The demo and the standard invites, once: with several processes on one Redis, one at a time. */
async function prepareEvents(runtime: Runtime): Promise<void> {
  const prepare = async () => {
    await loadDemoIfEmpty(runtime);
    for (const { agenda } of await runtime.store.listEvents()) await ensureInvites(runtime.store, agenda, runtime.now());
  };
  for (const pauseMs of [...PREPARE_RETRY_MS, null]) {
    try {
      await (runtime.scaleOut ? runtime.scaleOut.exclusively(prepare) : prepare());
      return;
    } catch (error) {
      if (pauseMs === null || !isStoreFailure(error)) throw error;
      runtime.logger.warn({ err: error, retryInMs: pauseMs }, 'the store failed while preparing the events; trying again');
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

export async function startServer(config: Config, logger: Logger, store: Store): Promise<RunningServer> {
  logOpenFileLimit(logger, config.maxConnections, process.platform === 'linux' ? readOpenFileLimit() : null);
  let scaleOut: ScaleOut | null = null;
  if (store instanceof RedisStore) {
    await store.init();
    scaleOut = await ScaleOut.connect(store, logger);
  }
  const runtime = await createRuntime(config, logger, store, scaleOut);
  await prepareEvents(runtime);
  followCommits(runtime);
  const videoOutbox = runtime.media ? followFloorForVideo(runtime, runtime.media) : null;
  const webhooks = followWebhooks(runtime);
  // Reads the clock through runtime.now, so tests that move it move the sweep too.
  const stopSweep = startUnconnectedSweep({ store, logger, now: () => runtime.now(), graceMs: config.joinGraceMs });
  const pollCloser = new PollCloser({ store, live: runtime.live, logger, now: () => runtime.now() });
  pollCloser.start();

  const http = createServer(createHttpApp(runtime));
  const io = createSocketServer(http, runtime, scaleOut?.adapter());
  await scaleOut?.attach(runtime, io);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  const close = async () => {
    stopSweep();
    await pollCloser.stop();
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await runtime.pushes.drain();
    runtime.pushes.stop();
    await videoOutbox?.stop();
    await webhooks.stop();
    await scaleOut?.close();
    await store.close();
  };
  return { url, port, runtime, io, http, close };
}
