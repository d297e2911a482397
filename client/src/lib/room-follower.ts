import type { AgendaAtRevision } from '../../../shared/model/event.ts';
import type { PollResults } from '../../../shared/model/poll.ts';
import type { SpeakerMessage } from '../../../shared/model/room.ts';
import type { RoomDelta } from '../../../shared/protocol/room-events.ts';
import { mergeQuestionVotes } from '../../../shared/protocol/server-events.ts';
import type { PresenceCounts, RoomSnapshot } from '../../../shared/protocol/snapshot.ts';
import { applyRoomDelta } from '../../../shared/room-reducer.ts';

/** What a client knows of a room: a snapshot followed by every delta since, plus the coalesced pushes. */
export type FollowedRoom = RoomSnapshot & {
  resultsByPoll: Record<string, PollResults>;
  /** The event revision of the last agenda push applied; null until one came. */
  agendaRevision: number | null;
};

export type DeltaOutcome = 'applied' | 'stale' | 'gap';

export function followSnapshot(snapshot: RoomSnapshot): FollowedRoom {
  const resultsByPoll = Object.fromEntries(snapshot.results.map((results) => [results.pollId, results]));
  return { ...snapshot, resultsByPoll, agendaRevision: null };
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

/** How many answered a poll whose results are not shown yet: a total, so the latest push is right. */
export function followResponses(room: FollowedRoom, push: { pollId: string; voters: number }): FollowedRoom {
  return { ...room, responses: { ...room.responses, [push.pollId]: push.voters } };
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

/**
 * An organiser's save, pushed: the room, the event's title and its code as saved. Two saves a
 * moment apart may arrive in either order, so a push not newer than the last one applied is
 * dropped. A push that no longer names this room changes nothing here.
 */
export function followAgenda(room: FollowedRoom, agenda: AgendaAtRevision): FollowedRoom {
  if (room.agendaRevision !== null && agenda.revision <= room.agendaRevision) return room;
  const saved = agenda.rooms.find((r) => r.id === room.room.id);
  if (!saved) return room;
  return { ...room, eventTitle: agenda.title, audienceCode: agenda.audienceCode, room: saved, agendaRevision: agenda.revision };
}
