import type { AgendaRoom } from '../../../shared/model/event.ts';

/**
 * Agenda times are instants with an offset; people read them as wall-clock times where the event
 * happens. Everything here takes the event's IANA time zone, never the device's.
 */

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockParts(utcMs: number, timeZone: string): Record<string, number> {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClockFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

/** Minutes the zone is ahead of UTC at that instant (daylight saving and history included). */
export function zoneOffsetMinutes(timeZone: string, utcMs: number): number {
  const p = wallClockParts(utcMs, timeZone);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The value of an `<input type="datetime-local">` showing this instant in the event's zone. */
export function zonedLocalInput(iso: string, timeZone: string): string {
  const p = wallClockParts(Date.parse(iso), timeZone);
  return `${p.year}-${pad(p.month ?? 1)}-${pad(p.day ?? 1)}T${pad(p.hour ?? 0)}:${pad(p.minute ?? 0)}`;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A wall-clock time typed for the event's zone, as the agenda stores it: "2023-05-17T11:30:00+06:00". */
export function isoFromZonedLocal(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wallAsUtc = Date.UTC(y, mo - 1, d, h, mi);
  // The offset depends on the instant, which depends on the offset: two passes settle it, DST included.
  const firstGuess = wallAsUtc - zoneOffsetMinutes(timeZone, wallAsUtc) * 60_000;
  const offset = zoneOffsetMinutes(timeZone, firstGuess);
  return `${local.slice(0, 16)}:00${formatOffset(offset)}`;
}

/** The calendar day, in the event's zone, on which the session starts: "2023-05-17". */
export function dayKey(iso: string, timeZone: string): string {
  return zonedLocalInput(iso, timeZone).slice(0, 10);
}

export type AgendaDay = { day: string; rooms: AgendaRoom[] };

/** Sessions grouped by day and ordered by start time; equal starts keep the agenda's order. */
export function roomsByDay(rooms: readonly AgendaRoom[], timeZone: string): AgendaDay[] {
  const ordered = rooms
    .map((room, index) => ({ room, index }))
    .sort((a, b) => Date.parse(a.room.startsAt) - Date.parse(b.room.startsAt) || a.index - b.index)
    .map(({ room }) => room);
  const days: AgendaDay[] = [];
  for (const room of ordered) {
    const day = dayKey(room.startsAt, timeZone);
    const last = days[days.length - 1];
    if (last?.day === day) last.rooms.push(room);
    else days.push({ day, rooms: [room] });
  }
  return days;
}

/** What the hall should expect after this session: the first one starting once it ends, else the next to start. */
export function nextOnAgenda(rooms: readonly AgendaRoom[], roomId: string): AgendaRoom | null {
  const current = rooms.find((room) => room.id === roomId);
  if (!current) return null;
  const later = (from: number, inclusive: boolean) =>
    rooms
      .filter((room) => room.id !== roomId && (inclusive ? Date.parse(room.startsAt) >= from : Date.parse(room.startsAt) > from))
      .reduce<AgendaRoom | null>((best, room) => (best === null || Date.parse(room.startsAt) < Date.parse(best.startsAt) ? room : best), null);
  return later(Date.parse(current.endsAt), true) ?? later(Date.parse(current.startsAt), false);
}

/** "11:30" in the event's zone, in the reader's language. */
export function formatTime(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** "Wednesday, 17 May" for a day key; the key is already local to the event, so it is formatted as UTC. */
export function formatDay(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(`${day}T12:00:00Z`));
}
