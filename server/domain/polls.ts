import { accept, refuse, type Result } from '../../shared/errors.ts';
import { closesAtOf, PollSettingsSchema, type Poll, type PollOption, type PollSpec, type PollSpecInput } from '../../shared/model/poll.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import { decided, type RoomHandlers } from './context.ts';
import { quizQuestionRefusal } from './quiz-questions.ts';

export const MAX_POLLS = 100;

/** Options are numbered by position (o1, o2, …): ids stay short and readable in tallies and reports. */
export function pollSpecOf(input: PollSpecInput): PollSpec {
  switch (input.kind) {
    case 'single':
    case 'ranking':
      return { kind: input.kind, options: numberOptions(input.options) };
    case 'multiple':
      return { kind: 'multiple', options: numberOptions(input.options), maxChoices: input.maxChoices };
    case 'rating':
    case 'word_cloud':
    case 'open_text':
      return { ...input };
  }
}

function numberOptions(labels: readonly string[]): PollOption[] {
  return labels.map((label, index) => ({ id: `o${index + 1}`, label }));
}

export function findPoll(state: RoomState, pollId: string): Result<Poll> {
  const poll = state.polls.find((p) => p.id === pollId);
  return poll ? accept(poll) : refuse('not_found', 'No such poll in this room.');
}

/** The open timed polls of a room, by id, with when each closes. */
export function timedPolls(state: RoomState): Map<string, number> {
  const timed = new Map<string, number>();
  for (const poll of state.polls) {
    const closesAtMs = closesAtOf(poll);
    if (poll.status === 'open' && closesAtMs !== null) timed.set(poll.id, closesAtMs);
  }
  return timed;
}

/** Looks the poll up, lets `change` decide its next version, and saves that. */
export function withPoll(
  state: RoomState,
  pollId: string,
  change: (poll: Poll) => Result<Poll>,
): Result<{ events: RoomEvent[]; result: Record<string, never> }> {
  const found = findPoll(state, pollId);
  if (!found.ok) return found;
  const next = change(found.value);
  if (!next.ok) return next;
  return decided([{ type: 'poll.saved', poll: next.value }], {});
}

const ok = (poll: Poll): Result<Poll> => accept(poll);

/** Whether a timed poll's time is up at `nowMs` on the server clock: from closesAtMs on, nothing is counted. */
export function isTimeUp(poll: Poll, nowMs: number): boolean {
  const closesAtMs = closesAtOf(poll);
  return closesAtMs !== null && nowMs >= closesAtMs;
}

export const pollHandlers: RoomHandlers<'poll.create' | 'poll.update' | 'poll.delete' | 'poll.open' | 'poll.close' | 'poll.reveal'> = {
  'poll.create': (state, { question, spec, settings }, { nowMs, newId }) => {
    if (state.polls.length >= MAX_POLLS) return refuse('conflict', `A room holds at most ${MAX_POLLS} polls; delete one first.`);
    const poll: Poll = {
      id: newId('p'),
      question,
      spec: pollSpecOf(spec),
      settings: PollSettingsSchema.parse(settings ?? {}),
      status: 'draft',
      revealed: false,
      createdAtMs: nowMs,
      openedAtMs: null,
      closedAtMs: null,
      closesAtMs: null,
      revealOnClose: false,
    };
    return decided([{ type: 'poll.saved', poll }], { pollId: poll.id });
  },
  // Only drafts change: once ballots exist, a new option or kind would make them mean something else.
  'poll.update': (state, { pollId, question, spec, settings }) =>
    withPoll(state, pollId, (poll) => {
      if (poll.status !== 'draft') return refuse('conflict', 'Only a draft poll can be edited.');
      const quizRefusal = quizQuestionRefusal(poll);
      if (quizRefusal) return quizRefusal;
      return ok({
        ...poll,
        question: question ?? poll.question,
        spec: spec ? pollSpecOf(spec) : poll.spec,
        settings: settings ? PollSettingsSchema.parse({ ...poll.settings, ...settings }) : poll.settings,
      });
    }),
  'poll.delete': (state, { pollId }) => {
    const found = findPoll(state, pollId);
    if (!found.ok) return found;
    if (found.value.status === 'open') return refuse('conflict', 'Close the poll before deleting it.');
    const quizRefusal = quizQuestionRefusal(found.value);
    if (quizRefusal) return quizRefusal;
    return decided([{ type: 'poll.deleted', pollId }], {});
  },
  'poll.open': (state, { pollId, durationSec, revealOnClose }, { nowMs }) =>
    withPoll(state, pollId, (poll) => {
      if (poll.status === 'open') return refuse('conflict', 'The poll is already open.');
      // Reopening would mix ballots cast before and after results were seen.
      if (poll.status === 'closed') return refuse('conflict', 'A closed poll cannot be reopened.');
      const quizRefusal = quizQuestionRefusal(poll);
      if (quizRefusal) return quizRefusal;
      if (revealOnClose && durationSec === undefined) return refuse('invalid_input', 'revealOnClose: only a timed poll (durationSec) is revealed when time is up.');
      const closesAtMs = durationSec === undefined ? null : nowMs + durationSec * 1_000;
      return ok({ ...poll, status: 'open', openedAtMs: nowMs, closesAtMs, revealOnClose: closesAtMs !== null && revealOnClose === true });
    }),
  'poll.close': (state, { pollId }, { nowMs }) =>
    withPoll(state, pollId, (poll) => {
      if (poll.status !== 'open') return refuse('conflict', 'The poll is not open.');
      // A close once time is up is the timed close, whoever sends it: the chair's choice to reveal then holds.
      // A quiz question closed early is closed as if its time were up: players see the answer.
      const revealed = poll.revealed || poll.quiz !== undefined || (isTimeUp(poll, nowMs) && poll.revealOnClose === true);
      return ok({ ...poll, status: 'closed', closedAtMs: nowMs, revealed });
    }),
  'poll.reveal': (state, { pollId }) =>
    withPoll(state, pollId, (poll) => {
      if (poll.status === 'draft') return refuse('conflict', 'A draft poll has no results to reveal.');
      if (poll.revealed) return refuse('conflict', 'The results are already revealed.');
      return ok({ ...poll, revealed: true });
    }),
};
