import type { Poll, PollKind, PollSettings, PollSpecInput, ResultsVisibility } from '../../../shared/model/poll.ts';

type VoterRole = PollSettings['eligibleRoles'][number];

/**
 * The poll builder's form: every kind's fields at once, so switching the kind back and forth
 * loses nothing the moderator typed. `specFromDraft` keeps only what the chosen kind uses.
 */
export type PollDraft = {
  question: string;
  kind: PollKind;
  options: string[];
  maxChoices: number;
  ratingMin: number;
  ratingMax: number;
  minLabel: string;
  maxLabel: string;
  maxWords: number;
  maxLength: number;
  resultsVisibility: ResultsVisibility;
  anonymous: boolean;
  allowChange: boolean;
  eligibleRoles: VoterRole[];
};

/** Limits of PollSpecInputSchema (shared/model/poll.ts), for the form's inputs and checks. */
export const POLL_LIMITS = {
  questionMax: 300,
  optionMax: 120,
  options: { single: [2, 20], multiple: [2, 20], ranking: [2, 10] },
  ratingLabelMax: 40,
  maxWords: [1, 5],
  maxLength: [10, 500],
} as const;

export function emptyPollDraft(): PollDraft {
  return {
    question: '',
    kind: 'single',
    options: ['', ''],
    maxChoices: 2,
    ratingMin: 1,
    ratingMax: 5,
    minLabel: '',
    maxLabel: '',
    maxWords: 3,
    maxLength: 200,
    resultsVisibility: 'live',
    anonymous: false,
    allowChange: true,
    eligibleRoles: ['participant', 'audience'],
  };
}

/** A saved draft back into the form, to edit it. */
export function draftFromPoll(poll: Poll): PollDraft {
  const draft: PollDraft = { ...emptyPollDraft(), question: poll.question, kind: poll.spec.kind, ...poll.settings };
  draft.eligibleRoles = [...poll.settings.eligibleRoles];
  const spec = poll.spec;
  switch (spec.kind) {
    case 'single':
    case 'ranking':
      return { ...draft, options: spec.options.map((o) => o.label) };
    case 'multiple':
      return { ...draft, options: spec.options.map((o) => o.label), maxChoices: spec.maxChoices };
    case 'rating':
      return { ...draft, ratingMin: spec.min, ratingMax: spec.max, minLabel: spec.minLabel ?? '', maxLabel: spec.maxLabel ?? '' };
    case 'word_cloud':
      return { ...draft, maxWords: spec.maxWords };
    case 'open_text':
      return { ...draft, maxLength: spec.maxLength };
  }
}

export function usesOptions(kind: PollKind): kind is 'single' | 'multiple' | 'ranking' {
  return kind === 'single' || kind === 'multiple' || kind === 'ranking';
}

/** Blank option lines are the form's spare rows, not options. */
export function filledOptions(draft: PollDraft): string[] {
  return draft.options.map((label) => label.trim()).filter((label) => label !== '');
}

export function specFromDraft(draft: PollDraft): PollSpecInput {
  const options = filledOptions(draft);
  switch (draft.kind) {
    case 'single':
      return { kind: 'single', options };
    case 'multiple':
      return { kind: 'multiple', options, maxChoices: draft.maxChoices };
    case 'ranking':
      return { kind: 'ranking', options };
    case 'rating': {
      const minLabel = draft.minLabel.trim();
      const maxLabel = draft.maxLabel.trim();
      return {
        kind: 'rating',
        min: draft.ratingMin,
        max: draft.ratingMax,
        ...(minLabel ? { minLabel } : {}),
        ...(maxLabel ? { maxLabel } : {}),
      };
    }
    case 'word_cloud':
      return { kind: 'word_cloud', maxWords: draft.maxWords };
    case 'open_text':
      return { kind: 'open_text', maxLength: draft.maxLength };
  }
}

export function settingsFromDraft(draft: PollDraft): PollSettings {
  return {
    resultsVisibility: draft.resultsVisibility,
    anonymous: draft.anonymous,
    allowChange: draft.allowChange,
    eligibleRoles: [...draft.eligibleRoles],
  };
}

/** What is wrong with the form, as a key under moderator.polls.problems; null when it can be saved. */
export type PollDraftProblem =
  | 'question'
  | 'tooFewOptions'
  | 'tooManyOptions'
  | 'duplicateOptions'
  | 'maxChoices'
  | 'ratingRange'
  | 'maxWords'
  | 'maxLength'
  | 'eligibleRoles';

export function pollDraftProblem(draft: PollDraft): PollDraftProblem | null {
  const question = draft.question.trim();
  if (question === '' || question.length > POLL_LIMITS.questionMax) return 'question';
  if (draft.eligibleRoles.length === 0) return 'eligibleRoles';
  if (usesOptions(draft.kind)) {
    const options = filledOptions(draft);
    const [min, max] = POLL_LIMITS.options[draft.kind];
    if (options.length < min) return 'tooFewOptions';
    if (options.length > max) return 'tooManyOptions';
    if (new Set(options).size !== options.length) return 'duplicateOptions';
    if (draft.kind === 'multiple' && !(Number.isInteger(draft.maxChoices) && draft.maxChoices >= 1 && draft.maxChoices <= options.length)) {
      return 'maxChoices';
    }
  }
  if (draft.kind === 'rating' && !((draft.ratingMin === 0 || draft.ratingMin === 1) && draft.ratingMax >= 2 && draft.ratingMax <= 10)) {
    return 'ratingRange';
  }
  const between = (n: number, [lo, hi]: readonly [number, number]) => Number.isInteger(n) && n >= lo && n <= hi;
  if (draft.kind === 'word_cloud' && !between(draft.maxWords, POLL_LIMITS.maxWords)) return 'maxWords';
  if (draft.kind === 'open_text' && !between(draft.maxLength, POLL_LIMITS.maxLength)) return 'maxLength';
  return null;
}
