import type { PollResults } from '../../../shared/model/poll.ts';
import type { Timer } from '../../../shared/model/timer.ts';
import type { Overview } from '../../../shared/protocol/overview.ts';
import type { RoomDelta } from '../../../shared/protocol/room-events.ts';
import type { PresenceCounts } from '../../../shared/protocol/snapshot.ts';
import { followDelta, followPresence, followResults, followSnapshot, type DeltaOutcome, type FollowedRoom } from './room-follower.ts';

/** A parent chair's view of its child rooms: each followed exactly as a room is, by snapshot then pushes carrying its roomId. */
export type FollowedOverview = { children: FollowedRoom[] };

export function followOverview(overview: Overview): FollowedOverview {
  return { children: overview.children.map(followSnapshot) };
}

function withChild(overview: FollowedOverview, roomId: string, change: (room: FollowedRoom) => FollowedRoom): FollowedOverview {
  if (!overview.children.some((child) => child.state.roomId === roomId)) return overview;
  return { children: overview.children.map((child) => (child.state.roomId === roomId ? change(child) : child)) };
}

/** A delta for a room that is not one of the children (the parent's own) is 'stale' here: someone else applies it. */
export function overviewDelta(overview: FollowedOverview, delta: RoomDelta): { overview: FollowedOverview; outcome: DeltaOutcome } {
  const child = overview.children.find((room) => room.state.roomId === delta.roomId);
  if (!child) return { overview, outcome: 'stale' };
  const { room, outcome } = followDelta(child, delta);
  return { overview: outcome === 'applied' ? withChild(overview, delta.roomId, () => room) : overview, outcome };
}

export function overviewResults(overview: FollowedOverview, results: PollResults & { roomId: string }): FollowedOverview {
  return withChild(overview, results.roomId, (room) => followResults(room, results));
}

export function overviewPresence(overview: FollowedOverview, counts: PresenceCounts): FollowedOverview {
  return withChild(overview, counts.roomId, (room) => followPresence(room, counts));
}

/** What one child's card shows. */
export type ChildCard = {
  roomId: string;
  title: string;
  open: boolean;
  speaker: { name: string; country: string | null } | null;
  turnTimer: Timer;
  waiting: number;
  present: number;
  openPoll: { question: string; voters: number } | null;
  /** The newest named timer (the common countdown once started), running or not. */
  countdown: { label: string; timer: Timer } | null;
};

export function childCard(room: FollowedRoom): ChildCard {
  const { state } = room;
  const poll = state.polls.find((candidate) => candidate.status === 'open') ?? null;
  const current = state.floor.current;
  const lastTimer = state.timers.named.at(-1) ?? null;
  return {
    roomId: state.roomId,
    title: room.room.title,
    open: state.open,
    speaker: current ? { name: current.speaker.name, country: current.speaker.country } : null,
    turnTimer: state.timers.turn,
    waiting: state.floor.queue.length,
    present: room.presence.total,
    openPoll: poll ? { question: poll.question, voters: room.resultsByPoll[poll.id]?.voters ?? 0 } : null,
    countdown: lastTimer ? { label: lastTimer.label, timer: lastTimer.timer } : null,
  };
}
