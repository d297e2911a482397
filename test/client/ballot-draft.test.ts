import { describe, expect, it } from 'vitest';
import type { Poll, PollSpec } from '../../shared/model/poll.ts';
import {
  initialDraft,
  initialRanking,
  moveItem,
  openTextBallot,
  sameBallot,
  toggleChoice,
  voteStanding,
  wordCloudBallot,
  type SpecOf,
} from '../../client/src/lib/ballot-draft.ts';

const ranking: SpecOf<'ranking'> = {
  kind: 'ranking',
  options: [
    { id: 'o1', label: 'Digital HR systems' },
    { id: 'o2', label: 'Ethics training' },
    { id: 'o3', label: 'Pay reform' },
  ],
};

function poll(overrides: Partial<Poll> = {}, settings: Partial<Poll['settings']> = {}): Poll {
  return {
    id: 'p_1',
    question: 'Which merit practice would most improve recruitment?',
    spec: { kind: 'single', options: [{ id: 'o1', label: 'Examinations' }, { id: 'o2', label: 'Structured interviews' }] },
    settings: { resultsVisibility: 'live', anonymous: false, allowChange: true, eligibleRoles: ['participant', 'audience'], ...settings },
    status: 'open',
    revealed: false,
    createdAtMs: 1684301400000,
    openedAtMs: 1684301460000,
    closedAtMs: null,
    closesAtMs: null,
    revealOnClose: false,
    ...overrides,
  };
}

describe('ticking several choices', () => {
  it('ticks and unticks', () => {
    expect(toggleChoice([], 'o1', 3)).toEqual(['o1']);
    expect(toggleChoice(['o1', 'o2'], 'o1', 3)).toEqual(['o2']);
  });

  it('refuses a tick past the maximum, but an untick is always allowed', () => {
    expect(toggleChoice(['o1', 'o2'], 'o3', 2)).toEqual(['o1', 'o2']);
    expect(toggleChoice(['o1', 'o2'], 'o2', 2)).toEqual(['o1']);
  });
});

describe('ranking with up and down buttons', () => {
  it('moves an option one place', () => {
    expect(moveItem(['o1', 'o2', 'o3'], 2, -1)).toEqual(['o1', 'o3', 'o2']);
    expect(moveItem(['o1', 'o2', 'o3'], 0, 1)).toEqual(['o2', 'o1', 'o3']);
  });

  it('leaves the list alone at either end', () => {
    expect(moveItem(['o1', 'o2', 'o3'], 0, -1)).toEqual(['o1', 'o2', 'o3']);
    expect(moveItem(['o1', 'o2', 'o3'], 2, 1)).toEqual(['o1', 'o2', 'o3']);
  });

  it('starts from the counted order, or from the poll’s own', () => {
    expect(initialRanking(ranking, null)).toEqual(['o1', 'o2', 'o3']);
    expect(initialRanking(ranking, { kind: 'ranking', optionIds: ['o3', 'o1', 'o2'] })).toEqual(['o3', 'o1', 'o2']);
    // An option the counted ballot lacks (the moderator edited the poll) goes to the end.
    expect(initialRanking(ranking, { kind: 'ranking', optionIds: ['o3', 'o1'] })).toEqual(['o3', 'o1', 'o2']);
  });

  it('is a complete ballot before it is touched, so agreeing with the order is one tap', () => {
    expect(initialDraft(ranking, null)).toEqual({ kind: 'ranking', optionIds: ['o1', 'o2', 'o3'] });
    const single: PollSpec = { kind: 'single', options: [{ id: 'o1', label: 'A' }, { id: 'o2', label: 'B' }] };
    expect(initialDraft(single, null)).toBeNull();
    expect(initialDraft(single, { kind: 'single', optionId: 'o2' })).toEqual({ kind: 'single', optionId: 'o2' });
  });
});

describe('typed answers', () => {
  it('drops blank boxes and repeated words from a word-cloud ballot', () => {
    expect(wordCloudBallot([' Fairness ', '', 'fairness', 'Trust'])).toEqual({ kind: 'word_cloud', words: ['Fairness', 'Trust'] });
    expect(wordCloudBallot(['', '  '])).toBeNull();
  });

  it('trims an open answer, and an empty one is no ballot', () => {
    expect(openTextBallot('  Seniority still counts.  ')).toEqual({ kind: 'open_text', text: 'Seniority still counts.' });
    expect(openTextBallot('   ')).toBeNull();
  });
});

describe('the same ballot', () => {
  it('ignores the order ticks were made in, but not a ranking’s order', () => {
    expect(sameBallot({ kind: 'multiple', optionIds: ['o1', 'o2'] }, { kind: 'multiple', optionIds: ['o2', 'o1'] })).toBe(true);
    expect(sameBallot({ kind: 'ranking', optionIds: ['o1', 'o2'] }, { kind: 'ranking', optionIds: ['o2', 'o1'] })).toBe(false);
  });

  it('compares words as the server counts them', () => {
    expect(sameBallot({ kind: 'word_cloud', words: ['Merit'] }, { kind: 'word_cloud', words: ['merit'] })).toBe(true);
  });

  it('tells nothing from something', () => {
    expect(sameBallot(null, null)).toBe(true);
    expect(sameBallot(null, { kind: 'rating', value: 3 })).toBe(false);
    expect(sameBallot({ kind: 'rating', value: 3 }, { kind: 'single', optionId: 'o3' })).toBe(false);
  });
});

describe('whether this person may vote now', () => {
  it('lets delegates and the audience vote in an open poll of an open room', () => {
    expect(voteStanding(poll(), 'participant', true, null)).toBe('can_vote');
    expect(voteStanding(poll(), 'audience', true, { kind: 'single', optionId: 'o1' })).toBe('can_vote');
  });

  it('keeps out roles that never vote, and roles the poll does not include', () => {
    expect(voteStanding(poll(), 'panellist', true, null)).toBe('not_eligible');
    expect(voteStanding(poll(), 'display', true, null)).toBe('not_eligible');
    expect(voteStanding(poll({}, { eligibleRoles: ['participant'] }), 'audience', true, null)).toBe('not_eligible');
  });

  it('explains a closed poll, a closed room, and a vote that cannot be changed', () => {
    expect(voteStanding(poll({ status: 'closed' }), 'audience', true, null)).toBe('poll_closed');
    expect(voteStanding(poll(), 'audience', false, null)).toBe('room_closed');
    expect(voteStanding(poll({}, { allowChange: false }), 'audience', true, { kind: 'single', optionId: 'o1' })).toBe('counted_final');
    expect(voteStanding(poll({}, { allowChange: false }), 'audience', true, null)).toBe('can_vote');
  });
});
