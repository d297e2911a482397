import { describe, expect, it } from 'vitest';
import type { Poll } from '../../shared/model/poll.ts';
import { audienceSeesResults, pollActions, pollsForConsole } from '../../client/src/lib/poll-lifecycle.ts';

const poll = (changes: Partial<Poll> & { visibility?: Poll['settings']['resultsVisibility'] } = {}): Poll => {
  const { visibility = 'live', ...rest } = changes;
  return {
    id: 'p1',
    question: 'Which merit practice would most improve your civil service?',
    spec: { kind: 'single', options: [{ id: 'o1', label: 'Exams' }, { id: 'o2', label: 'Interviews' }] },
    settings: { resultsVisibility: visibility, anonymous: false, allowChange: true, eligibleRoles: ['participant', 'audience'] },
    status: 'draft',
    revealed: false,
    createdAtMs: 1,
    openedAtMs: null,
    closedAtMs: null,
    closesAtMs: null,
    revealOnClose: false,
    ...rest,
  };
};

describe('what the chair can do with a poll', () => {
  it('launches, edits or deletes a draft, but cannot show it', () => {
    expect(pollActions(poll())).toEqual({ launch: true, edit: true, close: false, reveal: false, project: false, delete: true });
  });

  it('closes an open poll and may not delete it', () => {
    expect(pollActions(poll({ status: 'open' }))).toMatchObject({ launch: false, edit: false, close: true, project: true, delete: false });
  });

  it('offers reveal only where it changes what the audience sees', () => {
    expect(pollActions(poll({ status: 'open', visibility: 'live' })).reveal).toBe(false);
    expect(pollActions(poll({ status: 'open', visibility: 'on_reveal' })).reveal).toBe(true);
    expect(pollActions(poll({ status: 'open', visibility: 'after_close' })).reveal).toBe(true);
    expect(pollActions(poll({ status: 'closed', visibility: 'after_close' })).reveal).toBe(false);
    expect(pollActions(poll({ status: 'closed', visibility: 'on_reveal', revealed: true })).reveal).toBe(false);
  });

  it('knows when the audience sees the results', () => {
    expect(audienceSeesResults(poll({ status: 'open', visibility: 'live' }))).toBe(true);
    expect(audienceSeesResults(poll({ status: 'open', visibility: 'after_close' }))).toBe(false);
    expect(audienceSeesResults(poll({ status: 'closed', visibility: 'after_close' }))).toBe(true);
    expect(audienceSeesResults(poll({ status: 'closed', visibility: 'on_reveal' }))).toBe(false);
    expect(audienceSeesResults(poll({ status: 'closed', visibility: 'on_reveal', revealed: true }))).toBe(true);
    expect(audienceSeesResults(poll({ visibility: 'live' }))).toBe(false);
  });

  it('lists open polls first, then drafts, then closed ones, newest first within each', () => {
    const polls = [
      poll({ id: 'closed-old', status: 'closed', createdAtMs: 1 }),
      poll({ id: 'draft-old', createdAtMs: 2 }),
      poll({ id: 'open', status: 'open', createdAtMs: 3 }),
      poll({ id: 'draft-new', createdAtMs: 4 }),
    ];
    expect(pollsForConsole(polls).map((p) => p.id)).toEqual(['open', 'draft-new', 'draft-old', 'closed-old']);
  });
});
