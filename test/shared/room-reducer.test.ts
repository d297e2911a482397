import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpeakerRequest } from '../../shared/model/floor.ts';
import type { Poll } from '../../shared/model/poll.ts';
import type { Question } from '../../shared/model/question.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import { applyRoomDelta, applyRoomEvent } from '../../shared/room-reducer.ts';
import { MINUTE_MS, namedSpeaker, openRoom, PANEL_STARTS_MS } from '../domain/fixtures.ts';

const apply = (state: RoomState, ...events: RoomEvent[]) => events.reduce(applyRoomEvent, state);

function questionAsked(id: string, askedAtMs: number, text = 'How do you keep written tests free of leaks?'): Question {
  return { id, text, authorId: null, authorName: null, addressedTo: null, status: 'approved', askedAtMs, editedAtMs: null, answeredAtMs: null };
}

function pollCreated(id: string, createdAtMs: number, status: Poll['status'] = 'open'): Poll {
  return {
    id,
    question: 'Which stage of recruitment most needs merit-based reform?',
    spec: { kind: 'single', options: [{ id: 'o1', label: 'Written tests' }, { id: 'o2', label: 'Interviews' }] },
    settings: { resultsVisibility: 'live', anonymous: false, allowChange: true, eligibleRoles: ['participant', 'audience'] },
    status,
    revealed: false,
    createdAtMs,
    openedAtMs: null,
    closedAtMs: null,
    closesAtMs: null,
    revealOnClose: false,
  };
}

function request(id: string, name: string): SpeakerRequest {
  return { id, speaker: namedSpeaker(name), kind: 'contribution', requestedAtMs: PANEL_STARTS_MS, allottedMs: null, addedByModerator: true };
}

/** Panel 1 a few minutes in: two panellists waiting, a poll, a question, a message on the stage display. */
function panelUnderWay(): RoomState {
  return apply(
    openRoom().state,
    { type: 'floor.requested', request: request('r1', 'Lieve Janssens') },
    { type: 'floor.requested', request: request('r2', 'Daniel Tremblay') },
    { type: 'poll.saved', poll: pollCreated('p1', PANEL_STARTS_MS) },
    { type: 'question.saved', question: questionAsked('q1', PANEL_STARTS_MS) },
    { type: 'message.sent', message: { id: 'm1', text: '2 minutes', sentAtMs: PANEL_STARTS_MS } },
  );
}

describe('following a room event by event', () => {
  it('ignores events about ids it does not know, so a replayed or stale event does no harm', () => {
    const state = panelUnderWay();
    const stale: RoomEvent[] = [
      { type: 'floor.withdrawn', requestId: 'r9' },
      { type: 'floor.removed', requestId: 'r9' },
      { type: 'floor.allotted', requestId: 'r9', allottedMs: 5 * MINUTE_MS },
      { type: 'floor.extended', allottedMs: 12 * MINUTE_MS },
      { type: 'timer.set', timerId: 't9', timer: state.timers.turn },
      { type: 'timer.deleted', timerId: 't9' },
      { type: 'message.dismissed', messageId: 'm9' },
      { type: 'poll.deleted', pollId: 'p9' },
      { type: 'question.removed', questionId: 'q9' },
      { type: 'hidden' },
    ];
    for (const event of stale) expect(applyRoomEvent(state, event), event.type).toEqual(state);
  });

  it('drops unknown ids from a new order of the list and keeps the known ones in that order', () => {
    const state = apply(panelUnderWay(), { type: 'floor.reordered', order: ['r2', 'r9', 'r1'] });
    expect(state.floor.queue.map((r) => r.id)).toEqual(['r2', 'r1']);
  });

  it('saves a question, poll or named timer it already has in place, never twice', () => {
    const state = panelUnderWay();
    const edited = { ...questionAsked('q1', PANEL_STARTS_MS), text: 'How do you keep tests free of leaks?', editedAtMs: PANEL_STARTS_MS + MINUTE_MS };
    const closed = { ...pollCreated('p1', PANEL_STARTS_MS), status: 'closed' as const };
    const coffee = { id: 't2', label: 'Coffee break', timer: state.timers.turn };
    const after = apply(
      state,
      { type: 'question.saved', question: edited },
      { type: 'question.saved', question: edited },
      { type: 'poll.saved', poll: closed },
      { type: 'poll.saved', poll: closed },
      { type: 'timer.created', timer: coffee },
      { type: 'timer.created', timer: coffee },
    );
    expect(after.questions).toEqual([edited]);
    expect(after.polls).toEqual([closed]);
    expect(after.timers.named.map((t) => t.label)).toEqual(['Q&A', 'Coffee break']);
  });

  it('places a question it receives late where it was asked, ties broken by id', () => {
    const state = apply(
      openRoom().state,
      { type: 'question.saved', question: questionAsked('q_b', PANEL_STARTS_MS + 2 * MINUTE_MS) },
      { type: 'question.saved', question: questionAsked('q_d', PANEL_STARTS_MS + 5 * MINUTE_MS) },
      { type: 'question.saved', question: questionAsked('q_a', PANEL_STARTS_MS) },
      { type: 'question.saved', question: questionAsked('q_c', PANEL_STARTS_MS + 2 * MINUTE_MS) },
      { type: 'poll.saved', poll: pollCreated('p_late', PANEL_STARTS_MS + MINUTE_MS) },
      { type: 'poll.saved', poll: pollCreated('p_early', PANEL_STARTS_MS) },
    );
    expect(state.questions.map((q) => q.id)).toEqual(['q_a', 'q_b', 'q_c', 'q_d']);
    expect(state.polls.map((p) => p.id)).toEqual(['p_early', 'p_late']);
  });

  it('takes a question off the board on question.removed', () => {
    const state = apply(panelUnderWay(), { type: 'question.removed', questionId: 'q1' });
    expect(state.questions).toEqual([]);
  });

  it('sends the projector back to the title when the poll it showed is deleted, and only then', () => {
    const showing = apply(
      panelUnderWay(),
      { type: 'poll.saved', poll: pollCreated('p2', PANEL_STARTS_MS + MINUTE_MS) },
      { type: 'projector.changed', projector: { mode: 'poll', pollId: 'p1' } },
    );
    const otherDeleted = applyRoomEvent(showing, { type: 'poll.deleted', pollId: 'p2' });
    expect(otherDeleted.projector).toEqual({ mode: 'poll', pollId: 'p1' });
    expect(otherDeleted.polls.map((p) => p.id)).toEqual(['p1']);

    const shownDeleted = applyRoomEvent(otherDeleted, { type: 'poll.deleted', pollId: 'p1' });
    expect(shownDeleted.projector).toEqual({ mode: 'title', pollId: null });
    expect(shownDeleted.polls).toEqual([]);
  });

  it('hands the floor over: the called request leaves the list, the ended turn joins the record', () => {
    const state = panelUnderWay();
    const turn = { requestId: 'r1', speaker: namedSpeaker('Lieve Janssens'), kind: 'contribution' as const, allottedMs: 10 * MINUTE_MS, startedAtMs: PANEL_STARTS_MS };
    const speaking = applyRoomEvent(state, { type: 'floor.turnStarted', turn });
    expect(speaking.floor.current).toEqual(turn);
    expect(speaking.floor.queue.map((r) => r.id)).toEqual(['r2']);

    const extended = applyRoomEvent(speaking, { type: 'floor.extended', allottedMs: 12 * MINUTE_MS });
    expect(extended.floor.current?.allottedMs).toBe(12 * MINUTE_MS);

    const finished = { ...turn, allottedMs: 12 * MINUTE_MS, endedAtMs: PANEL_STARTS_MS + 11 * MINUTE_MS, spokenMs: 11 * MINUTE_MS };
    const ended = applyRoomEvent(extended, { type: 'floor.turnEnded', finished });
    expect(ended.floor.current).toBeNull();
    expect(ended.floor.finished).toEqual([finished]);
  });

  it('never changes the state it is given', () => {
    const state = panelUnderWay();
    const copy = structuredClone(state);
    apply(state, { type: 'floor.reordered', order: ['r2', 'r1'] }, { type: 'question.removed', questionId: 'q1' }, { type: 'poll.deleted', pollId: 'p1' });
    expect(state).toEqual(copy);
  });
});

describe('following a room delta by delta', () => {
  it('applies a delta’s events in order and takes its revision', () => {
    const state = panelUnderWay();
    const next = applyRoomDelta(state, {
      roomId: state.roomId,
      revision: 42,
      atMs: PANEL_STARTS_MS,
      events: [
        { type: 'floor.listClosed' },
        { type: 'floor.removed', requestId: 'r1' },
        { type: 'message.dismissed', messageId: 'm1' },
      ],
    });
    expect(next.revision).toBe(42);
    expect(next.floor.listOpen).toBe(false);
    expect(next.floor.queue.map((r) => r.id)).toEqual(['r2']);
    expect(next.messages).toEqual([]);
  });

  it('takes the revision even from a delta whose events are all hidden', () => {
    const state = panelUnderWay();
    const next = applyRoomDelta(state, { roomId: state.roomId, revision: 7, atMs: PANEL_STARTS_MS, events: [{ type: 'hidden' }] });
    expect(next).toEqual({ ...state, revision: 7 });
  });
});

describe('questions and polls, whatever order their saves arrive in', () => {
  const saves = fc.array(
    fc.record({ id: fc.constantFrom('q_a', 'q_b', 'q_c', 'q_d', 'q_e'), minute: fc.nat({ max: 3 }), text: fc.constantFrom('Why?', 'How?', 'When?') }),
    { maxLength: 30 },
  );

  it('hold each id once, in order of creation (time, then id)', () => {
    fc.assert(
      fc.property(saves, (events) => {
        // A question keeps the time it was asked; later saves of it are edits.
        const askedAt = new Map<string, number>();
        let state = openRoom().state;
        for (const { id, minute, text } of events) {
          if (!askedAt.has(id)) askedAt.set(id, PANEL_STARTS_MS + minute * MINUTE_MS);
          state = applyRoomEvent(state, { type: 'question.saved', question: questionAsked(id, askedAt.get(id) ?? 0, text) });
        }
        const ids = state.questions.map((q) => q.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.sort()).toEqual([...askedAt.keys()].sort());
        const order = state.questions.map((q) => [q.askedAtMs, q.id] as const);
        const sorted = [...order].sort(([ta, ia], [tb, ib]) => ta - tb || (ia < ib ? -1 : ia > ib ? 1 : 0));
        expect(order).toEqual(sorted);
      }),
      { numRuns: 500 },
    );
  });
});
