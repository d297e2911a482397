import { mayViewResults } from '../domain/poll-results.ts';
import type { Runtime } from '../runtime.ts';
import type { PushKey } from './ballots.ts';
import { readPollResults, readQuestionVotes } from './results.ts';

/** One coalesced push for a room: the current tallies read from the store, whoever changed them. */
export async function flushPushes(runtime: Runtime, roomId: string, keys: Set<PushKey>): Promise<void> {
  const { store, live, publisher, presence, metrics } = runtime;
  // Current, not cached: with several processes, a poll closed elsewhere a moment ago changes who may see its results.
  const state = await live.current(roomId);
  if (!state) return;
  const changedQuestions = new Set<string>();
  for (const key of keys) if (key.startsWith('votes:')) changedQuestions.add(key.slice('votes:'.length));
  if (keys.has('votes') || changedQuestions.size > 0) {
    const complete = keys.has('votes');
    const votes = await readQuestionVotes(store, state, complete ? null : changedQuestions);
    publisher.questionVotes(roomId, votes.staff, votes.public, complete);
    metrics.pushes.inc({ kind: 'votes' });
  }
  for (const key of keys) {
    if (key === 'presence') {
      publisher.presence(await presence.counts(roomId));
      metrics.pushes.inc({ kind: 'presence' });
    } else if (key.startsWith('poll:')) {
      const poll = state.polls.find((p) => `poll:${p.id}` === key);
      if (!poll || poll.status === 'draft') continue;
      publisher.pollResults(roomId, await readPollResults(store, poll), mayViewResults(poll, 'audience'));
      metrics.pushes.inc({ kind: 'poll' });
    }
  }
}
