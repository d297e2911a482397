import { delegationOf } from '../../shared/model/person.ts';
import type { EventReport, ReportTable, RoomReport } from '../../shared/model/report.ts';

/** A CSV cell: text (guarded and quoted as needed), a plain number, or empty. */
export type Cell = string | number | null;

const CRLF = '\r\n';

/**
 * A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV Injection"):
 * speaker names, questions and poll answers are typed by the public, so they get a leading apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const guarded = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** RFC 4180: comma-separated fields, a header record, every record ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',') + CRLF).join('');
}

/** Durations in CSV are seconds with one decimal; the column names say so. */
function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

type RoomTable = { header: readonly string[]; rows: (report: RoomReport) => Cell[][] };

const speakers: RoomTable = {
  header: ['name', 'person_id', 'organisation', 'country', 'delegation', 'turns', 'spoken_s', 'allotted_s', 'extra_s', 'overtime_s'],
  rows: (report) =>
    report.speakingTime.perPerson.map((p) => [
      p.name, p.personId, p.organisation, p.country, p.delegation, p.turns, seconds(p.spokenMs), seconds(p.allottedMs), seconds(p.extraMs), seconds(p.overtimeMs),
    ]),
};

/** One row per turn, from the ledger; a turn not ended yet is `in_progress` (or `suspended`), counted up to the report's time. */
const turns: RoomTable = {
  header: ['name', 'person_id', 'delegation', 'kind', 'started_at_utc', 'ended_at_utc', 'status', 'allotted_s', 'extra_s', 'spoken_s', 'overtime_s'],
  rows: (report) =>
    report.speakingTime.turns.map((turn) => [
      turn.speaker.name,
      turn.speaker.personId,
      delegationOf(turn.speaker),
      turn.kind,
      isoOrNull(turn.startedAtMs),
      isoOrNull(turn.endedAtMs),
      turn.suspended ? 'suspended' : turn.inProgress ? 'in_progress' : 'ended',
      seconds(turn.allottedMs),
      seconds(turn.extraMs),
      seconds(turn.spokenMs),
      seconds(turn.overtimeMs),
    ]),
};

const delegations: RoomTable = {
  header: ['delegation', 'speakers', 'turns', 'spoken_s', 'share_pct'],
  rows: (report) =>
    report.speakingTime.perDelegation.map((d) => [d.delegation, d.speakers, d.turns, seconds(d.spokenMs), Math.round(d.share * 1000) / 10]),
};

/**
 * One row per chart row. Open-text answers have no chart row, so each answer is a row of its own
 * (key `answer`, no value); a poll without results still gets one row so it is not missing.
 */
const polls: RoomTable = {
  header: ['poll', 'kind', 'status', 'voters', 'key', 'label', 'value'],
  rows: (report) =>
    report.polls.flatMap((poll) => {
      const lead: Cell[] = [poll.question, poll.kind, poll.status, poll.results?.voters ?? 0];
      const results = poll.results;
      const rows: Cell[][] = [
        ...(results?.rows ?? []).map((row) => [...lead, row.key, row.label, row.value]),
        ...(results?.answers ?? []).map((answer) => [...lead, 'answer', answer, null]),
      ];
      return rows.length > 0 ? rows : [[...lead, null, null, null]];
    }),
};

const questions: RoomTable = {
  header: ['question', 'author', 'addressed_to', 'status', 'votes', 'asked_at_utc', 'answered_at_utc'],
  rows: (report) =>
    report.questions.map((q) => [q.text, q.author, q.addressedTo, q.status, q.votes, isoOrNull(q.askedAtMs), isoOrNull(q.answeredAtMs)]),
};

/** One row per quiz question: its correct options, how many answered, how many right, the mean time to answer. */
const quizQuestions: RoomTable = {
  header: ['quiz', 'question_no', 'question', 'kind', 'status', 'time_limit_s', 'correct_options', 'answered', 'correct', 'mean_answer_s'],
  rows: (report) =>
    report.quizzes.flatMap((quiz) =>
      quiz.questions.map((q, index) => [
        quiz.title, index + 1, q.question, q.kind, q.status, q.timeLimitSec, q.correctLabels.join(' | '), q.answered, q.correct, q.meanAnswerMs === null ? null : seconds(q.meanAnswerMs),
      ]),
    ),
};

/** Every player of every quiz, as the final leaderboard ranks them. */
const quizPlayers: RoomTable = {
  header: ['quiz', 'rank', 'name', 'points', 'correct', 'answered'],
  rows: (report) => report.quizzes.flatMap((quiz) => quiz.leaderboard.map((row) => [quiz.title, row.rank, row.name, row.points, row.correct, row.answered])),
};

function roomCsv(table: RoomTable): (report: RoomReport) => string {
  return (report) => toCsv(table.header, table.rows(report));
}

/** The event's tables are the rooms' tables stacked, each row led by its room's title. */
function eventCsv(table: RoomTable): (report: EventReport) => string {
  return (report) =>
    toCsv(
      ['room', ...table.header],
      report.rooms.flatMap((room) => table.rows(room).map((row) => [room.title, ...row])),
    );
}

function isEventReport(report: RoomReport | EventReport): report is EventReport {
  return 'rooms' in report;
}

function eitherCsv(table: RoomTable): (report: RoomReport | EventReport) => string {
  const forRoom = roomCsv(table);
  const forEvent = eventCsv(table);
  return (report) => (isEventReport(report) ? forEvent(report) : forRoom(report));
}

export const speakersCsv = eitherCsv(speakers);
export const turnsCsv = eitherCsv(turns);
export const delegationsCsv = eitherCsv(delegations);
export const pollsCsv = eitherCsv(polls);
export const questionsCsv = eitherCsv(questions);

/** Table name → CSV writer, so an HTTP route can look a table up by the name in its path. */
export const REPORT_TABLES: Record<ReportTable, (report: RoomReport) => string> = {
  speakers: roomCsv(speakers),
  turns: roomCsv(turns),
  delegations: roomCsv(delegations),
  polls: roomCsv(polls),
  questions: roomCsv(questions),
  quiz_questions: roomCsv(quizQuestions),
  quiz_players: roomCsv(quizPlayers),
};

export const EVENT_REPORT_TABLES: Record<ReportTable, (report: EventReport) => string> = {
  speakers: eventCsv(speakers),
  turns: eventCsv(turns),
  delegations: eventCsv(delegations),
  polls: eventCsv(polls),
  questions: eventCsv(questions),
  quiz_questions: eventCsv(quizQuestions),
  quiz_players: eventCsv(quizPlayers),
};

export type { ReportTable };

export function isReportTable(name: string): name is ReportTable {
  return Object.hasOwn(REPORT_TABLES, name);
}
