import type { Poll, PollOption, PollResults } from '../../shared/model/poll.ts';
import { isChair, type Role } from '../../shared/roles.ts';
import type { Contributions, PollTally } from '../../shared/model/poll.ts';
import { firstPlaceKey, ratingKey, wordKey } from './ballots.ts';

type ResultRow = PollResults['rows'][number];

const MAX_WORDS_SHOWN = 60;
const WORD_PREFIX = wordKey('');

/** Row keys are the tally's own keys ("o2", "v4", "w:merit"), so a client can match a row to what it voted. */
function optionRows(options: readonly PollOption[], counters: Contributions): ResultRow[] {
  return options.map((option) => ({ key: option.id, label: option.label, value: counters[option.id] ?? 0 }));
}

function ratingRows(min: number, max: number, counters: Contributions): ResultRow[] {
  const rows: ResultRow[] = [];
  for (let value = min; value <= max; value++) {
    rows.push({ key: ratingKey(value), label: String(value), value: counters[ratingKey(value)] ?? 0 });
  }
  return rows;
}

function ratingMean(min: number, max: number, counters: Contributions): number | null {
  let votes = 0;
  let sum = 0;
  for (let value = min; value <= max; value++) {
    const count = counters[ratingKey(value)] ?? 0;
    votes += count;
    sum += count * value;
  }
  return votes > 0 ? sum / votes : null;
}

/** Most points first; on a tie the option placed first more often, then the order the moderator wrote. */
function rankingRows(options: readonly PollOption[], counters: Contributions): ResultRow[] {
  const firsts = (id: string) => counters[firstPlaceKey(id)] ?? 0;
  return optionRows(options, counters)
    .map((row, index) => ({ row, index }))
    .sort((a, b) => b.row.value - a.row.value || firsts(b.row.key) - firsts(a.row.key) || a.index - b.index)
    .map(({ row }) => row);
}

/** A cloud shows the most frequent words; ties go alphabetically (by code point, the same on every server). */
function wordRows(counters: Contributions): ResultRow[] {
  return Object.entries(counters)
    .filter(([key, count]) => key.startsWith(WORD_PREFIX) && count > 0)
    .map(([key, count]) => ({ key, label: key.slice(WORD_PREFIX.length), value: count }))
    .sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** An open-text answer with its id: a hash of its text, so hiding one hides every answer worded the same. */
export type IdentifiedAnswer = { id: string; text: string };

/**
 * A word's id in poll.hide and hiddenItems: a hash, not the word, because the poll (with its
 * hiddenItems) reaches the stage and the public, and a hidden word must not.
 */
export type WordId = (word: string) => string;

type Moderation = NonNullable<PollResults['moderation']>;

/**
 * A word cloud as the chair sees it: every word shown plus every hidden one, each marked. The
 * public cloud leaves hidden words out entirely, counts included; voters still count the people
 * who voted, since their ballots stand.
 */
function moderatedWords(counters: Contributions, hidden: ReadonlySet<string>, wordId: WordId): { rows: ResultRow[]; moderation: Moderation } {
  const all = wordRows(counters).map((row) => ({ row, id: wordId(row.label) }));
  const rows = all.filter(({ id }) => !hidden.has(id)).slice(0, MAX_WORDS_SHOWN);
  const shown = new Set(rows.map(({ id }) => id));
  const moderation = all
    .filter(({ id }) => shown.has(id) || hidden.has(id))
    .map(({ row, id }) => ({ key: id, label: row.label, value: row.value, hidden: hidden.has(id) }));
  return { rows: rows.map(({ row }) => row), moderation };
}

function moderatedAnswers(answers: readonly IdentifiedAnswer[], hidden: ReadonlySet<string>): { answers: string[]; moderation: Moderation } {
  const listed = answers.filter((answer) => !hidden.has(answer.id)).slice(0, ANSWERS_SHOWN);
  const kept = new Set(listed);
  const moderation = answers
    .filter((answer) => kept.has(answer) || hidden.has(answer.id))
    .map((answer) => ({ key: answer.id, label: answer.text, value: 1, hidden: hidden.has(answer.id) }));
  return { answers: listed.map((answer) => answer.text), moderation };
}

/** The open-text answers shown: the newest, after those the chair hid. */
export const ANSWERS_SHOWN = 50;

/** How many answers to read so that ANSWERS_SHOWN remain after the hidden ones. */
export function answersToRead(poll: Poll): number {
  return ANSWERS_SHOWN + (poll.hiddenItems?.length ?? 0);
}

/** The results as the chair sees them: what everyone else sees, plus `moderation` for word clouds and open text. */
export function pollResults(poll: Poll, tally: PollTally, answers: readonly IdentifiedAnswer[], wordId: WordId): PollResults {
  const { spec } = poll;
  const { counters } = tally;
  const hidden = new Set(poll.hiddenItems ?? []);
  const base = { pollId: poll.id, kind: spec.kind, voters: tally.voters, rows: [], mean: null, answers: [] };
  switch (spec.kind) {
    case 'single':
    case 'multiple':
      return { ...base, rows: optionRows(spec.options, counters) };
    case 'rating':
      return { ...base, rows: ratingRows(spec.min, spec.max, counters), mean: ratingMean(spec.min, spec.max, counters) };
    case 'ranking':
      return { ...base, rows: rankingRows(spec.options, counters) };
    case 'word_cloud':
      return { ...base, ...moderatedWords(counters, hidden, wordId) };
    case 'open_text':
      return { ...base, ...moderatedAnswers(answers, hidden) };
  }
}

/** The results as everyone but the chair receives them: hidden words and answers were already left out; so is the list of them. */
export function publicResults({ moderation: _moderation, ...results }: PollResults): PollResults {
  return results;
}

/** Keys of the words and answers a poll has now, hidden or not: what poll.hide may name. */
export function itemKeys(results: PollResults): string[] {
  return (results.moderation ?? []).map((item) => item.key);
}

/** Staff see results to run the room; everyone else as the poll's visibility setting allows. */
export function mayViewResults(poll: Poll, role: Role): boolean {
  if (isChair(role)) return true;
  switch (poll.settings.resultsVisibility) {
    case 'live':
      return true;
    case 'after_close':
      return poll.status === 'closed';
    case 'on_reveal':
      return poll.revealed;
  }
}
