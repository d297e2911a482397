import { randomUUID } from 'node:crypto';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { FloorCall, FloorPlan } from './floor-permissions.ts';
import { LIVEKIT_TIMEOUT_S, type FloorCallOutcome } from './video-control.ts';

/** The outbox's name in the store: the LiveKit calls a room's floor changes ask for. */
export const VIDEO_OUTBOX = 'livekit';

/** Twice the longest a LiveKit call may take: every call starts on a freshly renewed lease that outlives it. */
export const OUTBOX_LEASE_MS = 2 * 1_000 * LIVEKIT_TIMEOUT_S + 5_000;

/** How often every process looks for rooms whose outbox is behind (a process died, or LiveKit was down). */
export const OUTBOX_SWEEP_MS = 2_000;

/** Deltas read per step; a busy room's questions and polls are skipped a page at a time. */
const PAGE = 200;

export type VideoOutboxWork = {
  /** The calls a run of deltas asks for, from the floor holder before them (floorCallsOf). */
  plan(deltas: RoomDelta[], holderBefore: string | null): FloorPlan;
  /** Carries out one call; `proceed`, asked before each try, says false once the try must not happen. */
  apply(roomId: string, call: FloorCall, proceed: () => Promise<boolean>): Promise<FloorCallOutcome>;
  /** Every room the sweep looks at. */
  roomIds(): Promise<string[]>;
};

/**
 * The LiveKit calls the floor asks for, kept in the store as a cursor over each room's delta
 * log: "carried out up to revision N, with this floor holder then". The calls are derived from
 * the deltas after the cursor (`plan`), made in order, and the cursor moves past each once
 * LiveKit answered. A process that dies between a commit and its call leaves the cursor behind,
 * and whichever process looks next (after a commit, on its sweep, at start-up) finishes the work.
 * One process at a time works a room, by a lease in the store. Permission calls set the whole
 * permission, so doing one twice (a lease that ran out mid-call) changes nothing.
 */
export class VideoOutbox {
  readonly owner = randomUUID();
  private readonly rounds = new Map<string, Promise<void>>();
  /** Rooms kicked while their round ran: they get another round. */
  private readonly again = new Set<string>();
  private readonly kicks = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly work: VideoOutboxWork,
  ) {}

  /** Sweeps now (catching up on what a previous run left) and every OUTBOX_SWEEP_MS. */
  start(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), OUTBOX_SWEEP_MS);
    this.timer.unref();
  }

  /** Stops sweeping and waits for the rounds in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
    await this.settled();
  }

  /** Resolves once no round is running. */
  async settled(): Promise<void> {
    while (this.rounds.size > 0) await Promise.all(this.rounds.values());
  }

  /** A floor change was committed: work the room's outbox now, dropping a retry the change makes moot. */
  kick(roomId: string): void {
    this.kicks.set(roomId, (this.kicks.get(roomId) ?? 0) + 1);
    if (this.rounds.has(roomId)) {
      this.again.add(roomId);
      return;
    }
    this.rounds.set(roomId, this.roundsOf(roomId));
  }

  /** Kicks every room whose outbox is behind its delta log and that no round here is working on. */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    const sweeping = (async () => {
      try {
        for (const roomId of await this.work.roomIds()) {
          if (this.rounds.has(roomId)) continue;
          const cursor = await this.store.outboxCursor(VIDEO_OUTBOX, roomId);
          if ((await this.store.deltasSince(roomId, cursor.revision, 1)).length > 0) this.kick(roomId);
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'video outbox sweep failed; the next one tries again');
      }
    })();
    this.sweeping = sweeping;
    await sweeping.finally(() => (this.sweeping = null));
  }

  private async roundsOf(roomId: string): Promise<void> {
    do {
      this.again.delete(roomId);
      try {
        await this.round(roomId);
      } catch (error) {
        this.logger.warn({ err: error, roomId }, 'video outbox round failed; the sweep tries again');
      }
    } while (this.again.has(roomId));
    // In the same turn as the last look at `again`: a kick after it starts a new round.
    this.rounds.delete(roomId);
  }

  /** Carries the room's outbox as far as LiveKit allows, if no other process is at it. */
  private async round(roomId: string): Promise<void> {
    const kicked = this.kicks.get(roomId) ?? 0;
    const claim = () => this.store.claimOutbox(VIDEO_OUTBOX, roomId, this.owner, OUTBOX_LEASE_MS);
    // Every try starts on a renewed lease, and none starts once a newer floor change is waiting.
    const proceed = async () => (this.kicks.get(roomId) ?? 0) === kicked && (await claim());
    const advance = (revision: number, holder: string | null) => this.store.advanceOutbox(VIDEO_OUTBOX, roomId, this.owner, { revision, memo: holder });
    if (!(await claim())) return;
    try {
      for (;;) {
        const cursor = await this.store.outboxCursor(VIDEO_OUTBOX, roomId);
        const deltas = await this.store.deltasSince(roomId, cursor.revision, PAGE);
        if (deltas.length === 0) return;
        const plan = this.work.plan(deltas, cursor.memo);
        for (const [i, call] of plan.calls.entries()) {
          const outcome = await this.work.apply(roomId, call, proceed);
          if (outcome !== 'applied') return;
          // Calls of one delta (revoke one, grant the next) move the cursor together.
          if (plan.calls[i + 1]?.revision !== call.revision && !(await advance(call.revision, call.holderAfter))) return;
        }
        if (!(await advance(plan.revision, plan.holder))) return;
      }
    } finally {
      await this.store.releaseOutbox(VIDEO_OUTBOX, roomId, this.owner).catch(() => undefined);
    }
  }
}
