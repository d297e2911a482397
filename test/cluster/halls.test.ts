import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallState } from '../../shared/model/hall.ts';
import type { InviteView } from '../../shared/protocol/http.ts';
import { ok } from '../support/plenary.ts';
import { CLUSTER_ADMIN_TOKEN, CLUSTER_EVENT_ID, connectTo, eventually, joinAt, startCluster, type Cluster } from '../support/plenary-cluster.ts';

/*
 * A hall's screens on one process, its moderators on another: the hall's choice is one fact in
 * Redis, and its pushes reach the followers through the Socket.IO adapter. Screens counted for a
 * hall removal are counted on every process.
 */

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster(2);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

async function hallInvite(hallId: string): Promise<string> {
  const invites = (await (await cluster.admin(`/api/events/${CLUSTER_EVENT_ID}/invites`)).json()) as InviteView[];
  const invite = invites.find((i) => i.role === 'display' && i.hallId === hallId);
  if (!invite) throw new Error(`no display invite for hall ${hallId}`);
  return invite.url.split('/join/')[1]!;
}

function putAt(server: number, agenda: unknown): Promise<Response> {
  return fetch(`${cluster.urls()[server]}/api/events/${CLUSTER_EVENT_ID}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${CLUSTER_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(agenda),
  });
}

describe('halls across two processes', () => {
  it('a hall display on B follows sessions opened by their moderators on A', async () => {
    const [urlA, urlB] = cluster.urls() as [string, string];
    const display = await connectTo(urlB, (await joinAt(urlB, { invite: await hallInvite('main-hall') })).token);
    const received: HallState[] = [];
    display.on('hall.changed', (state) => received.push(state));
    const initial = await ok(display, 'hall.follow', { hallId: 'main-hall' });

    const keynoteChair = await connectTo(urlA, (await joinAt(urlA, { invite: await cluster.inviteFor('moderator', 'keynote-1'), name: 'Keynote chair' })).token);
    const opened = await ok(keynoteChair, 'hall.open', { roomId: 'keynote-1' });
    expect(opened.hall).toMatchObject({ revision: initial.revision + 1, roomId: 'keynote-1' });
    await eventually(() => expect(received.at(-1)).toEqual(opened.hall));

    const panelChair = await connectTo(urlA, (await joinAt(urlA, { invite: await cluster.inviteFor('moderator', 'panel-1'), name: 'Panel chair' })).token);
    await ok(panelChair, 'room.join', { roomId: 'panel-1' });
    await ok(panelChair, 'room.open', {});
    await eventually(() => expect(received.at(-1)).toMatchObject({ revision: initial.revision + 2, roomId: 'panel-1' }));

    // The display's role follows the hall on B too: a display in the panel it was sent to.
    expect((await ok(display, 'room.join', { roomId: 'panel-1' })).you.role).toBe('display');
    for (const socket of [display, keynoteChair, panelChair]) socket.disconnect();
  });

  it('a save through A that removes a hall followed by a screen on B is refused', async () => {
    const [, urlB] = cluster.urls() as [string, string];
    const { revision: _revision, ...agenda } = (await (await cluster.admin(`/api/events/${CLUSTER_EVENT_ID}`)).json()) as { revision: number; halls: unknown[] };
    expect((await putAt(0, { ...agenda, halls: [...agenda.halls, { id: 'annex', name: 'Annex' }] })).status).toBe(200);
    const screen = await connectTo(urlB, (await joinAt(urlB, { invite: await hallInvite('annex') })).token);
    await ok(screen, 'hall.follow', { hallId: 'annex' });

    const refused = await putAt(0, agenda);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('hall "Annex" has 1 screen connected') } });

    screen.disconnect();
    await eventually(async () => expect((await putAt(0, agenda)).status).toBe(200));
  });
});
