import { accept, refuse } from '../../shared/errors.ts';
import { resultsWereShown, type Poll } from '../../shared/model/poll.ts';
import { decided, type RoomHandlers } from './context.ts';
import { findPoll, MAX_POLLS, withPoll } from './polls.ts';
import { quizQuestionRefusal } from './quiz-questions.ts';

/** Enough for any moderation by hand; a bound keeps the poll's state small. */
const MAX_HIDDEN_ITEMS = 200;

const KINDS_WITH_ITEMS: ReadonlySet<Poll['spec']['kind']> = new Set(['word_cloud', 'open_text']);

/** Why a closed poll may not be reopened, in the chair's words; null when it may. */
function reopenRefusal(poll: Poll): string | null {
  if (poll.revealed) return 'Its results were revealed to the audience.';
  if (!resultsWereShown(poll)) return null;
  return poll.settings.resultsVisibility === 'live'
    ? 'The audience saw its results live while it was open.'
    : 'The audience saw its results when it closed.';
}

/** Moderating polls live: copying one, reopening one nobody saw results of, hiding a word or an answer. */
export const pollModerationHandlers: RoomHandlers<'poll.duplicate' | 'poll.reopen' | 'poll.hide' | 'poll.unhide'> = {
  'poll.duplicate': (state, { pollId }, { nowMs, newId }) => {
    const found = findPoll(state, pollId);
    if (!found.ok) return found;
    const quizRefusal = quizQuestionRefusal(found.value);
    if (quizRefusal) return quizRefusal;
    if (state.polls.length >= MAX_POLLS) return refuse('conflict', `A room holds at most ${MAX_POLLS} polls; delete one first.`);
    // Spread, so settings added to polls later are copied too; then everything a run of it changed is reset.
    const { hiddenItems: _hidden, ...original } = found.value;
    const poll: Poll = { ...original, id: newId('p'), status: 'draft', revealed: false, createdAtMs: nowMs, openedAtMs: null, closedAtMs: null, closesAtMs: null, revealOnClose: false };
    return decided([{ type: 'poll.saved', poll }], { pollId: poll.id });
  },
  'poll.reopen': (state, { pollId }) =>
    withPoll(state, pollId, (poll) => {
      if (poll.status !== 'closed') return refuse('conflict', 'Only a closed poll can be reopened.');
      const quizRefusal = quizQuestionRefusal(poll);
      if (quizRefusal) return quizRefusal;
      const why = reopenRefusal(poll);
      if (why) return refuse('conflict', `This poll cannot be reopened: ${why} Duplicate it to ask again.`);
      // Ballots stay in the store untouched: they keep counting, and voters may add theirs. A
      // timed poll's time was up: reopened, it runs until the chair closes it.
      return accept({ ...poll, status: 'open', closedAtMs: null, closesAtMs: null, revealOnClose: false });
    }),
  'poll.hide': (state, { pollId, item, existing }) =>
    withPoll(state, pollId, (poll) => {
      if (!KINDS_WITH_ITEMS.has(poll.spec.kind)) return refuse('conflict', 'Only words of a word cloud and open-text answers can be hidden.');
      const hidden = poll.hiddenItems ?? [];
      if (hidden.includes(item)) return refuse('conflict', 'That item is already hidden.');
      if (!existing.includes(item)) return refuse('not_found', 'No such word or answer in this poll.');
      if (hidden.length >= MAX_HIDDEN_ITEMS) return refuse('conflict', `A poll hides at most ${MAX_HIDDEN_ITEMS} items.`);
      return accept({ ...poll, hiddenItems: [...hidden, item] });
    }),
  'poll.unhide': (state, { pollId, item }) =>
    withPoll(state, pollId, (poll) => {
      const hidden = poll.hiddenItems ?? [];
      if (!hidden.includes(item)) return refuse('not_found', 'No such hidden word or answer in this poll.');
      return accept({ ...poll, hiddenItems: hidden.filter((key) => key !== item) });
    }),
};
