import type { Poll, PollResults } from '../../shared/model/poll.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { createHash } from 'node:crypto';
import { answersToRead, pollResults, type IdentifiedAnswer } from '../domain/poll-results.ts';
import { isPublicQuestion } from '../domain/visibility.ts';
import type { Store } from '../store/store.ts';

const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 16);

/** An answer's id is its text's: stable across reads and stores, and it names no voter. */
export const answerId = (text: string): string => `a:${digest(text)}`;
export const wordId = (word: string): string => `w:${digest(word)}`;

/** The results as the chair sees them; publicResults() makes everyone else's. */
export async function readPollResults(store: Store, poll: Poll): Promise<PollResults> {
  const tally = await store.pollTally(poll.id);
  const texts = poll.spec.kind === 'open_text' ? await store.recentAnswers(poll.id, answersToRead(poll)) : [];
  const answers: IdentifiedAnswer[] = texts.map((text) => ({ id: answerId(text), text }));
  return pollResults(poll, tally, answers, wordId);
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
