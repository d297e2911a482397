/**
 * A load-generating worker: holds its slice of the audience's connections and runs each
 * phase the runner asks for, answering with raw measurements (the runner does the sums).
 * Forked by run.ts; one process per core keeps client work off the server's core as far as
 * two cores allow.
 */
import { awaitQuestionVotes, qaSurge } from './load/qa.ts';
import { timerAccuracy } from './load/clock.ts';
import { connectAll, mintTokens } from './load/connect.ts';
import { awaitQuizBoard, quizAnswer } from './load/quiz.ts';
import { reconnectWave } from './load/reconnect.ts';
import { awaitTally, voteStorm } from './load/vote.ts';
import type { WorkerState } from './load/worker-state.ts';
import type { FromWorker, ToWorker, WorkerCommand, WorkerReply } from './messages.ts';

const send = (message: FromWorker) => process.send?.(message);

const state: WorkerState = {
  first: 0,
  count: 0,
  tokens: [],
  clients: new Map(),
  boards: new Map(),
  quiz: new Map(),
  progress: (done, total) => send({ type: 'progress', done, total }),
};

async function run(command: WorkerCommand): Promise<WorkerReply> {
  switch (command.kind) {
    case 'mint':
      return mintTokens(state, command);
    case 'connect':
      return connectAll(state, command);
    case 'vote':
      return voteStorm(state, command);
    case 'awaitTally':
      return awaitTally(state, command);
    case 'qa':
      return qaSurge(state, command);
    case 'awaitQuestionVotes':
      return awaitQuestionVotes(state, command);
    case 'clock':
      return timerAccuracy(state, command);
    case 'reconnect':
      return reconnectWave(state, command);
    case 'quizAnswer':
      return quizAnswer(state, command);
    case 'awaitQuizBoard':
      return awaitQuizBoard(state, command);
    case 'disconnect':
      for (const client of state.clients.get(command.target) ?? []) client.close();
      state.clients.delete(command.target);
      return { kind: 'disconnected' };
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'init') {
    state.first = message.first;
    state.count = message.count;
    return;
  }
  run(message.command).then(
    (reply) => send({ type: 'reply', id: message.id, reply }),
    (error: unknown) => send({ type: 'reply', id: message.id, reply: { kind: 'failed', message: String((error as Error)?.stack ?? error) } }),
  );
});
// Without the runner there is nothing to do: close every connection and end.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
