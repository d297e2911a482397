import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ballot, Poll } from '../../shared/model/poll.ts';
import type { CommandInput } from '../../shared/protocol/commands.ts';
import type { Role } from '../../shared/roles.ts';
import { normaliseWord, prepareBallot } from '../../server/domain/ballots.ts';
import { pollHandlers } from '../../server/domain/polls.ts';
import type { Contributions } from '../../server/store/store.ts';
import { accepted, addContributions, ballotBox, openRoom, payload, refusal, type OpenRoom } from './fixtures.ts';

function openPoll(room: OpenRoom, input: CommandInput<'poll.create'>): Poll {
  const moderator = room.actor('moderator');
  const { pollId } = accepted(room.run(pollHandlers['poll.create'], payload('poll.create', input), moderator)).result;
  accepted(room.run(pollHandlers['poll.open'], { pollId }, moderator));
  const poll = room.state.polls.find((p) => p.id === pollId);
  if (!poll) throw new Error('the poll is not in the room');
  return poll;
}

const singleChoice = {
  question: 'Should entry-level posts be filled only by open competition?',
  spec: { kind: 'single', options: ['Yes', 'No', 'Undecided'] },
} satisfies CommandInput<'poll.create'>;

const reforms = ['Digital HR', 'Ethics codes', 'Pay reform', 'Open competition'];

describe('who may cast a ballot, and when', () => {
  it('counts a delegate’s ballot in an open poll, returning what it adds to the tally', () => {
    const room = openRoom();
    const poll = openPoll(room, singleChoice);
    const delegate = room.actor('participant', { name: 'Nodira Karimova', country: 'Uzbekistan' });
    const prepared = accepted(prepareBallot(room.state, poll.id, { kind: 'single', optionId: 'o2' }, delegate, room.nowMs));
    expect(prepared).toEqual({ poll, ballot: { kind: 'single', optionId: 'o2' }, contributions: { o2: 1 } });
  });

  it('answers not_found for a poll that does not exist', () => {
    const room = openRoom();
    expect(refusal(prepareBallot(room.state, 'p404', { kind: 'single', optionId: 'o1' }, room.actor('audience'), room.nowMs))).toBe('not_found');
  });

  it('refuses ballots for a draft or a closed poll', () => {
    const room = openRoom();
    const moderator = room.actor('moderator');
    const { pollId } = accepted(room.run(pollHandlers['poll.create'], payload('poll.create', singleChoice), moderator)).result;
    const ballot: Ballot = { kind: 'single', optionId: 'o1' };
    const draft = prepareBallot(room.state, pollId, ballot, room.actor('audience'), room.nowMs);
    expect(draft).toEqual({ ok: false, error: { code: 'conflict', message: 'The poll is not open.' } });

    accepted(room.run(pollHandlers['poll.open'], { pollId }, moderator));
    accepted(room.run(pollHandlers['poll.close'], { pollId }, moderator));
    expect(refusal(prepareBallot(room.state, pollId, ballot, room.actor('audience'), room.nowMs))).toBe('conflict');
  });

  it('refuses ballots while the room is closed, even in an open poll', () => {
    const room = openRoom();
    const poll = openPoll(room, singleChoice);
    room.apply({ type: 'room.closed' });
    expect(refusal(prepareBallot(room.state, poll.id, { kind: 'single', optionId: 'o1' }, room.actor('audience'), room.nowMs))).toBe('conflict');
  });

  it('lets only the eligible roles vote: in a delegates-only poll the audience is forbidden', () => {
    const room = openRoom();
    const poll = openPoll(room, { ...singleChoice, settings: { eligibleRoles: ['participant'] } });
    const ballot: Ballot = { kind: 'single', optionId: 'o1' };
    accepted(prepareBallot(room.state, poll.id, ballot, room.actor('participant'), room.nowMs));
    for (const role of ['audience', 'panellist', 'moderator', 'display'] satisfies Role[]) {
      expect(refusal(prepareBallot(room.state, poll.id, ballot, room.actor(role), room.nowMs))).toBe('forbidden');
    }
  });

  it('refuses a ballot of another kind than the poll', () => {
    const room = openRoom();
    const poll = openPoll(room, singleChoice);
    expect(refusal(prepareBallot(room.state, poll.id, { kind: 'rating', value: 3 }, room.actor('audience'), room.nowMs))).toBe('invalid_input');
  });
});

describe('checking each kind of ballot', () => {
  const voter = (room: OpenRoom) => room.actor('participant');

  it('single choice: the option must exist', () => {
    const room = openRoom();
    const poll = openPoll(room, singleChoice);
    expect(refusal(prepareBallot(room.state, poll.id, { kind: 'single', optionId: 'o4' }, voter(room), room.nowMs))).toBe('invalid_input');
  });

  it('multiple choice: existing, distinct options, no more than the maximum', () => {
    const room = openRoom();
    const poll = openPoll(room, { question: 'Pick two', spec: { kind: 'multiple', options: reforms, maxChoices: 2 } });
    const cast = (optionIds: string[]) => prepareBallot(room.state, poll.id, { kind: 'multiple', optionIds }, voter(room), room.nowMs);

    expect(accepted(cast(['o1', 'o3'])).contributions).toEqual({ o1: 1, o3: 1 });
    expect(accepted(cast(['o4'])).contributions).toEqual({ o4: 1 });
    expect(refusal(cast(['o1', 'o1']))).toBe('invalid_input');
    expect(refusal(cast(['o1', 'o2', 'o3']))).toBe('invalid_input');
    expect(refusal(cast(['o1', 'o9']))).toBe('invalid_input');
  });

  it('rating: the value must lie on the scale', () => {
    const room = openRoom();
    const poll = openPoll(room, { question: 'Rate the panel', spec: { kind: 'rating', min: 1, max: 5 } });
    const cast = (value: number) => prepareBallot(room.state, poll.id, { kind: 'rating', value }, voter(room), room.nowMs);

    expect(accepted(cast(4)).contributions).toEqual({ v4: 1 });
    expect(accepted(cast(1)).contributions).toEqual({ v1: 1 });
    expect(accepted(cast(5)).contributions).toEqual({ v5: 1 });
    expect(refusal(cast(0))).toBe('invalid_input');
    expect(refusal(cast(6))).toBe('invalid_input');
  });

  it('ranking: every option exactly once; Borda points and the first place', () => {
    const room = openRoom();
    const poll = openPoll(room, { question: 'Rank the reforms', spec: { kind: 'ranking', options: reforms } });
    const cast = (optionIds: string[]) => prepareBallot(room.state, poll.id, { kind: 'ranking', optionIds }, voter(room), room.nowMs);

    expect(accepted(cast(['o3', 'o1', 'o4', 'o2'])).contributions).toEqual({ o3: 3, o1: 2, o4: 1, o2: 0, 'first:o3': 1 });
    expect(refusal(cast(['o3', 'o1', 'o4']))).toBe('invalid_input');
    expect(refusal(cast(['o3', 'o1', 'o4', 'o4']))).toBe('invalid_input');
    expect(refusal(cast(['o3', 'o1', 'o4', 'o5']))).toBe('invalid_input');
  });

  it('word cloud: words are normalised, repeats within a ballot merged, empty words and too many refused', () => {
    const room = openRoom();
    const poll = openPoll(room, { question: 'One word for a good civil servant', spec: { kind: 'word_cloud', maxWords: 3 } });
    const cast = (words: string[]) => prepareBallot(room.state, poll.id, { kind: 'word_cloud', words }, voter(room), room.nowMs);

    expect(accepted(cast(['  Integrity!', 'MERIT', 'merit.']))).toMatchObject({
      ballot: { kind: 'word_cloud', words: ['integrity', 'merit'] },
      contributions: { 'w:integrity': 1, 'w:merit': 1 },
    });
    expect(accepted(cast(['Честность', '«Меритократия»'])).contributions).toEqual({ 'w:честность': 1, 'w:меритократия': 1 });
    expect(refusal(cast(['merit', '...']))).toBe('invalid_input');
    expect(refusal(cast(['merit', 'integrity', 'innovation', 'trust']))).toBe('invalid_input');
  });

  it('open text: up to the poll’s length, counting nothing (answers are read from the ballots)', () => {
    const room = openRoom();
    const poll = openPoll(room, { question: 'What should the Hub study next?', spec: { kind: 'open_text', maxLength: 20 } });
    const cast = (text: string) => prepareBallot(room.state, poll.id, { kind: 'open_text', text }, voter(room), room.nowMs);

    expect(accepted(cast('Youth retention'))).toMatchObject({ ballot: { kind: 'open_text', text: 'Youth retention' }, contributions: {} });
    expect(refusal(cast('Retention of young specialists'))).toBe('invalid_input');
  });
});

describe('normaliseWord', () => {
  it.each([
    ['Merit', 'merit'],
    ['  merit!  ', 'merit'],
    ['ＭＥＲＩＴ', 'merit'],
    ['"civil   service"', 'civil service'],
    ['МЕРИТОКРАТИЯ', 'меритократия'],
    ['«Честность»', 'честность'],
    ['Ёлка', 'ёлка'],
    ['İstanbul', 'i\u0307stanbul'],
    ['e-government', 'e-government'],
    ['?!…', ''],
    ['x'.repeat(39) + ' y', 'x'.repeat(39)],
    ['я'.repeat(50), 'я'.repeat(40)],
  ])('%s → %s', (raw, word) => {
    expect(normaliseWord(raw)).toBe(word);
  });

  const cyrillicAndPunctuation = fc.string({
    unit: fc.constantFrom(...'МеритократияЧЕСТНОСТЬёЁйЙ merit .,!?«»—-_"\'\t\n\u00a0\u200bＭ'.split('')),
    maxLength: 60,
  });
  // Long enough that the 40-character cut often lands next to a space or punctuation.
  const longPhrase = fc.string({ unit: fc.constantFrom(...'Меритократия merit, ...!'.split('')), minLength: 38, maxLength: 60 });
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    cyrillicAndPunctuation,
    longPhrase,
  );

  it('is idempotent: a normalised word normalises to itself', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const word = normaliseWord(raw);
        expect(normaliseWord(word)).toBe(word);
      }),
      { numRuns: 2000 },
    );
  });

  it('never yields more than 40 characters, nor edge spaces or punctuation', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const word = normaliseWord(raw);
        expect(Array.from(word).length).toBeLessThanOrEqual(40);
        expect(word).not.toMatch(/^[\p{P}\s]|[\p{P}\s]$/u);
      }),
    );
  });
});

function sumOf(contributions: Contributions): number {
  return Object.entries(contributions)
    .filter(([key]) => !key.startsWith('first:'))
    .reduce((sum, [, value]) => sum + value, 0);
}

describe('ranking ballots', () => {
  it('give n(n-1)/2 Borda points in all and one first place, whatever the order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }).chain((n) => {
          const ids = Array.from({ length: n }, (_, i) => `o${i + 1}`);
          return fc.shuffledSubarray(ids, { minLength: n, maxLength: n });
        }),
        (order) => {
          const room = openRoom();
          const options = order.map((_, i) => `Reform ${i + 1}`);
          const poll = openPoll(room, { question: 'Rank the reforms', spec: { kind: 'ranking', options } });
          const { contributions } = accepted(prepareBallot(room.state, poll.id, { kind: 'ranking', optionIds: order }, room.actor('participant'), room.nowMs));
          const n = order.length;
          expect(sumOf(contributions)).toBe((n * (n - 1)) / 2);
          expect(Object.keys(contributions).filter((key) => key.startsWith('first:'))).toEqual([`first:${order[0]}`]);
        },
      ),
    );
  });
});

/** A poll of each kind, and ballots for it that may or may not be valid. */
const KINDS: { input: CommandInput<'poll.create'>; ballot: fc.Arbitrary<Ballot> }[] = [
  {
    input: { question: 'Central testing?', spec: { kind: 'single', options: ['Yes', 'No', 'Partly'] } },
    ballot: fc.constantFrom('o1', 'o2', 'o3').map((optionId) => ({ kind: 'single' as const, optionId })),
  },
  {
    input: { question: 'Principles', spec: { kind: 'multiple', options: reforms, maxChoices: 3 } },
    ballot: fc
      .subarray(['o1', 'o2', 'o3', 'o4'], { minLength: 1, maxLength: 3 })
      .map((optionIds) => ({ kind: 'multiple' as const, optionIds })),
  },
  {
    input: { question: 'Rate', spec: { kind: 'rating', min: 1, max: 5 } },
    ballot: fc.integer({ min: 1, max: 5 }).map((value) => ({ kind: 'rating' as const, value })),
  },
  {
    input: { question: 'Words', spec: { kind: 'word_cloud', maxWords: 3 } },
    ballot: fc
      .array(fc.constantFrom('Merit', 'merit!', 'Integrity', 'ЧЕСТНОСТЬ', 'честность', 'innovation', 'trust'), { minLength: 1, maxLength: 3 })
      .map((words) => ({ kind: 'word_cloud' as const, words })),
  },
  {
    input: { question: 'Ideas', spec: { kind: 'open_text', maxLength: 100 } },
    ballot: fc.constantFrom('Youth', 'Digital HR', 'Ethics').map((text) => ({ kind: 'open_text' as const, text })),
  },
  {
    input: { question: 'Rank', spec: { kind: 'ranking', options: reforms } },
    ballot: fc
      .shuffledSubarray(['o1', 'o2', 'o3', 'o4'], { minLength: 4, maxLength: 4 })
      .map((optionIds) => ({ kind: 'ranking' as const, optionIds })),
  },
];

describe('voting again replaces the ballot, never counts twice', () => {
  for (const { input, ballot } of KINDS) {
    it(`${input.spec.kind}: the tally is the sum of each voter's last ballot`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), ballot), { maxLength: 40 }), (casts) => {
          const room = openRoom();
          const poll = openPoll(room, input);
          const box = ballotBox();
          const voters = new Map<number, ReturnType<OpenRoom['actor']>>();

          for (const [voterNumber, cast] of casts) {
            const voter = voters.get(voterNumber) ?? room.actor('participant');
            voters.set(voterNumber, voter);
            box.cast(voter.personId, accepted(prepareBallot(room.state, poll.id, cast, voter, room.nowMs)));
          }

          const expected: Contributions = {};
          for (const final of box.ballots().values()) {
            addContributions(expected, accepted(prepareBallot(room.state, poll.id, final, room.actor('participant'), room.nowMs)).contributions, 1);
          }
          const tally = box.tally();
          expect(tally.counters).toEqual(expected);
          expect(tally.voters).toBe(new Set(casts.map(([voterNumber]) => voterNumber)).size);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('keeps the first ballot when the poll does not allow changing', () => {
    const room = openRoom();
    const poll = openPoll(room, { ...singleChoice, settings: { allowChange: false } });
    const delegate = room.actor('participant');
    const box = ballotBox();
    const first = accepted(prepareBallot(room.state, poll.id, { kind: 'single', optionId: 'o1' }, delegate, room.nowMs));
    const second = accepted(prepareBallot(room.state, poll.id, { kind: 'single', optionId: 'o2' }, delegate, room.nowMs));
    expect(box.cast(delegate.personId, first, poll.settings.allowChange)).toBe('counted');
    expect(box.cast(delegate.personId, second, poll.settings.allowChange)).toBe('already_voted');
    expect(box.tally()).toEqual({ voters: 1, counters: { o1: 1 } });
  });
});
