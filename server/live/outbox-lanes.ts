import type { Logger } from '../logger.ts';

export type OutboxLaneWork<L> = {
  /** What names a lane in this process: one round at a time runs per key. */
  keyOf(lane: L): string;
  /** Works one lane as far as it goes (claiming its lease in the store first); may throw. */
  round(lane: L): Promise<void>;
  /** The lanes whose cursor is behind their room's delta log, passing over those `busy` (a round here works on them). */
  behind(busy: (lane: L) => boolean): AsyncIterable<L>;
};

/**
 * The process side of an outbox (server/media/video-outbox.ts, server/webhooks/webhook-outbox.ts):
 * rounds per lane, one at a time, a kick during a round giving it another, and a sweep every
 * `sweepMs` that catches up on lanes a failed or stopped process left behind. The cursors and
 * leases that make a lane's work in-order and once across processes are the store's.
 */
export class OutboxLanes<L> {
  private readonly rounds = new Map<string, Promise<void>>();
  /** Lanes kicked while their round ran: they get another round. */
  private readonly again = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly logger: Logger,
    private readonly sweepMs: number,
    private readonly work: OutboxLaneWork<L>,
  ) {}

  /** Sweeps now (catching up on what a previous run left) and every sweepMs. */
  start(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.sweepMs);
    this.timer.unref();
  }

  /** Stops sweeping and kicking, and waits for the rounds in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
    await this.settled();
  }

  /** Resolves once no round is running. */
  async settled(): Promise<void> {
    while (this.rounds.size > 0) await Promise.all(this.rounds.values());
  }

  kick(lane: L): void {
    if (this.stopped) return;
    const key = this.work.keyOf(lane);
    if (this.rounds.has(key)) {
      this.again.add(key);
      return;
    }
    this.rounds.set(key, this.roundsOf(lane, key));
  }

  async sweep(): Promise<void> {
    if (this.sweeping || this.stopped) return;
    const sweeping = (async () => {
      try {
        const busy = (lane: L) => this.rounds.has(this.work.keyOf(lane));
        for await (const lane of this.work.behind(busy)) if (!busy(lane)) this.kick(lane);
      } catch (error) {
        this.logger.warn({ err: error }, `${this.name} sweep failed; the next one tries again`);
      }
    })();
    this.sweeping = sweeping;
    await sweeping.finally(() => (this.sweeping = null));
  }

  private async roundsOf(lane: L, key: string): Promise<void> {
    do {
      this.again.delete(key);
      try {
        await this.work.round(lane);
      } catch (error) {
        this.logger.warn({ err: error, lane }, `${this.name} round failed; the sweep tries again`);
      }
    } while (this.again.has(key) && !this.stopped);
    // In the same turn as the last look at `again`: a kick after it starts a new round.
    this.rounds.delete(key);
  }
}
