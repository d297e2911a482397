import type { Agenda } from '../../shared/model/event.ts';
import type { Person } from '../../shared/model/person.ts';
import type { Ballot, PollResults } from '../../shared/model/poll.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomSnapshot } from '../../shared/protocol/snapshot.ts';
import { isChair, isStaff, type Role } from '../../shared/roles.ts';
import { questionAskerKey } from '../auth/secrets.ts';
import { mayViewResults, publicResults } from '../domain/poll-results.ts';
import { askedBy } from '../domain/questions.ts';
import { publicView, stageView } from '../domain/visibility.ts';
import type { Store } from '../store/store.ts';
import { voterKeyFor } from './ballots.ts';
import type { PresenceBook } from './presence.ts';
import { readPollResults, readQuestionVotes } from './results.ts';

export type SnapshotDeps = { store: Store; presence: PresenceBook; ballotKey: string; now: () => number };

/** The room as this person may see it: the chair sees everything, the stage all but quiz answers not yet due, others the public view. */
export async function buildSnapshot(
  deps: SnapshotDeps,
  agenda: Agenda,
  state: RoomState,
  person: Person,
  role: Role,
): Promise<RoomSnapshot> {
  const room = agenda.rooms.find((r) => r.id === state.roomId);
  if (!room) throw new Error(`room ${state.roomId} is not on the agenda of ${agenda.id}`);
  const staff = isStaff(role);
  // Messages to the speaker are not in the public view, even for the current speaker (public deltas hide
  // them, so a copy in the state would go stale): they get them in speakerMessages, refreshed by speaker.message.
  const view = isChair(role) ? state : staff ? stageView(state) : publicView(state);
  const votes = await readQuestionVotes(deps.store, state);
  const askerKey = (questionId: string) => questionAskerKey(deps.ballotKey, questionId, person.id);
  const results: PollResults[] = [];
  const responses: Record<string, number> = {};
  const myBallots: Record<string, Ballot> = {};
  for (const poll of view.polls) {
    if (mayViewResults(poll, role)) {
      const full = await readPollResults(deps.store, poll);
      results.push(isChair(role) ? full : publicResults(full));
    } else if (poll.status !== 'draft') {
      responses[poll.id] = (await deps.store.pollTally(poll.id)).voters;
    }
    const ballot = await deps.store.ballotOf(poll.id, voterKeyFor(deps.ballotKey, poll, person.id));
    if (ballot) myBallots[poll.id] = ballot;
  }
  return {
    eventId: agenda.id,
    eventTitle: agenda.title,
    audienceCode: agenda.audienceCode,
    room,
    state: view,
    // As qa.votes pushes them: the chair gets every question's count, everyone else those on the board.
    votes: isChair(role) ? votes.staff : votes.public,
    myUpvotes: await deps.store.upvotesOf(state.roomId, person.id),
    myQuestions: view.questions.filter((q) => askedBy(q, person.id, askerKey)).map((q) => q.id),
    results,
    responses,
    myBallots,
    speakerMessages: state.floor.current?.speaker.personId === person.id ? state.messages : [],
    presence: await deps.presence.counts(state.roomId),
    you: { personId: person.id, name: person.name, role, organisation: person.organisation, country: person.country },
    serverNowMs: deps.now(),
  };
}
