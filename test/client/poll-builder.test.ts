import { describe, expect, it } from 'vitest';
import { PollSettingsSchema, PollSpecInputSchema, type Poll } from '../../shared/model/poll.ts';
import {
  draftFromPoll,
  emptyPollDraft,
  pollDraftProblem,
  settingsFromDraft,
  specFromDraft,
  type PollDraft,
} from '../../client/src/lib/poll-builder.ts';

const draft = (changes: Partial<PollDraft>): PollDraft => ({ ...emptyPollDraft(), question: 'Which merit practice would most improve your civil service?', ...changes });

describe('the poll builder', () => {
  it('turns each kind into a spec the server accepts', () => {
    const drafts: PollDraft[] = [
      draft({ kind: 'single', options: ['Competitive entry examinations', 'Structured interviews', ''] }),
      draft({ kind: 'multiple', options: ['Exams', 'Interviews', 'Promotion'], maxChoices: 2 }),
      draft({ kind: 'rating', ratingMin: 1, ratingMax: 5, minLabel: 'Not at all', maxLabel: '  ' }),
      draft({ kind: 'word_cloud', maxWords: 3 }),
      draft({ kind: 'open_text', maxLength: 200 }),
      draft({ kind: 'ranking', options: ['Merit', 'Integrity', 'Innovation'] }),
    ];
    for (const d of drafts) {
      expect(pollDraftProblem(d)).toBeNull();
      expect(PollSpecInputSchema.safeParse(specFromDraft(d)).success).toBe(true);
      expect(PollSettingsSchema.safeParse(settingsFromDraft(d)).success).toBe(true);
    }
  });

  it('keeps only what the chosen kind uses: blank option lines and an empty scale label are left out', () => {
    expect(specFromDraft(draft({ kind: 'single', options: [' Exams ', '', 'Interviews'] }))).toEqual({ kind: 'single', options: ['Exams', 'Interviews'] });
    expect(specFromDraft(draft({ kind: 'rating', ratingMin: 0, ratingMax: 10, minLabel: 'Low', maxLabel: '' }))).toEqual({ kind: 'rating', min: 0, max: 10, minLabel: 'Low' });
    expect(specFromDraft(draft({ kind: 'word_cloud', options: ['ignored', 'too'], maxWords: 2 }))).toEqual({ kind: 'word_cloud', maxWords: 2 });
  });

  it.each([
    [{ question: '  ' }, 'question'],
    [{ kind: 'single', options: ['Only one', ''] }, 'tooFewOptions'],
    [{ kind: 'ranking', options: Array.from({ length: 11 }, (_, i) => `Item ${i}`) }, 'tooManyOptions'],
    [{ kind: 'single', options: ['Exams', 'Exams'] }, 'duplicateOptions'],
    [{ kind: 'multiple', options: ['A', 'B'], maxChoices: 3 }, 'maxChoices'],
    [{ kind: 'rating', ratingMin: 1, ratingMax: 11 }, 'ratingRange'],
    [{ kind: 'word_cloud', maxWords: 6 }, 'maxWords'],
    [{ kind: 'open_text', maxLength: 5 }, 'maxLength'],
    [{ eligibleRoles: [] }, 'eligibleRoles'],
  ] as const)('says what is wrong with %o', (changes, problem) => {
    expect(pollDraftProblem(draft(changes as Partial<PollDraft>))).toBe(problem);
  });

  it('a problem-free draft never fails the server schema, and a flagged one would', () => {
    const flagged = draft({ kind: 'multiple', options: ['A', 'B'], maxChoices: 3 });
    expect(PollSpecInputSchema.safeParse(specFromDraft(flagged)).success).toBe(false);
  });

  it('loads a saved draft back into the form', () => {
    const poll: Poll = {
      id: 'p_Rk8Vn2Qw5ZsL',
      question: 'Rate the session',
      spec: { kind: 'rating', min: 0, max: 10, minLabel: 'Poor', maxLabel: 'Excellent' },
      settings: { resultsVisibility: 'on_reveal', anonymous: true, allowChange: false, eligibleRoles: ['participant'] },
      status: 'draft',
      revealed: false,
      createdAtMs: 1_684_301_000_000,
      openedAtMs: null,
      closedAtMs: null,
      closesAtMs: null,
      revealOnClose: false,
    };
    const loaded = draftFromPoll(poll);
    expect(loaded).toMatchObject({ question: 'Rate the session', kind: 'rating', ratingMin: 0, ratingMax: 10, minLabel: 'Poor', maxLabel: 'Excellent' });
    expect(settingsFromDraft(loaded)).toEqual(poll.settings);
    expect(specFromDraft(loaded)).toEqual({ kind: 'rating', min: 0, max: 10, minLabel: 'Poor', maxLabel: 'Excellent' });

    const choice = draftFromPoll({ ...poll, spec: { kind: 'multiple', options: [{ id: 'o1', label: 'Exams' }, { id: 'o2', label: 'Interviews' }], maxChoices: 2 } });
    expect(specFromDraft(choice)).toEqual({ kind: 'multiple', options: ['Exams', 'Interviews'], maxChoices: 2 });
  });
});
