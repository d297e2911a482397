import { hallOfRoom, type Agenda, type AgendaRoom } from '../../shared/model/event.ts';
import { localDateTime, offsetMinutes, vtimezoneLines } from './vtimezone.ts';

const DAY_MS = 24 * 3_600_000;

/** What a feed is of: the whole event, one hall's sessions, or one session. */
export type CalendarScope = { kind: 'event' } | { kind: 'hall'; hallId: string } | { kind: 'room'; roomId: string };

export type CalendarFeed = {
  agenda: Agenda;
  scope: CalendarScope;
  /** The event's revision: every entry's SEQUENCE, so a calendar app takes an edited agenda as an update. */
  revision: number;
  updatedAtMs: number;
  /** PUBLIC_URL: the join links and the UIDs' domain. */
  publicUrl: string;
};

/** TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped. */
function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Content lines fold at 75 octets (§3.1), never inside a UTF-8 character. */
function fold(line: string): string {
  const parts: string[] = [];
  let part = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(part);
      part = '';
      octets = 0;
    }
    part += char;
    octets += size;
  }
  parts.push(part);
  return parts.join('\r\n ');
}

function utc(atMs: number): string {
  return localDateTime(atMs, 0) + 'Z';
}

function roomsIn(agenda: Agenda, scope: CalendarScope): AgendaRoom[] {
  if (scope.kind === 'hall') return agenda.rooms.filter((room) => room.hall === scope.hallId);
  if (scope.kind === 'room') return agenda.rooms.filter((room) => room.id === scope.roomId);
  return agenda.rooms;
}

function nameOf(agenda: Agenda, scope: CalendarScope): string {
  if (scope.kind === 'hall') return `${agenda.title} – ${agenda.halls.find((hall) => hall.id === scope.hallId)?.name ?? scope.hallId}`;
  if (scope.kind === 'room') return `${agenda.title} – ${agenda.rooms.find((room) => room.id === scope.roomId)?.title ?? scope.roomId}`;
  return agenda.title;
}

export function roomJoinUrl(publicUrl: string, eventId: string, roomId: string): string {
  return `${publicUrl}/e/${encodeURIComponent(eventId)}/r/${encodeURIComponent(roomId)}`;
}

function eventLines(feed: CalendarFeed, room: AgendaRoom): string[] {
  const { agenda, publicUrl } = feed;
  const zone = agenda.timezone;
  const local = (iso: string) => {
    const atMs = Date.parse(iso);
    return localDateTime(atMs, offsetMinutes(zone, atMs));
  };
  const joinUrl = roomJoinUrl(publicUrl, agenda.id, room.id);
  const people = (label: string, list: AgendaRoom['speakers']) =>
    list.length === 0 ? [] : [`${label}: ${list.map((p) => [p.name, p.organisation].filter(Boolean).join(', ')).join('; ')}`];
  const description = [room.description, ...people('Moderators', room.moderators), ...people('Speakers', room.speakers), `Join: ${joinUrl}`]
    .filter((line) => line !== '')
    .join('\n');
  const location = [hallOfRoom(agenda, room)?.name, agenda.venue].filter(Boolean).join(', ');
  return [
    'BEGIN:VEVENT',
    `UID:${room.id}.${agenda.id}@${new URL(publicUrl).host}`,
    `DTSTAMP:${utc(feed.updatedAtMs)}`,
    `LAST-MODIFIED:${utc(feed.updatedAtMs)}`,
    `SEQUENCE:${feed.revision}`,
    `DTSTART;TZID=${zone}:${local(room.startsAt)}`,
    `DTEND;TZID=${zone}:${local(room.endsAt)}`,
    `SUMMARY:${text(room.title)}`,
    ...(location ? [`LOCATION:${text(location)}`] : []),
    `DESCRIPTION:${text(description)}`,
    `URL:${joinUrl}`,
    `CATEGORIES:${text(room.kind)}`,
    'END:VEVENT',
  ];
}

/** The feed as an iCalendar object (RFC 5545): CRLF line ends, folded lines. */
export function icalendar(feed: CalendarFeed): string {
  const { agenda } = feed;
  const rooms = roomsIn(agenda, feed.scope);
  const times = rooms.flatMap((room) => [Date.parse(room.startsAt), Date.parse(room.endsAt)]);
  // Only local times need the zone: a feed with no session has none.
  const zone = times.length === 0 ? [] : vtimezoneLines(agenda.timezone, Math.min(...times) - DAY_MS, Math.max(...times) + DAY_MS);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Plenary//Plenary agenda//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${text(nameOf(agenda, feed.scope))}`,
    `X-WR-TIMEZONE:${agenda.timezone}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...zone,
    ...rooms.flatMap((room) => eventLines(feed, room)),
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
