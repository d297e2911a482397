import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ballot } from '../../shared/model/poll.ts';
import { PROTOCOL_VERSION, type CommandInput, type CommandName } from '../../shared/protocol/commands.ts';
import type { JoinResponse } from '../../shared/protocol/http.ts';
import type { RoomSnapshot } from '../../shared/protocol/snapshot.ts';
import { send, type ClientSocket } from '../support/plenary.ts';
import { startPlenaryProcess, type PlenaryNode } from '../support/plenary-process.ts';

/*
 * "Nothing acknowledged is lost", tested the hard way: the real server runs as a child
 * process, a room streams votes, questions, upvotes, floor requests and timer changes at it
 * without waiting, and the process is killed with SIGKILL mid-stream. After a restart on the
 * same file every acknowledged effect must be there. A command in flight at the kill may or
 * may not have committed, so the checks are: acknowledged ⊆ present ⊆ sent.
 *
 * SIGKILL tests the order "commit, then acknowledge". It cannot tell synchronous=FULL from
 * NORMAL (both survive a process crash); test/store/sqlite.test.ts checks the pragma itself.
 */

const ADMIN_TOKEN = 'durability-admin-token-0123456789';
const SESSION_SECRET = 'durability-session-secret-0123456789abcdef';
const EVENT_ID = 'acsh-2023';
const ROOM_ID = 'panel-1';
const AUDIENCE_SIZE = 30;
const WAVES = 10;
/**
 * When each cycle's kill -9 comes, judged at every acknowledgement: after a count of them
 * (mostly ballots), or the moment a room command or a question is acknowledged, so that a
 * room command acknowledged before its commit would be caught in the window too.
 */
const KILL_POINTS: Array<{ label: string; now: (ledger: Ledger, answer: Attempt) => boolean }> = [
  { label: 'at the 150th acknowledgement', now: (ledger) => ledger.answered === 150 },
  { label: "as the chair's 3rd timer change is acknowledged", now: (ledger, answer) => answer.name === 'timer.adjust' && ledger.of('timer.adjust', 'acked').length === 3 },
  { label: 'at the 40th acknowledgement', now: (ledger) => ledger.answered === 40 },
  { label: 'as the 2nd question is acknowledged', now: (ledger, answer) => answer.name === 'qa.ask' && ledger.of('qa.ask', 'acked').length === 2 },
  { label: 'at the 260th acknowledgement', now: (ledger) => ledger.answered === 260 },
];
const OPTIONS = ['Written exams', 'Interviews', 'Assessment centres', 'Probation'];
const WORDS = ['merit', 'integrity', 'innovation', 'trust', 'service', 'ethics', 'talent', 'digital'];

// ---------------------------------------------------------------------------------------------
// The server as a child process


const running = new Set<PlenaryNode>();
const sockets = new Set<ClientSocket>();
const tempDirs: string[] = [];

afterEach(async () => {
  for (const socket of sockets) socket.disconnect();
  sockets.clear();
  for (const server of running) await server.kill();
  running.clear();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function startServer(dataPath: string): Promise<PlenaryNode> {
  return startPlenaryProcess('plenary', {
    PLENARY_DATA: dataPath,
    PLENARY_ADMIN_TOKEN: ADMIN_TOKEN,
    PLENARY_SECRET: SESSION_SECRET,
    PLENARY_PUSH_INTERVAL_MS: '50',
    LOG_LEVEL: 'silent',
  });
}

// ---------------------------------------------------------------------------------------------
// People: one session token each, kept across restarts like a device keeps it

type Attendee = { name: string; token: string; personId: string; socket: ClientSocket; gone: Promise<void> };

async function joinEvent(url: string, request: Record<string, string>): Promise<Omit<Attendee, 'socket' | 'gone'>> {
  const response = await fetch(`${url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (response.status !== 201) throw new Error(`join failed: ${response.status} ${await response.text()}`);
  const { token, person } = (await response.json()) as JoinResponse;
  return { name: person.name, token, personId: person.id };
}

async function inviteSecret(url: string, role: string, roomId: string | null): Promise<string> {
  const response = await fetch(`${url}/api/events/${EVENT_ID}/invites`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const invites = (await response.json()) as Array<{ role: string; roomId: string | null; url: string }>;
  const invite = invites.find((i) => i.role === role && i.roomId === roomId);
  if (!invite) throw new Error(`no ${role} invite for ${roomId}`);
  return invite.url.split('/join/')[1]!;
}

/** Connects with the person's token and joins the panel; the snapshot is what the store holds for them. */
async function enterRoom(url: string, attendee: Omit<Attendee, 'socket' | 'gone'>): Promise<{ attendee: Attendee; snapshot: RoomSnapshot }> {
  const socket: ClientSocket = connectSocket(url, {
    auth: { token: attendee.token, protocolVersion: PROTOCOL_VERSION },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  sockets.add(socket);
  const gone = new Promise<void>((done) => socket.once('disconnect', () => done()));
  await new Promise<void>((done, fail) => {
    socket.once('connect', () => done());
    socket.once('connect_error', fail);
  });
  const snapshot = await send(socket, 'room.join', { roomId: ROOM_ID });
  if (!snapshot.ok) throw new Error(`room.join refused: ${snapshot.error.code}`);
  expect(snapshot.you.personId, 'a reconnecting token is the same person').toBe(attendee.personId);
  return { attendee: { ...attendee, socket, gone }, snapshot };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 10));
}

async function must<N extends CommandName>(who: Attendee, name: N, payload: CommandInput<N>) {
  const ack = await send(who.socket, name, payload);
  if (!ack.ok) throw new Error(`${name} refused: ${ack.error.code}: ${ack.error.message}`);
  return ack;
}

// ---------------------------------------------------------------------------------------------
// The ledger: every command sent in one cycle and what its acknowledgement said

type Attempt = {
  name: CommandName;
  personId: string;
  state: 'in_flight' | 'acked' | 'refused';
  ackSeq: number;
  pollId?: string;
  ballot?: Ballot;
  questionId?: string;
  text?: string;
  deltaSec?: number;
  result?: Record<string, unknown>;
  refusal?: string;
};

/** Commands that change the room's revisioned state (ballots and upvotes live beside it). */
const REVISIONED: readonly CommandName[] = ['qa.ask', 'floor.request', 'floor.call', 'timer.adjust'];

class Ledger {
  readonly attempts: Attempt[] = [];
  answered = 0;
  /** Answers that had arrived when SIGKILL was sent; later ones were already on their way. */
  answeredAtKill = 0;
  stopped = false;
  onAnswer: (answer: Attempt) => void = () => {};

  issue<N extends CommandName>(who: Attendee, name: N, payload: CommandInput<N>, details: Partial<Attempt> = {}): void {
    if (this.stopped) return;
    const attempt: Attempt = { ...details, name, personId: who.personId, state: 'in_flight', ackSeq: 0 };
    this.attempts.push(attempt);
    void send(who.socket, name, payload).then((ack) => {
      this.answered += 1;
      attempt.ackSeq = this.answered;
      attempt.state = ack.ok ? 'acked' : 'refused';
      if (ack.ok) attempt.result = ack as unknown as Record<string, unknown>;
      else attempt.refusal = ack.error.code;
      this.onAnswer(attempt);
    });
  }

  of(name: CommandName, state?: Attempt['state']): Attempt[] {
    return this.attempts.filter((a) => a.name === name && (state === undefined || a.state === state));
  }

  count(state: Attempt['state']): number {
    return this.attempts.filter((a) => a.state === state).length;
  }
}

// ---------------------------------------------------------------------------------------------
// What was observed after a restart: the baseline for the next cycle

type Observed = {
  moderator: RoomSnapshot;
  ballots: Map<string, Record<string, Ballot>>;
  upvotes: Map<string, Set<string>>;
};

function observe(moderator: RoomSnapshot, voters: Array<{ attendee: Attendee; snapshot: RoomSnapshot }>): Observed {
  return {
    moderator,
    ballots: new Map(voters.map(({ attendee, snapshot }) => [attendee.personId, snapshot.myBallots])),
    upvotes: new Map(voters.map(({ attendee, snapshot }) => [attendee.personId, new Set(snapshot.myUpvotes)])),
  };
}

const canonical = (ballot: Ballot | null | undefined): string =>
  ballot ? JSON.stringify(Object.entries(ballot).sort(([a], [b]) => (a < b ? -1 : 1))) : 'no ballot';

// ---------------------------------------------------------------------------------------------
// The stream

type Room = Polls & { moderator: Attendee; participants: Attendee[]; audience: Attendee[] };

/** Fires WAVES waves of commands, a macrotask apart, never waiting for an acknowledgement. */
async function stream(room: Room, ledger: Ledger, knownQuestions: string[], cycle: number): Promise<void> {
  const voters = [...room.participants, ...room.audience];
  for (let wave = 0; wave < WAVES && !ledger.stopped; wave++) {
    voters.forEach((voter, i) => voterStep(room, ledger, voter, i, wave, cycle, knownQuestions));
    room.participants.forEach((participant, i) => {
      if (wave % 4 === 0) ledger.issue(participant, 'floor.request', { kind: (['contribution', 'reply', 'point_of_order'] as const)[(wave / 4 + i) % 3]! });
    });
    const deltaSec = (wave % 3) + 1;
    ledger.issue(room.moderator, 'timer.adjust', { timerId: 'session', deltaSec }, { deltaSec });
    if (wave % 3 === 2) ledger.issue(room.moderator, 'floor.call', {});
    await new Promise((done) => setTimeout(done, 2));
    // Questions acknowledged so far become things to upvote in later waves.
    for (const ask of ledger.of('qa.ask', 'acked')) {
      const id = (ask.result!['question'] as { id: string }).id;
      if (!knownQuestions.includes(id)) knownQuestions.push(id);
    }
  }
}

function voterStep(room: Room, ledger: Ledger, voter: Attendee, i: number, wave: number, cycle: number, questions: string[]): void {
  const single = (shift: number): void => {
    const ballot: Ballot = { kind: 'single', optionId: room.optionIds[(i + wave + cycle + shift) % room.optionIds.length]! };
    ledger.issue(voter, 'poll.vote', { pollId: room.singlePollId, ballot }, { pollId: room.singlePollId, ballot });
  };
  const words = (): void => {
    const picked = [...new Set([WORDS[(i + cycle) % WORDS.length]!, WORDS[(i * 3 + wave) % WORDS.length]!])];
    const ballot: Ballot = { kind: 'word_cloud', words: picked };
    ledger.issue(voter, 'poll.vote', { pollId: room.cloudPollId, ballot }, { pollId: room.cloudPollId, ballot });
  };
  const upvote = (): void => {
    const questionId = questions[(i * 7 + wave + cycle) % questions.length];
    if (questionId) ledger.issue(voter, 'qa.upvote', { questionId }, { questionId });
  };
  switch ((wave + i) % 6) {
    case 0: return single(0);
    case 1: return words();
    case 2: return upvote();
    case 3: {
      if (i % 5 !== 0) return upvote();
      const text = `Cycle ${cycle}, wave ${wave}: how does ${voter.name}'s country test for merit?`;
      return ledger.issue(voter, 'qa.ask', { text }, { text });
    }
    case 4: return single(1);
    default: return words();
  }
}

// ---------------------------------------------------------------------------------------------
// The checks: acknowledged ⊆ present ⊆ sent, and tallies agree with the ballots they count

function checkBallots(room: Room, ledger: Ledger, before: Observed, after: Observed): number {
  let inFlightKept = 0;
  for (const pollId of [room.singlePollId, room.cloudPollId]) {
    for (const [personId, ballots] of after.ballots) {
      const attempts = ledger.attempts.filter((a) => a.personId === personId && a.pollId === pollId);
      const acked = attempts.filter((a) => a.state === 'acked').sort((a, b) => a.ackSeq - b.ackSeq);
      const lastAcked = acked.at(-1);
      // The last acknowledged ballot stands, unless a ballot still in flight at the kill committed after it.
      const allowed = [lastAcked ? canonical(lastAcked.result!['ballot'] as Ballot) : canonical(before.ballots.get(personId)?.[pollId])];
      const inFlight = attempts.filter((a) => a.state === 'in_flight').map((a) => canonical(a.ballot));
      const present = canonical(ballots[pollId]);
      expect([...allowed, ...inFlight], `ballot of ${personId} in ${pollId}`).toContain(present);
      if (!allowed.includes(present)) inFlightKept += 1;
    }
    checkTally(pollId, ledger, before, after);
  }
  return inFlightKept;
}

function checkTally(pollId: string, ledger: Ledger, before: Observed, after: Observed): void {
  const results = after.moderator.results.find((r) => r.pollId === pollId);
  expect(results, `results of ${pollId} are visible to the chair`).toBeDefined();
  const present = [...after.ballots.values()].map((b) => b[pollId]).filter((b): b is Ballot => b !== undefined);
  const hadBallot = (personId: string) => before.ballots.get(personId)?.[pollId] !== undefined;
  const votes = ledger.attempts.filter((a) => a.pollId === pollId);
  const acked = new Set(votes.filter((a) => a.state === 'acked').map((a) => a.personId));
  const sent = new Set(votes.filter((a) => a.state !== 'refused').map((a) => a.personId));
  for (const personId of after.ballots.keys()) {
    if (hadBallot(personId)) {
      acked.add(personId);
      sent.add(personId);
    }
  }
  expect(results!.voters).toBeGreaterThanOrEqual(acked.size);
  expect(results!.voters).toBeLessThanOrEqual(sent.size);
  // A ballot and its tally commit in one transaction: the counts are exactly the stored ballots.
  expect(results!.voters).toBe(present.length);
  const counted = new Map<string, number>();
  for (const ballot of present) {
    const keys = ballot.kind === 'single' ? [ballot.optionId] : ballot.kind === 'word_cloud' ? ballot.words.map((w) => `w:${w}`) : [];
    for (const key of keys) counted.set(key, (counted.get(key) ?? 0) + 1);
  }
  for (const row of results!.rows) expect(row.value, `tally of ${row.key}`).toBe(counted.get(row.key) ?? 0);
}

function checkQuestionsAndUpvotes(ledger: Ledger, before: Observed, after: Observed): number {
  const questions = new Map(after.moderator.state.questions.map((q) => [q.id, q]));
  for (const id of before.moderator.state.questions.map((q) => q.id)) expect(questions.has(id), `earlier question ${id}`).toBe(true);
  for (const ask of ledger.of('qa.ask', 'acked')) {
    const question = ask.result!['question'] as { id: string; text: string };
    expect(questions.get(question.id)?.text, `acknowledged question ${question.id}`).toBe(question.text);
  }
  const newQuestions = questions.size - before.moderator.state.questions.length;
  expect(newQuestions).toBeGreaterThanOrEqual(ledger.of('qa.ask', 'acked').length);
  expect(newQuestions).toBeLessThanOrEqual(ledger.of('qa.ask', 'acked').length + ledger.of('qa.ask', 'in_flight').length);

  for (const [personId, upvotes] of before.upvotes) {
    for (const id of upvotes) expect(after.upvotes.get(personId)?.has(id), `earlier upvote of ${id} by ${personId}`).toBe(true);
  }
  for (const upvote of ledger.of('qa.upvote', 'acked')) {
    expect(after.upvotes.get(upvote.personId)?.has(upvote.questionId!), `acknowledged upvote of ${upvote.questionId}`).toBe(true);
  }
  for (const id of questions.keys()) {
    const upvoters = [...after.upvotes.values()].filter((set) => set.has(id)).length;
    expect(after.moderator.votes[id] ?? 0, `upvote count of ${id}`).toBe(upvoters);
  }
  return newQuestions - ledger.of('qa.ask', 'acked').length;
}

function checkRoomState(ledger: Ledger, before: Observed, after: Observed): number {
  const { state } = after.moderator;
  const revisioned = ledger.attempts.filter((a) => REVISIONED.includes(a.name));
  const acked = revisioned.filter((a) => a.state === 'acked');
  const inFlight = revisioned.filter((a) => a.state === 'in_flight');
  const revisions = acked.map((a) => a.result!['revision'] as number);
  expect(new Set(revisions).size, 'each acknowledged room command has its own revision').toBe(revisions.length);
  for (const revision of revisions) {
    expect(revision).toBeGreaterThan(before.moderator.state.revision);
    expect(revision).toBeLessThanOrEqual(state.revision);
  }
  const committed = state.revision - before.moderator.state.revision;
  expect(committed).toBeGreaterThanOrEqual(acked.length);
  expect(committed).toBeLessThanOrEqual(acked.length + inFlight.length);

  const seconds = (list: Attempt[]) => list.filter((a) => a.name === 'timer.adjust').reduce((sum, a) => sum + a.deltaSec!, 0);
  const addedMs = state.timers.session.durationMs - before.moderator.state.timers.session.durationMs;
  expect(addedMs, 'acknowledged timer adjustments').toBeGreaterThanOrEqual(seconds(acked) * 1000);
  expect(addedMs).toBeLessThanOrEqual((seconds(acked) + seconds(inFlight)) * 1000);

  const { floor } = state;
  // A turn a point of order interrupted waits in `suspended`: its request is still the floor's.
  const requests = new Set([...floor.queue.map((r) => r.id), ...floor.finished.map((t) => t.requestId), floor.current?.requestId, floor.suspended?.turn.requestId]);
  for (const request of ledger.of('floor.request', 'acked')) {
    expect(requests.has(request.result!['requestId'] as string), `acknowledged floor request ${request.result!['requestId']}`).toBe(true);
  }
  return committed - acked.length;
}

// ---------------------------------------------------------------------------------------------
// The panel and one kill

type Entered = { moderator: { attendee: Attendee; snapshot: RoomSnapshot }; voters: Array<{ attendee: Attendee; snapshot: RoomSnapshot }> };
type Polls = { singlePollId: string; optionIds: string[]; cloudPollId: string };

/** The chair opens the room and two polls; one question is on the board to upvote from the start. */
async function openPanel(entered: Entered): Promise<{ polls: Polls; firstQuestionId: string }> {
  const chair = entered.moderator.attendee;
  await must(chair, 'room.open', {});
  const single = await must(chair, 'poll.create', { question: 'Which selection method serves merit best?', spec: { kind: 'single', options: OPTIONS } });
  await must(chair, 'poll.open', { pollId: single.pollId });
  const cloud = await must(chair, 'poll.create', { question: 'One word for a merit-based civil service', spec: { kind: 'word_cloud', maxWords: 3 } });
  await must(chair, 'poll.open', { pollId: cloud.pollId });
  const state = (await must(chair, 'room.snapshot', {})).state;
  const spec = state.polls.find((p) => p.id === single.pollId)!.spec;
  const optionIds = spec.kind === 'single' ? spec.options.map((o) => o.id) : [];
  const asked = await must(entered.voters[3]!.attendee, 'qa.ask', { text: 'How long is probation in your service?' });
  return { polls: { singlePollId: single.pollId, optionIds, cloudPollId: cloud.pollId }, firstQuestionId: asked.question.id };
}

/** Streams at the server until the kill point, sends SIGKILL, and waits until every socket has seen the end. */
async function streamAndKill(server: PlenaryNode, entered: Entered, room: Room, killPoint: (typeof KILL_POINTS)[number], questions: string[], cycle: number): Promise<Ledger> {
  const ledger = new Ledger();
  ledger.onAnswer = (answer) => {
    if (ledger.stopped || !killPoint.now(ledger, answer)) return;
    ledger.stopped = true;
    ledger.answeredAtKill = ledger.answered;
    process.kill(server.pid, 'SIGKILL');
  };
  await stream(room, ledger, questions, cycle);
  await until(() => ledger.stopped || ledger.count('in_flight') === 0);
  expect(ledger.stopped, `the kill came ${killPoint.label}, mid-stream`).toBe(true);
  await server.kill();
  // Acks already in the kernel's socket buffers still arrive after the kill; they count until every socket has closed.
  const everyone = [entered.moderator, ...entered.voters].map(({ attendee }) => attendee);
  await Promise.all(everyone.map((attendee) => attendee.gone));
  for (const attendee of everyone) sockets.delete(attendee.socket);
  return ledger;
}

describe('kill -9 in the middle of a busy panel', () => {
  it('[D1] every acknowledged vote, question, upvote, floor request and timer change survives five kill -9 and restart cycles', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenary-durability-'));
    tempDirs.push(dataDir);
    const dataPath = join(dataDir, 'plenary.db');
    let server = await startServer(dataPath);
    running.add(server);

    const participantInvite = await inviteSecret(server.url, 'participant', null);
    const people = {
      moderator: await joinEvent(server.url, { invite: await inviteSecret(server.url, 'moderator', ROOM_ID), name: 'Panel chair' }),
      participants: await Promise.all(['Delegate of Georgia', 'Delegate of Uzbekistan'].map((name) => joinEvent(server.url, { invite: participantInvite, name }))),
      audience: await Promise.all(Array.from({ length: AUDIENCE_SIZE }, (_, i) => joinEvent(server.url, { code: 'ACSH23', name: `Listener ${i + 1}` }))),
    };
    const enterAll = async (): Promise<Entered> => {
      const moderator = await enterRoom(server.url, people.moderator);
      const participants = await Promise.all(people.participants.map((p) => enterRoom(server.url, p)));
      const audience = await Promise.all(people.audience.map((p) => enterRoom(server.url, p)));
      return { moderator, voters: [...participants, ...audience] };
    };

    let entered = await enterAll();
    const { polls, firstQuestionId } = await openPanel(entered);
    const knownQuestions = [firstQuestionId];
    let baseline = observe((await must(entered.moderator.attendee, 'room.snapshot', {})) as unknown as RoomSnapshot, entered.voters);

    for (const [cycle, killPoint] of KILL_POINTS.entries()) {
      const room: Room = {
        ...polls,
        moderator: entered.moderator.attendee,
        participants: entered.voters.slice(0, 2).map((v) => v.attendee),
        audience: entered.voters.slice(2).map((v) => v.attendee),
      };
      const ledger = await streamAndKill(server, entered, room, killPoint, knownQuestions, cycle);

      server = await startServer(dataPath);
      running.add(server);
      entered = await enterAll();
      const after = observe(entered.moderator.snapshot, entered.voters);
      // Only the domain may refuse here (floor.call with nobody waiting, a second request): never unavailable or internal.
      const refusals = ledger.attempts.filter((a) => a.state === 'refused').map((a) => `${a.name}: ${a.refusal}`);
      expect(refusals.filter((r) => !/^floor\.(call|request): conflict$/.test(r))).toEqual([]);
      const keptBallots = checkBallots(room, ledger, baseline, after);
      const keptQuestions = checkQuestionsAndUpvotes(ledger, baseline, after);
      const keptRoomCommands = checkRoomState(ledger, baseline, after);
      console.info(
        `[D1] cycle ${cycle + 1}, kill ${killPoint.label}: sent ${ledger.attempts.length}, ` +
          `${ledger.answeredAtKill} answered at the kill, ${ledger.answered - ledger.answeredAtKill} more arrived after it ` +
          `(${ledger.count('acked')} ok, ${ledger.count('refused')} refused), ${ledger.count('in_flight')} never answered; ` +
          `after restart: revision ${baseline.moderator.state.revision} → ${after.moderator.state.revision}, ` +
          `unanswered yet committed: ${keptRoomCommands} room commands (${keptQuestions} questions), ` +
          `${keptBallots} ballots replacing the last acknowledged one`,
      );
      baseline = after;
      for (const { id } of after.moderator.state.questions) if (!knownQuestions.includes(id)) knownQuestions.push(id);
    }
  }, 60_000);
});
