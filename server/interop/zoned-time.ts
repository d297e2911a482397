import { offsetMinutes } from './vtimezone.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "2023-05-17T11:30:00+06:00": an instant as the zone's wall clock reads it, with the offset in force then. */
export function zonedIso(atMs: number, timeZone: string): string {
  const offset = offsetMinutes(timeZone, atMs);
  return `${new Date(atMs + offset * MINUTE_MS).toISOString().slice(0, 19)}${offsetText(offset)}`;
}

/** "11:30": the zone's wall-clock time at an instant. */
export function zonedClock(atMs: number, timeZone: string): string {
  return zonedIso(atMs, timeZone).slice(11, 16);
}

/**
 * The instant a wall-clock time names in a zone ("2023-05-17", "11:30"): of the offsets in force
 * a day before and a day after, the one that reads back as that time (the earlier instant when
 * both do, as clocks go back); a time the clocks skip is read with the offset before the change.
 */
export function instantOf(date: string, clock: string, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = clock.split(':').map(Number);
  const asUtc = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0);
  const before = asUtc - offsetMinutes(timeZone, asUtc - DAY_MS) * MINUTE_MS;
  const after = asUtc - offsetMinutes(timeZone, asUtc + DAY_MS) * MINUTE_MS;
  const readsBack = [before, after].filter((at) => asUtc - at === offsetMinutes(timeZone, at) * MINUTE_MS);
  return readsBack.length > 0 ? Math.min(...readsBack) : before;
}

/** "YYYY-MM-DD" that is a real date. */
export function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === text;
}

/** "H:MM" or "HH:MM" on a 24-hour clock. */
export function isClock(text: string): boolean {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  return match !== null && Number(match[1]) < 24 && Number(match[2]) < 60;
}

/**
 * Minutes of a duration "HH:MM" (hours may pass 24, minutes stay under 60), or "HH:MM:SS" as
 * some exporters write it (the seconds dropped); null when it is not one.
 */
export function durationMinutes(text: string): number | null {
  const match = /^(\d{1,3}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!match || Number(match[2]) >= 60 || Number(match[3] ?? 0) >= 60) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}
