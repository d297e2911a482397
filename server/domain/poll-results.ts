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
    .sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
    .slice(0, MAX_WORDS_SHOWN);
}

export function pollResults(poll: Poll, tally: PollTally, answers: string[]): PollResults {
  const { spec } = poll;
  const { counters } = tally;
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
      return { ...base, rows: wordRows(counters) };
    case 'open_text':
      return { ...base, answers: [...answers] };
  }
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
