import { pendingInvitation, type Floor, type QuestionInvitation } from './floor.ts';
import type { Question } from './question.ts';

/** What deciding needs of a room's state. */
export type InvitationContext = { floor: Pick<Floor, 'invitation'>; questions: readonly Pick<Question, 'id' | 'status'>[] };

/**
 * An invitation to speak still waiting for an answer: not expired, and its question still on
 * the board. A question dismissed or withdrawn meanwhile takes its invitation with it, so the
 * chair may invite someone else at once. The server decides by it; screens show by it.
 */
export function waitingInvitation(state: InvitationContext, nowMs: number): QuestionInvitation | null {
  const invitation = pendingInvitation(state.floor, nowMs);
  const question = invitation && state.questions.find((q) => q.id === invitation.questionId);
  return question?.status === 'approved' ? invitation : null;
}
