import type { ConnectCommand, ConnectReply, MintCommand, MintReply } from '../messages.ts';
import { wallMs } from '../stats.ts';
import { BenchClient, QuestionBoard, sleep, withConcurrency } from './bench-client.ts';
import { progressTicker, type WorkerState } from './worker-state.ts';

/** Gets each audience member a session token through POST /api/join, as the join page does. */
export async function mintTokens(state: WorkerState, command: MintCommand): Promise<MintReply> {
  const failures: string[] = [];
  let done = 0;
  const stopTicker = progressTicker(state, state.count, () => done);
  await withConcurrency([...Array(state.count).keys()], command.concurrency, async (i) => {
    const index = state.first + i;
    const body = { code: command.audienceCode, name: `Bench voter ${index}`, attendance: index % 3 === 0 ? 'hall' : 'remote' };
    try {
      const response = await fetch(`${command.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (response.status !== 201) throw new Error(`HTTP ${response.status}`);
      state.tokens[i] = ((await response.json()) as { token: string }).token;
    } catch (error) {
      failures.push(`${index}: ${(error as Error).message}`);
    }
    done += 1;
  });
  stopTicker();
  return { kind: 'minted', failures };
}

/**
 * The join burst: every client connects and sends room.join as soon as a slot is free
 * (`concurrency` in flight per worker, below the listen backlog, so the kernel's SYN retry
 * timer is not what gets measured). Latency is per client, from opening the socket to
 * holding the snapshot.
 */
export async function connectAll(state: WorkerState, command: ConnectCommand): Promise<ConnectReply> {
  const board = new QuestionBoard();
  const clients: BenchClient[] = [];
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let lastDoneAtMs = 0;
  let snapshotBytes = 0;
  let sampleSnapshot: unknown = null;
  state.boards.set(command.target, board);
  state.clients.set(command.target, clients);
  // A new round's Plenary holds no quiz yet: each client's own count starts again with it.
  if (command.target === 'plenary') state.quiz.clear();

  await sleep(command.startAtMs - wallMs());
  const stopTicker = progressTicker(state, state.count, () => latenciesMs.length + failures.length);
  await withConcurrency([...Array(state.count).keys()], command.concurrency, async (i) => {
    const index = state.first + i;
    const url = command.urls[index % command.urls.length]!;
    const startedAtMs = wallMs();
    try {
      const client = await BenchClient.connect(index, url, state.tokens[i] ?? 'no-token', board, i === 0);
      clients.push(client);
      const ack = await client.send('room.join', { roomId: command.roomId });
      if (!ack.ok) throw new Error(ack.error.code);
      const doneAtMs = wallMs();
      latenciesMs.push(doneAtMs - startedAtMs);
      lastDoneAtMs = Math.max(lastDoneAtMs, doneAtMs);
      client.sessionTimer = ack.state?.timers?.session ?? null;
      if (i === 0) {
        const { ok: _ok, ...snapshot } = ack;
        snapshotBytes = JSON.stringify(ack).length;
        sampleSnapshot = snapshot;
      }
    } catch (error) {
      failures.push(`${index}: ${(error as Error).message}`);
    }
  });
  stopTicker();
  clients.sort((a, b) => a.index - b.index);
  return { kind: 'connected', latenciesMs, lastDoneAtMs, failures, snapshotBytes, sampleSnapshot };
}
