import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEventPayload } from '../../shared/protocol/server-events.ts';
import { CLUSTER_ADMIN_TOKEN, CLUSTER_EVENT_ID, connectTo, joinAt, startCluster, type Cluster } from '../support/plenary-cluster.ts';

/* An organiser's edit saved through one process reaches a phone connected to the other one, as a push. */

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster(2);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('agenda edits across processes', () => {
  it('an edit saved through process A is pushed to a phone on process B', async () => {
    const [a, b] = cluster.urls() as [string, string];
    const { token } = await joinAt(b, { code: 'ACSH23', name: 'Phone on B' });
    const phone = await connectTo(b, token);
    const pushed = new Promise<ServerEventPayload<'agenda.changed'>>((resolve) => phone.once('agenda.changed', resolve));
    const response = await fetch(`${a}/api/events/${CLUSTER_EVENT_ID}/rooms/panel-1`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${CLUSTER_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Panel 1, moved' }),
    });
    expect(response.status).toBe(200);
    expect((await pushed).rooms.find((room) => room.id === 'panel-1')?.title).toBe('Panel 1, moved');
    phone.disconnect();
  });
});
