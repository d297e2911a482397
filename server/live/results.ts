import type { Poll, PollResults } from '../../shared/model/poll.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { pollResults } from '../domain/poll-results.ts';
import { isPublicQuestion } from '../domain/visibility.ts';
import type { Store } from '../store/store.ts';

const ANSWERS_SHOWN = 50;

export async function readPollResults(store: Store, poll: Poll): Promise<PollResults> {
  const tally = await store.pollTally(poll.id);
  const answers = poll.spec.kind === 'open_text' ? await store.recentAnswers(poll.id, ANSWERS_SHOWN) : [];
  return pollResults(poll, tally, answers);
}

/**
 * Upvotes as staff see them (every question) and as the public sees them (questions on the
 * board): of every question, or only of `changed` ones, with 0 for a count that fell to none.
 */
export async function readQuestionVotes(
  store: Store,
  state: RoomState,
  changed: ReadonlySet<string> | null = null,
): Promise<{ staff: Record<string, number>; public: Record<string, number> }> {
  const counts = await store.upvoteCounts(state.roomId);
  const staff = changed ? Object.fromEntries([...changed].map((id) => [id, counts[id] ?? 0])) : counts;
  const visible = new Set(state.questions.filter(isPublicQuestion).map((q) => q.id));
  return { staff, public: Object.fromEntries(Object.entries(staff).filter(([id]) => visible.has(id))) };
}
