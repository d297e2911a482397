import type { QuestionInvitation } from '../../../shared/model/floor.ts';
import { waitingInvitation, type InvitationContext } from '../../../shared/model/invitation.ts';
import { formatClock } from '../../../shared/model/timer.ts';

/**
 * Time left to answer, never more than the invitation gave: a clock estimate a little behind the
 * server's (or read between ticks) would otherwise show 1:01 for a one-minute invitation.
 */
export function invitationLeftMs(invitation: QuestionInvitation, serverNowMs: number): number {
  return Math.max(0, Math.min(invitation.expiresAtMs - invitation.invitedAtMs, invitation.expiresAtMs - serverNowMs));
}

export type InvitationView = { questionId: string; leftMs: number; leftText: string };

/**
 * The invitation to speak this device should show, if any. The room's state says which question
 * is invited and until when (server time), while the question is on the board; it is shown here
 * only if the question is this person's: the server pushed `qa.invited` to them, or the question is one of theirs. Accepted,
 * declined (on any of their devices) or expired, it is gone from the state, and so from here.
 */
export function invitationFor(state: InvitationContext, serverNowMs: number, isMine: (questionId: string) => boolean): InvitationView | null {
  const invitation = waitingInvitation(state, serverNowMs);
  if (!invitation || !isMine(invitation.questionId)) return null;
  const leftMs = invitationLeftMs(invitation, serverNowMs);
  return { questionId: invitation.questionId, leftMs, leftText: formatClock(leftMs) };
}
