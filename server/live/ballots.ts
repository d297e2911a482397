import { refuse, type Result } from '../../shared/errors.ts';
import type { Ballot } from '../../shared/model/poll.ts';
import { anonymousVoterKey } from '../auth/secrets.ts';
import { prepareBallot } from '../domain/ballots.ts';
import type { Actor } from '../domain/context.ts';
import { checkUpvote } from '../domain/questions.ts';
import type { Store } from '../store/store.ts';
import type { LiveRooms } from './live-rooms.ts';
import type { Pushes } from './push-scheduler.ts';
import type { QuizBoards } from './quiz-boards.ts';

/** What a coalesced push sends: a poll's results, every question's count ('votes') or one question's ('votes:<id>'), presence. */
export type PushKey = `poll:${string}` | 'votes' | `votes:${string}` | 'presence';

export type VotingDeps = { store: Store; live: LiveRooms; pushes: Pushes<PushKey>; quizBoards: QuizBoards; ballotKey: string; now: () => number };

export function voterKeyFor(ballotKey: string, poll: { id: string; settings: { anonymous: boolean } }, personId: string): string {
  return poll.settings.anonymous ? anonymousVoterKey(ballotKey, poll.id, personId) : personId;
}

/**
 * Ballots bypass the per-room command queue: they do not change revisioned state, and the
 * store makes each voter's ballot exactly-once on its own. The ack waits for the commit.
 */
export async function castBallot(
  deps: VotingDeps,
  roomId: string,
  actor: Actor,
  pollId: string,
  ballot: Ballot,
): Promise<Result<{ pollId: string; ballot: Ballot; replaced: boolean }>> {
  const state = await deps.live.state(roomId);
  if (!state) return refuse('not_found', 'No such room.');
  // One reading of the clock decides and stamps the ballot: a timed poll's cut-off is exact.
  const nowMs = deps.now();
  let prepared = prepareBallot(state, pollId, ballot, actor, nowMs);
  if (!prepared.ok) {
    // The poll may have opened on another process a moment ago; only a refusal pays for the check.
    const newer = await deps.live.newer(roomId, state);
    if (newer) prepared = prepareBallot(newer, pollId, ballot, actor, nowMs);
    if (!prepared.ok) return prepared;
  }
  const { poll, contributions } = prepared.value;
  const written = deps.store.castBallot({
    roomId,
    pollId,
    voterKey: voterKeyFor(deps.ballotKey, poll, actor.personId),
    ballot: prepared.value.ballot,
    contributions,
    allowChange: poll.settings.allowChange,
    atMs: nowMs,
  });
  if (poll.quiz) deps.quizBoards.track(pollId, written);
  const outcome = await written;
  if (outcome === 'already_voted') {
    return refuse('conflict', poll.quiz ? 'You have already answered this question: the first answer counts.' : 'You have already voted, and this poll does not allow changing a vote.');
  }
  if (outcome !== 'unchanged') deps.pushes.mark(roomId, `poll:${pollId}`);
  // 'unchanged' is a retry of the standing ballot, not a change of vote: replaced stays false.
  return { ok: true, value: { pollId, ballot: prepared.value.ballot, replaced: outcome === 'replaced' } };
}

export async function setUpvote(
  deps: VotingDeps,
  roomId: string,
  actor: Actor,
  questionId: string,
  upvoted: boolean,
): Promise<Result<{ questionId: string; upvoted: boolean }>> {
  const state = await deps.live.state(roomId);
  if (!state) return refuse('not_found', 'No such room.');
  let question = checkUpvote(state, questionId);
  if (!question.ok) {
    const newer = await deps.live.newer(roomId, state);
    if (newer) question = checkUpvote(newer, questionId);
    if (!question.ok) return question;
  }
  const changed = await deps.store.setUpvote(roomId, questionId, actor.personId, upvoted);
  // Only this question's count: in a surge of 500 questions, a push of every count to every
  // member is most of what the server writes (docs/performance.md).
  if (changed) deps.pushes.mark(roomId, `votes:${questionId}`);
  return { ok: true, value: { questionId, upvoted } };
}
