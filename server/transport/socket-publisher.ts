import type { AgendaAtRevision } from '../../shared/model/event.ts';
import type { HallState } from '../../shared/model/hall.ts';
import type { Server } from 'socket.io';
import type { PollResults } from '../../shared/model/poll.ts';
import type { QuizBoard } from '../../shared/model/quiz.ts';
import type { RoomState, SpeakerMessage } from '../../shared/model/room.ts';
import type { RoomDelta, RoomEvent } from '../../shared/protocol/room-events.ts';
import type { PresenceCounts } from '../../shared/protocol/snapshot.ts';
import { applyRoomEvent } from '../../shared/room-reducer.ts';
import type { Publisher } from '../live/publisher.ts';
import { publicResults } from '../domain/poll-results.ts';
import { publicEvent, stageEvent } from '../domain/visibility.ts';
import { channels } from './channels.ts';
import type { PlenaryServer } from './socket-types.ts';

/** The server (every process, through the adapter) or `io.local` (this process's clients only). */
type Broadcaster = Pick<ReturnType<PlenaryServer['to']>, 'to'>;

/** One emit per audience per change: Socket.IO encodes a room broadcast once for all its members. */
export class SocketPublisher implements Publisher {
  constructor(private readonly io: PlenaryServer | Server | Broadcaster) {}

  delta(delta: RoomDelta, before: RoomState): void {
    this.io.to(channels.chair(delta.roomId)).emit('room.delta', delta);
    this.io.to(channels.stage(delta.roomId)).emit('room.delta', { ...delta, events: delta.events.map(stageEvent) });
    this.io.to(channels.public(delta.roomId)).emit('room.delta', { ...delta, events: projectPublic(delta.events, before) });
  }

  /** `results` as the chair sees them; the stage and the public get them without hidden words and answers. */
  pollResults(roomId: string, results: PollResults, publicToo: boolean): void {
    this.io.to(channels.chair(roomId)).emit('poll.results', { ...results, roomId });
    const others = [channels.stage(roomId), channels.public(roomId)];
    if (publicToo) this.io.to(others).emit('poll.results', { ...publicResults(results), roomId });
    // A projector waiting for the reveal still shows how many have answered, never what.
    else this.io.to(others).emit('poll.responses', { roomId, pollId: results.pollId, voters: results.voters });
  }

  questionVotes(roomId: string, staffVotes: Record<string, number>, publicVotes: Record<string, number>, complete: boolean): void {
    this.io.to(channels.chair(roomId)).emit('qa.votes', { roomId, votes: staffVotes, complete });
    // A partial push with nothing public in it would tell the public nothing.
    if (complete || Object.keys(publicVotes).length > 0) {
      this.io.to([channels.stage(roomId), channels.public(roomId)]).emit('qa.votes', { roomId, votes: publicVotes, complete });
    }
  }

  presence(counts: PresenceCounts): void {
    this.io.to([channels.chair(counts.roomId), channels.stage(counts.roomId), channels.public(counts.roomId)]).emit('presence.counts', counts);
  }

  speakerMessages(roomId: string, personId: string, messages: SpeakerMessage[]): void {
    this.io.to(channels.person(personId)).emit('speaker.message', { roomId, messages });
  }

  agendaChanged(agenda: AgendaAtRevision): void {
    this.io.to(channels.event(agenda.id)).emit('agenda.changed', agenda);
  }

  quizBoard(roomId: string, board: QuizBoard): void {
    this.io.to([channels.chair(roomId), channels.stage(roomId), channels.public(roomId)]).emit('quiz.board', { ...board, roomId });
  }

  hallChanged(state: HallState): void {
    this.io.to(channels.hall(state.eventId, state.hallId)).emit('hall.changed', state);
  }
}

function projectPublic(events: RoomEvent[], before: RoomState): RoomEvent[] {
  let state = before;
  return events.map((event) => {
    const projected = publicEvent(event, state);
    state = applyRoomEvent(state, event);
    return projected;
  });
}
