import { describe, expect, it } from 'vitest';
import type { Question } from '../../shared/model/question.ts';
import type { RoomSettings } from '../../shared/model/room.ts';
import type { CommandInput } from '../../shared/protocol/commands.ts';
import type { Actor } from '../../server/domain/context.ts';
import { checkUpvote, questionHandlers } from '../../server/domain/questions.ts';
import { accepted, openRoom, payload, refusal, type OpenRoom } from './fixtures.ts';

function configure(room: OpenRoom, changes: Partial<RoomSettings>): void {
  room.apply({ type: 'room.configured', settings: { ...room.state.settings, ...changes } });
}

function ask(room: OpenRoom, input: CommandInput<'qa.ask'>, asker: Actor = room.actor('audience')) {
  return room.run(questionHandlers['qa.ask'], payload('qa.ask', input), asker);
}

function asked(room: OpenRoom, text: string): Question {
  return accepted(ask(room, { text })).result.question;
}

function questionIn(room: OpenRoom, questionId: string): Question {
  const question = room.state.questions.find((q) => q.id === questionId);
  if (!question) throw new Error(`no question ${questionId}`);
  return question;
}

type Moderation = 'qa.approve' | 'qa.dismiss' | 'qa.answer';
function moderate(room: OpenRoom, name: Moderation, questionId: string) {
  return room.run(questionHandlers[name], { questionId }, room.actor('moderator'));
}

function pin(room: OpenRoom, questionId: string | null) {
  return room.run(questionHandlers['qa.pin'], { questionId }, room.actor('moderator'));
}

const aboutTesting = 'How do you keep written tests for civil service entry free of leaks?';

describe('the audience of "Panel 1 – Meritocracy in action" asks questions', () => {
  it('puts a question straight on the board when the room does not pre-moderate', () => {
    const room = openRoom();
    const delegate = room.actor('participant', { name: 'Nodira Karimova', country: 'Uzbekistan' });
    const decision = accepted(ask(room, { text: aboutTesting }, delegate));

    const question: Question = {
      id: 'q1',
      text: aboutTesting,
      authorId: delegate.personId,
      authorName: 'Nodira Karimova',
      addressedTo: null,
      status: 'approved',
      askedAtMs: room.nowMs,
      editedAtMs: null,
      answeredAtMs: null,
    };
    expect(decision).toEqual({ events: [{ type: 'question.saved', question }], result: { question } });
    expect(room.state.questions).toEqual([question]);
  });

  it('holds questions for approval when the moderator pre-moderates', () => {
    const room = openRoom();
    configure(room, { preModeration: true });
    expect(accepted(ask(room, { text: aboutTesting })).result.question.status).toBe('pending');
  });

  it('keeps no link at all to the asker of an anonymous question', () => {
    const room = openRoom();
    const { question } = accepted(ask(room, { text: aboutTesting, anonymous: true })).result;
    expect(question).toMatchObject({ authorId: null, authorName: null });
  });

  it('refuses anonymous questions where the room does not allow them', () => {
    const room = openRoom();
    configure(room, { allowAnonymousQuestions: false });
    expect(refusal(ask(room, { text: aboutTesting, anonymous: true }))).toBe('conflict');
    accepted(ask(room, { text: aboutTesting }));
  });

  it('refuses questions while the room is closed', () => {
    const room = openRoom();
    room.apply({ type: 'room.closed' });
    expect(refusal(ask(room, { text: aboutTesting }))).toBe('conflict');
  });

  it('refuses a question longer than the room allows', () => {
    const room = openRoom();
    configure(room, { questionMaxLength: 40 });
    expect(refusal(ask(room, { text: aboutTesting }))).toBe('invalid_input');
    accepted(ask(room, { text: 'x'.repeat(40) }));
  });

  it('refuses the two thousand and first question in a room', () => {
    const room = openRoom();
    const first = asked(room, aboutTesting);
    room.state = { ...room.state, questions: Array.from({ length: 2000 }, (_, i) => ({ ...first, id: `q-${i}` })) };
    expect(refusal(ask(room, { text: aboutTesting }))).toBe('conflict');
  });

  it('addresses a question to a panellist as the agenda spells the name, whatever the case typed', () => {
    const room = openRoom();
    const toKeynote = accepted(ask(room, { text: 'What did Belgium learn from its selection office?', addressedTo: '  lieve JANSSENS ' }));
    expect(toKeynote.result.question.addressedTo).toEqual({ personId: null, name: 'Lieve Janssens' });

    const toTajikistan = accepted(ask(room, { text: 'How are probation periods assessed?', addressedTo: 'фарход рахимов' }));
    expect(toTajikistan.result.question.addressedTo).toEqual({ personId: null, name: 'Фарход Рахимов' });

    const toModerator = accepted(ask(room, { text: 'Will the slides be shared?', addressedTo: 'Aigerim Sadykova' }));
    expect(toModerator.result.question.addressedTo).toEqual({ personId: null, name: 'Aigerim Sadykova' });
  });

  it('answers not_found for a name that is not on the panel', () => {
    const room = openRoom();
    expect(refusal(ask(room, { text: aboutTesting, addressedTo: 'Someone Else' }))).toBe('not_found');
  });
});

describe('the moderator moderates', () => {
  function preModerated() {
    const room = openRoom();
    configure(room, { preModeration: true });
    return room;
  }

  it('approves a pending question, once', () => {
    const room = preModerated();
    const question = asked(room, aboutTesting);
    accepted(moderate(room, 'qa.approve', question.id));
    expect(questionIn(room, question.id).status).toBe('approved');
    expect(refusal(moderate(room, 'qa.approve', question.id))).toBe('conflict');
  });

  it('refuses to approve a dismissed or answered question', () => {
    const room = openRoom();
    const dismissed = asked(room, aboutTesting);
    const answered = asked(room, 'How is integrity tested at interview?');
    accepted(moderate(room, 'qa.dismiss', dismissed.id));
    accepted(moderate(room, 'qa.answer', answered.id));
    expect(refusal(moderate(room, 'qa.approve', dismissed.id))).toBe('conflict');
    expect(refusal(moderate(room, 'qa.approve', answered.id))).toBe('conflict');
  });

  it('dismisses a pending, approved or answered question, but not twice', () => {
    const room = preModerated();
    const pending = asked(room, 'Off-topic remark');
    const approved = asked(room, aboutTesting);
    const answered = asked(room, 'How is integrity tested at interview?');
    accepted(moderate(room, 'qa.approve', approved.id));
    accepted(moderate(room, 'qa.approve', answered.id));
    accepted(moderate(room, 'qa.answer', answered.id));

    for (const question of [pending, approved, answered]) {
      const decision = accepted(moderate(room, 'qa.dismiss', question.id));
      expect(decision.events).toEqual([{ type: 'question.saved', question: { ...questionIn(room, question.id) } }]);
      expect(questionIn(room, question.id).status).toBe('dismissed');
    }
    expect(refusal(moderate(room, 'qa.dismiss', pending.id))).toBe('conflict');
  });

  it('dismissing the pinned question takes it off the projector', () => {
    const room = openRoom();
    const question = asked(room, aboutTesting);
    accepted(pin(room, question.id));
    const decision = accepted(moderate(room, 'qa.dismiss', question.id));
    expect(decision.events.map((e) => e.type)).toEqual(['question.saved', 'question.pinned', 'projector.changed']);
    expect(room.state.pinnedQuestionId).toBeNull();
    expect(room.state.projector).toEqual({ mode: 'title', pollId: null });
  });

  it('marks an approved question answered, stamping when', () => {
    const room = openRoom();
    const question = asked(room, aboutTesting);
    room.advance(90_000);
    accepted(moderate(room, 'qa.answer', question.id));
    expect(questionIn(room, question.id)).toMatchObject({ status: 'answered', answeredAtMs: room.nowMs });
  });

  it('lets a panellist mark the question they answered', () => {
    const room = openRoom();
    const question = asked(room, aboutTesting);
    const panellist = room.actor('panellist', { name: 'Kim Soo-jin', country: 'Republic of Korea' });
    accepted(room.run(questionHandlers['qa.answer'], { questionId: question.id }, panellist));
    expect(questionIn(room, question.id).status).toBe('answered');
  });

  it('answering the pinned question unpins it', () => {
    const room = openRoom();
    const question = asked(room, aboutTesting);
    accepted(pin(room, question.id));
    accepted(moderate(room, 'qa.answer', question.id));
    expect(room.state.pinnedQuestionId).toBeNull();
  });

  it('refuses to mark a pending, dismissed or answered question answered', () => {
    const room = preModerated();
    const pending = asked(room, aboutTesting);
    const dismissed = asked(room, 'Off-topic remark');
    const answered = asked(room, 'How is integrity tested at interview?');
    accepted(moderate(room, 'qa.dismiss', dismissed.id));
    accepted(moderate(room, 'qa.approve', answered.id));
    accepted(moderate(room, 'qa.answer', answered.id));
    for (const question of [pending, dismissed, answered]) {
      expect(refusal(moderate(room, 'qa.answer', question.id))).toBe('conflict');
    }
  });

  it('edits a question, stamping when, within the room’s length', () => {
    const room = openRoom();
    const question = asked(room, 'how do u keep tests from leaking??');
    room.advance(30_000);
    const edit = (text: string) => room.run(questionHandlers['qa.edit'], { questionId: question.id, text }, room.actor('moderator'));

    accepted(edit('How do you keep written tests from leaking?'));
    expect(questionIn(room, question.id)).toMatchObject({ text: 'How do you keep written tests from leaking?', editedAtMs: room.nowMs });

    configure(room, { questionMaxLength: 20 });
    expect(refusal(edit('How do you keep written tests from leaking?'))).toBe('invalid_input');
  });

  it('answers not_found for every moderation command on an unknown question', () => {
    const room = openRoom();
    for (const name of ['qa.approve', 'qa.dismiss', 'qa.answer'] as const) {
      expect(refusal(moderate(room, name, 'q404'))).toBe('not_found');
    }
    expect(refusal(room.run(questionHandlers['qa.edit'], { questionId: 'q404', text: 'Edited' }, room.actor('moderator')))).toBe('not_found');
    expect(refusal(pin(room, 'q404'))).toBe('not_found');
  });
});

describe('pinning a question to the projector', () => {
  it('pins a question on the board and shows it on the projector', () => {
    const room = openRoom();
    const question = asked(room, aboutTesting);
    const decision = accepted(pin(room, question.id));
    expect(decision.events).toEqual([
      { type: 'question.pinned', questionId: question.id },
      { type: 'projector.changed', projector: { mode: 'question', pollId: null } },
    ]);
    expect(room.state.pinnedQuestionId).toBe(question.id);
    expect(room.state.projector).toEqual({ mode: 'question', pollId: null });
  });

  it('pins an answered question too, but neither a pending nor a dismissed one', () => {
    const room = openRoom();
    configure(room, { preModeration: true });
    const pending = asked(room, 'Not yet approved');
    const dismissed = asked(room, 'Off-topic remark');
    const answered = asked(room, aboutTesting);
    accepted(moderate(room, 'qa.dismiss', dismissed.id));
    accepted(moderate(room, 'qa.approve', answered.id));
    accepted(moderate(room, 'qa.answer', answered.id));

    expect(refusal(pin(room, pending.id))).toBe('conflict');
    expect(refusal(pin(room, dismissed.id))).toBe('conflict');
    accepted(pin(room, answered.id));
    expect(room.state.pinnedQuestionId).toBe(answered.id);
  });

  it('unpins the pinned question, and the projector returns to the title', () => {
    const room = openRoom();
    const question = asked(room, aboutTesting);
    accepted(pin(room, question.id));
    accepted(pin(room, null));
    expect(room.state.pinnedQuestionId).toBeNull();
    expect(room.state.projector).toEqual({ mode: 'title', pollId: null });
  });

  it('leaves the projector alone when unpinning while it shows something else', () => {
    const room = openRoom();
    const question = asked(room, aboutTesting);
    accepted(pin(room, question.id));
    room.apply({ type: 'projector.changed', projector: { mode: 'top_questions', pollId: null } });
    expect(accepted(pin(room, null)).events).toEqual([{ type: 'question.pinned', questionId: null }]);
    expect(room.state.projector.mode).toBe('top_questions');
  });

  it('refuses to unpin when nothing is pinned', () => {
    const room = openRoom();
    expect(refusal(pin(room, null))).toBe('conflict');
  });
});

describe('upvotes', () => {
  it('may go to a question on the board', () => {
    const room = openRoom();
    const question = asked(room, aboutTesting);
    expect(accepted(checkUpvote(room.state, question.id))).toEqual(question);
  });

  it('may not go to a pending, dismissed or answered question', () => {
    const room = openRoom();
    configure(room, { preModeration: true });
    const pending = asked(room, 'Waiting for approval');
    const dismissed = asked(room, 'Off-topic remark');
    const answered = asked(room, aboutTesting);
    accepted(moderate(room, 'qa.dismiss', dismissed.id));
    accepted(moderate(room, 'qa.approve', answered.id));
    accepted(moderate(room, 'qa.answer', answered.id));
    for (const question of [pending, dismissed, answered]) {
      expect(checkUpvote(room.state, question.id)).toEqual({
        ok: false,
        error: { code: 'conflict', message: 'You can upvote only questions on the board.' },
      });
    }
  });

  it('answers not_found for an unknown question and conflict while the room is closed', () => {
    const room = openRoom();
    const question = asked(room, aboutTesting);
    expect(refusal(checkUpvote(room.state, 'q404'))).toBe('not_found');
    room.apply({ type: 'room.closed' });
    expect(refusal(checkUpvote(room.state, question.id))).toBe('conflict');
  });
});
