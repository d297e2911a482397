import { refuse, type Result } from '../../shared/errors.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { COMMAND_RETRY_WINDOW_MS } from '../../shared/protocol/command-id.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { applyRoomDelta } from '../../shared/room-reducer.ts';
import type { DomainContext, DomainPayload, RoomCommand } from '../domain/context.ts';
import { decide } from '../domain/decide.ts';
import type { CommandReceipt, CommitOutcome, Store } from '../store/store.ts';
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
 * One room's commands: decided one at a time, each on the state every earlier command leads
 * to, and committed in that order without waiting for one another, so a surge of questions
 * shares commits instead of queueing behind each one.
 */
type Line = {
  /** The state after every command decided so far, committed or not; null: the committed state. */
  tip: RoomState | null;
  /** Decisions, one at a time. */
  decisions: Promise<unknown>;
  /** Settles once every commit queued so far has settled and been published. */
  commits: Promise<void>;
  inFlight: number;
  /** A queued commit failed: the tip holds commands that never happened. */
  broken: boolean;
};

type Decided = { delta: RoomDelta; result: Record<string, unknown>; committed: Promise<CommitOutcome> };

/** A command sent with a commandId: its outcome is kept as a receipt, committed with it. */
type Retryable = { personId: string; commandId: string };

type Command<N extends RoomCommand> = {
  roomId: string;
  name: N;
  payload: DomainPayload<N>;
  context: Omit<DomainContext, 'nowMs'>;
  now: () => number;
  retryable: Retryable | null;
};

/**
 * Runs room commands on a cached copy of the state and commits each before it is
 * acknowledged. Commands of a room are decided in arrival order on the newest state, committed
 * or not (with a store only this process writes; see decide()); their commits are queued in
 * the same order and published in it. The store's revision check keeps that honest: a command
 * decided after one whose commit failed, or after another process's commit, conflicts and is
 * decided again on the state the store holds.
 */
export class LiveRooms {
  private readonly cache = new Map<string, RoomState>();
  private readonly lines = new Map<string, Line>();
  /** Commands with a commandId being run here: a copy arriving meanwhile waits for the same outcome. */
  private readonly running = new Map<string, Promise<Result<RoomCommandOutcome>>>();
  private readonly listeners: Array<(delta: RoomDelta, before: RoomState, after: RoomState) => void> = [];
  private readonly stateListeners: Array<(state: RoomState) => void> = [];

  constructor(
    private readonly store: Store,
    private readonly publisher: Publisher,
    private readonly shared: SharedRooms | null = null,
  ) {}

  onCommitted(listener: (delta: RoomDelta, before: RoomState, after: RoomState) => void): void {
    this.listeners.push(listener);
  }

  /** Told of every newer committed state this process comes to hold: its own commits, followed ones, loaded ones. */
  onState(listener: (state: RoomState) => void): void {
    this.stateListeners.push(listener);
  }

  /** The committed state: what snapshots, ballots and reports may rely on. */
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
    for (const listener of this.stateListeners) listener(state);
  }

  /** Drops every cached state, e.g. after the store was out of reach and changes may have been missed. */
  forgetAll(): void {
    this.cache.clear();
    for (const line of this.lines.values()) line.broken = true;
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

  /**
   * Runs a command. With a commandId, the same id from the same person in this room within
   * COMMAND_RETRY_WINDOW_MS answers the first committed outcome and changes nothing: a copy
   * running here waits for the first; one committed earlier, here or by another process, is
   * answered from its receipt; one committing elsewhere at the same moment is caught by the
   * store's duplicate check. A refusal changes nothing and is not kept.
   */
  async run<N extends RoomCommand>(
    roomId: string,
    name: N,
    payload: DomainPayload<N>,
    context: Omit<DomainContext, 'nowMs'>,
    now: () => number,
    commandId: string | null = null,
  ): Promise<Result<RoomCommandOutcome>> {
    const retryable = commandId === null ? null : { personId: context.actor.personId, commandId };
    const command: Command<N> = { roomId, name, payload, context, now, retryable };
    if (!retryable) return this.attempt(command);
    const key = JSON.stringify([roomId, retryable.personId, retryable.commandId]);
    const copy = this.running.get(key);
    if (copy) return copy;
    const first = this.runRetryable(command, retryable);
    this.running.set(key, first);
    try {
      return await first;
    } finally {
      this.running.delete(key);
    }
  }

  /**
   * Whether a copy of this command is running here or was committed within the window: its
   * retry will be answered, not run, so a limit on new commands of its kind must not refuse it.
   */
  async willAnswer(roomId: string, personId: string, commandId: string, nowMs: number): Promise<boolean> {
    if (this.running.has(JSON.stringify([roomId, personId, commandId]))) return true;
    return (await this.store.commandReceipt(roomId, personId, commandId, nowMs)) !== null;
  }

  private async runRetryable(command: Command<RoomCommand>, retryable: Retryable): Promise<Result<RoomCommandOutcome>> {
    const earlier = await this.receipt(command.roomId, retryable, command.now());
    return earlier ?? this.attempt(command);
  }

  private async receipt(roomId: string, { personId, commandId }: Retryable, nowMs: number): Promise<Result<RoomCommandOutcome> | null> {
    const stored = await this.store.commandReceipt(roomId, personId, commandId, nowMs);
    return stored === null ? null : { ok: true, value: JSON.parse(stored) as RoomCommandOutcome };
  }

  private async attempt(command: Command<RoomCommand>): Promise<Result<RoomCommandOutcome>> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const decided = await this.enqueue(command.roomId, () => this.decide(command));
      if (!decided.ok) return decided;
      const { delta, result, committed } = decided.value;
      const outcome = await committed;
      if (outcome === 'committed') return { ok: true, value: { ...result, revision: delta.revision } };
      // Committed before by another process: its answer. Gone meanwhile (expired): decide again.
      if (outcome === 'duplicate' && command.retryable) {
        const earlier = await this.receipt(command.roomId, command.retryable, delta.atMs);
        if (earlier) return earlier;
      }
    }
    return refuse('unavailable', 'The room was changed by others too often at once; retry.');
  }

  /** Lines live as long as the cached states: one per room this process has served. */
  private line(roomId: string): Line {
    let line = this.lines.get(roomId);
    if (!line) this.lines.set(roomId, (line = { tip: null, decisions: Promise.resolve(), commits: Promise.resolve(), inFlight: 0, broken: false }));
    return line;
  }

  private enqueue<T>(roomId: string, work: () => Promise<T>): Promise<T> {
    const line = this.line(roomId);
    const next = line.decisions.then(work);
    line.decisions = next.then(settledQuietly, settledQuietly);
    return next;
  }

  /** Waits for the queued commits when one failed, so the next decision starts from what the store holds. */
  private async mend(line: Line): Promise<void> {
    while (line.broken) {
      line.broken = false;
      await line.commits;
      line.tip = null;
    }
  }

  private async decide({ roomId, name, payload, context, now, retryable }: Command<RoomCommand>): Promise<Result<Decided>> {
    const line = this.line(roomId);
    for (;;) {
      // With other processes writing the same room, a revision number cannot tell this
      // process's uncommitted state from another's commit of that revision: a command decided
      // on the former would pass the check on top of the latter. So decide on committed
      // states only.
      if (this.shared) await line.commits;
      await this.mend(line);
      const committed = await this.state(roomId);
      if (!committed) return refuse('not_found', 'No such room.');
      // A tip behind the committed state holds nothing of ours: another process committed since.
      const before = line.tip && line.tip.revision > committed.revision ? line.tip : committed;
      const nowMs = now();
      const decision = decide(name, before, payload, { ...context, nowMs });
      if (!decision.ok) {
        // Refused on a state not yet committed: it stands only if that state comes true.
        if (line.inFlight > 0) {
          await line.commits;
          if (line.broken) continue;
        }
        if (await this.newer(roomId, before)) continue;
        return decision;
      }
      const delta: RoomDelta = { roomId, revision: before.revision + 1, atMs: nowMs, events: decision.value.events };
      const after = applyRoomDelta(before, delta);
      line.tip = after;
      const receipt = retryable ? receiptOf(retryable, delta, decision.value.result) : undefined;
      return { ok: true, value: { delta, result: decision.value.result, committed: this.commit(line, delta, before, after, receipt) } };
    }
  }

  /** Queues the commit now (the store keeps the order) and publishes it after every earlier one. */
  private commit(line: Line, delta: RoomDelta, before: RoomState, after: RoomState, receipt?: CommandReceipt): Promise<CommitOutcome> {
    // Handled at once: a rejection must not wait unhandled for the earlier commits to settle.
    const written = this.store.commitRoom(delta, after, receipt, before).then(
      (outcome) => ({ outcome }),
      (error: unknown) => ({ error }),
    );
    line.inFlight += 1;
    const settled = line.commits.then(async () => {
      const write = await written;
      line.inFlight -= 1;
      if ('error' in write) {
        line.broken = true;
        throw write.error;
      }
      // A duplicate wrote nothing either: the tip holds a command that did not happen here.
      if (write.outcome !== 'committed') {
        line.broken = true;
        this.cache.delete(delta.roomId);
        return write.outcome;
      }
      this.observe(after);
      if (!this.shared) this.publisher.delta(delta, before);
      for (const listener of this.listeners) listener(delta, before, after);
      return write.outcome;
    });
    line.commits = settled.then(settledQuietly, settledQuietly);
    return settled;
  }
}

function settledQuietly(): void {}

function receiptOf(retryable: Retryable, delta: RoomDelta, result: Record<string, unknown>): CommandReceipt {
  const outcome: RoomCommandOutcome = { ...result, revision: delta.revision };
  return { ...retryable, result: JSON.stringify(outcome), expiresAtMs: delta.atMs + COMMAND_RETRY_WINDOW_MS };
}
