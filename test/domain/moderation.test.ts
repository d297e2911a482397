import { describe, expect, it } from 'vitest';
import type { Poll } from '../../shared/model/poll.ts';
import type { Question } from '../../shared/model/question.ts';
import type { CommandInput } from '../../shared/protocol/commands.ts';
import type { Actor } from '../../server/domain/context.ts';
import { prepareBallot } from '../../server/domain/ballots.ts';
import { pollResults, publicResults } from '../../server/domain/poll-results.ts';
import { publicEvent } from '../../server/domain/visibility.ts';
import { accepted, openRoom, payload, refusal, wordId, type OpenRoom } from './fixtures.ts';

function configure(room: OpenRoom, preModeration: boolean): void {
  room.apply({ type: 'room.configured', settings: { ...room.state.settings, preModeration } });
}

function questionIn(room: OpenRoom, questionId: string): Question | undefined {
  return room.state.questions.find((q) => q.id === questionId);
}

function ask(room: OpenRoom, asker: Actor, text: string, anonymous = false): Question {
  return accepted(room.command('qa.ask', payload('qa.ask', { text, anonymous }), asker)).result.question;
}

function pollIn(room: OpenRoom, pollId: string): Poll {
  const poll = room.state.polls.find((p) => p.id === pollId);
  if (!poll) throw new Error(`no poll ${pollId}`);
  return poll;
}

function createPoll(room: OpenRoom, chair: Actor, input: CommandInput<'poll.create'>): string {
  return accepted(room.command('poll.create', payload('poll.create', input), chair)).result.pollId;
}

const leaks = 'How do you keep written tests for civil service entry free of leaks?';
const probation = 'Should probation periods count towards seniority?';

describe('a moderator undoes a slip during the Q&A of Panel 1', () => {
  it('restores a dismissed question to the board it was on', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const question = ask(room, room.actor('audience'), leaks);
    accepted(room.command('qa.dismiss', { questionId: question.id }, chair));
    expect(questionIn(room, question.id)?.status).toBe('dismissed');

    accepted(room.command('qa.restore', { questionId: question.id }, chair));
    expect(questionIn(room, question.id)).toMatchObject({ status: 'approved', text: leaks });
    expect(questionIn(room, question.id)).not.toHaveProperty('dismissedFrom');
  });

  it('restores a question dismissed while awaiting approval back to awaiting approval', () => {
    const room = openRoom();
    configure(room, true);
    const chair = room.actor('moderator');
    const question = ask(room, room.actor('audience'), leaks);
    accepted(room.command('qa.dismiss', { questionId: question.id }, chair));
    accepted(room.command('qa.restore', { questionId: question.id }, chair));
    expect(questionIn(room, question.id)?.status).toBe('pending');
  });

  it('restores a question dismissed after approval, under pre-moderation, to the board', () => {
    const room = openRoom();
    configure(room, true);
    const chair = room.actor('moderator');
    const question = ask(room, room.actor('audience'), leaks);
    accepted(room.command('qa.approve', { questionId: question.id }, chair));
    accepted(room.command('qa.dismiss', { questionId: question.id }, chair));
    accepted(room.command('qa.restore', { questionId: question.id }, chair));
    expect(questionIn(room, question.id)?.status).toBe('approved');
  });

  it('refuses restoring a question that is not dismissed, or does not exist, and changes nothing', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const question = ask(room, room.actor('audience'), leaks);
    const before = room.state;
    expect(refusal(room.command('qa.restore', { questionId: question.id }, chair))).toBe('conflict');
    expect(refusal(room.command('qa.restore', { questionId: 'q404' }, chair))).toBe('not_found');
    expect(room.state).toBe(before);
  });

  it('puts an answered question back on the board, and refuses that for one not answered', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const question = ask(room, room.actor('audience'), leaks);
    expect(refusal(room.command('qa.unanswer', { questionId: question.id }, chair))).toBe('conflict');
    room.advance(60_000);
    accepted(room.command('qa.answer', { questionId: question.id }, chair));
    expect(questionIn(room, question.id)?.answeredAtMs).toBe(room.nowMs);

    accepted(room.command('qa.unanswer', { questionId: question.id }, chair));
    expect(questionIn(room, question.id)).toMatchObject({ status: 'approved', answeredAtMs: null });
    expect(refusal(room.command('qa.unanswer', { questionId: 'q404' }, chair))).toBe('not_found');
  });

  it('shows a restored question to the public again and takes a withdrawn one away', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const asker = room.actor('audience');
    const question = ask(room, asker, leaks);
    accepted(room.command('qa.dismiss', { questionId: question.id }, chair));
    const dismissed = room.state;
    const restore = accepted(room.command('qa.restore', { questionId: question.id }, chair));
    expect(publicEvent(restore.events[0]!, dismissed)).toMatchObject({ type: 'question.saved', question: { id: question.id, status: 'approved' } });

    const onBoard = room.state;
    const withdraw = accepted(room.command('qa.withdraw', { questionId: question.id }, asker));
    expect(withdraw.events.map((event) => publicEvent(event, onBoard))).toEqual([{ type: 'question.removed', questionId: question.id }]);
  });
});

describe('an asker changes their own question', () => {
  it('edits it, and under pre-moderation an edited approved question waits for approval again', () => {
    const room = openRoom();
    configure(room, true);
    const chair = room.actor('moderator');
    const asker = room.actor('audience');
    const question = ask(room, asker, leaks);
    accepted(room.command('qa.approve', { questionId: question.id }, chair));
    room.advance(5_000);
    accepted(room.command('qa.edit', { questionId: question.id, text: probation }, asker));
    expect(questionIn(room, question.id)).toMatchObject({ text: probation, status: 'pending', editedAtMs: room.nowMs });
  });

  it('keeps an edited question on the board when the room does not pre-moderate; a chair edit never moves it', () => {
    const room = openRoom();
    const asker = room.actor('participant');
    const question = ask(room, asker, leaks);
    accepted(room.command('qa.edit', { questionId: question.id, text: probation }, asker));
    expect(questionIn(room, question.id)).toMatchObject({ text: probation, status: 'approved' });

    configure(room, true);
    accepted(room.command('qa.edit', { questionId: question.id, text: leaks }, room.actor('moderator')));
    expect(questionIn(room, question.id)?.status).toBe('approved');
  });

  it('withdraws it, unpinning it from the projector', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const asker = room.actor('audience');
    const question = ask(room, asker, leaks);
    accepted(room.command('qa.pin', { questionId: question.id }, chair));
    accepted(room.command('qa.withdraw', { questionId: question.id }, asker));
    expect(questionIn(room, question.id)).toBeUndefined();
    expect(room.state.pinnedQuestionId).toBeNull();
    expect(room.state.projector.mode).toBe('title');
  });

  it("refuses another person's question (forbidden) and an answered one (conflict), changing nothing", () => {
    const room = openRoom();
    const asker = room.actor('audience');
    const other = room.actor('audience');
    const question = ask(room, asker, leaks);
    let before = room.state;
    expect(refusal(room.command('qa.edit', { questionId: question.id, text: probation }, other))).toBe('forbidden');
    expect(refusal(room.command('qa.withdraw', { questionId: question.id }, other))).toBe('forbidden');
    expect(room.state).toBe(before);

    accepted(room.command('qa.answer', { questionId: question.id }, room.actor('moderator')));
    before = room.state;
    expect(refusal(room.command('qa.edit', { questionId: question.id, text: probation }, asker))).toBe('conflict');
    expect(refusal(room.command('qa.withdraw', { questionId: question.id }, asker))).toBe('conflict');
    expect(refusal(room.command('qa.withdraw', { questionId: 'q404' }, asker))).toBe('not_found');
    expect(room.state).toBe(before);
  });

  it('lets the asker of an anonymous question, and only them, change it; the question names nobody', () => {
    const room = openRoom();
    const asker = room.actor('audience');
    const question = ask(room, asker, leaks, true);
    expect(question).toMatchObject({ authorId: null, authorName: null });
    expect(question.askerKey).toBeDefined();
    expect(JSON.stringify(question)).not.toContain(asker.personId);

    expect(refusal(room.command('qa.edit', { questionId: question.id, text: probation }, room.actor('audience')))).toBe('forbidden');
    accepted(room.command('qa.edit', { questionId: question.id, text: probation }, asker));
    accepted(room.command('qa.withdraw', { questionId: question.id }, asker));
    expect(questionIn(room, question.id)).toBeUndefined();
  });
});

describe('a moderator duplicates and reopens polls', () => {
  const stages = {
    question: 'Which stage of recruitment most needs merit-based reform?',
    spec: { kind: 'single', options: ['Job descriptions', 'Written tests', 'Interviews'] },
  } satisfies CommandInput<'poll.create'>;

  it('duplicates a closed poll into a new draft with its question, options and settings', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const pollId = createPoll(room, chair, { ...stages, settings: { resultsVisibility: 'on_reveal', anonymous: true, allowChange: false } });
    accepted(room.command('poll.open', { pollId }, chair));
    room.advance(60_000);
    accepted(room.command('poll.close', { pollId }, chair));
    accepted(room.command('poll.reveal', { pollId }, chair));

    const { pollId: copyId } = accepted(room.command('poll.duplicate', { pollId }, chair)).result;
    const original = pollIn(room, pollId);
    expect(copyId).not.toBe(pollId);
    expect(pollIn(room, copyId)).toEqual({
      ...original,
      id: copyId,
      status: 'draft',
      revealed: false,
      createdAtMs: room.nowMs,
      openedAtMs: null,
      closedAtMs: null,
    });
    expect(refusal(room.command('poll.duplicate', { pollId: 'p404' }, chair))).toBe('not_found');
  });

  it('a timed poll duplicated is an untimed draft, and reopened it runs until the chair closes it: ballots count again', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const voter = room.actor('audience');
    const pollId = createPoll(room, chair, { ...stages, settings: { resultsVisibility: 'on_reveal' } });
    accepted(room.command('poll.open', { pollId, durationSec: 30, revealOnClose: false }, chair));
    room.advance(30_000);
    accepted(room.command('poll.close', { pollId }, chair));
    const { pollId: copyId } = accepted(room.command('poll.duplicate', { pollId }, chair)).result;
    expect(pollIn(room, copyId)).toMatchObject({ status: 'draft', closesAtMs: null, revealOnClose: false });

    accepted(room.command('poll.reopen', { pollId }, chair));
    expect(pollIn(room, pollId)).toMatchObject({ status: 'open', closesAtMs: null });
    const optionId = pollIn(room, pollId).spec.kind === 'single' ? (pollIn(room, pollId).spec as { options: Array<{ id: string }> }).options[0]!.id : '';
    room.advance(60_000);
    expect(prepareBallot(room.state, pollId, { kind: 'single', optionId }, voter, room.nowMs).ok).toBe(true);
  });

  const reopenCases: Array<{ name: string; visibility: 'live' | 'after_close' | 'on_reveal'; reveal: boolean; allowed: boolean }> = [
    { name: 'results on reveal, never revealed', visibility: 'on_reveal', reveal: false, allowed: true },
    { name: 'results on reveal, revealed', visibility: 'on_reveal', reveal: true, allowed: false },
    { name: 'live results, seen while open', visibility: 'live', reveal: false, allowed: false },
    { name: 'results after close, seen when it closed', visibility: 'after_close', reveal: false, allowed: false },
  ];
  for (const { name, visibility, reveal, allowed } of reopenCases) {
    it(`${allowed ? 'reopens' : 'refuses to reopen'} a closed poll with ${name}`, () => {
      const room = openRoom();
      const chair = room.actor('moderator');
      const pollId = createPoll(room, chair, { ...stages, settings: { resultsVisibility: visibility } });
      accepted(room.command('poll.open', { pollId }, chair));
      const openedAtMs = room.nowMs;
      room.advance(60_000);
      accepted(room.command('poll.close', { pollId }, chair));
      if (reveal) accepted(room.command('poll.reveal', { pollId }, chair));
      const before = room.state;
      const reopened = room.command('poll.reopen', { pollId }, chair);
      if (allowed) {
        accepted(reopened);
        expect(pollIn(room, pollId)).toMatchObject({ status: 'open', closedAtMs: null, openedAtMs });
      } else {
        expect(refusal(reopened)).toBe('conflict');
        expect(!reopened.ok && reopened.error.message).toMatch(/cannot be reopened: .*(revealed|saw)/);
        expect(room.state).toBe(before);
      }
    });
  }

  it('refuses to reopen a poll that is not closed', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const pollId = createPoll(room, chair, { ...stages, settings: { resultsVisibility: 'on_reveal' } });
    expect(refusal(room.command('poll.reopen', { pollId }, chair))).toBe('conflict');
    accepted(room.command('poll.open', { pollId }, chair));
    expect(refusal(room.command('poll.reopen', { pollId }, chair))).toBe('conflict');
    expect(refusal(room.command('poll.reopen', { pollId: 'p404' }, chair))).toBe('not_found');
  });
});

describe('a moderator hides a word or an answer from the results', () => {
  function wordCloud(room: OpenRoom, chair: Actor): string {
    const pollId = createPoll(room, chair, { question: 'One word for merit?', spec: { kind: 'word_cloud', maxWords: 3 } });
    accepted(room.command('poll.open', { pollId }, chair));
    return pollId;
  }
  const tally = { voters: 3, counters: { 'w:fairness': 3, 'w:idiots': 2, 'w:skill': 1 } };

  it('leaves a hidden word and its count out of the public cloud, marks it for the chair, and shows it again when unhidden', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const pollId = wordCloud(room, chair);
    const existing = ['w:fairness', 'w:idiots', 'w:skill'];
    accepted(room.command('poll.hide', { pollId, item: 'w:idiots', existing }, chair));

    const chairView = pollResults(pollIn(room, pollId), tally, [], wordId);
    const everyone = publicResults(chairView);
    expect(everyone.rows.map((row) => row.label)).toEqual(['fairness', 'skill']);
    expect(everyone.voters).toBe(3);
    expect(JSON.stringify(everyone)).not.toContain('idiots');
    expect(chairView.moderation).toContainEqual({ key: 'w:idiots', label: 'idiots', value: 2, hidden: true });
    expect(chairView.moderation).toContainEqual({ key: 'w:skill', label: 'skill', value: 1, hidden: false });

    accepted(room.command('poll.unhide', { pollId, item: 'w:idiots' }, chair));
    expect(publicResults(pollResults(pollIn(room, pollId), tally, [], wordId)).rows.map((row) => row.label)).toEqual(['fairness', 'idiots', 'skill']);
  });

  it('hides an open-text answer from the public list, keeping it for the chair', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const pollId = createPoll(room, chair, { question: 'What would you change first?', spec: { kind: 'open_text', maxLength: 200 } });
    accepted(room.command('poll.open', { pollId }, chair));
    const answers = [
      { id: 'a:one', text: 'Open exams' },
      { id: 'a:two', text: 'Fire them all, the crooks' },
    ];
    accepted(room.command('poll.hide', { pollId, item: 'a:two', existing: answers.map((a) => a.id) }, chair));
    const chairView = pollResults(pollIn(room, pollId), { voters: 2, counters: {} }, answers, wordId);
    expect(publicResults(chairView).answers).toEqual(['Open exams']);
    expect(publicResults(chairView)).not.toHaveProperty('moderation');
    expect(chairView.moderation).toEqual([
      { key: 'a:one', label: 'Open exams', value: 1, hidden: false },
      { key: 'a:two', label: 'Fire them all, the crooks', value: 1, hidden: true },
    ]);
  });

  it('refuses hiding what does not exist (not_found), twice (conflict), or in a poll without words or answers, changing nothing', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const pollId = wordCloud(room, chair);
    const before = room.state;
    expect(refusal(room.command('poll.hide', { pollId, item: 'w:nowhere', existing: ['w:fairness'] }, chair))).toBe('not_found');
    expect(refusal(room.command('poll.unhide', { pollId, item: 'w:fairness' }, chair))).toBe('not_found');
    expect(refusal(room.command('poll.hide', { pollId: 'p404', item: 'w:fairness', existing: ['w:fairness'] }, chair))).toBe('not_found');
    expect(room.state).toBe(before);

    accepted(room.command('poll.hide', { pollId, item: 'w:fairness', existing: ['w:fairness'] }, chair));
    expect(refusal(room.command('poll.hide', { pollId, item: 'w:fairness', existing: ['w:fairness'] }, chair))).toBe('conflict');

    const single = createPoll(room, chair, { question: 'Yes or no?', spec: { kind: 'single', options: ['Yes', 'No'] } });
    expect(refusal(room.command('poll.hide', { pollId: single, item: 'w:yes', existing: ['w:yes'] }, chair))).toBe('conflict');
  });
});
