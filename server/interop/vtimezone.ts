/**
 * A VTIMEZONE (RFC 5545 §3.6.5) for an IANA zone, from the zone rules Node's ICU holds: the
 * offset in force at the start of the span, then each change within it as an observance of its
 * own. Explicit transitions rather than RRULEs, so zones whose rules changed (Almaty left UTC+6
 * in 2024) come out right without a rule table of our own.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export type ZoneTransition = { atMs: number; fromMinutes: number; toMinutes: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in minutes east of Greenwich. */
export function offsetMinutes(timeZone: string, atMs: number): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, formatter);
  }
  const name = formatter.formatToParts(atMs).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** Every change of the zone's offset in [fromMs, toMs), to the minute. */
export function zoneTransitions(timeZone: string, fromMs: number, toMs: number): ZoneTransition[] {
  const transitions: ZoneTransition[] = [];
  let at = fromMs;
  let offset = offsetMinutes(timeZone, at);
  while (at < toMs) {
    const next = Math.min(at + DAY_MS, toMs);
    const nextOffset = offsetMinutes(timeZone, next);
    if (nextOffset !== offset) {
      let before = at;
      let after = next;
      while (after - before > MINUTE_MS) {
        const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
        if (offsetMinutes(timeZone, middle) === offset) before = middle;
        else after = middle;
      }
      transitions.push({ atMs: after, fromMinutes: offset, toMinutes: nextOffset });
      offset = nextOffset;
    }
    at = next;
  }
  return transitions;
}

/** "+0600", "-0330": an offset as TZOFFSETFROM and TZOFFSETTO write it. */
export function icalOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** "20230517T113000": an instant as the wall clock reads it at that offset (a local DATE-TIME). */
export function localDateTime(atMs: number, offset: number): string {
  return new Date(atMs + offset * MINUTE_MS).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, '');
}

/** The zone's standard (winter) offset in the year of an instant: the smaller of January's and July's. */
function standardOffset(timeZone: string, atMs: number): number {
  const year = new Date(atMs).getUTCFullYear();
  return Math.min(offsetMinutes(timeZone, Date.UTC(year, 0, 1)), offsetMinutes(timeZone, Date.UTC(year, 6, 1)));
}

function observance(timeZone: string, atMs: number, from: number, to: number): string[] {
  const kind = to > standardOffset(timeZone, atMs) ? 'DAYLIGHT' : 'STANDARD';
  return [`BEGIN:${kind}`, `DTSTART:${localDateTime(atMs, from)}`, `TZOFFSETFROM:${icalOffset(from)}`, `TZOFFSETTO:${icalOffset(to)}`, `END:${kind}`];
}

/** The VTIMEZONE's lines for date-times between fromMs and toMs. */
export function vtimezoneLines(timeZone: string, fromMs: number, toMs: number): string[] {
  const start = Math.floor(fromMs / DAY_MS) * DAY_MS;
  const initial = offsetMinutes(timeZone, start);
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${timeZone}`,
    ...observance(timeZone, start, initial, initial),
    ...zoneTransitions(timeZone, start, toMs).flatMap((change) => observance(timeZone, change.atMs, change.fromMinutes, change.toMinutes)),
    'END:VTIMEZONE',
  ];
}
