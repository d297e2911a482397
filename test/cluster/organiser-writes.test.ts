import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgendaAtRevision } from '../../shared/model/event.ts';
import type { ServerEventPayload } from '../../shared/protocol/server-events.ts';
import { CLUSTER_ADMIN_TOKEN, CLUSTER_EVENT_ID, connectTo, eventually, joinAt, startCluster, type Cluster } from '../support/plenary-cluster.ts';
import { sixFieldEdits } from '../support/room-edits.ts';

/*
 * Two organisers' browsers behind a load balancer: their writes reach two Plenary processes on
 * one Redis at the same moment. Organiser → server A or B → the event save script in Redis,
 * which checks and writes in one step → every process reads the one agenda.
 */

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster(2);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

function adminAt(server: number, path: string, method = 'GET', body?: unknown): Promise<Response> {
  return fetch(`${cluster.urls()[server]}${path}`, {
    method,
    headers: { authorization: `Bearer ${CLUSTER_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function agendaAt(server: number): Promise<AgendaAtRevision> {
  return (await (await adminAt(server, `/api/events/${CLUSTER_EVENT_ID}`)).json()) as AgendaAtRevision;
}

const opening = { title: 'Opening', kind: 'plenary', startsAt: '2023-11-27T09:00:00-05:00', endsAt: '2023-11-27T10:00:00-05:00' };
const workshop = (id: string, audienceCode: string, roomId: string) => ({ id, title: `Workshop ${id}`, timezone: 'America/New_York', audienceCode, rooms: [{ ...opening, id: roomId }] });

describe('organiser writes through two processes', () => {
  it('lands all 60 room edits sent six at a time, three through each process', async () => {
    const path = `/api/events/${CLUSTER_EVENT_ID}/rooms/panel-2`;
    const fields = (round: number) => sixFieldEdits(round, 'Panel 2');
    for (let round = 1; round <= 10; round++) {
      const answers = await Promise.all(fields(round).map((change, i) => adminAt(i % 2, path, 'PATCH', change)));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
      for (const server of [0, 1]) {
        const room = (await agendaAt(server)).rooms.find((r) => r.id === 'panel-2')!;
        for (const change of fields(round)) expect(room).toMatchObject(change);
      }
    }
    // What joiners read comes from each process's cache, which the other process's saves clear.
    await eventually(async () => {
      for (const url of cluster.urls()) {
        const publicAgenda = (await (await fetch(`${url}/api/public/events/${CLUSTER_EVENT_ID}`)).json()) as AgendaAtRevision;
        expect(publicAgenda.rooms.find((r) => r.id === 'panel-2')?.title).toBe('Panel 2, version 10');
      }
    });
  });

  it('gives one event id, one room id and one audience code to one winner each', async () => {
    const race = async (agendas: unknown[]) => {
      const answers = await Promise.all(agendas.map((agenda, i) => adminAt(i % 2, '/api/events', 'POST', agenda)));
      return answers.map((answer) => answer.status).sort();
    };
    const sixLosers = [201, 409, 409, 409, 409, 409];
    expect(await race(Array.from({ length: 6 }, (_, i) => workshop('race-id', `RACEID${i}`, `race-id-room-${i}`)))).toEqual(sixLosers);
    expect(await race(Array.from({ length: 6 }, (_, i) => workshop(`race-room-${i}`, `RACERM${i}`, 'race-room')))).toEqual(sixLosers);
    expect(await race(Array.from({ length: 6 }, (_, i) => workshop(`race-code-${i}`, 'RACECODE', `race-code-room-${i}`)))).toEqual(sixLosers);
  });

  it('pushes an edit saved through one process to a phone connected to the other', async () => {
    const { token } = await joinAt(cluster.urls()[1]!, { code: 'ACSH23', name: 'Phone on B' });
    const phone = await connectTo(cluster.urls()[1]!, token);
    const pushed = new Promise<ServerEventPayload<'agenda.changed'>>((resolve) => phone.once('agenda.changed', resolve));
    const answer = await adminAt(0, `/api/events/${CLUSTER_EVENT_ID}/rooms/panel-1`, 'PATCH', { title: 'Panel 1, moved' });
    expect(answer.status).toBe(200);
    expect((await pushed).rooms.find((room) => room.id === 'panel-1')?.title).toBe('Panel 1, moved');
    phone.disconnect();
  });
});
