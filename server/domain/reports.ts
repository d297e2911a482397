import type { Agenda, AgendaRoom } from '../../shared/model/event.ts';
import type { FinishedTurn } from '../../shared/model/floor.ts';
import { ledgerTurns } from '../../shared/model/ledger.ts';
import { delegationOf } from '../../shared/model/person.ts';
import type { PollResults } from '../../shared/model/poll.ts';
import { sortQuestions } from '../../shared/model/question.ts';
import type {
  DelegationTotal,
  EventReport,
  PollSummary,
  QuestionSummary,
  ReportTurn,
  RoomReport,
  SpeakerTotal,
  SpeakingTime,
} from '../../shared/model/report.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { quizReports, type QuizReportInput } from './quiz-report.ts';

export type { DelegationTotal, EventReport, PollSummary, QuestionSummary, ReportTurn, RoomReport, SpeakerTotal, SpeakingTime };

export type RoomReportInput = {
  room: AgendaRoom;
  /** The full (staff) room state: every question, whatever its status. */
  state: RoomState;
  /** Computed per poll by the caller, which reads the tallies from the store. */
  pollResults: PollResults[];
  /** Upvotes per question id. */
  votes: Record<string, number>;
  /** Server time now: a turn in progress counts up to it. */
  nowMs: number;
  /** The room's quizzes' tallies and leaderboards, read by the caller; none when the room has no quiz. */
  quizzes?: Omit<QuizReportInput, 'state'>;
};

/** Code-point order breaks ties, so a report does not depend on the server's locale. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** People added by the moderator by name have no person id: their name is what identifies them. */
function speakerKey(turn: ReportTurn): string {
  return turn.speaker.personId !== null ? `id:${turn.speaker.personId}` : `name:${turn.speaker.name}`;
}

function perPerson(turns: readonly ReportTurn[]): SpeakerTotal[] {
  const totals = new Map<string, SpeakerTotal>();
  for (const turn of turns) {
    const key = speakerKey(turn);
    const { personId, name, organisation, country } = turn.speaker;
    const total = totals.get(key) ?? {
      name,
      personId,
      organisation,
      country,
      delegation: delegationOf(turn.speaker),
      turns: 0,
      spokenMs: 0,
      allottedMs: 0,
      extraMs: 0,
      overtimeMs: 0,
    };
    total.turns += 1;
    total.spokenMs += turn.spokenMs;
    total.allottedMs += turn.allottedMs;
    total.extraMs += turn.extraMs;
    total.overtimeMs += turn.overtimeMs;
    totals.set(key, total);
  }
  return [...totals.values()].sort((a, b) => b.spokenMs - a.spokenMs || byText(a.name, b.name));
}

/** Built from the per-person totals, so each person counts in one delegation and the sums agree. */
function perDelegation(people: readonly SpeakerTotal[], totalMs: number): DelegationTotal[] {
  const totals = new Map<string, DelegationTotal>();
  for (const person of people) {
    const total = totals.get(person.delegation) ?? { delegation: person.delegation, speakers: 0, turns: 0, spokenMs: 0, share: 0 };
    total.speakers += 1;
    total.turns += person.turns;
    total.spokenMs += person.spokenMs;
    totals.set(person.delegation, total);
  }
  return [...totals.values()]
    .map((total) => ({ ...total, share: totalMs === 0 ? 0 : total.spokenMs / totalMs }))
    .sort((a, b) => b.spokenMs - a.spokenMs || byText(a.delegation, b.delegation));
}

/**
 * 1 − the Gini coefficient of the delegations' speaking times, scaled by n/(n−1) so the range is
 * exactly 0..1 whatever the number of delegations: 0 means one delegation spoke all, 1 an even split.
 */
export function floorBalance(speakingMs: readonly number[]): number {
  const n = speakingMs.length;
  const total = speakingMs.reduce((sum, ms) => sum + ms, 0);
  if (n < 2 || total === 0) return 1;
  const ascending = [...speakingMs].sort((a, b) => a - b);
  const weighted = ascending.reduce((sum, ms, i) => sum + (i + 1) * ms, 0);
  const gini = (2 * weighted) / (n * total) - (n + 1) / n;
  const normalised = (gini * n) / (n - 1);
  return Math.min(1, Math.max(0, 1 - normalised));
}

export function speakingTime(turns: readonly ReportTurn[]): SpeakingTime {
  const totalMs = turns.reduce((sum, turn) => sum + turn.spokenMs, 0);
  const people = perPerson(turns);
  const delegations = perDelegation(people, totalMs);
  return {
    totalMs,
    perPerson: people,
    perDelegation: delegations,
    balance: floorBalance(delegations.map((d) => d.spokenMs)),
  };
}

function pollSummaries(state: RoomState, pollResults: readonly PollResults[]): PollSummary[] {
  const resultsById = new Map(pollResults.map((results) => [results.pollId, results]));
  return state.polls
    .filter((poll) => poll.status !== 'draft')
    .map((poll) => ({
      pollId: poll.id,
      question: poll.question,
      kind: poll.spec.kind,
      status: poll.status,
      anonymous: poll.settings.anonymous,
      results: resultsById.get(poll.id) ?? null,
    }));
}

function questionSummaries(state: RoomState, votes: Record<string, number>): QuestionSummary[] {
  return sortQuestions(state.questions, votes, 'top').map((question) => ({
    questionId: question.id,
    text: question.text,
    author: question.authorName,
    addressedTo: question.addressedTo?.name ?? null,
    status: question.status,
    votes: votes[question.id] ?? 0,
    askedAtMs: question.askedAtMs,
    answeredAtMs: question.answeredAtMs,
  }));
}

/** A turn that ended before the room had a ledger, as it was recorded then: its allotted time already held any extra. */
export function recordedTurn(turn: FinishedTurn): ReportTurn {
  return {
    requestId: turn.requestId,
    speaker: turn.speaker,
    kind: turn.kind,
    startedAtMs: turn.startedAtMs,
    endedAtMs: turn.endedAtMs,
    allottedMs: turn.allottedMs,
    extraMs: 0,
    spokenMs: turn.spokenMs,
    overtimeMs: Math.max(0, turn.spokenMs - turn.allottedMs),
    inProgress: false,
    suspended: false,
  };
}

/** Every turn from the ledger, the one in progress included; turns from before the ledger as recorded. */
export function reportTurns(state: RoomState, nowMs: number): ReportTurn[] {
  const fromLedger: ReportTurn[] = ledgerTurns(state.floor.ledger, nowMs).map(({ runningSinceMs: _running, ...turn }) => turn);
  const inLedger = new Set(fromLedger.map((turn) => turn.requestId));
  const before = state.floor.finished.filter((turn) => !inLedger.has(turn.requestId)).map(recordedTurn);
  return [...before, ...fromLedger];
}

export function roomReport({ room, state, pollResults, votes, nowMs, quizzes }: RoomReportInput): RoomReport {
  const turns = reportTurns(state, nowMs);
  return {
    roomId: room.id,
    title: room.title,
    kind: room.kind,
    startsAt: room.startsAt,
    endsAt: room.endsAt,
    atMs: nowMs,
    speakingTime: { ...speakingTime(turns), turns },
    polls: pollSummaries(state, pollResults),
    questions: questionSummaries(state, votes),
    quizzes: quizReports({ state, tallies: quizzes?.tallies ?? {}, leaderboards: quizzes?.leaderboards ?? {} }),
  };
}

/** Rooms come out in agenda order; event totals are recomputed from every room's turns. */
export function eventReport(agenda: Agenda, rooms: readonly RoomReport[]): EventReport {
  const agendaOrder = new Map(agenda.rooms.map((room, index) => [room.id, index]));
  const position = (report: RoomReport) => agendaOrder.get(report.roomId) ?? agenda.rooms.length;
  const ordered = [...rooms].sort((a, b) => position(a) - position(b));
  return {
    eventId: agenda.id,
    title: agenda.title,
    rooms: ordered,
    speakingTime: speakingTime(ordered.flatMap((report) => report.speakingTime.turns)),
  };
}
