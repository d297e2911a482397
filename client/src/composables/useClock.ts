import { onScopeDispose, ref, type Ref } from 'vue';
import { bestSample, clockSample, type ClockSample } from '../lib/clock-sync.ts';

export type PingResult = { clientSentMs: number; serverReceivedMs: number; serverSentMs: number } | null;
/** Sends one clock.ping with the client's send time and resolves with the server's stamps (null if it failed). */
export type Ping = (clientSentMs: number) => Promise<PingResult>;

export type ClockOptions = {
  now?: () => number;
  /** Pings in a burst: the best of several round trips is far better than one. */
  burst?: number;
  /** Clocks drift and networks change: resample this often. */
  resampleEveryMs?: number;
};

export type Clock = {
  offsetMs: Ref<number>;
  /** Half the best round trip: the most the offset can be wrong by. */
  errorMs: Ref<number | null>;
  serverNow: () => number;
  sync: () => Promise<void>;
};

/** Estimates the offset of this device's clock to the server's, NTP-style, and keeps it fresh. */
export function useClock(ping: Ping, options: ClockOptions = {}): Clock {
  const now = options.now ?? (() => Date.now());
  const burst = options.burst ?? 5;
  const samples: ClockSample[] = [];
  const offsetMs = ref(0);
  const errorMs = ref<number | null>(null);

  async function sync(): Promise<void> {
    for (let i = 0; i < burst; i++) {
      const t0 = now();
      const answer = await ping(t0);
      if (!answer) continue;
      samples.push(clockSample(answer.clientSentMs, answer.serverReceivedMs, answer.serverSentMs, now()));
    }
    samples.splice(0, Math.max(0, samples.length - 32));
    const best = bestSample(samples);
    if (best) {
      offsetMs.value = best.offsetMs;
      errorMs.value = best.roundTripMs / 2;
    }
  }

  const timer = setInterval(() => void sync(), options.resampleEveryMs ?? 60_000);
  onScopeDispose(() => clearInterval(timer));
  return { offsetMs, errorMs, serverNow: () => now() + offsetMs.value, sync };
}

/** A ticking server-time ref for rendering timers; they are data, so ticking is the client's job. */
export function useServerNow(clock: Pick<Clock, 'serverNow'>, everyMs = 200): Ref<number> {
  const current = ref(clock.serverNow());
  const timer = setInterval(() => (current.value = clock.serverNow()), everyMs);
  onScopeDispose(() => clearInterval(timer));
  return current;
}
