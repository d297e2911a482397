import { refuse, type Result } from '../../shared/errors.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { applyRoomDelta } from '../../shared/room-reducer.ts';
import type { DomainContext, DomainPayload, RoomCommand } from '../domain/context.ts';
import { decide } from '../domain/decide.ts';
import type { Store } from '../store/store.ts';
import type { Publisher } from './publisher.ts';

/** How often a command is decided again when another process committed first. */
const MAX_ATTEMPTS = 5;

export type RoomCommandOutcome = { revision: number } & Record<string, unknown>;

/**
 * What LiveRooms needs when other processes commit to the same rooms (the Redis store).
 * Their deltas reach this process's clients through the store's own announcements, in
 * revision order (server/cluster/room-feed.ts), so LiveRooms does not publish its deltas.
 */
export type SharedRooms = {
  /** The revision the store holds now, to tell whether the cached copy is behind. */
  storedRevision(roomId: string): Promise<number | null>;
  /** Told of every state read from the store. */
  loaded(state: RoomState): void;
};

/**
 * Runs room commands one at a time per room, on a cached copy of the state, and commits each
 * before it is acknowledged. The revision check in the store catches writers in other processes.
 */
export class LiveRooms {
  private readonly cache = new Map<string, RoomState>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly listeners: Array<(delta: RoomDelta, before: RoomState, after: RoomState) => void> = [];

  constructor(
    private readonly store: Store,
    private readonly publisher: Publisher,
    private readonly shared: SharedRooms | null = null,
  ) {}

  onCommitted(listener: (delta: RoomDelta, before: RoomState, after: RoomState) => void): void {
    this.listeners.push(listener);
  }

  async state(roomId: string): Promise<RoomState | null> {
    const cached = this.cache.get(roomId);
    if (cached) return cached;
    const loaded = await this.store.loadRoom(roomId);
    if (loaded) this.observe(loaded);
    return this.cache.get(roomId) ?? null;
  }

  /** Keeps a state read or followed elsewhere if it is newer than the cached one. */
  observe(state: RoomState): void {
    const cached = this.cache.get(state.roomId);
    if (cached && cached.revision >= state.revision) return;
    this.cache.set(state.roomId, state);
    if (!cached) this.shared?.loaded(state);
  }

  /** Drops every cached state, e.g. after the store was out of reach and changes may have been missed. */
  forgetAll(): void {
    this.cache.clear();
  }

  /**
   * A state newer than `seen` when another process has committed since, else null. With a
   * store no other process writes, the cache is always current and this costs nothing.
   * Used when a decision on the cached state was a refusal: a poll opened or a question asked
   * on another process a moment ago must not be refused here.
   */
  async newer(roomId: string, seen: RoomState): Promise<RoomState | null> {
    if (!this.shared) return null;
    const cached = this.cache.get(roomId);
    if (cached && cached.revision > seen.revision) return cached;
    const stored = await this.shared.storedRevision(roomId);
    if (stored === null || stored <= seen.revision) return null;
    const loaded = await this.store.loadRoom(roomId);
    if (!loaded || loaded.revision <= seen.revision) return null;
    this.observe(loaded);
    return this.cache.get(roomId) ?? loaded;
  }

  /** The state, at least as new as the store's when called: for work that must not act on a stale copy. */
  async current(roomId: string): Promise<RoomState | null> {
    const state = await this.state(roomId);
    if (!state) return null;
    return (await this.newer(roomId, state)) ?? state;
  }

  run<N extends RoomCommand>(
    roomId: string,
    name: N,
    payload: DomainPayload<N>,
    context: Omit<DomainContext, 'nowMs'>,
    now: () => number,
  ): Promise<Result<RoomCommandOutcome>> {
    const previous = this.queues.get(roomId) ?? Promise.resolve();
    const next = previous.then(
      () => this.decideAndCommit(roomId, name, payload, context, now),
      () => this.decideAndCommit(roomId, name, payload, context, now),
    );
    const settled = next.catch(() => undefined);
    this.queues.set(roomId, settled);
    void settled.then(() => {
      if (this.queues.get(roomId) === settled) this.queues.delete(roomId);
    });
    return next;
  }

  private async decideAndCommit<N extends RoomCommand>(
    roomId: string,
    name: N,
    payload: DomainPayload<N>,
    context: Omit<DomainContext, 'nowMs'>,
    now: () => number,
  ): Promise<Result<RoomCommandOutcome>> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const before = await this.state(roomId);
      if (!before) return refuse('not_found', 'No such room.');
      const nowMs = now();
      const decision = decide(name, before, payload, { ...context, nowMs });
      if (!decision.ok) {
        if (await this.newer(roomId, before)) continue;
        return decision;
      }
      const delta: RoomDelta = { roomId, revision: before.revision + 1, atMs: nowMs, events: decision.value.events };
      const after = applyRoomDelta(before, delta);
      const outcome = await this.store.commitRoom(delta, after);
      if (outcome === 'conflict') {
        this.cache.delete(roomId);
        continue;
      }
      this.observe(after);
      if (!this.shared) this.publisher.delta(delta, before);
      for (const listener of this.listeners) listener(delta, before, after);
      return { ok: true, value: { ...decision.value.result, revision: delta.revision } };
    }
    return refuse('unavailable', 'The room was changed by others too often at once; retry.');
  }
}
