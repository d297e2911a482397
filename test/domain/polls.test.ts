import { describe, expect, it } from 'vitest';
import type { Ballot, Poll } from '../../shared/model/poll.ts';
import type { CommandInput } from '../../shared/protocol/commands.ts';
import type { Role } from '../../shared/roles.ts';
import { prepareBallot } from '../../server/domain/ballots.ts';
import { mayViewResults, pollResults, publicResults } from '../../server/domain/poll-results.ts';
import { pollHandlers } from '../../server/domain/polls.ts';
import { accepted, ballotBox, openRoom, payload, refusal, wordId, type OpenRoom } from './fixtures.ts';

const MINUTE_MS = 60_000;

function createPoll(room: OpenRoom, input: CommandInput<'poll.create'>): Poll {
  const moderator = room.actor('moderator');
  const { pollId } = accepted(room.run(pollHandlers['poll.create'], payload('poll.create', input), moderator)).result;
  const poll = room.state.polls.find((p) => p.id === pollId);
  if (!poll) throw new Error('the created poll is not in the room');
  return poll;
}

function pollCommand(room: OpenRoom, name: 'poll.open' | 'poll.close' | 'poll.reveal' | 'poll.delete', pollId: string) {
  return room.run(pollHandlers[name], { pollId }, room.actor('moderator'));
}

function pollIn(room: OpenRoom, pollId: string): Poll {
  const poll = room.state.polls.find((p) => p.id === pollId);
  if (!poll) throw new Error(`no poll ${pollId}`);
  return poll;
}

const meritQuestion = {
  question: 'Which stage of recruitment most needs merit-based reform?',
  spec: { kind: 'single', options: ['Job descriptions', 'Written tests', 'Interviews', 'Probation'] },
} satisfies CommandInput<'poll.create'>;

describe('a moderator of "Panel 1 – Meritocracy in action" prepares a poll', () => {
  it('creates a draft, numbering the options and filling in the default settings', () => {
    const room = openRoom();
    const moderator = room.actor('moderator');
    const decision = accepted(room.run(pollHandlers['poll.create'], payload('poll.create', meritQuestion), moderator));

    expect(decision.result).toEqual({ pollId: 'p1' });
    expect(decision.events).toHaveLength(1);
    expect(room.state.polls).toEqual([
      {
        id: 'p1',
        question: 'Which stage of recruitment most needs merit-based reform?',
        spec: {
          kind: 'single',
          options: [
            { id: 'o1', label: 'Job descriptions' },
            { id: 'o2', label: 'Written tests' },
            { id: 'o3', label: 'Interviews' },
            { id: 'o4', label: 'Probation' },
          ],
        },
        settings: { resultsVisibility: 'live', anonymous: false, allowChange: true, eligibleRoles: ['participant', 'audience'] },
        status: 'draft',
        revealed: false,
        createdAtMs: room.nowMs,
        openedAtMs: null,
        closedAtMs: null,
        closesAtMs: null,
        revealOnClose: false,
      },
    ]);
  });

  it('keeps the settings the moderator chose', () => {
    const room = openRoom();
    const poll = createPoll(room, {
      question: 'Rate the keynote from Belgium',
      spec: { kind: 'rating', min: 1, max: 5, minLabel: 'Not useful', maxLabel: 'Very useful' },
      settings: { resultsVisibility: 'on_reveal', anonymous: true, allowChange: false, eligibleRoles: ['participant'] },
    });
    expect(poll.spec).toEqual({ kind: 'rating', min: 1, max: 5, minLabel: 'Not useful', maxLabel: 'Very useful' });
    expect(poll.settings).toEqual({ resultsVisibility: 'on_reveal', anonymous: true, allowChange: false, eligibleRoles: ['participant'] });
  });

  it('refuses a hundred and first poll in one room', () => {
    const room = openRoom();
    for (let i = 0; i < 100; i++) createPoll(room, meritQuestion);
    const extra = room.run(pollHandlers['poll.create'], payload('poll.create', meritQuestion), room.actor('moderator'));
    expect(refusal(extra)).toBe('conflict');
    expect(room.state.polls).toHaveLength(100);
  });

  it('edits a draft: the question, the options (renumbered) and the settings', () => {
    const room = openRoom();
    const poll = createPoll(room, meritQuestion);
    const update = payload('poll.update', {
      pollId: poll.id,
      question: 'Which recruitment stage should be reformed first?',
      spec: { kind: 'multiple', options: ['Tests', 'Interviews', 'Probation'], maxChoices: 2 },
      settings: { resultsVisibility: 'after_close', anonymous: true, allowChange: true, eligibleRoles: ['participant'] },
    });
    accepted(room.run(pollHandlers['poll.update'], update, room.actor('moderator')));

    const edited = pollIn(room, poll.id);
    expect(edited.question).toBe('Which recruitment stage should be reformed first?');
    expect(edited.spec).toEqual({
      kind: 'multiple',
      options: [
        { id: 'o1', label: 'Tests' },
        { id: 'o2', label: 'Interviews' },
        { id: 'o3', label: 'Probation' },
      ],
      maxChoices: 2,
    });
    expect(edited.settings).toEqual({ resultsVisibility: 'after_close', anonymous: true, allowChange: true, eligibleRoles: ['participant'] });
    expect(edited.status).toBe('draft');
  });

  it('leaves fields the edit does not name as they were', () => {
    const room = openRoom();
    const poll = createPoll(room, meritQuestion);
    accepted(room.run(pollHandlers['poll.update'], { pollId: poll.id, question: 'Where should reform start?' }, room.actor('moderator')));
    expect(pollIn(room, poll.id)).toEqual({ ...poll, question: 'Where should reform start?' });
  });

  it('refuses to edit a poll that has been opened or closed, or that does not exist', () => {
    const room = openRoom();
    const poll = createPoll(room, meritQuestion);
    const moderator = room.actor('moderator');
    const edit = { pollId: poll.id, question: 'Changed after voting began?' };

    accepted(pollCommand(room, 'poll.open', poll.id));
    expect(refusal(room.run(pollHandlers['poll.update'], edit, moderator))).toBe('conflict');
    accepted(pollCommand(room, 'poll.close', poll.id));
    expect(refusal(room.run(pollHandlers['poll.update'], edit, moderator))).toBe('conflict');
    expect(refusal(room.run(pollHandlers['poll.update'], { ...edit, pollId: 'p404' }, moderator))).toBe('not_found');
  });
});

describe('the poll lifecycle: draft → open → closed', () => {
  it('opens a draft and stamps when, then closes it and stamps when', () => {
    const room = openRoom();
    const poll = createPoll(room, meritQuestion);
    room.advance(5 * MINUTE_MS);
    accepted(pollCommand(room, 'poll.open', poll.id));
    expect(pollIn(room, poll.id)).toMatchObject({ status: 'open', openedAtMs: room.nowMs, closedAtMs: null });

    const openedAtMs = room.nowMs;
    room.advance(2 * MINUTE_MS);
    accepted(pollCommand(room, 'poll.close', poll.id));
    expect(pollIn(room, poll.id)).toMatchObject({ status: 'closed', openedAtMs, closedAtMs: room.nowMs });
  });

  it('refuses to open a poll twice or to reopen a closed one', () => {
    const room = openRoom();
    const poll = createPoll(room, meritQuestion);
    accepted(pollCommand(room, 'poll.open', poll.id));
    expect(refusal(pollCommand(room, 'poll.open', poll.id))).toBe('conflict');
    accepted(pollCommand(room, 'poll.close', poll.id));
    expect(refusal(pollCommand(room, 'poll.open', poll.id))).toBe('conflict');
    expect(pollIn(room, poll.id).status).toBe('closed');
  });

  it('refuses to close a draft or a closed poll', () => {
    const room = openRoom();
    const poll = createPoll(room, meritQuestion);
    expect(refusal(pollCommand(room, 'poll.close', poll.id))).toBe('conflict');
    accepted(pollCommand(room, 'poll.open', poll.id));
    accepted(pollCommand(room, 'poll.close', poll.id));
    expect(refusal(pollCommand(room, 'poll.close', poll.id))).toBe('conflict');
  });

  it('answers not_found for every lifecycle command on an unknown poll', () => {
    const room = openRoom();
    for (const name of ['poll.open', 'poll.close', 'poll.reveal', 'poll.delete'] as const) {
      expect(refusal(pollCommand(room, name, 'p404'))).toBe('not_found');
    }
  });

  it('reveals results once, on an open or a closed poll, never on a draft', () => {
    const room = openRoom();
    const onReveal = { ...meritQuestion, settings: { resultsVisibility: 'on_reveal' as const } };
    const whileOpen = createPoll(room, onReveal);
    const afterClose = createPoll(room, onReveal);

    expect(refusal(pollCommand(room, 'poll.reveal', whileOpen.id))).toBe('conflict');

    accepted(pollCommand(room, 'poll.open', whileOpen.id));
    accepted(pollCommand(room, 'poll.reveal', whileOpen.id));
    expect(pollIn(room, whileOpen.id)).toMatchObject({ status: 'open', revealed: true });
    expect(refusal(pollCommand(room, 'poll.reveal', whileOpen.id))).toBe('conflict');

    accepted(pollCommand(room, 'poll.open', afterClose.id));
    accepted(pollCommand(room, 'poll.close', afterClose.id));
    accepted(pollCommand(room, 'poll.reveal', afterClose.id));
    expect(pollIn(room, afterClose.id)).toMatchObject({ status: 'closed', revealed: true });
  });

  it('deletes drafts and closed polls, but an open poll must be closed first', () => {
    const room = openRoom();
    const draft = createPoll(room, meritQuestion);
    const running = createPoll(room, meritQuestion);

    accepted(pollCommand(room, 'poll.delete', draft.id));
    expect(room.state.polls.map((p) => p.id)).toEqual([running.id]);

    accepted(pollCommand(room, 'poll.open', running.id));
    expect(refusal(pollCommand(room, 'poll.delete', running.id))).toBe('conflict');
    accepted(pollCommand(room, 'poll.close', running.id));
    accepted(pollCommand(room, 'poll.delete', running.id));
    expect(room.state.polls).toEqual([]);
  });

  it('takes a deleted poll off the projector', () => {
    const room = openRoom();
    const poll = createPoll(room, meritQuestion);
    room.apply({ type: 'projector.changed', projector: { mode: 'poll', pollId: poll.id } });
    accepted(pollCommand(room, 'poll.delete', poll.id));
    expect(room.state.projector).toEqual({ mode: 'title', pollId: null });
  });
});

type KindScenario = {
  input: CommandInput<'poll.create'>;
  /** What each delegate in the hall votes. */
  votes: Ballot[];
  expected: { rows: { key: string; label: string; value: number }[]; mean?: number | null; answers?: string[] };
};

const SCENARIOS: Record<Poll['spec']['kind'], KindScenario> = {
  single: {
    input: { question: 'Does your country test candidates centrally?', spec: { kind: 'single', options: ['Yes', 'No', 'Partly'] } },
    votes: [
      { kind: 'single', optionId: 'o1' },
      { kind: 'single', optionId: 'o3' },
      { kind: 'single', optionId: 'o1' },
    ],
    expected: {
      rows: [
        { key: 'o1', label: 'Yes', value: 2 },
        { key: 'o2', label: 'No', value: 0 },
        { key: 'o3', label: 'Partly', value: 1 },
      ],
    },
  },
  multiple: {
    input: {
      question: 'Which merit principles does your civil service law name?',
      spec: { kind: 'multiple', options: ['Open competition', 'Equal access', 'Performance pay', 'Tenure'], maxChoices: 3 },
    },
    votes: [
      { kind: 'multiple', optionIds: ['o1', 'o2'] },
      { kind: 'multiple', optionIds: ['o1', 'o3', 'o4'] },
      { kind: 'multiple', optionIds: ['o2'] },
    ],
    expected: {
      rows: [
        { key: 'o1', label: 'Open competition', value: 2 },
        { key: 'o2', label: 'Equal access', value: 2 },
        { key: 'o3', label: 'Performance pay', value: 1 },
        { key: 'o4', label: 'Tenure', value: 1 },
      ],
    },
  },
  rating: {
    input: { question: 'How merit-based is recruitment in your country today?', spec: { kind: 'rating', min: 1, max: 5 } },
    votes: [
      { kind: 'rating', value: 4 },
      { kind: 'rating', value: 3 },
      { kind: 'rating', value: 4 },
      { kind: 'rating', value: 5 },
    ],
    expected: {
      rows: [
        { key: 'v1', label: '1', value: 0 },
        { key: 'v2', label: '2', value: 0 },
        { key: 'v3', label: '3', value: 1 },
        { key: 'v4', label: '4', value: 2 },
        { key: 'v5', label: '5', value: 1 },
      ],
      mean: 4,
    },
  },
  word_cloud: {
    input: { question: 'One word for a good civil servant', spec: { kind: 'word_cloud', maxWords: 3 } },
    votes: [
      { kind: 'word_cloud', words: ['Integrity', 'merit'] },
      { kind: 'word_cloud', words: ['integrity!', 'Честность'] },
      { kind: 'word_cloud', words: ['ЧЕСТНОСТЬ', 'Merit.', 'innovation'] },
    ],
    expected: {
      rows: [
        { key: 'w:integrity', label: 'integrity', value: 2 },
        { key: 'w:merit', label: 'merit', value: 2 },
        { key: 'w:честность', label: 'честность', value: 2 },
        { key: 'w:innovation', label: 'innovation', value: 1 },
      ],
    },
  },
  open_text: {
    input: { question: 'What should the Hub study next?', spec: { kind: 'open_text', maxLength: 200 } },
    votes: [
      { kind: 'open_text', text: 'Retention of young specialists' },
      { kind: 'open_text', text: 'AI in recruitment tests' },
    ],
    expected: { rows: [], answers: ['AI in recruitment tests', 'Retention of young specialists'] },
  },
  ranking: {
    input: {
      question: 'Rank the reforms by urgency',
      spec: { kind: 'ranking', options: ['Digital HR', 'Ethics codes', 'Pay reform'] },
    },
    votes: [
      { kind: 'ranking', optionIds: ['o3', 'o1', 'o2'] },
      { kind: 'ranking', optionIds: ['o1', 'o3', 'o2'] },
      { kind: 'ranking', optionIds: ['o3', 'o2', 'o1'] },
    ],
    // Borda points with three options: 2, 1, 0.
    expected: {
      rows: [
        { key: 'o3', label: 'Pay reform', value: 5 },
        { key: 'o1', label: 'Digital HR', value: 3 },
        { key: 'o2', label: 'Ethics codes', value: 1 },
      ],
    },
  },
};

describe('a poll of each kind, from draft to results', () => {
  for (const [kind, scenario] of Object.entries(SCENARIOS)) {
    it(`runs a ${kind.replace('_', ' ')} poll: create, open, vote, close, show results`, () => {
      const room = openRoom();
      const poll = createPoll(room, scenario.input);
      accepted(pollCommand(room, 'poll.open', poll.id));

      const box = ballotBox();
      scenario.votes.forEach((ballot, index) => {
        const delegate = room.actor('participant');
        const prepared = accepted(prepareBallot(room.state, poll.id, ballot, delegate, room.nowMs));
        expect(box.cast(delegate.personId, prepared, true, room.nowMs + index)).toBe('counted');
      });

      accepted(pollCommand(room, 'poll.close', poll.id));
      const closed = pollIn(room, poll.id);
      const late = scenario.votes[0];
      if (late) expect(refusal(prepareBallot(room.state, poll.id, late, room.actor('participant'), room.nowMs))).toBe('conflict');

      const answers = box.answers().map((text) => ({ id: `a:${text}`, text }));
      const results = publicResults(pollResults(closed, box.tally(), answers, wordId));
      expect(results).toEqual({
        pollId: poll.id,
        kind,
        voters: scenario.votes.length,
        rows: scenario.expected.rows,
        mean: scenario.expected.mean ?? null,
        answers: scenario.expected.answers ?? [],
      });
    });
  }
});

describe('results', () => {
  it('gives a rating poll without votes no mean, and every scale value a zero row', () => {
    const room = openRoom();
    const poll = createPoll(room, { question: 'Rate the session', spec: { kind: 'rating', min: 0, max: 10 } });
    const results = pollResults(poll, { voters: 0, counters: {} }, [], wordId);
    expect(results.mean).toBeNull();
    expect(results.rows.map((r) => r.key)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9', 'v10']);
    expect(results.rows.every((r) => r.value === 0)).toBe(true);
  });

  it('breaks a ranking tie by first places, then by the order the options were written', () => {
    const room = openRoom();
    const poll = createPoll(room, { question: 'Rank', spec: { kind: 'ranking', options: ['A', 'B', 'C'] } });
    // Three ballots, all options on 3 points: B was ranked first twice, C once, A never.
    const results = pollResults(poll, { voters: 3, counters: { o1: 3, o2: 3, o3: 3, 'first:o2': 2, 'first:o3': 1 } }, [], wordId);
    expect(results.rows.map((r) => r.key)).toEqual(['o2', 'o3', 'o1']);
  });

  it('shows the sixty most frequent words, ties alphabetically, and drops words no ballot holds any more', () => {
    const room = openRoom();
    const poll = createPoll(room, { question: 'Words', spec: { kind: 'word_cloud', maxWords: 5 } });
    const counters: Record<string, number> = { 'w:zeal': 0 };
    for (let i = 0; i < 70; i++) counters[`w:word${String(i).padStart(2, '0')}`] = i < 10 ? 2 : 1;
    const rows = pollResults(poll, { voters: 70, counters }, [], wordId).rows;
    expect(rows).toHaveLength(60);
    expect(rows.slice(0, 10).every((r) => r.value === 2)).toBe(true);
    expect(rows.map((r) => r.label).slice(9, 12)).toEqual(['word09', 'word10', 'word11']);
    expect(rows.some((r) => r.label === 'zeal')).toBe(false);
  });
});

describe('who may see results', () => {
  const everyone: Role[] = ['organiser', 'moderator', 'panellist', 'display', 'participant', 'audience'];

  function pollWith(visibility: 'live' | 'after_close' | 'on_reveal') {
    const room = openRoom();
    const poll = createPoll(room, { ...meritQuestion, settings: { resultsVisibility: visibility } });
    return { room, poll };
  }

  const viewers = (poll: Poll) => everyone.filter((role) => mayViewResults(poll, role));

  it('shows live results to everyone', () => {
    const { room, poll } = pollWith('live');
    accepted(pollCommand(room, 'poll.open', poll.id));
    expect(viewers(pollIn(room, poll.id))).toEqual(everyone);
  });

  it('shows after-close results to the chair while voting runs, to everyone once closed', () => {
    const { room, poll } = pollWith('after_close');
    accepted(pollCommand(room, 'poll.open', poll.id));
    expect(viewers(pollIn(room, poll.id))).toEqual(['organiser', 'moderator']);
    accepted(pollCommand(room, 'poll.close', poll.id));
    expect(viewers(pollIn(room, poll.id))).toEqual(everyone);
  });

  it('shows on-reveal results to the chair only (not even the projector) until the moderator reveals them', () => {
    const { room, poll } = pollWith('on_reveal');
    accepted(pollCommand(room, 'poll.open', poll.id));
    accepted(pollCommand(room, 'poll.close', poll.id));
    expect(viewers(pollIn(room, poll.id))).toEqual(['organiser', 'moderator']);
    accepted(pollCommand(room, 'poll.reveal', poll.id));
    expect(viewers(pollIn(room, poll.id))).toEqual(everyone);
  });
});
