import fc from 'fast-check';
import { effectScope } from 'vue';
import { describe, expect, it } from 'vitest';
import { bestSample, clockSample } from '../../client/src/lib/clock-sync.ts';
import { useClock, type PingResult } from '../../client/src/composables/useClock.ts';

/** A device whose clock is `skewMs` ahead of the server, on a network with the given one-way delays. */
function fakeNetwork(skewMs: number, delays: Array<[up: number, down: number]>) {
  let serverMs = 1_700_000_000_000;
  const device = () => serverMs + skewMs;
  let round = 0;
  const ping = async (clientSentMs: number): Promise<PingResult> => {
    const [up, down] = delays[round++ % delays.length] ?? [10, 10];
    serverMs += up;
    const received = serverMs;
    serverMs += 1;
    const sent = serverMs;
    serverMs += down;
    return { clientSentMs, serverReceivedMs: received, serverSentMs: sent };
  };
  return { ping, device, server: () => serverMs };
}

describe('clock offset estimation', () => {
  it('recovers a 30-second skew exactly when the network is symmetric', () => {
    const sample = clockSample(30_000 + 1_000, 1_050, 1_051, 30_000 + 1_101);
    expect(sample.offsetMs).toBe(-30_000);
    expect(sample.roundTripMs).toBe(100);
  });

  it('trusts the sample with the smallest round trip', () => {
    const samples = [
      { offsetMs: 120, roundTripMs: 400, takenAtMs: 1 },
      { offsetMs: 5, roundTripMs: 12, takenAtMs: 2 },
      { offsetMs: -80, roundTripMs: 250, takenAtMs: 3 },
    ];
    expect(bestSample(samples)?.offsetMs).toBe(5);
    expect(bestSample([])).toBeNull();
  });

  it('is never wrong by more than half the best round trip, whatever the skew and jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -30_000, max: 30_000 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 })), { minLength: 1, maxLength: 8 }),
        (skew, delays) => {
          const samples = delays.map(([up, down], i) => {
            const t0 = 1_000_000 + i * 10_000 + skew;
            return clockSample(t0, t0 - skew + up, t0 - skew + up + 1, t0 + up + 1 + down);
          });
          const best = bestSample(samples);
          expect(best).not.toBeNull();
          expect(Math.abs(best!.offsetMs - -skew)).toBeLessThanOrEqual(best!.roundTripMs / 2 + 0.5);
        },
      ),
    );
  });

  it('two devices 30 s apart agree on server time within the network error', async () => {
    const scope = effectScope();
    const fast = fakeNetwork(+15_000, [[40, 10], [12, 12], [90, 5]]);
    const slow = fakeNetwork(-15_000, [[8, 60], [11, 13], [30, 30]]);
    const [fastClock, slowClock] = scope.run(() => [useClock(fast.ping, { now: fast.device }), useClock(slow.ping, { now: slow.device })])!;
    await fastClock.sync();
    await slowClock.sync();
    expect(Math.abs(fastClock.serverNow() - fast.server())).toBeLessThanOrEqual(fastClock.errorMs.value! + 1);
    expect(Math.abs(slowClock.serverNow() - slow.server())).toBeLessThanOrEqual(slowClock.errorMs.value! + 1);
    scope.stop();
  });

  it('keeps the last good estimate when pings fail', async () => {
    const scope = effectScope();
    const network = fakeNetwork(5_000, [[10, 10]]);
    let failing = false;
    const clock = scope.run(() => useClock((t0) => (failing ? Promise.resolve(null) : network.ping(t0)), { now: network.device }))!;
    await clock.sync();
    const offset = clock.offsetMs.value;
    failing = true;
    await clock.sync();
    expect(clock.offsetMs.value).toBe(offset);
    scope.stop();
  });
});
