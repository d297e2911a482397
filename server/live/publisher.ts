import type { AgendaAtRevision } from '../../shared/model/event.ts';
import type { HallState } from '../../shared/model/hall.ts';
import type { PollResults } from '../../shared/model/poll.ts';
import type { QuizBoard } from '../../shared/model/quiz.ts';
import type { RoomState, SpeakerMessage } from '../../shared/model/room.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import type { PresenceCounts } from '../../shared/protocol/snapshot.ts';

/** Where the live rooms send what changed. The Socket.IO transport implements it. */
export interface Publisher {
  /** A committed delta; `before` is the full state it applies to, for projecting the public view. */
  delta(delta: RoomDelta, before: RoomState): void;
  /** `results` as the chair sees them (with hidden items); the publisher gives others publicResults() of them. */
  /** The chair always gets `results`; the others get them when `publicToo`, else only how many voted. */
  pollResults(roomId: string, results: PollResults, publicToo: boolean): void;
  /** `complete`: the maps hold every question's count; otherwise only the counts that changed. */
  questionVotes(roomId: string, staffVotes: Record<string, number>, publicVotes: Record<string, number>, complete: boolean): void;
  presence(counts: PresenceCounts): void;
  speakerMessages(roomId: string, personId: string, messages: SpeakerMessage[]): void;
  /** A saved agenda, to every screen connected to its event: open screens follow edits without a reload. */
  agendaChanged(agenda: AgendaAtRevision): void;
  /** A quiz's leaderboard, to everyone in the room on every process. */
  quizBoard(roomId: string, board: QuizBoard): void;
  /** A hall's new choice of session, to every connection following the hall, on every process. */
  hallChanged(state: HallState): void;
}
