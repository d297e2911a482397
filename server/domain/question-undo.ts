import { accept, refuse } from '../../shared/errors.ts';
import type { QuestionStatus } from '../../shared/model/question.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { decided, type RoomHandlers } from './context.ts';
import { checkOwnQuestion, findQuestion, unpinIfPinned, withQuestion } from './questions.ts';

/**
 * A question dismissed before the status it left was kept: under pre-moderation the chair
 * reads it again; otherwise it goes back on the board, where it would have been.
 */
function restoredStatus(state: RoomState, dismissedFrom: QuestionStatus | undefined): QuestionStatus {
  return dismissedFrom ?? (state.settings.preModeration ? 'pending' : 'approved');
}

/** Undoing a moderator's slip (a dismissal, an "answered") and an asker taking their question back. */
export const questionUndoHandlers: RoomHandlers<'qa.restore' | 'qa.unanswer' | 'qa.withdraw'> = {
  'qa.restore': (state, { questionId }) =>
    withQuestion(state, questionId, ({ dismissedFrom, ...question }) =>
      question.status === 'dismissed'
        ? accept({ ...question, status: restoredStatus(state, dismissedFrom) })
        : refuse('conflict', 'Only a dismissed question can be restored.'),
    ),
  'qa.unanswer': (state, { questionId }) =>
    withQuestion(state, questionId, (question) =>
      question.status === 'answered'
        ? accept({ ...question, status: 'approved', answeredAtMs: null })
        : refuse('conflict', 'Only an answered question can go back on the board.'),
    ),
  'qa.withdraw': (state, { questionId }, ctx) => {
    const found = findQuestion(state, questionId);
    if (!found.ok) return found;
    const own = checkOwnQuestion(found.value, ctx);
    if (!own.ok) return own;
    return decided([...unpinIfPinned(state, questionId), { type: 'question.removed', questionId }], {});
  },
};
