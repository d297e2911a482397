import { describe, expect, it } from 'vitest';
import { INVITATION_MS, type QuestionInvitation } from '../../shared/model/floor.ts';
import { invitationFor, invitationLeftMs } from '../../client/src/lib/question-invitation.ts';

const AT = Date.parse('2023-05-18T11:40:00+06:00');
const invitation: QuestionInvitation = { questionId: 'q7', invitedAtMs: AT, expiresAtMs: AT + INVITATION_MS };
const floor = { invitation };
const mine = (id: string) => id === 'q7';

describe('the invitation to speak a phone shows', () => {
  it('shows the invitation for one of my questions, with the time left on the server clock', () => {
    expect(invitationFor(floor, AT + 15_000, mine)).toEqual({ questionId: 'q7', leftMs: 45_000, leftText: '0:45' });
  });

  it('shows nothing for someone else’s question, when there is none, or once it expired', () => {
    expect(invitationFor(floor, AT, () => false)).toBeNull();
    expect(invitationFor({ invitation: null }, AT, mine)).toBeNull();
    expect(invitationFor({}, AT, mine)).toBeNull();
    expect(invitationFor(floor, AT + INVITATION_MS, mine)).toBeNull();
  });

  it('never shows more time than the invitation gave, even with a clock estimate behind the server', () => {
    expect(invitationLeftMs(invitation, AT - 800)).toBe(INVITATION_MS);
    expect(invitationFor(floor, AT - 800, mine)?.leftText).toBe('1:00');
  });
});
