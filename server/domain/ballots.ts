import { accept, refuse, type Result } from '../../shared/errors.ts';
import type { Ballot, Poll, PollKind, PollOption, PollSpec } from '../../shared/model/poll.ts';
import type { RoomSettings, RoomState } from '../../shared/model/room.ts';
import type { Contributions } from '../../shared/model/poll.ts';
import type { Actor } from './context.ts';
import { findPoll, isTimeUp } from './polls.ts';
import { filterAnswer, refusesWord } from './profanity-filter.ts';
import { answerContributions } from './quiz-questions.ts';

const MAX_WORD_CHARS = 40;

export type PreparedBallot = { poll: Poll; ballot: Ballot; contributions: Contributions };

/** Tally keys: option ids ("o2") count choices or ranking points; the rest are prefixed by kind. */
export const ratingKey = (value: number): string => `v${value}`;
export const wordKey = (word: string): string => `w:${word}`;
export const firstPlaceKey = (optionId: string): string => `first:${optionId}`;

const EDGE_JUNK = /^[\p{P}\s\p{Cc}\p{Cf}]+|[\p{P}\s\p{Cc}\p{Cf}]+$/gu;

/**
 * "Merit", " merit! " and "ＭＥＲＩＴ" are one word in a word cloud. NFKC folds compatibility
 * forms (full-width letters, ligatures), toLowerCase is locale-independent (Cyrillic included),
 * and the length cut counts code points so no surrogate pair is split.
 */
export function normaliseWord(raw: string): string {
  const folded = raw.normalize('NFKC').toLowerCase().normalize('NFKC').replace(/\s+/gu, ' ').replace(EDGE_JUNK, '');
  const cut = Array.from(folded).slice(0, MAX_WORD_CHARS).join('');
  // Cutting can leave a trailing space or punctuation behind; strip again so normalising twice changes nothing.
  return cut.replace(EDGE_JUNK, '');
}

type Invalid = { ok: false; message: string };
type Checked = { ok: true; ballot: Ballot; contributions: Contributions } | Invalid;
const invalid = (message: string): Invalid => ({ ok: false, message });

type SpecOf<K extends PollKind> = Extract<PollSpec, { kind: K }>;
type BallotOf<K extends PollKind> = Extract<Ballot, { kind: K }>;

function unknownOption(options: readonly PollOption[], ids: readonly string[]): string | undefined {
  const known = new Set(options.map((o) => o.id));
  return ids.find((id) => !known.has(id));
}

/** Borda count: with n options the first place earns n-1 points, the last 0; first places are counted too, to break ties. */
export function bordaContributions(optionIds: readonly string[]): Contributions {
  const n = optionIds.length;
  const contributions: Contributions = Object.fromEntries(optionIds.map((id, place) => [id, n - 1 - place]));
  const first = optionIds[0];
  if (first !== undefined) contributions[firstPlaceKey(first)] = 1;
  return contributions;
}

/** One check per poll kind: it validates a ballot against the poll and says what the ballot counts for. */
const CHECKS: { [K in PollKind]: (spec: SpecOf<K>, ballot: BallotOf<K>, settings: RoomSettings) => Checked } = {
  single: (spec, { optionId }) => {
    if (unknownOption(spec.options, [optionId])) return invalid('That option is not in this poll.');
    return { ok: true, ballot: { kind: 'single', optionId }, contributions: { [optionId]: 1 } };
  },
  multiple: (spec, { optionIds }) => {
    if (unknownOption(spec.options, optionIds)) return invalid('That option is not in this poll.');
    if (new Set(optionIds).size !== optionIds.length) return invalid('Choose each option at most once.');
    if (optionIds.length > spec.maxChoices) return invalid(`Choose at most ${spec.maxChoices} options.`);
    const contributions = Object.fromEntries(optionIds.map((id) => [id, 1]));
    return { ok: true, ballot: { kind: 'multiple', optionIds }, contributions };
  },
  rating: (spec, { value }) => {
    if (value < spec.min || value > spec.max) return invalid(`Rate from ${spec.min} to ${spec.max}.`);
    return { ok: true, ballot: { kind: 'rating', value }, contributions: { [ratingKey(value)]: 1 } };
  },
  word_cloud: (spec, { words: raw }, settings) => {
    if (raw.length > spec.maxWords) return invalid(`Give at most ${spec.maxWords} words.`);
    const words = raw.map(normaliseWord);
    if (words.some((word) => word === '')) return invalid('Each word needs at least one letter, digit or symbol.');
    if (words.some((word) => refusesWord(settings, word))) return invalid('That word is not allowed here; try another.');
    // "Merit" and "merit." in one ballot are one word, counted once.
    const distinct = [...new Set(words)];
    const contributions = Object.fromEntries(distinct.map((word) => [wordKey(word), 1]));
    return { ok: true, ballot: { kind: 'word_cloud', words: distinct }, contributions };
  },
  // Answers are read from the stored ballots; there is nothing to count.
  open_text: (spec, { text }, settings) =>
    text.length > spec.maxLength
      ? invalid(`Answer in at most ${spec.maxLength} characters.`)
      : { ok: true, ballot: { kind: 'open_text', text: filterAnswer(settings, text) }, contributions: {} },
  ranking: (spec, { optionIds }) => {
    if (unknownOption(spec.options, optionIds)) return invalid('That option is not in this poll.');
    if (new Set(optionIds).size !== optionIds.length || optionIds.length !== spec.options.length) {
      return invalid('Rank every option exactly once.');
    }
    return { ok: true, ballot: { kind: 'ranking', optionIds }, contributions: bordaContributions(optionIds) };
  },
};

function checkBallot(spec: PollSpec, ballot: Ballot, settings: RoomSettings): Checked {
  if (ballot.kind !== spec.kind) return invalid(`This poll takes a ${spec.kind.replace('_', ' ')} ballot.`);
  // The kinds match, so the check for this kind receives the spec and ballot it was written for.
  const check = CHECKS[spec.kind] as (spec: PollSpec, ballot: Ballot, settings: RoomSettings) => Checked;
  return check(spec, ballot, settings);
}

function chosenOptions(ballot: Ballot): string[] {
  if (ballot.kind === 'single') return [ballot.optionId];
  return ballot.kind === 'multiple' ? ballot.optionIds : [];
}

/**
 * Decides whether `actor` may cast `ballot` at `nowMs` (server clock), and what it adds to the
 * tally. The store keeps the contributions beside the ballot, so a replaced ballot is subtracted
 * exactly as it was added. A quiz question's answer also counts its points, from the same clock
 * reading that stamps it. A timed poll takes nothing from its closesAtMs on, even before the
 * close is committed: the close and the last ballot are decided by the same clock.
 */
export function prepareBallot(state: RoomState, pollId: string, ballot: Ballot, actor: Actor, nowMs: number): Result<PreparedBallot> {
  const found = findPoll(state, pollId);
  if (!found.ok) return found;
  const poll = found.value;
  const what = poll.quiz ? 'question' : 'poll';
  if (poll.status !== 'open') return refuse('conflict', `The ${what} is not open.`);
  if (isTimeUp(poll, nowMs)) return refuse('conflict', poll.quiz ? 'Time is up for this question.' : 'The poll closed.');
  if (!state.open) return refuse('conflict', 'The room is closed.');
  if (!(poll.settings.eligibleRoles as readonly string[]).includes(actor.role)) {
    return refuse('forbidden', poll.quiz ? 'Your role does not answer this question.' : 'Your role does not vote in this poll.');
  }
  const checked = checkBallot(poll.spec, ballot, state.settings);
  if (!checked.ok) return refuse('invalid_input', checked.message);
  const contributions = poll.quiz ? { ...checked.contributions, ...answerContributions(poll, chosenOptions(checked.ballot), nowMs) } : checked.contributions;
  return accept({ poll, ballot: checked.ballot, contributions });
}
