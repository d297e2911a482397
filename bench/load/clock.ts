import { bestSample, clockSample, type ClockSample } from '../../client/src/lib/clock-sync.ts';
import { remainingMs } from '../../shared/model/timer.ts';
import type { ClockCommand, ClockReply } from '../messages.ts';
import { seededRandom } from '../stats.ts';
import { sleep } from './bench-client.ts';
import { clientsOf, progressTicker, type WorkerState } from './worker-state.ts';

/** As the web client's useClock: a burst of pings, back to back, keeping the best round trip. */
const BURST = 5;
const MAX_SKEW_MS = 30_000;

/**
 * A simulated network path: a fixed one-way delay per client (2–42 ms), exponential jitter
 * on each leg (mean 8 ms), and one leg in twenty held up 50–250 ms more (a busy Wi-Fi).
 * Up and down legs are drawn independently, so paths are asymmetric, which is what NTP's
 * estimate cannot see.
 */
function networkPath(random: () => number): () => number {
  const baseMs = 2 + random() * 40;
  return () => {
    const jitterMs = -Math.log(1 - random()) * 8;
    const spikeMs = random() < 0.05 ? 50 + random() * 200 : 0;
    return baseMs + jitterMs + spikeMs;
  };
}

/**
 * Timer accuracy: each client's clock is off by up to ±30 s; it estimates its offset with the
 * web client's own functions (clockSample, bestSample) over a delayed path, then renders the
 * session timer at its estimate of server time. The error is that rendering minus the true
 * remaining time (server and clients share this machine's clock, so the truth is Date.now()).
 */
export async function timerAccuracy(state: WorkerState, command: ClockCommand): Promise<ClockReply> {
  const clients = clientsOf(state, command.target).slice(0, command.clients);
  const errorsMs: number[] = [];
  const bestRoundTripsMs: number[] = [];
  let failures = 0;
  const stopTicker = progressTicker(state, clients.length, () => errorsMs.length + failures);

  await Promise.all(
    clients.map(async (client) => {
      const random = seededRandom(command.seed ^ Math.imul(client.index + 1, 0x27d4eb2f));
      const skewMs = Math.round((random() * 2 - 1) * MAX_SKEW_MS);
      const deviceNow = () => Date.now() + skewMs;
      const leg = networkPath(random);
      await sleep(random() * command.spreadMs);
      const samples: ClockSample[] = [];
      for (let i = 0; i < BURST; i++) {
        const t0 = deviceNow();
        await sleep(leg());
        const ack = await client.send('clock.ping', { clientSentMs: t0 }).catch(() => null);
        await sleep(leg());
        if (ack?.ok) samples.push(clockSample(ack.clientSentMs, ack.serverReceivedMs, ack.serverSentMs, deviceNow()));
      }
      const best = bestSample(samples);
      const timer = command.timer ?? client.sessionTimer;
      if (!best || !timer || timer.runningSinceMs === null) {
        failures += 1;
        return;
      }
      const trueNowMs = Date.now();
      const displayedMs = remainingMs(timer, trueNowMs + skewMs + best.offsetMs);
      errorsMs.push(displayedMs - remainingMs(timer, trueNowMs));
      bestRoundTripsMs.push(best.roundTripMs);
    }),
  );
  stopTicker();
  return { kind: 'clock', errorsMs, bestRoundTripsMs, failures };
}
