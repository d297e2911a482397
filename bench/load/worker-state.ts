import type { Target } from '../messages.ts';
import type { BenchClient, QuestionBoard } from './bench-client.ts';

/** What one worker process holds: its slice of the audience, their tokens and their connections per target. */
export type WorkerState = {
  /** Global index of this worker's first client; client i of the worker is audience member first + i. */
  first: number;
  count: number;
  tokens: string[];
  clients: Map<Target, BenchClient[]>;
  boards: Map<Target, QuestionBoard>;
  /** Each client's own count of its quiz answers, by client index: what its quiz.leaderboard `you` must say. */
  quiz: Map<number, QuizCount>;
  /** Reports progress to the runner (throttled by the caller). */
  progress: (done: number, total: number) => void;
};

/** Points are bounded by the rule at the ack (fewest) and at the send (most): the server's clock read between them. */
export type QuizCount = { answered: number; right: number; minPoints: number; maxPoints: number };

export function clientsOf(state: WorkerState, target: Target): BenchClient[] {
  const clients = state.clients.get(target);
  if (!clients) throw new Error(`no ${target} connections in this worker`);
  return clients;
}

/** Calls report(done) at most every 200 ms while work runs, and once at the end. */
export function progressTicker(state: WorkerState, total: number, done: () => number): () => void {
  const timer = setInterval(() => state.progress(done(), total), 200);
  return () => {
    clearInterval(timer);
    state.progress(done(), total);
  };
}
