import { randomUUID } from 'node:crypto';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { OutboxLanes } from '../live/outbox-lanes.ts';
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
  private readonly kicks = new Map<string, number>();
  private readonly lanes: OutboxLanes<string>;

  constructor(
    private readonly store: Store,
    logger: Logger,
    private readonly work: VideoOutboxWork,
  ) {
    this.lanes = new OutboxLanes<string>('video outbox', logger, OUTBOX_SWEEP_MS, {
      keyOf: (roomId) => roomId,
      round: (roomId) => this.round(roomId),
      behind: (busy) => this.behind(busy),
    });
  }

  /** Sweeps now (catching up on what a previous run left) and every OUTBOX_SWEEP_MS. */
  start(): void {
    this.lanes.start();
  }

  /** Stops sweeping and waits for the rounds in progress. */
  stop(): Promise<void> {
    return this.lanes.stop();
  }

  /** Resolves once no round is running. */
  settled(): Promise<void> {
    return this.lanes.settled();
  }

  /** A floor change was committed: work the room's outbox now, dropping a retry the change makes moot. */
  kick(roomId: string): void {
    this.kicks.set(roomId, (this.kicks.get(roomId) ?? 0) + 1);
    this.lanes.kick(roomId);
  }

  /** Kicks every room whose outbox is behind its delta log and that no round here is working on. */
  sweep(): Promise<void> {
    return this.lanes.sweep();
  }

  private async *behind(busy: (roomId: string) => boolean): AsyncIterable<string> {
    for (const roomId of await this.work.roomIds()) {
      if (busy(roomId)) continue;
      const cursor = await this.store.outboxCursor(VIDEO_OUTBOX, roomId);
      if ((await this.store.deltasSince(roomId, cursor.revision, 1)).length > 0) yield roomId;
    }
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
