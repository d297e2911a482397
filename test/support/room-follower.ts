import type { PollResults } from '../../shared/model/poll.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { mergeQuestionVotes, SERVER_EVENTS, type ServerEventName, type ServerEventPayload } from '../../shared/protocol/server-events.ts';
import type { PresenceCounts, RoomSnapshot } from '../../shared/protocol/snapshot.ts';
import { applyRoomDelta } from '../../shared/room-reducer.ts';
import { ok, type ClientSocket } from './plenary.ts';

/** What a screen renders from: the followed state and the latest coalesced pushes. */
export type RoomView = {
  state: RoomState;
  /** Latest results per poll id. */
  results: Record<string, PollResults>;
  votes: Record<string, number>;
  presence: PresenceCounts;
};

/** The same view read straight from a snapshot, to compare a follower with the server's word. */
export function viewOf(snapshot: RoomSnapshot): RoomView {
  return {
    state: snapshot.state,
    results: Object.fromEntries(snapshot.results.map((results) => [results.pollId, results])),
    votes: snapshot.votes,
    presence: snapshot.presence,
  };
}

function withoutRoomId<T extends { roomId: string }>({ roomId: _roomId, ...rest }: T): Omit<T, 'roomId'> {
  return rest;
}

/**
 * One socket following a room the way PROTOCOL.md tells a client to: the snapshot from
 * room.join, then every room.delta applied in order with the shared reducer, and the latest
 * poll.results, qa.votes and presence.counts push. Anything a correct server never does (a
 * revision gap, a payload off its schema) is recorded in `problems` rather than thrown, so a
 * test can assert on it once, at a point of its choosing.
 */
export class RoomFollower {
  readonly problems: string[] = [];
  /** How many server events of each kind arrived; poll.results also per poll id. */
  /** `deltas` counts deltas, however they came; `batches` the `room.deltas` messages that brought several. */
  readonly received = { deltas: 0, batches: 0, results: 0, votes: 0, presence: 0, resultsByPoll: new Map<string, number>() };
  private view: RoomView | null = null;
  private joinedAt: RoomSnapshot | null = null;
  /** Deltas that arrive between joining the channel and the snapshot's acknowledgement. */
  private early: RoomDelta[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: ClientSocket) {}

  static async follow(socket: ClientSocket, roomId: string): Promise<RoomFollower> {
    const follower = new RoomFollower(socket);
    follower.listen();
    follower.start(await ok(socket, 'room.join', { roomId }));
    return follower;
  }

  /** The snapshot room.join answered with. */
  get joined(): RoomSnapshot {
    if (!this.joinedAt) throw new Error('not joined yet');
    return this.joinedAt;
  }

  get current(): RoomView {
    if (!this.view) throw new Error('not joined yet');
    return this.view;
  }

  get state(): RoomState {
    return this.current.state;
  }

  get revision(): number {
    return this.current.state.revision;
  }

  /** Resolves once this screen has applied the delta of `revision` (e.g. the revision a command's ack named). */
  async reach(revision: number, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.revision < revision) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.joined.you.name} is at revision ${this.revision}, never reached ${revision}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private on<N extends ServerEventName>(name: N, handle: (payload: ServerEventPayload<N>) => void): void {
    const listener = (payload: ServerEventPayload<N>) => {
      const checked = SERVER_EVENTS[name].safeParse(payload);
      if (!checked.success) this.problems.push(`${name} off its schema: ${checked.error.issues[0]?.message}`);
      handle(payload);
    };
    (this.socket.on as (event: string, listener: (payload: ServerEventPayload<N>) => void) => void)(name, listener);
  }

  private listen(): void {
    // Its deltas reach the room.delta listener below one by one (unpackDeltaBatches, test/support/plenary.ts).
    this.on('room.deltas', () => (this.received.batches += 1));
    this.on('room.delta', (delta) => {
      this.received.deltas += 1;
      if (this.view) this.apply(delta);
      else this.early.push(delta);
    });
    // A push that arrives before the snapshot is older than it or equal: the snapshot wins.
    this.on('poll.results', (results) => {
      this.received.results += 1;
      this.received.resultsByPoll.set(results.pollId, (this.received.resultsByPoll.get(results.pollId) ?? 0) + 1);
      if (this.view) this.view.results[results.pollId] = withoutRoomId(results);
    });
    this.on('qa.votes', (push) => {
      this.received.votes += 1;
      if (this.view) this.view.votes = mergeQuestionVotes(this.view.votes, push);
    });
    this.on('presence.counts', (counts) => {
      this.received.presence += 1;
      if (this.view) this.view.presence = counts;
    });
  }

  private start(snapshot: RoomSnapshot): void {
    this.joinedAt = snapshot;
    this.view = { ...viewOf(snapshot), results: { ...viewOf(snapshot).results } };
    for (const delta of this.early) this.apply(delta);
    this.early = [];
  }

  private apply(delta: RoomDelta): void {
    const view = this.current;
    // Joining the channel comes before reading the snapshot, so deltas it already includes may arrive too.
    if (delta.revision <= this.joined.state.revision) return;
    if (delta.revision !== view.state.revision + 1) {
      this.problems.push(`revision ${delta.revision} arrived after ${view.state.revision}`);
      return;
    }
    view.state = applyRoomDelta(view.state, delta);
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }
}

export function followRoom(socket: ClientSocket, roomId: string): Promise<RoomFollower> {
  return RoomFollower.follow(socket, roomId);
}

/** Total server events the followers received: unchanged over a few push intervals means the room is quiet. */
export function eventsReceived(followers: readonly RoomFollower[]): number {
  return followers.reduce((sum, { received: r }) => sum + r.deltas + r.results + r.votes + r.presence, 0);
}

/** Waits until no follower has received anything for `quietMs` (coalesced pushes have settled). */
export async function settled(followers: readonly RoomFollower[], quietMs: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = eventsReceived(followers);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = eventsReceived(followers);
    if (now === seen) return;
    if (Date.now() > deadline) throw new Error(`still receiving events after ${timeoutMs} ms`);
    seen = now;
  }
}
