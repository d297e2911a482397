import type { AgendaPerson, RoomKind } from '../../shared/model/event.ts';
import type { ImportProblem } from '../../shared/protocol/import.ts';
import { distinctPeople, kindOfType, overlaps, type ImportedProgramme, type ImportedSession, type Parsed } from './imported-programme.ts';
import { durationMinutes, instantOf, isClock, isDate, isTimeZone, zonedClock, zonedIso } from './zoned-time.ts';

/*
 * The schedule.json that pretalx and frab export (the C3VOC schema): schedule.conference with
 * its title, time zone and days; each day's rooms map a room name to its events. Only what an
 * agenda holds is read; everything else in the file (links, attachments, tracks' colours,
 * recording licences) is left alone.
 */

const MINUTE_MS = 60_000;
const DESCRIPTION_MAX = 4000;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

/** Whether a JSON document looks like a schedule.json rather than Plenary's own agenda. */
export function isScheduleJson(document: unknown): boolean {
  return isObject(document) && isObject(document.schedule);
}

/** Abstract, then description, as one text; cut at the agenda's limit with an ellipsis. */
function descriptionOf(event: Json): string {
  const parts = [text(event.subtitle), text(event.abstract), text(event.description)].filter((part): part is string => !!part);
  const joined = [...new Set(parts)].join('\n\n');
  return joined.length > DESCRIPTION_MAX ? `${joined.slice(0, DESCRIPTION_MAX - 1)}…` : joined;
}

function personsOf(value: unknown, path: string, problems: ImportProblem[]): AgendaPerson[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push({ path, message: 'persons must be a list' });
    return [];
  }
  const people: AgendaPerson[] = [];
  value.forEach((person, i) => {
    const name = isObject(person) ? (text(person.public_name) || text(person.name)) : null;
    if (!name) return problems.push({ path: `${path}[${i}]`, message: 'a person needs a name or public_name' });
    if (name.length > 80) return problems.push({ path: `${path}[${i}]`, message: `the name "${name.slice(0, 40)}…" is longer than 80 characters` });
    people.push({ name });
  });
  return distinctPeople(people);
}

type Conference = { timezone: string; acronym: string };

function eventOf(event: unknown, path: string, roomName: string, day: Json, conference: Conference, defaultKind: RoomKind, problems: ImportProblem[]): ImportedSession | null {
  if (!isObject(event)) {
    problems.push({ path, message: 'an event must be an object' });
    return null;
  }
  const before = problems.length;
  const problem = (field: string, message: string) => problems.push({ path: `${path}.${field}`, message });
  const title = text(event.title);
  if (!title) problem('title', 'an event needs a title');
  else if (title.length > 200) problem('title', 'the title is longer than 200 characters');
  const guid = text(event.guid);
  const id = text(event.id);
  const externalId = guid || (id ? `${conference.acronym}-${id}` : null);
  if (!externalId) problem('guid', 'an event needs a guid (or an id)');

  const start = text(event.start);
  const duration = text(event.duration);
  const minutes = duration === null ? null : durationMinutes(duration);
  if (start === null || !isClock(start)) problem('start', `${JSON.stringify(event.start ?? null)} is not a time HH:MM`);
  if (minutes === null) problem('duration', `${JSON.stringify(event.duration ?? null)} is not a duration HH:MM`);
  else if (minutes === 0) problem('duration', 'a session lasts at least a minute');

  let startsMs: number | null = null;
  const date = text(event.date);
  if (date) {
    startsMs = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(date) ? Date.parse(date) : NaN;
    if (Number.isNaN(startsMs)) problem('date', `${JSON.stringify(date)} is not a date and time with its UTC offset`);
    else if (start !== null && isClock(start) && zonedClock(startsMs, conference.timezone) !== start.padStart(5, '0')) {
      problem('start', `"${start}" is not the time of date "${date}" in ${conference.timezone} (${zonedClock(startsMs, conference.timezone)})`);
    }
  } else if (start !== null && isClock(start) && typeof day.date === 'string' && isDate(day.date)) {
    startsMs = instantOf(day.date, start, conference.timezone);
  } else {
    problem('date', 'an event needs a date (or its day a date)');
  }
  if (problems.length > before || startsMs === null || minutes === null || !title || !externalId) return null;

  const room = text(event.room);
  if (room && room !== roomName) problem('room', `the event says room "${room}" but is listed under "${roomName}"`);
  return {
    path,
    externalId,
    title,
    kind: kindOfType(text(event.type), defaultKind),
    description: descriptionOf(event),
    hall: roomName,
    startsAt: zonedIso(startsMs, conference.timezone),
    endsAt: zonedIso(startsMs + minutes * MINUTE_MS, conference.timezone),
    speakers: personsOf(event.persons, `${path}.persons`, problems),
  };
}

/** The conference's halls in its own order: conference.rooms first, then rooms only the days name. */
function hallNames(conference: Json, days: Json[]): string[] {
  const listed = Array.isArray(conference.rooms) ? conference.rooms.flatMap((room) => (isObject(room) && text(room.name) ? [text(room.name) as string] : [])) : [];
  const named = days.flatMap((day) => (isObject(day.rooms) ? Object.keys(day.rooms) : []));
  return [...new Set([...listed, ...named].map((name) => name.trim()).filter((name) => name.length > 0))];
}

/**
 * Reads a schedule.json document into a programme, or every problem found in it, each at its
 * JSON path ("schedule.conference.days[1].rooms.Saal 1[3].duration").
 */
export function readScheduleJson(document: unknown, defaultKind: RoomKind): Parsed<ImportedProgramme> {
  const problems: ImportProblem[] = [];
  const fail = (path: string, message: string): Parsed<ImportedProgramme> => ({ ok: false, problems: [{ path, message }] });
  if (!isObject(document) || !isObject(document.schedule)) return fail('schedule', 'not a schedule.json: it has no "schedule" object');
  const conference = document.schedule.conference;
  if (!isObject(conference)) return fail('schedule.conference', 'the schedule has no "conference" object');

  const timezone = text(conference.time_zone_name);
  if (!timezone) problems.push({ path: 'schedule.conference.time_zone_name', message: 'the conference needs its time zone, e.g. "Europe/Berlin"' });
  else if (!isTimeZone(timezone)) problems.push({ path: 'schedule.conference.time_zone_name', message: `"${timezone}" is not an IANA time zone such as Europe/Berlin` });
  const title = text(conference.title);
  if (!Array.isArray(conference.days)) problems.push({ path: 'schedule.conference.days', message: 'the conference needs a list of days' });
  if (problems.length > 0 || !timezone || !Array.isArray(conference.days)) return { ok: false, problems };

  const days = conference.days as unknown[];
  const context: Conference = { timezone, acronym: text(conference.acronym) || 'schedule' };
  const sessions: ImportedSession[] = [];
  days.forEach((day, d) => {
    const dayPath = `schedule.conference.days[${d}]`;
    if (!isObject(day) || !isObject(day.rooms)) return problems.push({ path: `${dayPath}.rooms`, message: 'a day needs its rooms, each a list of events' });
    for (const [roomName, events] of Object.entries(day.rooms)) {
      const roomPath = `${dayPath}.rooms.${roomName}`;
      if (!Array.isArray(events)) {
        problems.push({ path: roomPath, message: 'a room’s events must be a list' });
        continue;
      }
      events.forEach((event, e) => {
        const session = eventOf(event, `${roomPath}[${e}]`, roomName.trim(), day, context, defaultKind, problems);
        if (session) sessions.push(session);
      });
    }
  });
  const seen = new Map<string, string>();
  for (const session of sessions) {
    const first = seen.get(session.externalId);
    if (first) problems.push({ path: `${session.path}.guid`, message: `the guid "${session.externalId}" is given to ${first} too` });
    else seen.set(session.externalId, session.path);
  }
  problems.push(...overlaps(sessions));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { title, timezone, halls: hallNames(conference, days.filter(isObject)), sessions } };
}
