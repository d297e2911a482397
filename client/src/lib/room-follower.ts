import type { PollResults } from '../../../shared/model/poll.ts';
import type { SpeakerMessage } from '../../../shared/model/room.ts';
import type { RoomDelta } from '../../../shared/protocol/room-events.ts';
import { mergeQuestionVotes } from '../../../shared/protocol/server-events.ts';
import type { PresenceCounts, RoomSnapshot } from '../../../shared/protocol/snapshot.ts';
import { applyRoomDelta } from '../../../shared/room-reducer.ts';

/** What a client knows of a room: a snapshot followed by every delta since, plus the coalesced pushes. */
export type FollowedRoom = RoomSnapshot & { resultsByPoll: Record<string, PollResults> };

export type DeltaOutcome = 'applied' | 'stale' | 'gap';

export function followSnapshot(snapshot: RoomSnapshot): FollowedRoom {
  const resultsByPoll = Object.fromEntries(snapshot.results.map((results) => [results.pollId, results]));
  return { ...snapshot, resultsByPoll };
}

/**
 * A delta applies only on top of the revision before it. Older ones were already in the
 * snapshot; a newer one means something was missed, and only a fresh snapshot can repair that.
 */
export function followDelta(room: FollowedRoom, delta: RoomDelta): { room: FollowedRoom; outcome: DeltaOutcome } {
  if (delta.roomId !== room.state.roomId || delta.revision <= room.state.revision) return { room, outcome: 'stale' };
  if (delta.revision !== room.state.revision + 1) return { room, outcome: 'gap' };
  return { room: { ...room, state: applyRoomDelta(room.state, delta) }, outcome: 'applied' };
}

export function followResults(room: FollowedRoom, results: PollResults): FollowedRoom {
  return { ...room, resultsByPoll: { ...room.resultsByPoll, [results.pollId]: results } };
}

export function followVotes(room: FollowedRoom, push: { votes: Record<string, number>; complete: boolean }): FollowedRoom {
  return { ...room, votes: mergeQuestionVotes(room.votes, push) };
}

export function followPresence(room: FollowedRoom, presence: PresenceCounts): FollowedRoom {
  return { ...room, presence };
}

export function followSpeakerMessages(room: FollowedRoom, messages: SpeakerMessage[]): FollowedRoom {
  return { ...room, speakerMessages: messages };
}
