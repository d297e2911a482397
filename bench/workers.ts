import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT, track } from './children.ts';
import type { FromWorker, ReplyTo, ToWorker, WorkerCommand, WorkerReply } from './messages.ts';

type Worker = { process: ChildProcess; first: number; count: number; progress: { done: number; total: number } };

/** The load-generating processes: each holds a contiguous slice of the audience. */
export class WorkerPool {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: WorkerReply) => void>();
  onProgress: (done: number, total: number) => void = () => {};

  private constructor(readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.process.on('message', (message: FromWorker) => {
        if (message.type === 'reply') this.waiting.get(message.id)?.(message.reply);
        else if (message.type === 'progress') {
          worker.progress = { done: message.done, total: message.total };
          const done = workers.reduce((n, w) => n + w.progress.done, 0);
          const total = workers.reduce((n, w) => n + w.progress.total, 0);
          this.onProgress(done, total);
        }
      });
    }
  }

  /** Forks `count` workers and splits `clients` audience members between them as evenly as possible. */
  static async start(count: number, clients: number): Promise<WorkerPool> {
    const workers = await Promise.all(
      Array.from({ length: count }, async (_, w) => {
        const first = Math.floor((clients * w) / count);
        const size = Math.floor((clients * (w + 1)) / count) - first;
        const child = track(fork(path.join(ROOT, 'bench', 'worker.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
        await new Promise<void>((resolve, reject) => {
          child.once('message', (message: FromWorker) => (message.type === 'ready' ? resolve() : reject(new Error('worker did not start'))));
          child.once('exit', (code) => reject(new Error(`worker ${w} exited with code ${code}`)));
        });
        child.send({ type: 'init', first, count: size } satisfies ToWorker);
        return { process: child, first, count: size, progress: { done: 0, total: 0 } };
      }),
    );
    return new WorkerPool(workers);
  }

  /** Sends each worker its command (built from its slice) and resolves with every reply, in worker order. */
  async each<C extends WorkerCommand>(commandFor: (worker: { first: number; count: number; index: number }) => C): Promise<Array<ReplyTo<C>>> {
    for (const worker of this.workers) worker.progress = { done: 0, total: 0 };
    return Promise.all(
      this.workers.map((worker, index) => {
        const id = this.nextId++;
        return new Promise<ReplyTo<C>>((resolve, reject) => {
          const exited = (code: number | null) => reject(new Error(`worker ${index} exited with code ${code}`));
          worker.process.once('exit', exited);
          this.waiting.set(id, (reply) => {
            this.waiting.delete(id);
            worker.process.off('exit', exited);
            if (reply.kind === 'failed') reject(new Error(`worker ${index}: ${reply.message}`));
            else resolve(reply as ReplyTo<C>);
          });
          worker.process.send({ type: 'command', id, command: commandFor({ first: worker.first, count: worker.count, index }) } satisfies ToWorker);
        });
      }),
    );
  }

  /** The same command to every worker. */
  all<C extends WorkerCommand>(command: C): Promise<Array<ReplyTo<C>>> {
    return this.each(() => command);
  }
}
