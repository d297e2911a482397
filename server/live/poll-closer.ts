import type { RoomState } from '../../shared/model/room.ts';
import type { Actor } from '../domain/context.ts';
import { timedPolls } from '../domain/polls.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import { newId } from './ids.ts';
import type { LiveRooms } from './live-rooms.ts';

/** The server closes a timed poll as itself: the close is the system's in the room's record, not a chair's. */
export const POLL_TIMER: Actor = { personId: 'poll-timer', role: 'organiser', name: 'Poll timer', organisation: null, country: null };

/** How often every process looks in every room for timed polls past their end (a restart, a room it does not follow). */
export const POLL_SWEEP_MS = 30_000;

type Deps = { store: Store; live: LiveRooms; logger: Logger; now: () => number };

type Armed = { closesAtMs: number; timer: NodeJS.Timeout };

/**
 * Closes timed polls when their time is up, on every process: it keeps a timer for each open
 * timed poll of every room state this process sees (its own commits, the rooms it follows,
 * what its sweep reads), and at closesAtMs runs 'poll.close' through the room's command line
 * like any command. Several processes may fire for one poll; the room's revision check lets
 * one close commit and the others are refused because the poll is no longer open, which is
 * the expected outcome, not an error. The sweep, at start-up and every POLL_SWEEP_MS, catches
 * polls whose time ran out while no process was running or following their room.
 */
export class PollCloser {
  private readonly armed = new Map<string, Armed>();
  /** The newest revision seen per room: a state read before a later one must not re-arm a closed poll. */
  private readonly seen = new Map<string, number>();
  private readonly closing = new Set<Promise<void>>();
  /** Polls whose close is running here: a sweep that read the room just before it must not start another. */
  private readonly inFlight = new Set<string>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: Deps) {}

  start(): void {
    this.deps.live.onState((state) => this.track(state));
    void this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), POLL_SWEEP_MS);
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const { timer } of this.armed.values()) clearTimeout(timer);
    this.armed.clear();
    await this.sweeping;
    await Promise.all(this.closing);
  }

  /** Arms a timer for each open timed poll of `state` and drops those of polls no longer open. */
  track(state: RoomState): void {
    if (this.stopped || (this.seen.get(state.roomId) ?? -1) > state.revision) return;
    this.seen.set(state.roomId, state.revision);
    const timed = timedPolls(state);
    const prefix = `${state.roomId}\n`;
    for (const [key, { timer }] of this.armed) {
      if (key.startsWith(prefix) && !timed.has(key.slice(prefix.length))) {
        clearTimeout(timer);
        this.armed.delete(key);
      }
    }
    for (const [pollId, closesAtMs] of timed) {
      const key = prefix + pollId;
      if (!this.inFlight.has(key) && this.armed.get(key)?.closesAtMs !== closesAtMs) this.arm(state.roomId, pollId, closesAtMs);
    }
  }

  /** Reads every room of every event from the store and tracks it; past-due polls close at once. */
  async sweep(): Promise<void> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = (async () => {
      try {
        for (const { agenda } of await this.deps.store.listEvents()) {
          for (const room of agenda.rooms) {
            if (this.stopped) return;
            const state = await this.deps.store.loadRoom(room.id);
            if (state) this.track(state);
          }
        }
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'sweep for timed polls failed; the next one tries again');
      }
    })();
    try {
      await this.sweeping;
    } finally {
      this.sweeping = null;
    }
  }

  private arm(roomId: string, pollId: string, closesAtMs: number): void {
    const key = `${roomId}\n${pollId}`;
    const previous = this.armed.get(key);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => this.fire(roomId, pollId, closesAtMs), Math.max(0, closesAtMs - this.deps.now()));
    timer.unref();
    this.armed.set(key, { closesAtMs, timer });
  }

  private fire(roomId: string, pollId: string, closesAtMs: number): void {
    // A timer may wake a moment early by the server clock; the close must be the one at zero.
    if (this.deps.now() < closesAtMs) return this.arm(roomId, pollId, closesAtMs);
    const key = `${roomId}\n${pollId}`;
    this.armed.delete(key);
    this.inFlight.add(key);
    const closing = this.close(roomId, pollId).finally(() => {
      this.inFlight.delete(key);
      this.closing.delete(closing);
    });
    this.closing.add(closing);
  }

  private async close(roomId: string, pollId: string): Promise<void> {
    const { store, live, logger, now } = this.deps;
    try {
      const room = (await store.listEvents()).flatMap(({ agenda }) => agenda.rooms).find((r) => r.id === roomId);
      if (!room) return;
      const outcome = await live.run(roomId, 'poll.close', { pollId }, { actor: POLL_TIMER, room, newId }, now);
      if (outcome.ok) logger.info({ roomId, pollId, revision: outcome.value.revision }, 'timed poll closed');
      else if (outcome.error.code === 'conflict' || outcome.error.code === 'not_found') {
        logger.debug({ roomId, pollId, reason: outcome.error.message }, 'timed poll already closed elsewhere');
      } else logger.warn({ roomId, pollId, code: outcome.error.code, reason: outcome.error.message }, 'timed poll not closed yet; the sweep tries again');
    } catch (error) {
      logger.warn({ err: error, roomId, pollId }, 'timed poll not closed yet; the sweep tries again');
    }
  }
}
