import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ballot, Poll } from '../../shared/model/poll.ts';
import type { CommandInput } from '../../shared/protocol/commands.ts';
import { expectedResults } from '../support/expected-results.ts';
import { CLUSTER_EVENT_ID, ClusterScreen, PUSH_INTERVAL_MS, eventually, inBatches, startCluster, type Cluster } from '../support/plenary-cluster.ts';
import { settled, viewOf } from '../support/room-follower.ts';

/*
 * Three Plenary processes on one Redis, with people spread over them as a load balancer would.
 * Every change travels client → its server → Redis → every other server → their clients: a
 * room command through the commit script's announcement (in revision order), a vote through
 * the tally in Redis and the coalesced push of whichever process holds the room's lease.
 */

const ROOM_ID = 'panel-1';
const VOTERS = 300;
/** Server index per seat: A, B, C, A, B, C… */
const serverOf = (seat: number) => seat % 3;

type Ledger = Map<string, Ballot>;

type Panel = {
  moderator: ClusterScreen;
  panellists: ClusterScreen[];
  stageDisplay: ClusterScreen;
  projector: ClusterScreen;
  delegates: ClusterScreen[];
  voters: ClusterScreen[];
  everyone: ClusterScreen[];
};

let cluster: Cluster;
const opened: ClusterScreen[] = [];

beforeAll(async () => {
  cluster = await startCluster(3);
}, 60_000);

afterAll(async () => {
  for (const screen of opened) screen.close();
  await cluster?.stop();
});

async function seat(panel: Omit<Panel, 'everyone'>): Promise<Panel> {
  const everyone = [panel.moderator, ...panel.panellists, panel.stageDisplay, panel.projector, ...panel.delegates, ...panel.voters];
  opened.push(...everyone);
  return { ...panel, everyone };
}

async function arrive(at: number, request: Parameters<typeof ClusterScreen.arrive>[2], roomId = ROOM_ID): Promise<ClusterScreen> {
  const screen = await ClusterScreen.arrive(() => cluster.urls(), at, request, roomId);
  opened.push(screen);
  return screen;
}

async function seatThePanel(): Promise<Panel> {
  const moderator = await arrive(0, { invite: await cluster.inviteFor('moderator', ROOM_ID), name: 'Moderator Maria' });
  await moderator.must('room.open', {});
  const panellistInvite = await cluster.inviteFor('panellist', ROOM_ID);
  const displayInvite = await cluster.inviteFor('display', ROOM_ID);
  const delegateInvite = await cluster.inviteFor('participant', null);
  const panellists = await Promise.all([0, 1, 2].map((i) => arrive(i, { invite: panellistInvite, name: `Panellist ${i + 1}`, attendance: 'hall' })));
  const stageDisplay = await arrive(1, { invite: displayInvite, name: 'Stage display' });
  const projector = await arrive(2, { invite: displayInvite, name: 'Projector' });
  const delegates = await Promise.all([1, 2].map((i) => arrive(i, { invite: delegateInvite, name: `Delegate ${i}`, country: i === 1 ? 'Georgia' : 'Uzbekistan', attendance: 'remote' })));
  const seats = Array.from({ length: VOTERS }, (_, i) => i);
  const voters = await inBatches(seats, (i) => arrive(serverOf(i), { code: 'ACSH23', name: `Listener ${String(i + 1).padStart(3, '0')}`, attendance: i % 4 === 0 ? 'remote' : 'hall' }));
  return seat({ moderator, panellists, stageDisplay, projector, delegates, voters });
}

function quiet(panel: Panel): Promise<void> {
  return settled(panel.everyone.map((screen) => screen.room), 4 * PUSH_INTERVAL_MS, 10_000);
}

/** The moderator on A runs the list while delegates on B and C ask for the floor: a point of order jumps the queue. */
async function runTheList(panel: Panel): Promise<string[]> {
  const { moderator, panellists, delegates, stageDisplay } = panel;
  for (const panellist of panellists) await moderator.must('floor.add', { speaker: { personId: panellist.personId } });
  await delegates[0]!.must('floor.request', { kind: 'contribution' });
  await delegates[1]!.must('floor.request', { kind: 'point_of_order' });
  const called: string[] = [];
  for (let turn = 0; turn < 5; turn++) {
    // Called on A right after a request committed on C: A decides on the state C left, not a stale copy.
    const { revision } = await moderator.must('floor.call', {});
    await stageDisplay.room.reach(revision);
    called.push(stageDisplay.room.state.floor.current!.speaker.name);
    if (turn === 1) {
      const { messageId } = await moderator.must('message.send', { text: '2 minutes' });
      await moderator.must('message.dismiss', { messageId });
    }
  }
  await moderator.must('floor.endTurn', {});
  await moderator.must('timer.adjust', { timerId: 'session', deltaSec: 60 });
  return called;
}

/** Questions asked on every process and upvoted at once from the others. */
async function questionsFromTheFloor(panel: Panel): Promise<Record<string, number>> {
  const { moderator, voters } = panel;
  const askers = [0, 1, 2, 3, 4, 5].map((i) => voters[i]!);
  const ids = await Promise.all(askers.map(async (asker, i) => (await asker.must('qa.ask', { text: `Question ${i + 1} from ${asker.name}` })).question.id));
  const votes: Record<string, number> = {};
  await Promise.all(
    ids.flatMap((questionId, q) =>
      voters.slice(10 + q * 30, 10 + q * 30 + 5 * (q + 1)).map(async (voter) => {
        await voter.must('qa.upvote', { questionId });
        votes[questionId] = (votes[questionId] ?? 0) + 1;
      }),
    ),
  );
  await moderator.must('qa.pin', { questionId: ids[2]! });
  await moderator.must('qa.answer', { questionId: ids[0]! });
  await moderator.must('qa.dismiss', { questionId: ids[5]! });
  return votes;
}

const POLLS: Array<{ poll: CommandInput<'poll.create'>; ballotOf: (seat: number) => Ballot; changeOf?: (seat: number) => Ballot }> = [
  {
    poll: { question: 'Which selection method predicts performance best?', spec: { kind: 'single', options: ['Exam', 'Interview', 'Assessment centre', 'Work sample'] }, settings: { resultsVisibility: 'live' } },
    ballotOf: (seat) => ({ kind: 'single', optionId: `o${1 + (seat % 4)}` }),
    changeOf: (seat) => ({ kind: 'single', optionId: `o${1 + ((seat + 1) % 4)}` }),
  },
  {
    poll: { question: 'Which reforms has your agency adopted?', spec: { kind: 'multiple', options: ['Open competitions', 'Probation', 'Performance pay', 'Commissions'], maxChoices: 2 } },
    ballotOf: (seat) => ({ kind: 'multiple', optionIds: seat % 3 === 0 ? [`o${1 + (seat % 4)}`] : [`o${1 + (seat % 4)}`, `o${1 + ((seat + 1) % 4)}`] }),
    changeOf: () => ({ kind: 'multiple', optionIds: ['o4'] }),
  },
  {
    poll: { question: 'How merit-based is recruitment today?', spec: { kind: 'rating', min: 1, max: 5 }, settings: { resultsVisibility: 'after_close' } },
    ballotOf: (seat) => ({ kind: 'rating', value: 1 + ((seat * 3) % 5) }),
    changeOf: () => ({ kind: 'rating', value: 5 }),
  },
  {
    poll: { question: 'Meritocracy in one to three words', spec: { kind: 'word_cloud', maxWords: 3 }, settings: { anonymous: true } },
    ballotOf: (seat) => ({ kind: 'word_cloud', words: [['merit', 'fairness', 'trust', 'integrity', 'competence'][seat % 5]!] }),
    changeOf: () => ({ kind: 'word_cloud', words: ['integrity'] }),
  },
  {
    poll: { question: 'What should the Hub study next?', spec: { kind: 'open_text', maxLength: 200 } },
    ballotOf: (seat) => ({ kind: 'open_text', text: `Study topic ${seat % 7} (listener ${seat + 1})` }),
  },
  {
    poll: { question: 'Rank these priorities', spec: { kind: 'ranking', options: ['Digital skills', 'Integrity', 'Mobility'] }, settings: { resultsVisibility: 'on_reveal' } },
    ballotOf: (seat) => ({ kind: 'ranking', optionIds: [['o1', 'o2', 'o3'], ['o2', 'o3', 'o1'], ['o3', 'o1', 'o2']][seat % 3]! }),
    changeOf: () => ({ kind: 'ranking', optionIds: ['o3', 'o2', 'o1'] }),
  },
];

/**
 * Each poll is created and opened on A; at the acknowledgement all 300 voters on A, B and C
 * vote at once, so B and C take ballots for a poll that opened elsewhere a moment before.
 */
async function everyPollKind(panel: Panel): Promise<Array<{ pollId: string; ledger: Ledger }>> {
  const runs: Array<{ pollId: string; ledger: Ledger }> = [];
  for (const { poll, ballotOf, changeOf } of POLLS) {
    const { pollId } = await panel.moderator.must('poll.create', poll);
    await panel.moderator.must('poll.open', { pollId });
    const ledger: Ledger = new Map();
    await Promise.all(
      panel.voters.map(async (voter, seat) => {
        ledger.set(voter.personId, (await voter.must('poll.vote', { pollId, ballot: ballotOf(seat) })).ballot);
        if (changeOf && seat % 10 === 7) ledger.set(voter.personId, (await voter.must('poll.vote', { pollId, ballot: changeOf(seat) })).ballot);
      }),
    );
    await panel.moderator.must('poll.close', { pollId });
    runs.push({ pollId, ledger });
  }
  await panel.moderator.must('poll.reveal', { pollId: runs.at(-1)!.pollId });
  return runs;
}

describe('three server processes on one Redis', () => {
  it('[CL1] started together, they load the demo and create its invites once', async () => {
    const invites = (await (await cluster.admin(`/api/events/${CLUSTER_EVENT_ID}/invites`)).json()) as Array<{ role: string; roomId: string | null; hallId: string | null }>;
    const kinds = invites.map((invite) => `${invite.role}@${invite.roomId ?? invite.hallId ?? 'event'}`);
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const node of cluster.nodes) expect((await fetch(`${node.url}/readyz`)).status, node.name).toBe(200);
  });

  it('[CL2] a panel with commands on every process and 300 voters on three processes: every screen ends on the server state, tallies exact', async () => {
    const panel = await seatThePanel();
    const called = await runTheList(panel);
    expect(called).toEqual(['Delegate 2', 'Panellist 1', 'Panellist 2', 'Panellist 3', 'Delegate 1']);
    const votes = await questionsFromTheFloor(panel);
    const runs = await everyPollKind(panel);
    await quiet(panel);

    // Every screen, on whichever process: the followed room (snapshot + deltas + pushes) is what a fresh snapshot shows.
    await inBatches(panel.everyone, async (screen) => {
      const fresh = await screen.must('room.snapshot', {});
      expect(screen.problems, screen.name).toEqual([]);
      expect(screen.room.current, screen.name).toEqual(viewOf(fresh));
      // Each delta reached each screen once: from its own process, not again through the adapter from the others.
      expect(screen.room.received.deltas - (screen.room.revision - screen.room.joined.state.revision), screen.name).toBeLessThanOrEqual(2);
    });

    const { moderator } = panel;
    const polls = moderator.room.state.polls;
    for (const run of runs) {
      const poll = polls.find((p) => p.id === run.pollId) as Poll;
      expect(run.ledger.size).toBe(VOTERS);
      expect(moderator.room.current.results[run.pollId], poll.spec.kind).toMatchObject(expectedResults(poll, run.ledger));
    }
    expect(moderator.room.current.votes).toEqual(votes);
    expect(moderator.room.state.floor.finished.map((turn) => turn.speaker.name)).toEqual(called);
    expect(moderator.room.current.presence).toMatchObject({ total: 1 + 3 + 2 + 2 + VOTERS, byRole: { moderator: 1, panellist: 3, display: 2, participant: 2, audience: VOTERS } });
    // One push per interval per room, not one per process or per vote.
    const resultsPushes = panel.voters[0]!.room.received.resultsByPoll.get(runs[0]!.pollId) ?? 0;
    expect(resultsPushes).toBeLessThan(VOTERS / 10);
  });

  it('[CL3] one person with tabs on two processes counts once, until the last tab closes', async () => {
    const roomId = 'keynote-2';
    const observer = await arrive(2, { code: 'ACSH23', name: 'Observer Olga', attendance: 'hall' }, roomId);
    const firstTab = await arrive(0, { code: 'ACSH23', name: 'Two-tab Timur', attendance: 'remote' }, roomId);
    const secondTab = await ClusterScreen.withToken(() => cluster.urls(), 1, firstTab.name, firstTab.personId, firstTab.token, roomId);
    opened.push(secondTab);

    const presence = () => observer.room.current.presence;
    await eventually(() => expect(presence()).toMatchObject({ total: 2, byAttendance: { remote: 1, hall: 1 } }));
    const chair = await arrive(1, { invite: await cluster.inviteFor('moderator', roomId), name: 'Chair Chen' }, roomId);
    const { people } = await chair.must('presence.list', {});
    expect(people.find((p) => p.personId === firstTab.personId)).toMatchObject({ name: 'Two-tab Timur', connections: 2, attendance: 'remote' });
    await eventually(() => expect(presence().total).toBe(3));

    firstTab.close();
    await eventually(async () => {
      const { people: now } = await chair.must('presence.list', {});
      expect(now.find((p) => p.personId === firstTab.personId)?.connections).toBe(1);
    });
    expect(presence().total).toBe(3);
    secondTab.close();
    await eventually(() => expect(presence().total).toBe(2));
    expect((await observer.must('room.snapshot', {})).presence.total).toBe(2);
  });

  it('[CL4] an agenda changed on one process is what the others serve', async () => {
    const titleOn = async (url: string) => ((await (await fetch(`${url}/api/public/events/${CLUSTER_EVENT_ID}`)).json()) as { rooms: Array<{ id: string; title: string }> }).rooms.find((r) => r.id === 'panel-5')?.title;
    const before = await titleOn(cluster.nodes[1]!.url);
    expect(await titleOn(cluster.nodes[2]!.url)).toBe(before);
    const patched = await cluster.admin(`/api/events/${CLUSTER_EVENT_ID}/rooms/panel-5`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Panel 5: Digitalisation in HR (moved to Hall B)' }) });
    expect(patched.status).toBe(200);
    await eventually(async () => {
      for (const node of cluster.nodes) expect(await titleOn(node.url), node.name).toBe('Panel 5: Digitalisation in HR (moved to Hall B)');
    });
  });
});
