import { describe, expect, it } from 'vitest';
import { INVITATION_MS, type QuestionInvitation } from '../../shared/model/floor.ts';
import type { Question } from '../../shared/model/question.ts';
import { invitationFor, invitationLeftMs } from '../../client/src/lib/question-invitation.ts';

const AT = Date.parse('2023-05-18T11:40:00+06:00');
const invitation: QuestionInvitation = { questionId: 'q7', invitedAtMs: AT, expiresAtMs: AT + INVITATION_MS };
const question = (status: Question['status']): Question => ({
  id: 'q7',
  text: 'Who appoints the exam board?',
  authorId: null,
  authorName: null,
  addressedTo: null,
  status,
  askedAtMs: AT - 60_000,
  editedAtMs: null,
  answeredAtMs: null,
});
const state = { floor: { invitation }, questions: [question('approved')] };
const mine = (id: string) => id === 'q7';

describe('the invitation to speak a phone shows', () => {
  it('shows the invitation for one of my questions, with the time left on the server clock', () => {
    expect(invitationFor(state, AT + 15_000, mine)).toEqual({ questionId: 'q7', leftMs: 45_000, leftText: '0:45' });
  });

  it('shows nothing for someone else’s question, when there is none, or once it expired', () => {
    expect(invitationFor(state, AT, () => false)).toBeNull();
    expect(invitationFor({ ...state, floor: { invitation: null } }, AT, mine)).toBeNull();
    expect(invitationFor({ ...state, floor: {} }, AT, mine)).toBeNull();
    expect(invitationFor(state, AT + INVITATION_MS, mine)).toBeNull();
  });

  it('shows nothing once the question left the board (dismissed, or gone from what the phone sees)', () => {
    expect(invitationFor({ ...state, questions: [question('dismissed')] }, AT, mine)).toBeNull();
    expect(invitationFor({ ...state, questions: [] }, AT, mine)).toBeNull();
  });

  it('never shows more time than the invitation gave, even with a clock estimate behind the server', () => {
    expect(invitationLeftMs(invitation, AT - 800)).toBe(INVITATION_MS);
    expect(invitationFor(state, AT - 800, mine)?.leftText).toBe('1:00');
  });
});
