import { describe, expect, it } from 'vitest';
import type { Agenda, AgendaRoom } from '../../shared/model/event.ts';
import type { FinishedTurn } from '../../shared/model/floor.ts';
import type { Ballot, Poll, PollResults } from '../../shared/model/poll.ts';
import type { CommandInput } from '../../shared/protocol/commands.ts';
import type { JoinRequest } from '../../shared/protocol/http.ts';
import { publicResults } from '../../server/domain/poll-results.ts';
import type { RoomReport } from '../../server/domain/reports.ts';
import { ok, send, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';
import { expectedResults } from '../support/expected-results.ts';
import { followRoom, settled, viewOf, type RoomFollower } from '../support/room-follower.ts';

/**
 * Panel 1 of the ACSH 2023 conference, scripted from the demo agenda and run over real sockets:
 * a moderator, seven panellists, two screens, three delegates and 200 people in the audience.
 * Every one of them follows the room as a client does (snapshot, then deltas and pushes); at the
 * end each screen must show exactly what the server would show that person, and the report must
 * add up to what happened.
 */

const EVENT_ID = 'acsh-2023';
const ROOM_ID = 'panel-1';
const AUDIENCE_SIZE = 200;
const BATCH_SIZE = 50;
/** Real time cannot pass ten minutes in a test: each turn lasts this long instead. */
const SPEAKING_MS = 40;
const TEN_MINUTES_MS = 10 * 60_000;

type Attendee = { name: string; personId: string; token: string; socket: ClientSocket; room: RoomFollower };

type Cast = {
  moderator: Attendee;
  panellists: Attendee[];
  stageDisplay: Attendee;
  projector: Attendee;
  delegates: Attendee[];
  audience: Attendee[];
  /** Every screen in the room, a second device included once it joins. */
  everyone: Attendee[];
};

type Scene = { plenary: TestServer; panel: AgendaRoom; cast: Cast; pushIntervalMs: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Pace = { size?: number; pauseMs?: number };

/** Runs `act` for every item, `size` at a time in parallel, batch after batch, with a pause between batches if asked. */
async function inBatches<T, R>(items: readonly T[], act: (item: T, index: number) => Promise<R>, { size = BATCH_SIZE, pauseMs = 0 }: Pace = {}): Promise<R[]> {
  const done: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    if (start > 0 && pauseMs > 0) await sleep(pauseMs);
    done.push(...(await Promise.all(items.slice(start, start + size).map((item, i) => act(item, start + i)))));
  }
  return done;
}

async function eventually(check: () => void, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(10);
    }
  }
}

function screens(cast: Cast): RoomFollower[] {
  return cast.everyone.map((attendee) => attendee.room);
}

/** Waits until the coalesced pushes have settled: nothing arrived anywhere for a few push intervals. */
function quiet({ cast, pushIntervalMs }: Scene): Promise<void> {
  return settled(screens(cast), 3 * pushIntervalMs);
}

/* ---------------------------------------------------------------- arriving */

async function publishedPanel(plenary: TestServer): Promise<AgendaRoom> {
  const agenda = (await (await fetch(`${plenary.url}/api/public/events/${EVENT_ID}`)).json()) as Agenda;
  const panel = agenda.rooms.find((room) => room.id === ROOM_ID);
  if (!panel) throw new Error(`${ROOM_ID} is not on the agenda`);
  return panel;
}

async function arrive(plenary: TestServer, request: JoinRequest): Promise<Attendee> {
  const { socket, person, token } = await plenary.person(request);
  return { name: person.name, personId: person.id, token, socket, room: await followRoom(socket, ROOM_ID) };
}

const DELEGATES = [
  { name: 'Aigerim Sadykova', organisation: 'Academy of Public Administration', country: 'Kazakhstan', attendance: 'hall' },
  { name: 'Ketevan Abashidze', organisation: 'Civil Service Bureau', country: 'Georgia', attendance: 'remote' },
  { name: 'Nodir Karimov', organisation: 'Agency for Civil Service Development', country: 'Uzbekistan', attendance: 'remote' },
] as const;

/** The moderator opens the room, then the panellists, the two screens, the delegates and the audience come in. */
async function seatThePanel(plenary: TestServer, panel: AgendaRoom): Promise<Cast> {
  const chair = panel.moderators[0];
  if (!chair) throw new Error('the panel has no moderator');
  const moderatorInvite = await plenary.inviteFor('moderator', ROOM_ID);
  const moderator = await arrive(plenary, { invite: moderatorInvite, name: chair.name, organisation: chair.organisation, country: chair.country, attendance: 'hall' });
  await ok(moderator.socket, 'room.open', {});

  const panellistInvite = await plenary.inviteFor('panellist', ROOM_ID);
  const displayInvite = await plenary.inviteFor('display', ROOM_ID);
  const delegateInvite = await plenary.inviteFor('participant', null);
  const panellists = await Promise.all(
    panel.speakers.map(({ name, organisation, country }) => arrive(plenary, { invite: panellistInvite, name, organisation, country, attendance: 'hall' })),
  );
  const stageDisplay = await arrive(plenary, { invite: displayInvite, name: 'Stage display', attendance: 'hall' });
  const projector = await arrive(plenary, { invite: displayInvite, name: 'Projector', attendance: 'hall' });
  const delegates = await Promise.all(DELEGATES.map((delegate) => arrive(plenary, { invite: delegateInvite, ...delegate })));
  const seats = Array.from({ length: AUDIENCE_SIZE }, (_, seat) => seat);
  const audience = await inBatches(seats, (seat) =>
    arrive(plenary, { code: 'ACSH23', name: `Listener ${String(seat + 1).padStart(3, '0')}`, attendance: seat % 4 === 0 ? 'remote' : 'hall' }),
  );
  return { moderator, panellists, stageDisplay, projector, delegates, audience, everyone: [moderator, ...panellists, stageDisplay, projector, ...delegates, ...audience] };
}

async function everyoneIsIn(scene: Scene): Promise<void> {
  await quiet(scene);
  const { moderator, audience } = scene.cast;
  expect(moderator.room.current.presence).toEqual({
    roomId: ROOM_ID,
    total: 213,
    byRole: { organiser: 0, moderator: 1, panellist: 7, participant: 3, audience: 200, display: 2 },
    byAttendance: { hall: 161, remote: 52 },
  });
  expect(audience.at(-1)?.room.state.open).toBe(true);
}

/* ---------------------------------------------------------------- the list of speakers */

async function callNextSpeaker({ cast }: Scene): Promise<string | undefined> {
  const { revision } = await ok(cast.moderator.socket, 'floor.call', {});
  await cast.stageDisplay.room.reach(revision);
  return cast.stageDisplay.room.state.floor.current?.speaker.name;
}

/** The latest 'speaker.message' a speaker's own screen received. */
function speakerScreen(socket: ClientSocket): { latest: () => string[] | null } {
  let latest: string[] | null = null;
  socket.on('speaker.message', ({ messages }) => (latest = messages.map((m) => m.text)));
  return { latest: () => latest };
}

/** The moderator shows a message to the speaker, leaves it up while they speak, and takes it down. */
async function holdUpMessage({ cast }: Scene, text: string, speakersScreen: { latest: () => string[] | null }): Promise<void> {
  const { moderator, stageDisplay, audience } = cast;
  const { messageId, revision } = await ok(moderator.socket, 'message.send', { text });
  await Promise.all([stageDisplay.room.reach(revision), audience[0]!.room.reach(revision)]);
  expect(stageDisplay.room.state.messages.map((m) => m.text)).toEqual([text]);
  expect(audience[0]!.room.state.messages).toEqual([]);
  await eventually(() => expect(speakersScreen.latest()).toEqual([text]));
  await sleep(SPEAKING_MS);
  await ok(moderator.socket, 'message.dismiss', { messageId });
  await eventually(() => expect(speakersScreen.latest()).toEqual([]));
}

/**
 * Seven ten-minute presentations in agenda order. The moderator holds up "2 minutes" for the
 * second speaker and gives the third one more minute; between the third and fourth a delegate
 * raises a point of order, which jumps the list and is heard next.
 */
async function thePanellistsPresent(scene: Scene): Promise<{ turns: FinishedTurn[]; delegate: Attendee }> {
  const { cast, panel } = scene;
  const { moderator, panellists, stageDisplay, delegates, audience } = cast;
  let listedAt = 0;
  for (const panellist of panellists) ({ revision: listedAt } = await ok(moderator.socket, 'floor.add', { speaker: { personId: panellist.personId } }));
  await stageDisplay.room.reach(listedAt);
  expect(stageDisplay.room.state.floor.queue.map((request) => [request.speaker.name, request.speaker.country, request.kind, request.allottedMs])).toEqual(
    panel.speakers.map((speaker) => [speaker.name, speaker.country, 'contribution', null]),
  );
  expect(stageDisplay.room.state.settings.defaultTurnMs).toBe(TEN_MINUTES_MS);

  // The keynote speaker opens: ten minutes on the turn timer.
  expect(await callNextSpeaker(scene)).toBe(panel.speakers[0]?.name);
  expect(stageDisplay.room.state.timers.turn).toMatchObject({ durationMs: TEN_MINUTES_MS, accumulatedMs: 0 });
  expect(stageDisplay.room.state.timers.turn.runningSinceMs).not.toBeNull();
  await sleep(SPEAKING_MS);

  // The second speaker runs long: "2 minutes" on the stage display and on her own screen.
  const secondSpeakersScreen = speakerScreen(panellists[1]!.socket);
  expect(await callNextSpeaker(scene)).toBe(panel.speakers[1]?.name);
  await holdUpMessage(scene, '2 minutes', secondSpeakersScreen);

  // The third gets one more minute; the moderator ends the turn.
  expect(await callNextSpeaker(scene)).toBe(panel.speakers[2]?.name);
  const { revision: extendedAt } = await ok(moderator.socket, 'floor.extraTime', { seconds: 60 });
  await stageDisplay.room.reach(extendedAt);
  expect(stageDisplay.room.state.floor.current?.allottedMs).toBe(TEN_MINUTES_MS + 60_000);
  expect(stageDisplay.room.state.timers.turn.durationMs).toBe(TEN_MINUTES_MS + 60_000);
  await sleep(SPEAKING_MS);
  await ok(moderator.socket, 'floor.endTurn', {});

  // Between turns a delegate raises a point of order: it goes ahead of the four panellists still waiting.
  const delegate = delegates[0]!;
  const { requestId, revision: raisedAt } = await ok(delegate.socket, 'floor.request', { kind: 'point_of_order' });
  await moderator.room.reach(raisedAt);
  expect(moderator.room.state.floor.queue[0]?.id).toBe(requestId);
  expect(moderator.room.state.floor.queue.map((request) => request.speaker.name)).toEqual([delegate.name, ...panel.speakers.slice(3).map((s) => s.name)]);
  expect(await callNextSpeaker(scene)).toBe(delegate.name);
  expect(stageDisplay.room.state.floor.current?.kind).toBe('point_of_order');

  // The moderator asks her to be brief; while that stands she opens Plenary on her phone too. The phone's
  // snapshot carries the message for her as speakerMessages, but like every delegate's screen its room
  // state carries no messages: public deltas never mention them, so a copy there would go stale.
  const { messageId: beBrief } = await ok(moderator.socket, 'message.send', { text: 'Please be brief' });
  const phoneSocket = await scene.plenary.connect(delegate.token);
  const phoneScreen = speakerScreen(phoneSocket);
  const phone: Attendee = { ...delegate, name: `${delegate.name} (phone)`, socket: phoneSocket, room: await followRoom(phoneSocket, ROOM_ID) };
  cast.everyone.push(phone);
  expect(phone.room.state.messages).toEqual([]);
  const phoneSnapshot = await ok(phoneSocket, 'room.snapshot', {});
  expect(phoneSnapshot.speakerMessages.map((m) => m.text)).toEqual(['Please be brief']);
  await sleep(SPEAKING_MS);
  await ok(moderator.socket, 'message.dismiss', { messageId: beBrief });
  await eventually(() => expect(phoneScreen.latest()).toEqual([]));

  // The remaining four panellists speak in turn; the moderator ends the last turn.
  for (const speaker of panel.speakers.slice(3)) {
    expect(await callNextSpeaker(scene)).toBe(speaker.name);
    await sleep(SPEAKING_MS);
  }
  const { revision: endedAt } = await ok(moderator.socket, 'floor.endTurn', {});
  await audience[0]!.room.reach(endedAt);
  const { floor } = audience[0]!.room.state;
  expect(floor.current).toBeNull();
  expect(floor.queue).toEqual([]);
  return { turns: floor.finished, delegate };
}

function checkTheTurns(scene: Scene, turns: readonly FinishedTurn[], delegate: Attendee): void {
  const names = scene.panel.speakers.map((speaker) => speaker.name);
  expect(turns.map((turn) => turn.speaker.name)).toEqual([...names.slice(0, 3), delegate.name, ...names.slice(3)]);
  expect(turns.map((turn) => turn.kind)).toEqual(['contribution', 'contribution', 'contribution', 'point_of_order', 'contribution', 'contribution', 'contribution', 'contribution']);
  // A point of order gets the room's short point-of-order time, two minutes, not a full turn.
  expect(turns.map((turn) => turn.allottedMs / 60_000)).toEqual([10, 10, 11, 2, 10, 10, 10, 10]);
  for (const turn of turns) {
    // The turn timer was never paused, so the time spoken is the time between the call and the end.
    expect(turn.spokenMs).toBe(turn.endedAtMs - turn.startedAtMs);
    expect(turn.spokenMs).toBeGreaterThanOrEqual(SPEAKING_MS - 5);
  }
}

/* ---------------------------------------------------------------- questions from the floor */

type Questions = {
  asked: Array<{ id: string; text: string; author: string | null; addressedTo: string | null }>;
  ids: { affordable: string; bias: string; digital: string; scores: string; ministries: string; coffee: string };
  /** Upvotes per question, counted from the acknowledged upvotes and unvotes. */
  votes: Record<string, number>;
};

/**
 * The audience asks (two anonymously, one to a panellist by name), upvotes from the floor, one
 * listener upvotes twice and one takes theirs back; the moderator dismisses the off-topic
 * question, pins the panellist's to the projector and marks one answered.
 */
async function questionsFromTheFloor({ cast, panel }: Scene): Promise<Questions> {
  const { moderator, projector, audience, delegates } = cast;
  const addressee = panel.speakers[4]!.name;
  const asking = [
    { by: audience[0]!, text: 'How do assessment centres stay affordable for small agencies?' },
    { by: audience[1]!, text: 'Are interview panels trained to recognise bias?', anonymous: true },
    { by: audience[2]!, text: 'How does the national exam keep up with digital skills?', addressedTo: addressee },
    { by: audience[3]!, text: 'Do unsuccessful candidates see their scores?', anonymous: true },
    { by: delegates[1]!, text: 'How is merit kept when ministries recruit on their own?' },
    { by: audience[4]!, text: 'Where is the coffee served?' },
  ];
  const asked: Questions['asked'] = [];
  for (const { by, ...question } of asking) {
    const { id } = (await ok(by.socket, 'qa.ask', question)).question;
    asked.push({ id, text: question.text, author: question.anonymous ? null : by.name, addressedTo: question.addressedTo ?? null });
  }
  const [affordable, bias, digital, scores, ministries, coffee] = asked.map((q) => q.id) as [string, string, string, string, string, string];

  const upvoters = new Map<string, Set<string>>(asked.map(({ id }) => [id, new Set()]));
  const wanted: Array<[string, number]> = [[affordable, 12], [bias, 9], [digital, 15], [scores, 5], [ministries, 7], [coffee, 1]];
  const upvotersOf = (q: number, count: number) => audience.slice(10 + 20 * q, 10 + 20 * q + count);
  await Promise.all(
    wanted.flatMap(([questionId, count], q) =>
      upvotersOf(q, count).map(async (listener) => {
        await ok(listener.socket, 'qa.upvote', { questionId });
        upvoters.get(questionId)?.add(listener.personId);
      }),
    ),
  );
  expect(await ok(upvotersOf(2, 1)[0]!.socket, 'qa.upvote', { questionId: digital })).toMatchObject({ upvoted: true });
  const secondThoughts = upvotersOf(1, 1)[0]!;
  await ok(secondThoughts.socket, 'qa.unvote', { questionId: bias });
  upvoters.get(bias)?.delete(secondThoughts.personId);

  await ok(moderator.socket, 'qa.dismiss', { questionId: coffee });
  expect(await send(audience.at(-1)!.socket, 'qa.upvote', { questionId: coffee })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  await ok(moderator.socket, 'qa.pin', { questionId: digital });
  const { revision: answeredAt } = await ok(moderator.socket, 'qa.answer', { questionId: affordable });
  await Promise.all([projector.room.reach(answeredAt), audience[5]!.room.reach(answeredAt), moderator.room.reach(answeredAt)]);

  expect(projector.room.state.projector).toEqual({ mode: 'question', pollId: null, quizId: null });
  expect(projector.room.state.pinnedQuestionId).toBe(digital);
  const statuses = (room: RoomFollower) => Object.fromEntries(room.state.questions.map((q) => [q.id, q.status]));
  expect(statuses(moderator.room)).toEqual({ [affordable]: 'answered', [bias]: 'approved', [digital]: 'approved', [scores]: 'approved', [ministries]: 'approved', [coffee]: 'dismissed' });
  expect(statuses(audience[5]!.room)).not.toHaveProperty(coffee);
  expect(moderator.room.state.questions.find((q) => q.id === digital)?.addressedTo).toEqual({ personId: null, name: addressee });
  // Anonymous questions keep no trace of who asked, not even for the moderator.
  for (const id of [bias, scores]) expect(moderator.room.state.questions.find((q) => q.id === id)).toMatchObject({ authorId: null, authorName: null });

  const votes = Object.fromEntries([...upvoters].map(([id, people]) => [id, people.size]));
  expect(votes).toEqual({ [affordable]: 12, [bias]: 8, [digital]: 15, [scores]: 5, [ministries]: 7, [coffee]: 1 });
  return { asked, ids: { affordable, bias, digital, scores, ministries, coffee }, votes };
}

/* ---------------------------------------------------------------- polls */

/** Each voter's last acknowledged ballot, as the server normalised it (e.g. the words of a word cloud). */
type Ledger = Map<string, Ballot>;
type PollRun = { pollId: string; ledger: Ledger };

async function vote(voter: Attendee, pollId: string, ballot: Ballot, ledger: Ledger): Promise<void> {
  const ack = await ok(voter.socket, 'poll.vote', { pollId, ballot });
  ledger.set(voter.personId, ack.ballot);
}

type Voting = {
  ballotOf: (seat: number) => Ballot;
  /** The new ballot of the listeners who change their mind (every tenth); none if absent. */
  changeOf?: (seat: number) => Ballot;
  /** What else happens while the poll is open, after everyone voted; votes cast here go in the ledger. */
  whileOpen?: (pollId: string, ledger: Ledger) => Promise<void>;
  /** How the votes come in; by default as fast as the batches go. */
  pace?: Pace;
};

/**
 * One poll, start to finish: the moderator creates and opens it, the whole audience votes in
 * parallel batches, every tenth listener changes their mind, and the moderator closes it.
 */
async function runPoll({ cast }: Scene, poll: CommandInput<'poll.create'>, { ballotOf, changeOf, whileOpen, pace }: Voting): Promise<PollRun> {
  const { pollId } = await ok(cast.moderator.socket, 'poll.create', poll);
  await ok(cast.moderator.socket, 'poll.open', { pollId });
  const ledger: Ledger = new Map();
  await inBatches(cast.audience, (voter, seat) => vote(voter, pollId, ballotOf(seat), ledger), pace);
  if (changeOf) {
    const seats = cast.audience.map((_, seat) => seat).filter((seat) => seat % 10 === 7);
    await Promise.all(seats.map((seat) => vote(cast.audience[seat]!, pollId, changeOf(seat), ledger)));
  }
  await whileOpen?.(pollId, ledger);
  await ok(cast.moderator.socket, 'poll.close', { pollId });
  return { pollId, ledger };
}

const SELECTION_METHODS = ['Written exam', 'Structured interview', 'Assessment centre', 'Work sample'];
const REFORMS = ['Open competitions', 'Probation periods', 'Performance pay', 'Independent commissions', 'Online testing'];
const PRIORITIES = ['Digital skills', 'Integrity', 'Mobility', 'Diversity'];
const WORDS = ['Merit', 'merit.', 'MERIT', 'Fairness', 'fairness!', 'Transparency', ' transparency ', 'Trust', 'Integrity', 'Competence', 'Innovation'];
const STUDY_TOPICS = ['remote work', 'AI in recruitment', 'senior civil service', 'regional mobility', 'citizen feedback'];
/** Open-text answers rewritten one after another at the end, so they are the newest. */
const REWRITERS = [3, 60, 120, 170, 199];
const ANSWERS_SHOWN = 50;

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
const RANKINGS = permutations(['o1', 'o2', 'o3', 'o4']);

const answerOf = (seat: number) => `Study ${STUDY_TOPICS[seat % STUDY_TOPICS.length]} (listener ${seat + 1})`;
const rewrittenAnswerOf = (seat: number) => `On reflection: ${answerOf(seat)}`;

/**
 * Single choice with live results. The votes come in over about half a second, as in a hall:
 * one listener's screen gets a few results pushes, at most one per interval, never one per vote.
 */
async function singleChoiceWithLiveResults(scene: Scene): Promise<PollRun> {
  const watcher = scene.cast.audience[17]!.room;
  const startedAtMs = Date.now();
  const single = await runPoll(
    scene,
    { question: 'Which selection method best predicts performance on the job?', spec: { kind: 'single', options: SELECTION_METHODS }, settings: { resultsVisibility: 'live' } },
    {
      ballotOf: (seat) => ({ kind: 'single', optionId: `o${[1, 1, 1, 2, 2, 3, 3, 3, 3, 4][seat % 10]}` }),
      changeOf: (seat) => ({ kind: 'single', optionId: `o${1 + ((seat + 1) % 4)}` }),
      pace: { size: 20, pauseMs: scene.pushIntervalMs },
    },
  );
  await quiet(scene);
  const elapsedMs = Date.now() - startedAtMs;
  const pushes = watcher.received.resultsByPoll.get(single.pollId) ?? 0;
  expect(pushes).toBeGreaterThanOrEqual(2);
  expect(pushes).toBeLessThanOrEqual(Math.ceil(elapsedMs / scene.pushIntervalMs) + 3);
  expect(pushes).toBeLessThan(AUDIENCE_SIZE / 4);
  return single;
}

/** One poll of each kind, each voted by the whole audience. */
async function sixPolls(scene: Scene): Promise<PollRun[]> {
  const { moderator, stageDisplay, projector, audience } = scene.cast;
  const single = await singleChoiceWithLiveResults(scene);

  // At most two choices: a listener who ticks three is refused, and their ballot stands.
  const multiple = await runPoll(
    scene,
    { question: 'Which reforms has your agency adopted?', spec: { kind: 'multiple', options: REFORMS, maxChoices: 2 } },
    {
      ballotOf: (seat) => ({ kind: 'multiple', optionIds: seat % 3 === 0 ? [`o${1 + (seat % 5)}`] : [`o${1 + (seat % 5)}`, `o${1 + ((seat + 2) % 5)}`] }),
      changeOf: () => ({ kind: 'multiple', optionIds: ['o5'] }),
      whileOpen: async (pollId) => {
        const tooMany = await send(audience[1]!.socket, 'poll.vote', { pollId, ballot: { kind: 'multiple', optionIds: ['o1', 'o2', 'o3'] } });
        expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      },
    },
  );

  // Results after closing: while the poll is open only the moderator sees them, not the stage, not the hall.
  const rating = await runPoll(
    scene,
    {
      question: 'How merit-based is recruitment in your country today?',
      spec: { kind: 'rating', min: 1, max: 5, minLabel: 'Not at all', maxLabel: 'Fully' },
      settings: { resultsVisibility: 'after_close' },
    },
    {
      ballotOf: (seat) => ({ kind: 'rating', value: 1 + ((seat * 3) % 5) }),
      changeOf: () => ({ kind: 'rating', value: 5 }),
      whileOpen: async (pollId) => {
        await quiet(scene);
        expect(moderator.room.current.results[pollId]?.voters).toBe(AUDIENCE_SIZE);
        expect(stageDisplay.room.current.results[pollId]).toBeUndefined();
        expect(audience[0]!.room.current.results[pollId]).toBeUndefined();
      },
    },
  );

  // Anonymous word cloud: "Merit", "merit." and "MERIT" are one word.
  const wordCloud = await runPoll(
    scene,
    { question: 'Meritocracy in one to three words', spec: { kind: 'word_cloud', maxWords: 3 }, settings: { anonymous: true } },
    {
      ballotOf: (seat) => ({ kind: 'word_cloud', words: [WORDS[seat % WORDS.length]!, WORDS[(seat * 5 + 1) % WORDS.length]!] }),
      changeOf: () => ({ kind: 'word_cloud', words: ['Integrity'] }),
    },
  );
  expect(wordCloud.ledger.get(audience[0]!.personId)).toEqual({ kind: 'word_cloud', words: ['merit'] });
  expect(wordCloud.ledger.get(audience[6]!.personId)).toEqual({ kind: 'word_cloud', words: ['transparency', 'competence'] });

  // Open text: five listeners rewrite their answers, one after another.
  const openText = await runPoll(
    scene,
    { question: 'What should the Hub study next?', spec: { kind: 'open_text', maxLength: 200 } },
    {
      ballotOf: (seat) => ({ kind: 'open_text', text: answerOf(seat) }),
      whileOpen: async (pollId, ledger) => {
        for (const seat of REWRITERS) await vote(audience[seat]!, pollId, { kind: 'open_text', text: rewrittenAnswerOf(seat) }, ledger);
      },
    },
  );

  // Ranking, revealed after it closes and then put on the projector.
  const ranking = await runPoll(
    scene,
    { question: 'Rank these priorities for the next five years', spec: { kind: 'ranking', options: PRIORITIES }, settings: { resultsVisibility: 'on_reveal' } },
    {
      ballotOf: (seat) => ({ kind: 'ranking', optionIds: RANKINGS[(seat * 7) % RANKINGS.length]! }),
      changeOf: (seat) => ({ kind: 'ranking', optionIds: [...RANKINGS[(seat * 7) % RANKINGS.length]!].reverse() }),
    },
  );
  await quiet(scene);
  expect(moderator.room.current.results[ranking.pollId]?.voters).toBe(AUDIENCE_SIZE);
  expect(projector.room.current.results[ranking.pollId]).toBeUndefined();
  await ok(moderator.socket, 'poll.reveal', { pollId: ranking.pollId });
  await ok(moderator.socket, 'projector.show', { mode: 'poll', pollId: ranking.pollId });

  return [single, multiple, rating, wordCloud, openText, ranking];
}

function pollOf({ cast }: Scene, pollId: string): Poll {
  const poll = cast.moderator.room.state.polls.find((p) => p.id === pollId);
  if (!poll) throw new Error(`no poll ${pollId}`);
  return poll;
}

/** Exact tallies from the acknowledged ballots; open-text answers newest first, fifty of them. */
function checkTheTallies(scene: Scene, runs: readonly PollRun[]): void {
  const final = scene.cast.moderator.room.current.results;
  for (const run of runs) {
    const poll = pollOf(scene, run.pollId);
    expect(run.ledger.size).toBe(AUDIENCE_SIZE);
    expect(final[run.pollId], poll.spec.kind).toMatchObject(expectedResults(poll, run.ledger));
    if (poll.spec.kind !== 'open_text') expect(final[run.pollId]?.answers).toEqual([]);
  }
  const openText = runs.find((run) => pollOf(scene, run.pollId).spec.kind === 'open_text');
  const answers = final[openText?.pollId ?? '']?.answers ?? [];
  // The rewritten answers are the newest; the rest come from the last batch of voters, in commit order.
  const lastBatch = scene.cast.audience.map((_, seat) => seat).filter((seat) => seat >= AUDIENCE_SIZE - BATCH_SIZE && !REWRITERS.includes(seat));
  const older = answers.slice(REWRITERS.length);
  expect(answers).toHaveLength(ANSWERS_SHOWN);
  expect(answers.slice(0, REWRITERS.length)).toEqual([...REWRITERS].reverse().map(rewrittenAnswerOf));
  expect(new Set(older).size).toBe(older.length);
  expect(lastBatch.map(answerOf)).toEqual(expect.arrayContaining(older));
}

/* ---------------------------------------------------------------- every screen agrees with the server */

/**
 * Each screen's followed room (snapshot + deltas + latest pushes) equals what a fresh snapshot
 * shows that same person now: the chair everything, the stage the full state, the hall the public view.
 */
async function everyScreenShowsTheServersState(scene: Scene, questions: Questions, runs: readonly PollRun[]): Promise<void> {
  const { cast } = scene;
  const { moderator, panellists, stageDisplay, projector, delegates, audience } = cast;
  await settled(screens(cast), 4 * scene.pushIntervalMs);
  // Two devices, one person: the delegate with a phone still counts once.
  expect(moderator.room.current.presence.total).toBe(213);

  await inBatches(cast.everyone, async (attendee) => {
    const fresh = await ok(attendee.socket, 'room.snapshot', {});
    expect(attendee.room.problems, attendee.name).toEqual([]);
    expect(attendee.room.current, attendee.name).toEqual(viewOf(fresh));
    if (cast.audience.includes(attendee)) {
      // One ballot per listener per poll: the last one acknowledged.
      expect(fresh.myBallots, attendee.name).toEqual(Object.fromEntries(runs.map((run) => [run.pollId, run.ledger.get(attendee.personId)])));
    }
  });

  // The chair sees the votes on every question; everyone else those on the board.
  expect(moderator.room.current.votes).toEqual(questions.votes);
  const { [questions.ids.coffee]: _dismissed, ...boardVotes } = questions.votes;
  for (const attendee of [audience[0]!, delegates[2]!, panellists[0]!, stageDisplay, projector]) expect(attendee.room.current.votes, attendee.name).toEqual(boardVotes);
  const ranking = runs.at(-1)!;
  expect(projector.room.state.projector).toEqual({ mode: 'poll', pollId: ranking.pollId, quizId: null });
  expect(projector.room.current.results[ranking.pollId]).toEqual(moderator.room.current.results[ranking.pollId]);
}

/* ---------------------------------------------------------------- the report */

/** RFC 4180, as report-csv.ts writes it: quoted cells may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') (cell += '"'), i++;
    else if (char === '"') quoted = !quoted;
    else if (quoted || (char !== ',' && char !== '\r')) cell += char;
    else if (char === ',') record.push(cell), (cell = '');
    else if (text[i + 1] === '\n') record.push(cell), records.push(record), (record = []), (cell = ''), i++;
  }
  return records;
}

async function downloadCsv(plenary: TestServer, table: string): Promise<string[][]> {
  const response = await plenary.admin(`/api/reports/${EVENT_ID}/rooms/${ROOM_ID}/${table}.csv`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  // Response.text() would drop the byte-order mark, so look at the bytes.
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)], `${table}.csv starts with a UTF-8 BOM`).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(new TextDecoder().decode(bytes));
}

const csvSeconds = (ms: number) => String(Math.round(ms / 100) / 10);

async function theReportAddsUp(scene: Scene, turns: readonly FinishedTurn[], delegate: Attendee, questions: Questions, runs: readonly PollRun[]): Promise<void> {
  const { plenary, panel, cast } = scene;
  const response = await plenary.admin(`/api/reports/${EVENT_ID}/rooms/${ROOM_ID}`);
  expect(response.status).toBe(200);
  const report = (await response.json()) as RoomReport;

  // Speaking time: per turn, per person (the seven panellists and the delegate), per delegation.
  const { speakingTime } = report;
  // Read from the ledger: the allotted time as called plus the extra time given is what the floor recorded.
  const reported = speakingTime.turns.map(({ requestId, speaker, kind, allottedMs, extraMs, startedAtMs, endedAtMs, spokenMs }) => (
    { requestId, speaker, kind, allottedMs: allottedMs + extraMs, startedAtMs, endedAtMs, spokenMs }
  ));
  expect(reported).toEqual(turns);
  expect(speakingTime.turns.map((turn) => [turn.extraMs, turn.inProgress])).toEqual(turns.map((_, i) => [i === 2 ? 60_000 : 0, false]));
  expect(speakingTime.totalMs).toBe(turns.reduce((sum, turn) => sum + turn.spokenMs, 0));
  expect(speakingTime.perPerson.map((p) => p.name).sort()).toEqual([...panel.speakers.map((s) => s.name), delegate.name].sort());
  for (const person of speakingTime.perPerson) {
    const theirs = turns.filter((turn) => turn.speaker.personId === person.personId);
    expect(person, person.name).toMatchObject({ turns: 1, spokenMs: theirs[0]?.spokenMs, delegation: theirs[0]?.speaker.country });
  }
  expect(speakingTime.perDelegation.reduce((sum, d) => sum + d.spokenMs, 0)).toBe(speakingTime.totalMs);
  expect(speakingTime.perDelegation.reduce((sum, d) => sum + d.share, 0)).toBeCloseTo(1, 9);
  // The delegate from Kazakhstan and the Kazakh panellist make one delegation of two speakers.
  expect(speakingTime.perDelegation).toHaveLength(7);
  expect(speakingTime.perDelegation.find((d) => d.delegation === 'Kazakhstan')).toMatchObject({ speakers: 2, turns: 2 });

  // Polls: closed, with the results every screen ended on (the chair's list of words and answers to hide is not a result).
  const final = cast.moderator.room.current.results;
  expect(report.polls.map((p) => [p.pollId, p.status])).toEqual(runs.map((run) => [run.pollId, 'closed']));
  for (const poll of report.polls) expect(poll.results, poll.kind).toEqual(publicResults(final[poll.pollId]!));

  // Questions: with their votes and status, and no author for the anonymous ones.
  const { ids } = questions;
  expect(Object.fromEntries(report.questions.map((q) => [q.questionId, [q.status, q.votes]]))).toEqual({
    [ids.affordable]: ['answered', 12],
    [ids.bias]: ['approved', 8],
    [ids.digital]: ['approved', 15],
    [ids.scores]: ['approved', 5],
    [ids.ministries]: ['approved', 7],
    [ids.coffee]: ['dismissed', 1],
  });
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
  expect(report.questions.map((q) => ({ id: q.questionId, text: q.text, author: q.author, addressedTo: q.addressedTo })).sort(byId)).toEqual([...questions.asked].sort(byId));

  // The same tables as CSV, for a spreadsheet.
  const speakers = await downloadCsv(plenary, 'speakers');
  expect(speakers[0]).toEqual(['name', 'person_id', 'organisation', 'country', 'delegation', 'turns', 'spoken_s', 'allotted_s', 'extra_s', 'overtime_s']);
  expect(speakers.slice(1).map(([name, , , , delegation, turnCount, spoken]) => [name, delegation, turnCount, spoken])).toEqual(
    speakingTime.perPerson.map((p) => [p.name, p.delegation, '1', csvSeconds(p.spokenMs)]),
  );
  const delegations = await downloadCsv(plenary, 'delegations');
  expect(delegations[0]).toEqual(['delegation', 'speakers', 'turns', 'spoken_s', 'share_pct']);
  expect(delegations.slice(1).map(([delegation, speakerCount]) => [delegation, speakerCount])).toEqual(speakingTime.perDelegation.map((d) => [d.delegation, String(d.speakers)]));
  const polls = await downloadCsv(plenary, 'polls');
  expect(polls[0]).toEqual(['poll', 'kind', 'status', 'voters', 'key', 'label', 'value']);
  const chartRows = report.polls.reduce((sum, p) => sum + (p.results?.rows.length ?? 0) + (p.results?.answers.length ?? 0), 0);
  expect(polls).toHaveLength(1 + chartRows);
  expect(polls.filter(([, kind]) => kind === 'single').map(([, , , voters, key, , value]) => [voters, key, value])).toEqual(
    final[runs[0]!.pollId]?.rows.map((row) => [String(AUDIENCE_SIZE), row.key, String(row.value)]),
  );
  const questionRows = await downloadCsv(plenary, 'questions');
  expect(questionRows[0]).toEqual(['question', 'author', 'addressed_to', 'status', 'votes', 'asked_at_utc', 'answered_at_utc']);
  expect(questionRows.slice(1).map(([text, author, addressedTo, status, votes]) => [text, author, addressedTo, status, votes])).toEqual(
    report.questions.map((q) => [q.text, q.author ?? '', q.addressedTo ?? '', q.status, String(q.votes)]),
  );
}

/* ---------------------------------------------------------------- the panel */

describe('Panel 1 of the ACSH 2023 conference, over real sockets', () => {
  it('seven timed turns, a point of order, Q&A and six polls: every screen ends on the server’s state, and the report adds up', async () => {
    const plenary = await startPlenary();
    const panel = await publishedPanel(plenary);
    expect(panel.speakers).toHaveLength(7);
    expect(panel.turnMinutes).toBe(10);

    const cast = await seatThePanel(plenary, panel);
    const scene: Scene = { plenary, panel, cast, pushIntervalMs: plenary.runtime.config.pushIntervalMs };
    await everyoneIsIn(scene);

    const { turns, delegate } = await thePanellistsPresent(scene);
    checkTheTurns(scene, turns, delegate);

    const questions = await questionsFromTheFloor(scene);

    const polls = await sixPolls(scene);

    await ok(cast.moderator.socket, 'room.close', {});
    await everyScreenShowsTheServersState(scene, questions, polls);
    checkTheTallies(scene, polls);

    await theReportAddsUp(scene, turns, delegate, questions, polls);
  });
});
