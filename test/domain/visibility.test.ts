import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AskableRequestKind as RequestKind } from '../../shared/model/floor.ts';
import { quizzesOf } from '../../shared/model/quiz.ts';
import type { Projector, RoomState } from '../../shared/model/room.ts';
import type { RoomDelta, RoomEvent } from '../../shared/protocol/room-events.ts';
import { applyRoomDelta, applyRoomEvent } from '../../shared/room-reducer.ts';
import type { Actor, DomainPayload, RoomCommand } from '../../server/domain/context.ts';
import { decide } from '../../server/domain/decide.ts';
import { publicEvent, publicView, stageEvent, stageView } from '../../server/domain/visibility.ts';
import { accepted, MINUTE_MS, namedSpeaker, openRoom, payload, type OpenRoom } from './fixtures.ts';

type ProjectorMode = Projector['mode'];

/** The events of one delta as the public channel gets them: each projected against the full state just before it. */
function projectPublic(events: readonly RoomEvent[], before: RoomState): RoomEvent[] {
  let state = before;
  return events.map((event) => {
    const projected = publicEvent(event, state);
    state = applyRoomEvent(state, event);
    return projected;
  });
}

/**
 * Panel 1 seen three ways at once: the full state the chair follows, the state of someone in the
 * audience who joined with a public snapshot and has followed public deltas since, and the
 * stage's (panellists, displays), which is the full state without quiz answers not yet due.
 */
function panelWithAudience() {
  const room = openRoom();
  const chair = room.actor('moderator');
  let follower = publicView(room.state);
  let stage = stageView(room.state);
  return {
    room,
    chair,
    get follower() {
      return follower;
    },
    get stage() {
      return stage;
    },
    /** Decides a command; if accepted, commits it as a delta to both. */
    send<N extends RoomCommand>(name: N, commandPayload: DomainPayload<N>, actor: Actor = chair) {
      const decision = decide(name, room.state, commandPayload, room.ctx(actor));
      if (!decision.ok) return decision;
      const delta: RoomDelta = { roomId: room.state.roomId, revision: room.state.revision + 1, atMs: room.nowMs, events: decision.value.events };
      follower = applyRoomDelta(follower, { ...delta, events: projectPublic(delta.events, room.state) });
      stage = applyRoomDelta(stage, { ...delta, events: delta.events.map(stageEvent) });
      room.state = applyRoomDelta(room.state, delta);
      return decision;
    },
  };
}

const question = (text: string) => payload('qa.ask', { text });
const singleChoice = payload('poll.create', {
  question: 'Which stage of recruitment most needs merit-based reform?',
  spec: { kind: 'single', options: ['Job descriptions', 'Written tests', 'Interviews'] },
});

describe('what the public sees of Panel 1', () => {
  it('hides messages to the speaker, questions waiting or dismissed, and draft polls', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const audience = room.actor('audience');
    room.apply({ type: 'room.configured', settings: { ...room.state.settings, preModeration: true } });
    accepted(room.command('message.send', { text: 'Please wrap up' }, chair));
    const waiting = accepted(room.command('qa.ask', question('Is the written test the same in every region?'), audience)).result.question;
    const approved = accepted(room.command('qa.ask', question('How long is probation?'), audience)).result.question;
    const dismissed = accepted(room.command('qa.ask', question('Buy my book?'), audience)).result.question;
    const answered = accepted(room.command('qa.ask', question('Who sets the interview questions?'), audience)).result.question;
    for (const id of [approved.id, answered.id]) accepted(room.command('qa.approve', { questionId: id }, chair));
    accepted(room.command('qa.dismiss', { questionId: dismissed.id }, chair));
    accepted(room.command('qa.answer', { questionId: answered.id }, chair));
    const draft = accepted(room.command('poll.create', singleChoice, chair)).result.pollId;
    const open = accepted(room.command('poll.create', singleChoice, chair)).result.pollId;
    const closed = accepted(room.command('poll.create', singleChoice, chair)).result.pollId;
    for (const id of [open, closed]) accepted(room.command('poll.open', { pollId: id }, chair));
    accepted(room.command('poll.close', { pollId: closed }, chair));

    const view = publicView(room.state);
    expect(view.messages).toEqual([]);
    expect(view.questions.map((q) => [q.id, q.status])).toEqual([
      [approved.id, 'approved'],
      [answered.id, 'answered'],
    ]);
    expect(view.questions.map((q) => q.id)).not.toContain(waiting.id);
    expect(view.polls.map((p) => [p.id, p.status])).toEqual([
      [open, 'open'],
      [closed, 'closed'],
    ]);
    expect(view.polls.map((p) => p.id)).not.toContain(draft);
    expect({ ...view, messages: room.state.messages, questions: room.state.questions, polls: room.state.polls }).toEqual(room.state);
  });

  it('keeps the speaking-time ledger to staff; the interrupted turn itself is public', () => {
    const panel = panelWithAudience();
    const delegate = panel.room.actor('participant');
    panel.send('floor.add', { speaker: namedSpeaker('Lieve Janssens'), kind: 'contribution' });
    panel.send('floor.call', {});
    panel.send('floor.request', { kind: 'point_of_order' }, delegate);
    const call = panel.send('floor.call', {});
    expect(call.ok && call.value.events.some((event) => event.type === 'floor.logged')).toBe(true);
    expect(panel.room.state.floor.ledger.map((entry) => entry.kind)).toEqual(['call', 'interrupt', 'call']);
    expect(panel.follower.floor.ledger).toEqual([]);
    expect(panel.follower.floor.suspended).toEqual(panel.room.state.floor.suspended);
    expect(panel.follower).toEqual(publicView(panel.room.state));
  });

  it('turns a message to the speaker into a hidden placeholder, so revisions stay gapless', () => {
    const room = openRoom();
    const sent = accepted(room.command('message.send', { text: '2 minutes' }, room.actor('moderator')));
    expect(sent.events.map((e) => publicEvent(e, room.state))).toEqual([{ type: 'hidden' }]);
    expect(publicEvent({ type: 'message.dismissed', messageId: 'm1' }, room.state)).toEqual({ type: 'hidden' });
  });

  it('tells the public to drop a question the moderator dismisses from the board', () => {
    const room = openRoom();
    const asked = accepted(room.command('qa.ask', question('Is there a quota for women?'), room.actor('audience'))).result.question;
    const before = room.state;
    const dismissal = accepted(room.command('qa.dismiss', { questionId: asked.id }, room.actor('moderator')));
    expect(dismissal.events.map((e) => publicEvent(e, before))).toEqual([{ type: 'question.removed', questionId: asked.id }]);
  });

  it('keeps a question waiting for approval hidden until it is approved', () => {
    const room = openRoom();
    room.apply({ type: 'room.configured', settings: { ...room.state.settings, preModeration: true } });
    const asked = accepted(room.command('qa.ask', question('What about appeals?'), room.actor('audience')));
    expect(publicEvent(asked.events[0] as RoomEvent, room.state)).toEqual({ type: 'hidden' });
    const before = room.state;
    const approval = accepted(room.command('qa.approve', { questionId: asked.result.question.id }, room.actor('moderator')));
    expect(publicEvent(approval.events[0] as RoomEvent, before)).toEqual(approval.events[0]);
  });

  it('keeps a draft poll hidden, and its deletion too', () => {
    const room = openRoom();
    const created = accepted(room.command('poll.create', singleChoice, room.actor('moderator')));
    expect(publicEvent(created.events[0] as RoomEvent, room.state)).toEqual({ type: 'hidden' });
    expect(publicEvent({ type: 'poll.deleted', pollId: created.result.pollId }, room.state)).toEqual({ type: 'hidden' });
  });

  it('passes on the deletion of a closed poll, which everyone could see', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const { pollId } = accepted(room.command('poll.create', singleChoice, chair)).result;
    accepted(room.command('poll.open', { pollId }, chair));
    accepted(room.command('poll.close', { pollId }, chair));
    expect(publicEvent({ type: 'poll.deleted', pollId }, room.state)).toEqual({ type: 'poll.deleted', pollId });
  });

  it('lets an audience member follow along: a dismissed question leaves their board, an approved one arrives', () => {
    const panel = panelWithAudience();
    const audience = panel.room.actor('audience');
    accepted(panel.send('room.configure', { preModeration: true }));
    const first = accepted(panel.send('qa.ask', question('Do you test integrity?'), audience)).result.question;
    const second = accepted(panel.send('qa.ask', question('Is the interview recorded?'), audience)).result.question;
    expect(panel.follower.questions).toEqual([]);

    accepted(panel.send('qa.approve', { questionId: first.id }));
    expect(panel.follower.questions.map((q) => q.id)).toEqual([first.id]);
    accepted(panel.send('qa.approve', { questionId: second.id }));
    accepted(panel.send('qa.pin', { questionId: first.id }));
    accepted(panel.send('qa.dismiss', { questionId: first.id }));
    expect(panel.follower.questions.map((q) => q.id)).toEqual([second.id]);
    expect(panel.follower.pinnedQuestionId).toBeNull();
    expect(panel.follower).toEqual(publicView(panel.room.state));
  });

  // Found by the property below: the follower used to append questions and polls in the order
  // they became public, while the snapshot keeps the order they were created in.
  it('puts a question approved late where it was asked, not at the end of the board', () => {
    const panel = panelWithAudience();
    const audience = panel.room.actor('audience');
    accepted(panel.send('room.configure', { preModeration: true }));
    const first = accepted(panel.send('qa.ask', question('Do you test integrity?'), audience)).result.question;
    panel.room.advance(MINUTE_MS);
    const second = accepted(panel.send('qa.ask', question('Is the interview recorded?'), audience)).result.question;

    accepted(panel.send('qa.approve', { questionId: second.id }));
    accepted(panel.send('qa.approve', { questionId: first.id }));
    expect(panel.follower.questions.map((q) => q.id)).toEqual([first.id, second.id]);
    expect(panel.follower).toEqual(publicView(panel.room.state));
  });

  it('puts a poll opened late where it was created, not at the end of the list', () => {
    const panel = panelWithAudience();
    const first = accepted(panel.send('poll.create', singleChoice)).result.pollId;
    const second = accepted(panel.send('poll.create', singleChoice)).result.pollId;
    accepted(panel.send('poll.open', { pollId: second }));
    accepted(panel.send('poll.open', { pollId: first }));
    expect(panel.follower.polls.map((p) => p.id)).toEqual([first, second]);
    expect(panel.follower).toEqual(publicView(panel.room.state));
  });
});

// ---------------------------------------------------------------------------------------------
// Property: following public deltas from a public snapshot always gives the public view of the room.

type Step =
  | { cmd: 'configure'; preModeration: boolean }
  | { cmd: 'ask'; who: number; anonymous: boolean; text: number }
  | { cmd: 'approve' | 'dismiss' | 'answer' | 'pin'; at: number }
  | { cmd: 'edit'; at: number; text: number }
  | { cmd: 'unpin' }
  | { cmd: 'pollCreate' }
  | { cmd: 'quizCreate' }
  | { cmd: 'quizNext' | 'quizFinish' | 'quizLeaderboard' | 'quizDelete'; at: number }
  | { cmd: 'pollOpen' | 'pollClose' | 'pollDelete' | 'pollReveal' | 'pollUpdate'; at: number }
  | { cmd: 'project'; mode: ProjectorMode; at: number | null }
  | { cmd: 'messageSend'; text: number }
  | { cmd: 'messageDismiss'; at: number }
  | { cmd: 'floorRequest'; who: number; kind: RequestKind }
  | { cmd: 'floorAdd'; who: number }
  | { cmd: 'floorCall' | 'floorEndTurn' | 'floorResume' | 'floorCloseList' | 'floorReopenList' }
  | { cmd: 'floorExtraTime'; seconds: number }
  | { cmd: 'timerStart' | 'timerPause'; timerId: 'session' | 'turn' | 't1' }
  | { cmd: 'roomClose' | 'roomOpen' }
  | { cmd: 'wait'; ms: number };

const QUIZ_QUESTION = { question: 'Which city hosts the Hub?', kind: 'single' as const, options: ['Almaty', 'Astana', 'Tashkent'], correct: [1], timeLimitSec: 20 };
const QUESTIONS = ['How do you keep written tests free of leaks?', 'Is probation the same for every grade?', 'Who sits on interview panels?'];
const MESSAGES = ['2 minutes', 'Please wrap up', 'Louder, please'];
const SPEAKERS = ['Lieve Janssens', 'Daniel Tremblay', 'Aishath Rasheed'];
const at = fc.nat({ max: 3 });
const who = fc.nat({ max: 3 });

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ cmd: fc.constant('configure' as const), preModeration: fc.boolean() }),
  { arbitrary: fc.record({ cmd: fc.constant('ask' as const), who, anonymous: fc.boolean(), text: fc.nat({ max: 2 }) }), weight: 3 },
  { arbitrary: fc.record({ cmd: fc.constantFrom('approve' as const, 'dismiss' as const, 'answer' as const, 'pin' as const), at }), weight: 4 },
  fc.record({ cmd: fc.constant('edit' as const), at, text: fc.nat({ max: 2 }) }),
  fc.constant({ cmd: 'unpin' as const }),
  { arbitrary: fc.constant({ cmd: 'pollCreate' as const }), weight: 2 },
  fc.constant({ cmd: 'quizCreate' as const }),
  { arbitrary: fc.record({ cmd: fc.constantFrom('quizNext' as const, 'quizFinish' as const, 'quizLeaderboard' as const, 'quizDelete' as const), at: fc.nat({ max: 1 }) }), weight: 3 },
  {
    arbitrary: fc.record({
      cmd: fc.constantFrom('pollOpen' as const, 'pollClose' as const, 'pollDelete' as const, 'pollReveal' as const, 'pollUpdate' as const),
      at,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ cmd: fc.constant('project' as const), mode: fc.constantFrom<ProjectorMode>('title', 'poll', 'question', 'top_questions', 'quiz'), at: fc.option(at, { nil: null }) }),
    weight: 2,
  },
  fc.record({ cmd: fc.constant('messageSend' as const), text: fc.nat({ max: 2 }) }),
  fc.record({ cmd: fc.constant('messageDismiss' as const), at }),
  fc.record({ cmd: fc.constant('floorRequest' as const), who, kind: fc.constantFrom<RequestKind>('contribution', 'reply', 'point_of_order') }),
  fc.record({ cmd: fc.constant('floorAdd' as const), who: fc.nat({ max: 2 }) }),
  fc.record({ cmd: fc.constantFrom('floorCall' as const, 'floorEndTurn' as const, 'floorResume' as const, 'floorCloseList' as const, 'floorReopenList' as const) }),
  fc.record({ cmd: fc.constant('floorExtraTime' as const), seconds: fc.integer({ min: 1, max: 300 }) }),
  fc.record({ cmd: fc.constantFrom('timerStart' as const, 'timerPause' as const), timerId: fc.constantFrom('session' as const, 'turn' as const, 't1' as const) }),
  fc.record({ cmd: fc.constantFrom('roomClose' as const, 'roomOpen' as const) }),
  { arbitrary: fc.record({ cmd: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 5 * MINUTE_MS }) }), weight: 2 },
);

/** Ids by position in the full state; a position past the end names something that does not exist. */
const idAt = (items: readonly { id: string }[], index: number, prefix: string) => items[index]?.id ?? `${prefix}-missing`;

function play(panel: ReturnType<typeof panelWithAudience>, people: Actor[], s: Step): void {
  const { room } = panel;
  const state = room.state;
  const questionId = (index: number) => idAt(state.questions, index, 'q');
  const pollId = (index: number) => idAt(state.polls, index, 'p');
  const quizId = (index: number) => idAt(quizzesOf(state), index, 'z');
  const person = (index: number) => people[index % people.length] as Actor;
  switch (s.cmd) {
    case 'configure':
      panel.send('room.configure', { preModeration: s.preModeration });
      return;
    case 'ask':
      panel.send('qa.ask', payload('qa.ask', { text: QUESTIONS[s.text] ?? 'Why?', anonymous: s.anonymous }), person(s.who));
      return;
    case 'approve':
      panel.send('qa.approve', { questionId: questionId(s.at) });
      return;
    case 'dismiss':
      panel.send('qa.dismiss', { questionId: questionId(s.at) });
      return;
    case 'answer':
      panel.send('qa.answer', { questionId: questionId(s.at) });
      return;
    case 'pin':
      panel.send('qa.pin', { questionId: questionId(s.at) });
      return;
    case 'unpin':
      panel.send('qa.pin', { questionId: null });
      return;
    case 'edit':
      panel.send('qa.edit', { questionId: questionId(s.at), text: `${QUESTIONS[s.text] ?? 'Why?'} (edited)` });
      return;
    case 'pollCreate':
      panel.send('poll.create', singleChoice);
      return;
    case 'quizCreate':
      panel.send('quiz.create', payload('quiz.create', { title: 'Merit quiz', questions: [QUIZ_QUESTION, { ...QUIZ_QUESTION, kind: 'multiple', correct: [0, 2] }] }));
      return;
    case 'quizNext':
      panel.send('quiz.next', { quizId: quizId(s.at) });
      return;
    case 'quizFinish':
      panel.send('quiz.finish', { quizId: quizId(s.at) });
      return;
    case 'quizLeaderboard':
      panel.send('quiz.showLeaderboard', { quizId: quizId(s.at) });
      return;
    case 'quizDelete':
      panel.send('quiz.delete', { quizId: quizId(s.at) });
      return;
    case 'pollOpen':
      panel.send('poll.open', { pollId: pollId(s.at) });
      return;
    case 'pollClose':
      panel.send('poll.close', { pollId: pollId(s.at) });
      return;
    case 'pollDelete':
      panel.send('poll.delete', { pollId: pollId(s.at) });
      return;
    case 'pollReveal':
      panel.send('poll.reveal', { pollId: pollId(s.at) });
      return;
    case 'pollUpdate':
      panel.send('poll.update', { pollId: pollId(s.at), question: 'Which stage needs reform first?' });
      return;
    case 'project':
      if (s.mode === 'quiz') panel.send('projector.show', s.at === null ? { mode: s.mode } : { mode: s.mode, quizId: quizId(s.at) });
      else panel.send('projector.show', s.at === null ? { mode: s.mode } : { mode: s.mode, pollId: pollId(s.at) });
      return;
    case 'messageSend':
      panel.send('message.send', { text: MESSAGES[s.text] ?? 'Time' });
      return;
    case 'messageDismiss':
      panel.send('message.dismiss', { messageId: idAt(state.messages, s.at, 'm') });
      return;
    case 'floorRequest':
      panel.send('floor.request', { kind: s.kind }, person(s.who));
      return;
    case 'floorAdd':
      panel.send('floor.add', { speaker: namedSpeaker(SPEAKERS[s.who] ?? 'Guest'), kind: 'contribution' });
      return;
    case 'floorCall':
      panel.send('floor.call', {});
      return;
    case 'floorEndTurn':
      panel.send('floor.endTurn', {});
      return;
    case 'floorResume':
      panel.send('floor.resume', {});
      return;
    case 'floorCloseList':
      panel.send('floor.closeList', {});
      return;
    case 'floorReopenList':
      panel.send('floor.reopenList', {});
      return;
    case 'floorExtraTime':
      panel.send('floor.extraTime', { seconds: s.seconds });
      return;
    case 'timerStart':
      panel.send('timer.start', { timerId: s.timerId });
      return;
    case 'timerPause':
      panel.send('timer.pause', { timerId: s.timerId });
      return;
    case 'roomClose':
      panel.send('room.close', {});
      return;
    case 'roomOpen':
      panel.send('room.open', {});
      return;
    case 'wait':
      room.advance(s.ms);
      return;
  }
}

function audienceOf(room: OpenRoom): Actor[] {
  return [room.actor('audience'), room.actor('participant'), room.actor('audience'), room.actor('panellist')];
}

describe('public and stage deltas, for any session of the room', () => {
  it('bring someone who joined with a public (or stage) snapshot to exactly the public (or stage) view of the new state', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60, size: 'large' }), (steps) => {
        const panel = panelWithAudience();
        const people = audienceOf(panel.room);
        for (const s of steps) {
          play(panel, people, s);
          expect(panel.follower).toEqual(publicView(panel.room.state));
          expect(panel.stage).toEqual(stageView(panel.room.state));
          for (const poll of [...panel.follower.polls, ...panel.stage.polls]) {
            if (poll.quiz && poll.status !== 'closed') expect(poll.quiz.correctOptionIds).toEqual([]);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

