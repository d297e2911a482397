import type { RoomState } from '../../shared/model/room.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { isPublicQuestion } from '../domain/visibility.ts';
import type { Runtime } from '../runtime.ts';
import type { PushKey } from './ballots.ts';
import { quizzesToPush } from './quiz-boards.ts';

/**
 * What a saved question does to the counts people hold. Leaving the board: the public's are
 * resent whole, without it. Entering it again (approved, restored): the public learns its count.
 * Asked, edited or answered: no count changed (a new question has none, which every screen
 * assumes), so nothing is pushed; in a surge of 28 questions a second to 5,000 members, those
 * pushes were a qa.votes message per member per interval that carried only zeros.
 */
function votesAfterSave(questionId: string, before: RoomState, after: RoomState): PushKey | null {
  const publicIn = (state: RoomState) => state.questions.some((q) => q.id === questionId && isPublicQuestion(q));
  const wasPublic = publicIn(before);
  const isPublic = publicIn(after);
  if (wasPublic && !isPublic) return 'votes';
  const existed = before.questions.some((q) => q.id === questionId);
  return existed && !wasPublic && isPublic ? `votes:${questionId}` : null;
}

/** A poll opened, closed or revealed: its results are pushed at once, not on the next beat. */
function pollTurned(pollId: string, before: RoomState, after: RoomState): boolean {
  const was = before.polls.find((p) => p.id === pollId);
  const is = after.polls.find((p) => p.id === pollId);
  return !!is && (was?.status !== is.status || was.revealed !== is.revealed);
}

/**
 * Follow-ups of a committed delta: a poll that opened, closed or was revealed gets its results
 * pushed to whoever may now see them; a question that entered or left the board changes the
 * vote counts the public holds; a new turn or message reaches the current speaker's
 * own screens; a quiz question that closed, or a quiz that finished, has its leaderboard pushed.
 */
export function followCommits(runtime: Runtime): void {
  runtime.live.onCommitted((delta: RoomDelta, before: RoomState, after: RoomState) => {
    const { roomId } = delta;
    for (const quizId of quizzesToPush(delta.events, before)) void runtime.quizBoards.push(after, quizId);
    for (const event of delta.events) if (event.type === 'quiz.deleted') runtime.quizBoards.forget(event.quizId);
    let speakerChanged = false;
    for (const event of delta.events) {
      if (event.type === 'poll.saved') runtime.pushes.mark(roomId, `poll:${event.poll.id}`, pollTurned(event.poll.id, before, after));
      if (event.type === 'question.saved') {
        const key = votesAfterSave(event.question.id, before, after);
        if (key) runtime.pushes.mark(roomId, key);
      }
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
