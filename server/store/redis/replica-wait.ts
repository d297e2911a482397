import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../failures.ts';

/** The refusal of a write that fewer replicas than asked confirmed: it may be lost in a failover. */
export function notConfirmed(reached: number, replicas: number, timeoutMs: number): StoreUnavailableError {
  return new StoreUnavailableError(`only ${reached} of ${replicas} Redis replicas confirmed the write within ${timeoutMs} ms`);
}

type Waiter = { socket: unknown; resolve: () => void; reject: (error: unknown) => void };

/**
 * Confirms the writes of one connection with as few WAITs as it can. `WAIT n t` returns once n
 * replicas have every write this connection made before it, so one WAIT sent after the replies
 * of several writes arrived confirms them all, as one fsync confirms a group commit. While a
 * WAIT is out, the writes whose replies arrive wait for the next one: a WAIT blocks its
 * connection, so one per write would queue every later command behind each replica round trip.
 */
export class ReplicaWait {
  #waiting: Waiter[] = [];
  #out = false;

  constructor(
    private readonly redis: Redis,
    private readonly replicas: number,
    private readonly timeoutMs: number,
  ) {}

  /** Call once a write's reply has arrived; resolves when enough replicas have it. */
  confirm(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ socket: this.redis.stream, resolve, reject });
      this.#send();
    });
  }

  #send(): void {
    if (this.#out || this.#waiting.length === 0) return;
    const batch = this.#waiting;
    this.#waiting = [];
    // A write made on a connection since replaced (a reconnection, a failover) is covered by no WAIT on the new one.
    const socket = this.redis.stream;
    const covered = batch.filter((waiter) => waiter.socket === socket);
    for (const waiter of batch) {
      if (waiter.socket !== socket) waiter.reject(new StoreUnavailableError('the connection to Redis changed before replicas confirmed the write'));
    }
    if (covered.length === 0) return;
    this.#out = true;
    this.redis
      .wait(this.replicas, this.timeoutMs)
      .then(
        (reached) => {
          const refusal = reached < this.replicas ? notConfirmed(reached, this.replicas, this.timeoutMs) : null;
          for (const waiter of covered) {
            if (refusal) waiter.reject(refusal);
            else waiter.resolve();
          }
        },
        (error: unknown) => {
          for (const waiter of covered) waiter.reject(error);
        },
      )
      .finally(() => {
        this.#out = false;
        this.#send();
      });
  }
}
