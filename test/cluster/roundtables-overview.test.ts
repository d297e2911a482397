import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overview } from '../../shared/protocol/overview.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import type { PresenceCounts } from '../../shared/protocol/snapshot.ts';
import { childCard, followOverview, overviewDelta, overviewPresence, type FollowedOverview } from '../../client/src/lib/overview-follower.ts';
import { connectTo, joinAt, startCluster, type Cluster } from '../support/plenary-cluster.ts';
import { sendUnchecked, type ClientSocket } from '../support/plenary.ts';

/*
 * The master of ceremonies' overview on one process, the roundtables run through another.
 * Path: Hall B's moderator → server B → Redis (commit script, PUBLISH) → server A's room feed
 * (A read the child's state when the overview followed it) → the overview's socket on A; the
 * presence counts go through the Socket.IO adapter; the common countdown sent to A commits in
 * both children and reaches their stage displays on B.
 */

let cluster: Cluster;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  cluster = await startCluster(2);
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await cluster?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(20);
    }
  }
}

async function personAt(url: string, request: Parameters<typeof joinAt>[1], roomId: string): Promise<ClientSocket> {
  const { token } = await joinAt(url, request);
  const socket = await connectTo(url, token);
  sockets.push(socket);
  expect(await sendUnchecked(socket, 'room.join', { roomId })).toMatchObject({ ok: true });
  return socket;
}

describe('the parent chair’s overview across processes', () => {
  it('[OV1] follows children run through another process, and its countdown reaches their screens there', async () => {
    const [serverA, serverB] = cluster.urls() as [string, string];
    const tableModerator = await personAt(serverB, { invite: await cluster.inviteFor('moderator', 'roundtable-1'), name: 'Aliya Tulegenova' }, 'roundtable-1');
    await sendUnchecked(tableModerator, 'room.open', {});
    const hallBStage = await personAt(serverB, { invite: await cluster.inviteFor('display', 'roundtable-1'), name: 'Display' }, 'roundtable-1');
    const hallBDeltas: RoomDelta[] = [];
    hallBStage.on('room.delta', (delta) => hallBDeltas.push(delta));

    const chair = await personAt(serverA, { invite: await cluster.inviteFor('moderator', 'roundtables-day2'), name: 'Madina Zhaksylykova' }, 'roundtables-day2');
    let overview: FollowedOverview = { children: [] };
    chair.on('room.delta', (delta) => (overview = overviewDelta(overview, delta).overview));
    chair.on('presence.counts', (counts: PresenceCounts) => (overview = overviewPresence(overview, counts)));
    const followed = (await sendUnchecked(chair, 'overview.follow', {})) as Overview & { ok: boolean };
    expect(followed.ok).toBe(true);
    overview = followOverview(followed);
    const card = () => childCard(overview.children.find((child) => child.state.roomId === 'roundtable-1')!);
    const presentBefore = card().present;

    const delegate = await personAt(serverB, { invite: await cluster.inviteFor('participant', null), name: 'Zeynep Arikan', country: 'Turkey' }, 'roundtable-1');
    await eventually(() => expect(card().present).toBe(presentBefore + 1));
    expect(await sendUnchecked(delegate, 'floor.request', { kind: 'contribution' })).toMatchObject({ ok: true });
    expect(await sendUnchecked(tableModerator, 'floor.call', {})).toMatchObject({ ok: true });
    await eventually(() => expect(card().speaker?.name).toBe('Zeynep Arikan'));

    const started = (await sendUnchecked(chair, 'overview.countdown', { label: 'Back in the Main Hall', seconds: 300 })) as { ok: boolean; startedAtMs: number };
    expect(started.ok).toBe(true);
    await eventually(() => {
      const created = hallBDeltas.flatMap((delta) => delta.events).find((event) => event.type === 'timer.created');
      const set = hallBDeltas.flatMap((delta) => delta.events).find((event) => event.type === 'timer.set' && event.timer.runningSinceMs === started.startedAtMs);
      expect(created).toBeDefined();
      expect(set).toBeDefined();
    });
    await eventually(() => expect(card().countdown?.timer.runningSinceMs).toBe(started.startedAtMs));
  });
});
