import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientSocket } from '../support/plenary.ts';
import { connectTo, joinAt, sleep } from '../support/plenary-cluster.ts';
import { startPlenaryProcess, type PlenaryNode } from '../support/plenary-process.ts';
import { send } from '../support/plenary.ts';

/*
 * A server on SQLite killed during a timed poll's countdown and started again after its end:
 * no process was there at zero, so the new one must close the poll at start-up, before anyone
 * comes back to the room.
 */

const ADMIN_TOKEN = 'timed-poll-admin-token-0123456789';
const SESSION_SECRET = 'timed-poll-session-secret-0123456789abcdef';
const ROOM_ID = 'panel-1';

const running = new Set<PlenaryNode>();
const sockets = new Set<ClientSocket>();
const tempDirs: string[] = [];

afterEach(async () => {
  for (const socket of sockets) socket.disconnect();
  sockets.clear();
  for (const server of running) await server.kill();
  running.clear();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function startServer(dataPath: string): Promise<PlenaryNode> {
  const node = await startPlenaryProcess('plenary', { PLENARY_DATA: dataPath, PLENARY_ADMIN_TOKEN: ADMIN_TOKEN, PLENARY_SECRET: SESSION_SECRET, LOG_LEVEL: 'silent' });
  running.add(node);
  return node;
}

async function connect(url: string, token: string): Promise<ClientSocket> {
  const socket = await connectTo(url, token);
  sockets.add(socket);
  return socket;
}

async function must<T>(answer: Promise<{ ok: boolean }>): Promise<T> {
  const ack = await answer;
  if (!ack.ok) throw new Error(`refused: ${JSON.stringify(ack)}`);
  return ack as T;
}

async function moderatorInvite(url: string): Promise<string> {
  const response = await fetch(`${url}/api/events/acsh-2023/invites`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const invites = (await response.json()) as Array<{ role: string; roomId: string | null; url: string }>;
  const invite = invites.find((i) => i.role === 'moderator' && i.roomId === ROOM_ID);
  if (!invite) throw new Error('no moderator invite');
  return invite.url.split('/join/')[1]!;
}

describe('a timed poll across a restart on SQLite', () => {
  it('[TR1] a server killed during the countdown and started after the end closes the poll at start-up, and reveals it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenary-timed-poll-'));
    tempDirs.push(dir);
    const dataPath = join(dir, 'plenary.db');

    const first = await startServer(dataPath);
    const { token } = await joinAt(first.url, { invite: await moderatorInvite(first.url), name: 'Chair Aigerim' });
    const chair = await connect(first.url, token);
    await must(send(chair, 'room.join', { roomId: ROOM_ID }));
    await must(send(chair, 'room.open', {}));
    const { pollId } = await must<{ pollId: string }>(send(chair, 'poll.create', { question: 'Publish merit lists?', spec: { kind: 'single', options: ['Yes', 'No'] } }));
    await must(send(chair, 'poll.open', { pollId, durationSec: 5, revealOnClose: true }));
    const opened = await must<{ state: { polls: Array<{ id: string; closesAtMs: number | null }> } }>(send(chair, 'room.snapshot', {}));
    const closesAtMs = opened.state.polls.find((p) => p.id === pollId)?.closesAtMs;
    if (!closesAtMs) throw new Error('the poll is not timed');
    await first.kill('SIGKILL');

    await sleep(closesAtMs - Date.now() + 500);
    const second = await startServer(dataPath);
    await sleep(1_000);
    // Nobody has come back to the room yet: a close before this moment was the start-up's own.
    const beforeAnyoneMs = Date.now();
    const again = await connect(second.url, token);
    const { state } = await must<{ state: { polls: Array<{ id: string; status: string; revealed: boolean; closedAtMs: number | null }> } }>(
      send(again, 'room.join', { roomId: ROOM_ID }),
    );
    const poll = state.polls.find((p) => p.id === pollId);
    expect(poll).toMatchObject({ status: 'closed', revealed: true });
    expect(poll?.closedAtMs).toBeGreaterThanOrEqual(closesAtMs);
    expect(poll?.closedAtMs).toBeLessThan(beforeAnyoneMs);
  }, 60_000);
});
