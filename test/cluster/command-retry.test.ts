import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandInput, CommandName } from '../../shared/protocol/commands.ts';
import { connectTo, joinAt, startCluster, type Cluster } from '../support/plenary-cluster.ts';
import { sendUnchecked, type ClientSocket } from '../support/plenary.ts';

/*
 * A retried command on three Plenary processes sharing one Redis: the copies of one command
 * reach different processes (a phone that reconnected through the load balancer to another
 * server), at once or one after the other. Path: client → server A → Redis (commit script:
 * receipt and commit in one step) ← server B's copy finds the receipt → the same answer.
 */

const ROOM_ID = 'roundtable-1';
let cluster: Cluster;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  cluster = await startCluster(3);
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await cluster?.stop();
});

/** One person's connection to each of the three processes, each in the room. */
async function onEveryProcess(request: Parameters<typeof joinAt>[1]): Promise<ClientSocket[]> {
  const { token } = await joinAt(cluster.urls()[0]!, request);
  const connected = await Promise.all(cluster.urls().map((url) => connectTo(url, token)));
  sockets.push(...connected);
  for (const socket of connected) expect(await sendUnchecked(socket, 'room.join', { roomId: ROOM_ID })).toMatchObject({ ok: true });
  return connected;
}

function sendWithId<N extends CommandName>(socket: ClientSocket, name: N, payload: CommandInput<N>, commandId: string): Promise<unknown> {
  return sendUnchecked(socket, name, { ...payload, commandId });
}

describe('a retried command on three processes applies once', () => {
  it('[RC1] qa.ask, floor.request and poll.create, copies sent to A, B and C at once and one after the other: each applies once, every answer the same', async () => {
    const chair = await onEveryProcess({ invite: await cluster.inviteFor('moderator', ROOM_ID), name: 'Chair Chen' });
    await sendUnchecked(chair[0]!, 'room.open', {});
    const delegate = await onEveryProcess({ invite: await cluster.inviteFor('participant', null), name: 'Delegate Dana' });
    const snapshot = async () => (await sendUnchecked(chair[1]!, 'room.snapshot', {})) as { state: { revision: number; questions: unknown[]; floor: { queue: unknown[] }; polls: unknown[] } };
    const before = (await snapshot()).state;

    const asks = await Promise.all(delegate.map((socket) => sendWithId(socket, 'qa.ask', { text: 'Which country shares its exam bank?' }, 'cluster-ask-0001')));
    const requests = [];
    for (const socket of delegate) requests.push(await sendWithId(socket, 'floor.request', { kind: 'contribution' }, 'cluster-floor-0001'));
    const poll = { question: 'Pilot the shared exam bank?', spec: { kind: 'single', options: ['Yes', 'No'] } } as CommandInput<'poll.create'>;
    const polls = await Promise.all([chair[1]!, chair[2]!].map((socket) => sendWithId(socket, 'poll.create', poll, 'cluster-poll-0001')));
    polls.push(await sendWithId(chair[0]!, 'poll.create', poll, 'cluster-poll-0001'));

    for (const answers of [asks, requests, polls]) {
      expect(answers[0]).toMatchObject({ ok: true });
      for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
    }
    const after = (await snapshot()).state;
    expect(after.questions).toHaveLength(before.questions.length + 1);
    expect(after.floor.queue).toHaveLength(before.floor.queue.length + 1);
    expect(after.polls).toHaveLength(before.polls.length + 1);
    expect(after.revision).toBe(before.revision + 3);
  });
});
