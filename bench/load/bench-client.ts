import { io, type Socket } from 'socket.io-client';
import type { Timer } from '../../shared/model/timer.ts';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/ack.ts';
import { PROTOCOL_VERSION, type CommandInput, type CommandName, type CommandResult } from '../../shared/protocol/commands.ts';
import { unpackDeltaBatches } from '../../shared/protocol/delta-batches.ts';
import { mergeQuestionVotes } from '../../shared/protocol/server-events.ts';
import { wallMs } from '../stats.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The questions a worker's clients have seen, in the order deltas announced them (the same for every client). */
export class QuestionBoard {
  readonly ids: string[] = [];
  readonly #known = new Set<string>();

  add(id: string): void {
    if (this.#known.has(id)) return;
    this.#known.add(id);
    this.ids.push(id);
  }
}

const ACK_TIMEOUT_MS = 30_000;

/**
 * One simulated audience member: a socket and what it has received, timestamped on the
 * machine-wide clock so the runner can compare it with acknowledgements from other workers.
 */
export class BenchClient {
  /** When each poll.results arrived and how many voters it counted. */
  results: Array<{ atMs: number; voters: number }> = [];
  lastRows: Record<string, number> | null = null;
  /** When each qa.votes arrived and the sum of its counts. */
  questionVotes: Array<{ atMs: number; total: number }> = [];
  lastQuestionVotes: Record<string, number> | null = null;
  /** question.saved events received: the first this many ids of the worker's board are known to this client. */
  questionsSeen = 0;
  sessionTimer: Timer | null = null;
  /** When each quiz.board arrived and how many closed questions it counted. */
  quizBoards: Array<{ atMs: number; quizId: string; closed: number }> = [];
  /**
   * Size of the last poll.results, and the mean size and the sum of the qa.votes pushes (most
   * carry only the counts that changed), measured on one client per worker only (it costs a
   * stringify). The sum compares servers that push at different rates; the mean does not.
   */
  bytes = { results: 0, questionVotes: 0, questionVotesTotal: 0 };
  private questionVotesBytes = { total: 0, count: 0 };

  private constructor(
    readonly index: number,
    readonly socket: ClientSocket,
    board: QuestionBoard,
    measureBytes: boolean,
  ) {
    socket.on('poll.results', (results) => {
      this.results.push({ atMs: wallMs(), voters: results.voters });
      this.lastRows = Object.fromEntries(results.rows.map((row) => [row.key, row.value]));
      if (measureBytes) this.bytes.results = JSON.stringify(results).length;
    });
    socket.on('qa.votes', (payload) => {
      this.lastQuestionVotes = mergeQuestionVotes(this.lastQuestionVotes ?? {}, payload);
      let total = 0;
      for (const count of Object.values(this.lastQuestionVotes)) total += count;
      this.questionVotes.push({ atMs: wallMs(), total });
      if (measureBytes) {
        this.questionVotesBytes.total += JSON.stringify(payload).length;
        this.questionVotesBytes.count += 1;
        this.bytes.questionVotes = this.questionVotesBytes.total / this.questionVotesBytes.count;
        this.bytes.questionVotesTotal = this.questionVotesBytes.total;
      }
    });
    socket.on('quiz.board', (board) => this.quizBoards.push({ atMs: wallMs(), quizId: board.quizId, closed: board.closed }));
    socket.on('room.delta', (delta) => {
      for (const event of delta.events) {
        if (event.type === 'question.saved') {
          board.add(event.question.id);
          this.questionsSeen += 1;
        } else if (event.type === 'timer.set' && event.timerId === 'session') {
          this.sessionTimer = event.timer;
        }
      }
    });
    unpackDeltaBatches(socket);
  }

  /** Opens a websocket the way the web client does, presenting the session token (the baseline ignores it). */
  static connect(index: number, url: string, token: string, board: QuestionBoard, measureBytes: boolean): Promise<BenchClient> {
    const socket: ClientSocket = io(url, {
      auth: { token, protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: ACK_TIMEOUT_MS,
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new BenchClient(index, socket, board, measureBytes)));
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
        socket.disconnect();
        reject(new Error(error.data?.code ?? error.message));
      });
    });
  }

  /** Sends a command; resolves with its acknowledgement, or rejects if none comes in time. */
  send<N extends CommandName>(name: N, payload: CommandInput<N>): Promise<Ack<CommandResult<N>>> {
    return new Promise((resolve, reject) => {
      const timed = this.socket.timeout(ACK_TIMEOUT_MS) as unknown as {
        emit: (event: string, payload: unknown, ack: (error: Error | null, response: Ack<CommandResult<N>>) => void) => void;
      };
      timed.emit(name, payload, (error, response) => (error ? reject(new Error('ack_timeout')) : resolve(response)));
    });
  }

  /** Forgets what earlier phases received, so each phase measures only its own pushes. */
  resetReceived(): void {
    this.results = [];
    this.lastRows = null;
    this.questionVotes = [];
    this.lastQuestionVotes = null;
    this.questionVotesBytes = { total: 0, count: 0 };
    this.bytes = { ...this.bytes, questionVotes: 0, questionVotesTotal: 0 };
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Runs `task` for each item with at most `limit` in flight. */
export async function withConcurrency<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]!);
  });
  await Promise.all(lanes);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Counts refusals by error code (or 'ack_timeout'/'disconnected' for acks that never came). */
export function countRefusal(refusals: Record<string, number>, code: string): void {
  refusals[code] = (refusals[code] ?? 0) + 1;
}
