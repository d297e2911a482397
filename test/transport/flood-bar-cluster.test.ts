import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolError } from '../../shared/errors.ts';
import { connectTo, joinAt, startCluster, type Cluster } from '../support/plenary-cluster.ts';

/**
 * Two server processes on one Redis. A person's runaway tab floods server A and is closed
 * there; the bar on reconnecting is kept in Redis, so their other tab, which the load balancer
 * sends to server B, is refused too: client → A (dropped, bar written to Redis) → B (reads it).
 */

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster(2);
});
afterAll(async () => {
  await cluster?.stop();
});

describe('flooding across processes', () => {
  it('[RL10] a person dropped for flooding on one process may not connect to another for a while', async () => {
    const [urlA, urlB] = cluster.urls() as [string, string];
    const { token } = await joinAt(urlA, { code: 'ACSH23', name: 'Runaway Rustam' });
    const flooder = await connectTo(urlA, token);
    const told = new Promise<ProtocolError>((resolve) => flooder.once('connection.closed', resolve));
    const emit = flooder.emit as (event: string, ...args: unknown[]) => void;
    for (let i = 0; i < 1_000; i++) emit.call(flooder, 'no.such.command', {}, () => undefined);
    expect(await told).toMatchObject({ code: 'rate_limited' });

    const refused = await connectTo(urlB, token).then(
      (socket) => {
        socket.close();
        return null;
      },
      (error: Error & { data?: ProtocolError }) => error.data,
    );
    expect(refused).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });

    const { token: bystander } = await joinAt(urlB, { code: 'ACSH23', name: 'Patient Parvina' });
    const served = await connectTo(urlB, bystander);
    expect(served.connected).toBe(true);
    served.close();
  });
});
