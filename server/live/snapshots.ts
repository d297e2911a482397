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
import type { Audience, SharedPart, SharedSnapshots } from './shared-snapshots.ts';

/** `sharedSnapshots`: null reads every snapshot's shared part afresh (with several processes, or to compare). */
export type SnapshotDeps = { store: Store; presence: PresenceBook; ballotKey: string; now: () => number; sharedSnapshots: SharedSnapshots | null };

function audienceOf(role: Role): Audience {
  if (isChair(role)) return 'chair';
  return isStaff(role) ? 'stage' : 'public';
}

/** What every member of the audience sees alike: the state's view, question votes, results or the number of responses. */
async function readSharedPart(store: Store, state: RoomState, audience: Audience): Promise<SharedPart> {
  // Messages to the speaker are not in the public view, even for the current speaker (public deltas hide
  // them, so a copy in the state would go stale): they get them in speakerMessages, refreshed by speaker.message.
  const view = audience === 'chair' ? state : audience === 'stage' ? stageView(state) : publicView(state);
  // Any role of the audience: results are visible alike to all of it.
  const role: Role = audience === 'chair' ? 'moderator' : audience === 'stage' ? 'panellist' : 'audience';
  const votes = await readQuestionVotes(store, state);
  const results: PollResults[] = [];
  const responses: Record<string, number> = {};
  for (const poll of view.polls) {
    if (mayViewResults(poll, role)) {
      const full = await readPollResults(store, poll);
      results.push(audience === 'chair' ? full : publicResults(full));
    } else if (poll.status !== 'draft') {
      responses[poll.id] = (await store.pollTally(poll.id)).voters;
    }
  }
  // As qa.votes pushes them: the chair gets every question's count, everyone else those on the board.
  return { state: view, votes: audience === 'chair' ? votes.staff : votes.public, results, responses };
}

/** The room as this person may see it: the part their audience shares, and their own ballots, upvotes, questions and messages. */
export async function buildSnapshot(
  deps: SnapshotDeps,
  agenda: Agenda,
  state: RoomState,
  person: Person,
  role: Role,
): Promise<RoomSnapshot> {
  const room = agenda.rooms.find((r) => r.id === state.roomId);
  if (!room) throw new Error(`room ${state.roomId} is not on the agenda of ${agenda.id}`);
  const audience = audienceOf(role);
  const read = () => readSharedPart(deps.store, state, audience);
  const shared = deps.sharedSnapshots ? await deps.sharedSnapshots.part(state, audience, read) : await read();
  const askerKey = (questionId: string) => questionAskerKey(deps.ballotKey, questionId, person.id);
  const myBallots: Record<string, Ballot> = {};
  for (const poll of shared.state.polls) {
    const ballot = await deps.store.ballotOf(poll.id, voterKeyFor(deps.ballotKey, poll, person.id));
    if (ballot) myBallots[poll.id] = ballot;
  }
  return {
    eventId: agenda.id,
    eventTitle: agenda.title,
    audienceCode: agenda.audienceCode,
    room,
    state: shared.state,
    votes: shared.votes,
    myUpvotes: await deps.store.upvotesOf(state.roomId, person.id),
    myQuestions: shared.state.questions.filter((q) => askedBy(q, person.id, askerKey)).map((q) => q.id),
    results: shared.results,
    responses: shared.responses,
    myBallots,
    speakerMessages: state.floor.current?.speaker.personId === person.id ? state.messages : [],
    presence: await deps.presence.counts(state.roomId),
    you: { personId: person.id, name: person.name, role, organisation: person.organisation, country: person.country },
    serverNowMs: deps.now(),
  };
}
