import type { RoomState } from '../../shared/model/room.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { isPublicQuestion } from '../domain/visibility.ts';
import type { Runtime } from '../runtime.ts';
import { quizzesToPush } from './quiz-boards.ts';

/** A question the public saw and no longer does: their counts are resent whole, without it. */
function leftTheBoard(questionId: string, before: RoomState, after: RoomState): boolean {
  const publicIn = (state: RoomState) => state.questions.some((q) => q.id === questionId && isPublicQuestion(q));
  return publicIn(before) && !publicIn(after);
}

/**
 * Follow-ups of a committed delta: a poll that opened, closed or was revealed gets its results
 * pushed to whoever may now see them; a question asked, or one that entered or left the board,
 * changes the vote counts people hold; a new turn or message reaches the current speaker's
 * own screens; a quiz question that closed, or a quiz that finished, has its leaderboard pushed.
 */
export function followCommits(runtime: Runtime): void {
  runtime.live.onCommitted((delta: RoomDelta, before: RoomState, after: RoomState) => {
    const { roomId } = delta;
    for (const quizId of quizzesToPush(delta.events, before)) void runtime.quizBoards.push(after, quizId);
    for (const event of delta.events) if (event.type === 'quiz.deleted') runtime.quizBoards.forget(event.quizId);
    let speakerChanged = false;
    for (const event of delta.events) {
      if (event.type === 'poll.saved') runtime.pushes.mark(roomId, `poll:${event.poll.id}`);
      if (event.type === 'question.saved') runtime.pushes.mark(roomId, leftTheBoard(event.question.id, before, after) ? 'votes' : `votes:${event.question.id}`);
      // A withdrawn question is gone: everyone's counts are resent without it.
      if (event.type === 'question.removed') runtime.pushes.mark(roomId, 'votes');
      if (event.type.startsWith('message.') || event.type.startsWith('floor.turn')) speakerChanged = true;
    }
    if (!speakerChanged) return;
    const previous = before.floor.current?.speaker.personId;
    const current = after.floor.current?.speaker.personId;
    if (previous && previous !== current) runtime.publisher.speakerMessages(roomId, previous, []);
    if (current) runtime.publisher.speakerMessages(roomId, current, after.messages);
  });
}
