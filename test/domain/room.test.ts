import { describe, expect, it } from 'vitest';
import type { RoomSettings } from '../../shared/model/room.ts';
import type { Actor } from '../../server/domain/context.ts';
import { accepted, MINUTE_MS, openRoom, payload, refusal, SECOND_MS, type OpenRoom } from './fixtures.ts';

function chairOf(room: OpenRoom, chair: Actor = room.actor('moderator')) {
  return {
    open: () => room.command('room.open', {}, chair),
    close: () => room.command('room.close', {}, chair),
    configure: (changes: Partial<RoomSettings>) => room.command('room.configure', changes, chair),
    send: (text: string) => room.command('message.send', payload('message.send', { text }), chair),
    dismiss: (messageId: string) => room.command('message.dismiss', { messageId }, chair),
    show: (mode: 'title' | 'poll' | 'question' | 'top_questions', pollId?: string) =>
      room.command('projector.show', pollId === undefined ? { mode } : { mode, pollId }, chair),
    actor: chair,
    createPoll: () =>
      accepted(
        room.command(
          'poll.create',
          payload('poll.create', { question: 'Which stage of recruitment most needs reform?', spec: { kind: 'single', options: ['Tests', 'Interviews'] } }),
          chair,
        ),
      ).result.pollId,
  };
}

describe('opening and closing Panel 1', () => {
  it('closes an open room and opens it again; doing either twice is a conflict', () => {
    const room = openRoom();
    const chair = chairOf(room);
    expect(refusal(chair.open())).toBe('conflict');
    expect(accepted(chair.close()).events).toEqual([{ type: 'room.closed' }]);
    expect(room.state.open).toBe(false);
    expect(refusal(chair.close())).toBe('conflict');
    expect(accepted(chair.open()).events).toEqual([{ type: 'room.opened' }]);
    expect(room.state.open).toBe(true);
  });
});

describe('configuring the room', () => {
  it('changes the settings named and keeps the others', () => {
    const room = openRoom();
    const before = room.state.settings;
    const decision = accepted(chairOf(room).configure({ defaultTurnMs: 3 * MINUTE_MS, warningMs: MINUTE_MS, dangerMs: 30 * SECOND_MS }));
    expect(decision.events).toEqual([
      { type: 'room.configured', settings: { ...before, defaultTurnMs: 3 * MINUTE_MS, warningMs: MINUTE_MS, dangerMs: 30 * SECOND_MS } },
    ]);
    expect(room.state.settings).toEqual({ ...before, defaultTurnMs: 3 * MINUTE_MS, warningMs: MINUTE_MS, dangerMs: 30 * SECOND_MS });
  });

  it('refuses a danger threshold longer than the warning one, including against the settings already there', () => {
    const room = openRoom();
    const chair = chairOf(room);
    expect(refusal(chair.configure({ warningMs: MINUTE_MS, dangerMs: 2 * MINUTE_MS }))).toBe('invalid_input');
    // Warning is 2 min by default: a 3-minute danger threshold alone would come before it.
    expect(refusal(chair.configure({ dangerMs: 3 * MINUTE_MS }))).toBe('invalid_input');
    accepted(chair.configure({ dangerMs: 2 * MINUTE_MS }));
  });

  it('refuses values out of range', () => {
    const room = openRoom();
    const chair = chairOf(room);
    const before = room.state.settings;
    expect(refusal(chair.configure({ defaultTurnMs: 5 * SECOND_MS }))).toBe('invalid_input');
    expect(refusal(chair.configure({ defaultTurnMs: 5 * 60 * MINUTE_MS }))).toBe('invalid_input');
    expect(refusal(chair.configure({ warningMs: -1 }))).toBe('invalid_input');
    expect(refusal(chair.configure({ questionMaxLength: 10 }))).toBe('invalid_input');
    expect(refusal(chair.configure({ questionMaxLength: 501 }))).toBe('invalid_input');
    expect(refusal(chair.configure({ defaultTurnMs: 90_000.5 }))).toBe('invalid_input');
    expect(room.state.settings).toEqual(before);
  });

  it('applies a new default turn to the next speaker called', () => {
    const room = openRoom();
    const chair = chairOf(room);
    accepted(chair.configure({ defaultTurnMs: 3 * MINUTE_MS, warningMs: MINUTE_MS, dangerMs: 30 * SECOND_MS }));
    accepted(room.command('floor.request', { kind: 'contribution' }, room.actor('participant')));
    accepted(room.command('floor.call', {}, room.actor('moderator')));
    expect(room.state.timers.turn).toMatchObject({ durationMs: 3 * MINUTE_MS, warningMs: MINUTE_MS, dangerMs: 30 * SECOND_MS });
  });
});

describe('messages to the speaker', () => {
  it('puts "2 minutes" on the stage display until the moderator dismisses it', () => {
    const room = openRoom();
    const chair = chairOf(room);
    const decision = accepted(chair.send('  2 minutes  '));
    expect(decision.result).toEqual({ messageId: 'm1' });
    expect(room.state.messages).toEqual([{ id: 'm1', text: '2 minutes', sentAtMs: room.nowMs }]);

    room.advance(MINUTE_MS);
    accepted(chair.send('Please wrap up'));
    expect(accepted(chair.dismiss('m1')).events).toEqual([{ type: 'message.dismissed', messageId: 'm1' }]);
    expect(room.state.messages.map((m) => m.text)).toEqual(['Please wrap up']);
    expect(refusal(chair.dismiss('m1'))).toBe('not_found');
  });

  it('holds at most ten messages at once; dismissing one makes room', () => {
    const room = openRoom();
    const chair = chairOf(room);
    for (let i = 1; i <= 10; i++) accepted(chair.send(`${i} minutes`));
    expect(refusal(chair.send('One more'))).toBe('conflict');
    accepted(chair.dismiss('m3'));
    accepted(chair.send('One more'));
    expect(room.state.messages).toHaveLength(10);
  });

  it('answers not_found for a message that was never sent', () => {
    expect(refusal(chairOf(openRoom()).dismiss('m42'))).toBe('not_found');
  });
});

describe('what the projector shows', () => {
  it('shows the title by default, and a poll the moderator names', () => {
    const room = openRoom();
    const chair = chairOf(room);
    expect(room.state.projector).toEqual({ mode: 'title', pollId: null });
    const pollId = chair.createPoll();
    expect(refusal(chair.show('poll', pollId))).toBe('conflict');
    accepted(room.command('poll.open', { pollId }, chair.actor));
    expect(accepted(chair.show('poll', pollId)).events).toEqual([{ type: 'projector.changed', projector: { mode: 'poll', pollId, quizId: null } }]);
    accepted(chair.show('top_questions'));
    expect(room.state.projector).toEqual({ mode: 'top_questions', pollId: null, quizId: null });
    accepted(chair.show('title'));
  });

  it('needs a poll, and an existing one, for the poll mode', () => {
    const room = openRoom();
    const chair = chairOf(room);
    expect(refusal(chair.show('poll'))).toBe('invalid_input');
    expect(refusal(chair.show('poll', 'p9'))).toBe('not_found');
  });

  it('takes a poll only in the poll mode', () => {
    const room = openRoom();
    const chair = chairOf(room);
    const pollId = chair.createPoll();
    expect(refusal(chair.show('title', pollId))).toBe('invalid_input');
    expect(refusal(chair.show('top_questions', pollId))).toBe('invalid_input');
    expect(refusal(chair.show('question', pollId))).toBe('invalid_input');
  });

  it('shows a question only when one is pinned', () => {
    const room = openRoom();
    const chair = chairOf(room);
    expect(refusal(chair.show('question'))).toBe('conflict');

    const asked = accepted(room.command('qa.ask', payload('qa.ask', { text: 'How are interview panels trained?' }), room.actor('audience')));
    accepted(room.command('qa.pin', { questionId: asked.result.question.id }, room.actor('moderator')));
    accepted(chair.show('title'));
    accepted(chair.show('question'));
    expect(room.state.projector).toEqual({ mode: 'question', pollId: null, quizId: null });
  });
});
