import type { ReconnectCommand, ReconnectReply } from '../messages.ts';
import { sameCounts, seededRandom, wallMs } from '../stats.ts';
import { BenchClient, sleep, withConcurrency } from './bench-client.ts';
import { clientsOf, progressTicker, type WorkerState } from './worker-state.ts';

/**
 * The reconnect wave: the drawn clients drop their connections at once, as a hall's Wi-Fi
 * does, and come back with the same token. Half leave cleanly (Socket.IO's disconnect
 * packet) and half lose the transport under Socket.IO, because the server cleans up after
 * the two along different paths. Each rejoin is timed from opening the new socket to
 * holding the snapshot, and the snapshot must show the room as it is.
 */
export async function reconnectWave(state: WorkerState, command: ReconnectCommand): Promise<ReconnectReply> {
  const clients = clientsOf(state, command.target);
  const board = state.boards.get(command.target)!;
  const random = seededRandom(command.seed ^ Math.imul(state.first + 1, 0x165667b1));
  const drawn = clients.filter(() => random() < command.share);
  drawn.forEach((client, n) => (n % 2 === 0 ? client.close() : client.socket.io.engine.close()));
  await sleep(command.outageMs);

  const rejoinLatenciesMs: number[] = [];
  const failures: string[] = [];
  const rejoined = new Map<BenchClient, BenchClient | null>();
  let resynced = 0;
  const stopTicker = progressTicker(state, drawn.length, () => rejoined.size);
  await withConcurrency(drawn, command.concurrency, async (old) => {
    const startedAtMs = wallMs();
    try {
      const client = await BenchClient.connect(old.index, command.url, state.tokens[old.index - state.first] ?? 'no-token', board, old.index === state.first);
      rejoined.set(old, client);
      const ack = await client.send('room.join', { roomId: command.roomId });
      if (!ack.ok) throw new Error(ack.error.code);
      rejoinLatenciesMs.push(wallMs() - startedAtMs);
      client.sessionTimer = ack.state.timers?.session ?? null;
      if (ack.state.questions.length === command.expect.questions && sameCounts(ack.votes, command.expect.votes)) resynced += 1;
    } catch (error) {
      rejoined.get(old)?.close();
      rejoined.set(old, null);
      failures.push(`${old.index}: ${(error as Error).message}`);
    }
  });
  stopTicker();
  // A client that could not come back leaves the audience, so later phases count only those present.
  const present = clients.flatMap((client) => (rejoined.has(client) ? (rejoined.get(client) ? [rejoined.get(client)!] : []) : [client]));
  state.clients.set(command.target, present);
  return { kind: 'reconnected', dropped: drawn.length, rejoinLatenciesMs, resynced, failures };
}
