import { type AgendaPerson, type RoomKind, RoomKindSchema } from '../../shared/model/event.ts';
import type { ImportProblem } from '../../shared/protocol/import.ts';
import { csvField, parseCsv } from './csv.ts';
import { distinctPeople, overlaps, type ImportedProgramme, type ImportedSession, type Parsed } from './imported-programme.ts';
import { durationMinutes, instantOf, isClock, isDate, zonedIso } from './zoned-time.ts';

/*
 * A programme as a spreadsheet: one row per session under a header row naming the columns
 * (any order, any case). Times without a UTC offset are the event's wall clock.
 */

const MINUTE_MS = 60_000;

export const CSV_COLUMNS = ['id', 'title', 'kind', 'hall', 'starts_at', 'ends_at', 'date', 'start', 'duration', 'speakers', 'moderators', 'description', 'turn_minutes'] as const;
type Column = (typeof CSV_COLUMNS)[number];

const TEMPLATE_COLUMNS: Column[] = ['id', 'title', 'kind', 'hall', 'starts_at', 'ends_at', 'speakers', 'moderators', 'description', 'turn_minutes'];
const TEMPLATE_ROWS: Record<Column, string>[] = [
  {
    id: 'keynote-1',
    title: 'Keynote 1: Merit and the performance of government',
    kind: 'keynote',
    hall: 'Main Hall',
    starts_at: '2023-05-17 10:30',
    ends_at: '2023-05-17 11:10',
    date: '',
    start: '',
    duration: '',
    speakers: 'Tan Wei Ling (Institute of Policy and Governance)',
    moderators: 'Dinara Abilova (Astana Civil Service Hub)',
    description: 'An international expert on why civil services run on merit perform better.',
    turn_minutes: '30',
  },
  {
    id: 'panel-1',
    title: 'Panel 1: Meritocracy in action',
    kind: 'panel',
    hall: 'Main Hall',
    starts_at: '2023-05-17 11:30',
    ends_at: '2023-05-17 13:15',
    date: '',
    start: '',
    duration: '',
    speakers: 'Lieve Vermeulen (Federal Public Service for Policy and Support); Aminath Sheeza (Civil Service Commission)',
    moderators: 'Arman Kenzhebekov (Agency for Civil Service Affairs of the Republic of Kazakhstan)',
    description: 'Best practices and the experience of the Hub’s participating countries.',
    turn_minutes: '10',
  },
];

/** The downloadable template: the header and two sessions of the reference event, CRLF as RFC 4180 has it. */
export function csvTemplate(): string {
  const lines = [TEMPLATE_COLUMNS.join(','), ...TEMPLATE_ROWS.map((row) => TEMPLATE_COLUMNS.map((column) => csvField(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** "Name (Organisation); Name2 (Org2)": people, each with the organisation in brackets when given. */
function peopleOf(cell: string): AgendaPerson[] | string {
  const people: AgendaPerson[] = [];
  for (const entry of cell.split(';').map((part) => part.trim()).filter((part) => part.length > 0)) {
    const match = /^(.*?)\s*\(([^()]*)\)$/.exec(entry);
    const name = (match?.[1] ?? entry).trim();
    const organisation = match?.[2]?.trim();
    if (!name) return `"${entry}" has no name before the brackets`;
    if (name.length > 80) return `the name "${name.slice(0, 40)}…" is longer than 80 characters`;
    if (organisation && organisation.length > 120) return `the organisation of ${name} is longer than 120 characters`;
    people.push(organisation ? { name, organisation } : { name });
  }
  return distinctPeople(people);
}

/** An instant from "2023-05-17T11:30:00+06:00" (its own offset) or "2023-05-17 11:30" (the event's wall clock). */
function instantOfCell(cell: string, timezone: string): number | null {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/.test(cell)) {
    const ms = Date.parse(cell);
    return Number.isNaN(ms) ? null : ms;
  }
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})$/.exec(cell);
  if (!local?.[1] || !local[2] || !isDate(local[1]) || !isClock(local[2])) return null;
  return instantOf(local[1], local[2], timezone);
}

type Row = { number: number; cell: (column: Column) => string; problem: (column: Column, message: string) => void };

function sessionOf(row: Row, timezone: string, defaultKind: RoomKind, has: (column: Column) => boolean): ImportedSession | null {
  const { cell, problem } = row;
  let ok = true;
  const fail = (column: Column, message: string) => {
    problem(column, message);
    ok = false;
  };
  const id = cell('id');
  const title = cell('title');
  if (!id) fail('id', 'every session needs an id (any text unique in the file), so a re-import finds it');
  if (!title) fail('title', 'every session needs a title');
  else if (title.length > 200) fail('title', 'the title is longer than 200 characters');
  const kindCell = cell('kind').toLocaleLowerCase('en');
  const kind = kindCell ? RoomKindSchema.safeParse(kindCell) : null;
  if (kind && !kind.success) fail('kind', `"${cell('kind')}" is not a kind: use ${RoomKindSchema.options.join(', ')}`);

  let startsMs: number | null = null;
  if (has('starts_at') && cell('starts_at')) {
    startsMs = instantOfCell(cell('starts_at'), timezone);
    if (startsMs === null) fail('starts_at', `"${cell('starts_at')}" is not a date and time such as 2023-05-17 11:30 or 2023-05-17T11:30:00+06:00`);
  } else if (has('date') && has('start')) {
    if (!isDate(cell('date'))) fail('date', `"${cell('date')}" is not a date YYYY-MM-DD`);
    else if (!isClock(cell('start'))) fail('start', `"${cell('start')}" is not a time HH:MM`);
    else startsMs = instantOf(cell('date'), cell('start'), timezone);
  } else {
    fail(has('starts_at') ? 'starts_at' : 'date', 'the session has no start time');
  }

  let endsMs: number | null = null;
  if (has('ends_at') && cell('ends_at')) {
    endsMs = instantOfCell(cell('ends_at'), timezone);
    if (endsMs === null) fail('ends_at', `"${cell('ends_at')}" is not a date and time such as 2023-05-17 13:15 or 2023-05-17T13:15:00+06:00`);
  } else if (has('duration') && cell('duration')) {
    const minutes = durationMinutes(cell('duration'));
    if (minutes === null || minutes === 0) fail('duration', `"${cell('duration')}" is not a duration HH:MM`);
    else if (startsMs !== null) endsMs = startsMs + minutes * MINUTE_MS;
  } else {
    fail(has('ends_at') ? 'ends_at' : 'duration', 'the session has no end (ends_at or duration)');
  }
  if (startsMs !== null && endsMs !== null && endsMs <= startsMs) fail(has('ends_at') ? 'ends_at' : 'duration', 'the session ends before it starts');

  const speakers = peopleOf(cell('speakers'));
  if (typeof speakers === 'string') fail('speakers', speakers);
  const moderators = peopleOf(cell('moderators'));
  if (typeof moderators === 'string') fail('moderators', moderators);
  const turnCell = cell('turn_minutes').replace(',', '.');
  const turnMinutes = turnCell ? Number(turnCell) : undefined;
  if (turnMinutes !== undefined && !(turnMinutes >= 0.5 && turnMinutes <= 240)) fail('turn_minutes', `"${cell('turn_minutes')}" is not a number of minutes from 0.5 to 240`);
  const description = cell('description');
  if (description.length > 4000) fail('description', 'the description is longer than 4000 characters');

  if (!ok || startsMs === null || endsMs === null || typeof speakers === 'string' || typeof moderators === 'string') return null;
  return {
    path: `row ${row.number}`,
    externalId: id,
    title,
    kind: kind?.success ? kind.data : defaultKind,
    description,
    hall: cell('hall') || null,
    startsAt: zonedIso(startsMs, timezone),
    endsAt: zonedIso(endsMs, timezone),
    speakers,
    ...(has('moderators') ? { moderators } : {}),
    ...(turnMinutes !== undefined ? { turnMinutes } : {}),
  };
}

/** The columns the header must name: id and title, a start (starts_at, or date and start) and an end (ends_at or duration). */
function missingColumns(has: (column: Column) => boolean): string[] {
  const missing: string[] = [];
  if (!has('id')) missing.push('"id"');
  if (!has('title')) missing.push('"title"');
  if (!has('starts_at') && !(has('date') && has('start'))) missing.push('"starts_at" (or "date" and "start")');
  if (!has('ends_at') && !has('duration')) missing.push('"ends_at" (or "duration")');
  return missing;
}

/** Reads a CSV programme, or every problem in it, each naming its row (the header is row 1) and column. */
export function readCsvAgenda(input: string, timezone: string, defaultKind: RoomKind): Parsed<ImportedProgramme> {
  const table = parseCsv(input);
  if ('unclosedQuoteAtLine' in table) return { ok: false, problems: [{ path: `line ${table.unclosedQuoteAtLine}`, message: 'a quoted field opens here and is never closed' }] };
  const [header, ...rows] = table.rows;
  if (!header) return { ok: false, problems: [{ path: 'row 1', message: 'the file is empty: it needs a header row and a row per session' }] };
  const names = header.map((name) => name.trim().toLocaleLowerCase('en').replace(/\s+/g, '_'));
  const index = new Map<string, number>();
  names.forEach((name, i) => index.set(name, index.get(name) ?? i));
  const has = (column: Column) => index.has(column);
  const problems: ImportProblem[] = [];
  const missing = missingColumns(has);
  if (missing.length > 0) {
    return { ok: false, problems: [{ path: 'row 1 (header)', message: `the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing; the header has ${names.join(', ')}` }] };
  }
  const unknown = names.filter((name) => name !== '' && !(CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) problems.push({ path: 'row 1 (header)', message: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the columns are ${CSV_COLUMNS.join(', ')}` });
  if (rows.length === 0) problems.push({ path: 'row 2', message: 'the file has a header but no sessions' });

  const sessions: ImportedSession[] = [];
  rows.forEach((cells, r) => {
    const number = r + 2;
    const row: Row = {
      number,
      cell: (column) => (cells[index.get(column) ?? -1] ?? '').trim(),
      problem: (column, message) => problems.push({ path: `row ${number}, column "${column}"`, message }),
    };
    const session = sessionOf(row, timezone, defaultKind, has);
    if (session) sessions.push(session);
  });
  const seen = new Map<string, string>();
  for (const session of sessions) {
    const first = seen.get(session.externalId);
    if (first) problems.push({ path: `${session.path}, column "id"`, message: `the id "${session.externalId}" is given in ${first} too` });
    else seen.set(session.externalId, session.path);
  }
  problems.push(...overlaps(sessions));
  if (problems.length > 0) return { ok: false, problems };
  const halls = [...new Set(sessions.flatMap((session) => (session.hall ? [session.hall] : [])))];
  return { ok: true, value: { title: null, timezone: null, halls, sessions } };
}
