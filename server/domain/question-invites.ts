import { accept, refuse, type Result } from '../../shared/errors.ts';
import { INVITATION_MS, pendingInvitation, type SpeakerRequest } from '../../shared/model/floor.ts';
import { waitingInvitation } from '../../shared/model/invitation.ts';
import type { Question } from '../../shared/model/question.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { decided, type DomainContext, type RoomHandlers } from './context.ts';
import { enqueue, speakerOf } from './floor.ts';
import { askedBy, findQuestion } from './questions.ts';

/**
 * A question becomes a turn (docs/FLOOR.md, "The question turn"): the chair invites the asker,
 * the asker accepts within a minute and goes on the list as a `question` request, and when that
 * turn ends the question is answered. An invitation names the question, never the asker; it
 * expires lazily: past its time it is simply no invitation, and the next invite replaces it.
 */

/** The question an asker may still be asked to speak about: on the board, not dismissed or answered. */
function onTheBoard(question: Question): Result<Question> {
  if (question.status === 'approved') return accept(question);
  const why = { pending: 'waits for moderation', dismissed: 'was dismissed', answered: 'is already answered' }[question.status];
  return refuse('conflict', `The question ${why}: only a question on the board can become a turn.`);
}

/** The invitation the actor may answer: pending, for this question, and the actor asked it. */
function invitationFor(state: RoomState, questionId: string, ctx: DomainContext): Result<Question> {
  const invitation = pendingInvitation(state.floor, ctx.nowMs);
  if (!invitation || invitation.questionId !== questionId) return refuse('conflict', 'There is no invitation to speak about this question (it may have expired).');
  const found = findQuestion(state, questionId);
  if (!found.ok) return found;
  if (!askedBy(found.value, ctx.actor.personId, ctx.askerKey)) return refuse('forbidden', 'Only the person who asked the question is invited.');
  return onTheBoard(found.value);
}

export const questionInviteHandlers: RoomHandlers<'qa.inviteAsker' | 'qa.acceptInvite' | 'qa.declineInvite'> = {
  'qa.inviteAsker': (state, { questionId, askerName }, { nowMs }) => {
    if (!state.open) return refuse('conflict', 'The room is closed.');
    const found = findQuestion(state, questionId);
    if (!found.ok) return found;
    const board = onTheBoard(found.value);
    if (!board.ok) return board;
    if (waitingInvitation(state, nowMs)) return refuse('conflict', 'An invitation to speak is already waiting for an answer.');
    const { current, queue, suspended } = state.floor;
    const turns = [current, suspended?.turn, ...queue];
    if (turns.some((turn) => turn?.questionId === questionId)) return refuse('conflict', 'The asker of this question is already on the list of speakers.');
    const invitation = { questionId, invitedAtMs: nowMs, expiresAtMs: nowMs + INVITATION_MS };
    return decided([{ type: 'floor.invited', invitation }], { askerName, expiresAtMs: invitation.expiresAtMs });
  },
  'qa.acceptInvite': (state, { questionId }, ctx) => {
    if (!state.open) return refuse('conflict', 'The room is closed.');
    const invited = invitationFor(state, questionId, ctx);
    if (!invited.ok) return invited;
    // The chair invited them: the request goes on the list even if it is closed to requests.
    const request: SpeakerRequest = {
      id: ctx.newId('r'),
      speaker: speakerOf(ctx.actor),
      kind: 'question',
      requestedAtMs: ctx.nowMs,
      allottedMs: null,
      addedByModerator: false,
      questionId,
    };
    const events = enqueue(state, request);
    if (!events.ok) return events;
    return decided([{ type: 'floor.inviteEnded', questionId, accepted: true }, ...events.value], { requestId: request.id });
  },
  'qa.declineInvite': (state, { questionId }, ctx) => {
    const invited = invitationFor(state, questionId, ctx);
    if (!invited.ok) return invited;
    return decided([{ type: 'floor.inviteEnded', questionId, accepted: false }], {});
  },
};
