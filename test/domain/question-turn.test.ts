import { describe, expect, it } from 'vitest';
import { INVITATION_MS } from '../../shared/model/floor.ts';
import { ledgerTurns } from '../../shared/model/ledger.ts';
import type { Question } from '../../shared/model/question.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { Actor } from '../../server/domain/context.ts';
import { accepted, MINUTE_MS, openRoom, payload, refusal, SECOND_MS, type OpenRoom } from './fixtures.ts';

/** Panel 1's Q&A: a remote guest's question gets the most votes, and the chair hands them the microphone. */
function withQuestion(anonymous = false): { room: OpenRoom; chair: Actor; guest: Actor; question: Question } {
  const room = openRoom();
  const chair = room.actor('moderator');
  const guest = room.actor('audience', { name: 'Zarina Tokhtarova', country: 'Kyrgyzstan' });
  const question = accepted(room.command('qa.ask', payload('qa.ask', { text: 'How are exam boards kept independent?', anonymous }), guest)).result.question;
  return { room, chair, guest, question };
}

const invite = (room: OpenRoom, chair: Actor, questionId: string, askerName: string | null = 'Zarina Tokhtarova') =>
  room.command('qa.inviteAsker', { questionId, askerName }, chair);

function questionIn(state: RoomState, questionId: string): Question | undefined {
  return state.questions.find((q) => q.id === questionId);
}

describe('a question becomes a turn', () => {
  it('invites the asker: the invitation names the question and expires a minute later, the chair learns the name', () => {
    const { room, chair, question } = withQuestion();
    const decision = accepted(invite(room, chair, question.id));
    expect(decision.result).toEqual({ askerName: 'Zarina Tokhtarova', expiresAtMs: room.nowMs + INVITATION_MS });
    expect(room.state.floor.invitation).toEqual({ questionId: question.id, invitedAtMs: room.nowMs, expiresAtMs: room.nowMs + INVITATION_MS });
    expect(JSON.stringify(decision.events)).not.toContain('Zarina');
  });

  it('puts the accepting asker (audience) on the list as a question request linked to the question', () => {
    const { room, chair, guest, question } = withQuestion();
    accepted(invite(room, chair, question.id));
    room.advance(20 * SECOND_MS);
    const { requestId } = accepted(room.command('qa.acceptInvite', { questionId: question.id }, guest)).result;
    expect(room.state.floor.invitation).toBeNull();
    expect(room.state.floor.queue).toEqual([
      expect.objectContaining({ id: requestId, kind: 'question', questionId: question.id, speaker: expect.objectContaining({ personId: guest.personId, name: 'Zarina Tokhtarova' }) }),
    ]);
  });

  it('gives the asker a turn like anyone else, and answers the question in the delta that ends it', () => {
    const { room, chair, guest, question } = withQuestion();
    accepted(invite(room, chair, question.id));
    accepted(room.command('qa.acceptInvite', { questionId: question.id }, guest));
    accepted(room.command('floor.call', {}, chair));
    expect(room.state.floor.current).toEqual(expect.objectContaining({ kind: 'question', questionId: question.id, allottedMs: room.state.settings.defaultTurnMs }));
    expect(room.state.timers.turn.runningSinceMs).toBe(room.nowMs);
    expect(questionIn(room.state, question.id)?.status).toBe('approved');

    room.advance(95 * SECOND_MS);
    const ended = accepted(room.command('floor.endTurn', {}, chair));
    expect(ended.events).toContainEqual({ type: 'question.saved', question: expect.objectContaining({ id: question.id, status: 'answered', answeredAtMs: room.nowMs }) });
    expect(room.state.floor.finished.at(-1)).toEqual(expect.objectContaining({ kind: 'question', questionId: question.id, spokenMs: 95 * SECOND_MS }));
    const turns = ledgerTurns(room.state.floor.ledger, room.nowMs);
    expect(turns).toEqual([expect.objectContaining({ kind: 'question', spokenMs: 95 * SECOND_MS, endedAtMs: room.nowMs })]);
  });

  it('answers the question when the next speaker is called, too, and unpins it', () => {
    const { room, chair, guest, question } = withQuestion();
    accepted(room.command('qa.pin', { questionId: question.id }, chair));
    accepted(invite(room, chair, question.id));
    accepted(room.command('qa.acceptInvite', { questionId: question.id }, guest));
    accepted(room.command('floor.call', {}, chair));
    accepted(room.command('floor.request', { kind: 'contribution' }, room.actor('participant')));
    accepted(room.command('floor.call', {}, chair));
    expect(questionIn(room.state, question.id)?.status).toBe('answered');
    expect(room.state.pinnedQuestionId).toBeNull();
  });

  it('finds an anonymous asker by the key only, and lets nobody else accept', () => {
    const { room, chair, guest, question } = withQuestion(true);
    expect(question.authorId).toBeNull();
    accepted(invite(room, chair, question.id, null));
    expect(refusal(room.command('qa.acceptInvite', { questionId: question.id }, room.actor('audience')))).toBe('forbidden');
    accepted(room.command('qa.acceptInvite', { questionId: question.id }, guest));
    expect(room.state.floor.queue[0]?.kind).toBe('question');
  });

  it('leaves everything as it was when the asker declines', () => {
    const { room, chair, guest, question } = withQuestion();
    const before = room.state;
    accepted(invite(room, chair, question.id));
    accepted(room.command('qa.declineInvite', { questionId: question.id }, guest));
    expect(room.state).toEqual({ ...before, floor: { ...before.floor, invitation: null } });
  });

  it('lets an invitation lapse after a minute on the server clock: too late to accept, and the chair may invite again', () => {
    const { room, chair, guest, question } = withQuestion();
    accepted(invite(room, chair, question.id));
    room.advance(INVITATION_MS - 1);
    expect(refusal(invite(room, chair, question.id))).toBe('conflict');
    room.advance(1);
    const before = room.state;
    expect(refusal(room.command('qa.acceptInvite', { questionId: question.id }, guest))).toBe('conflict');
    expect(refusal(room.command('qa.declineInvite', { questionId: question.id }, guest))).toBe('conflict');
    expect(room.state).toBe(before);
    expect(room.state.floor.queue).toEqual([]);
    accepted(invite(room, chair, question.id));
  });

  it.each([
    ['dismissed', 'qa.dismiss'],
    ['answered', 'qa.answer'],
  ] as const)('refuses to invite the asker of a %s question, changing nothing', (_status, command) => {
    const { room, chair, question } = withQuestion();
    accepted(room.command(command, { questionId: question.id }, chair));
    const before = room.state;
    expect(refusal(invite(room, chair, question.id))).toBe('conflict');
    expect(room.state).toBe(before);
  });

  it('refuses a withdrawn question (it is gone) and a second invitation while one is pending', () => {
    const { room, chair, guest, question } = withQuestion();
    const other = accepted(room.command('qa.ask', payload('qa.ask', { text: 'And the appeals?' }), room.actor('audience'))).result.question;
    accepted(invite(room, chair, question.id));
    expect(refusal(invite(room, chair, other.id))).toBe('conflict');
    accepted(room.command('qa.withdraw', { questionId: question.id }, guest));
    expect(refusal(room.command('qa.acceptInvite', { questionId: question.id }, guest))).toBe('not_found');
  });

  it('lets the chair invite another asker at once when the invited question was dismissed or withdrawn meanwhile', () => {
    const { room, chair, guest, question } = withQuestion();
    const other = accepted(room.command('qa.ask', payload('qa.ask', { text: 'And the appeals?' }), room.actor('audience'))).result.question;
    const third = accepted(room.command('qa.ask', payload('qa.ask', { text: 'And the pay?' }), room.actor('audience'))).result.question;
    accepted(invite(room, chair, question.id));
    accepted(room.command('qa.withdraw', { questionId: question.id }, guest));
    accepted(invite(room, chair, other.id));
    accepted(room.command('qa.dismiss', { questionId: other.id }, chair));
    accepted(invite(room, chair, third.id));
  });

  it('refuses an accept once the chair dismissed the question meanwhile, and a second invite once the asker is on the list', () => {
    const { room, chair, guest, question } = withQuestion();
    accepted(invite(room, chair, question.id));
    accepted(room.command('qa.acceptInvite', { questionId: question.id }, guest));
    expect(refusal(invite(room, chair, question.id))).toBe('conflict');

    const second = withQuestion();
    accepted(invite(second.room, second.chair, second.question.id));
    accepted(second.room.command('qa.dismiss', { questionId: second.question.id }, second.chair));
    expect(refusal(second.room.command('qa.acceptInvite', { questionId: second.question.id }, second.guest))).toBe('conflict');
  });

  it('does not answer a question the chair dismissed during its turn', () => {
    const { room, chair, guest, question } = withQuestion();
    accepted(invite(room, chair, question.id));
    accepted(room.command('qa.acceptInvite', { questionId: question.id }, guest));
    accepted(room.command('floor.call', {}, chair));
    accepted(room.command('qa.dismiss', { questionId: question.id }, chair));
    accepted(room.command('floor.endTurn', {}, chair));
    expect(questionIn(room.state, question.id)?.status).toBe('dismissed');
  });

  it('keeps the ledger consistent through a point of order during a question turn', () => {
    const { room, chair, guest, question } = withQuestion();
    accepted(invite(room, chair, question.id));
    accepted(room.command('qa.acceptInvite', { questionId: question.id }, guest));
    accepted(room.command('floor.call', {}, chair));
    room.advance(MINUTE_MS);
    accepted(room.command('floor.request', { kind: 'point_of_order' }, room.actor('participant')));
    accepted(room.command('floor.call', {}, chair));
    room.advance(30 * SECOND_MS);
    accepted(room.command('floor.resume', {}, chair));
    expect(questionIn(room.state, question.id)?.status).toBe('approved');
    room.advance(MINUTE_MS);
    accepted(room.command('floor.endTurn', {}, chair));
    expect(questionIn(room.state, question.id)?.status).toBe('answered');
    const turns = ledgerTurns(room.state.floor.ledger, room.nowMs);
    expect(turns.map((t) => [t.kind, t.spokenMs])).toEqual([
      ['question', 2 * MINUTE_MS],
      ['point_of_order', 30 * SECOND_MS],
    ]);
    const spoken = room.state.floor.finished.reduce((sum, t) => sum + t.spokenMs, 0);
    expect(spoken).toBe(turns.reduce((sum, t) => sum + t.spokenMs, 0));
  });

  it('refuses an accept from a delegate already on the list, leaving their request and the invitation as they were', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const delegate = room.actor('participant');
    const question = accepted(room.command('qa.ask', payload('qa.ask', { text: 'And the appeals?' }), delegate)).result.question;
    accepted(room.command('floor.request', { kind: 'contribution' }, delegate));
    accepted(invite(room, chair, question.id, delegate.name));
    const before = room.state;
    expect(refusal(room.command('qa.acceptInvite', { questionId: question.id }, delegate))).toBe('conflict');
    expect(room.state).toBe(before);
  });

  it('refuses the question kind when asked for directly', () => {
    expect(() => payload('floor.request', { kind: 'question' as never })).toThrow();
    expect(() => payload('floor.add', { speaker: { name: 'X' }, kind: 'question' as never })).toThrow();
  });
});
