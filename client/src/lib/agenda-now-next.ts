import type { AgendaRoom } from '../../../shared/model/event.ts';
import { formatTime } from './agenda-time.ts';

/** "09:30–10:30" in the event's time zone. */
export function timeRange(room: Pick<AgendaRoom, 'startsAt' | 'endsAt'>, timeZone: string, locale: string): string {
  return `${formatTime(room.startsAt, timeZone, locale)}–${formatTime(room.endsAt, timeZone, locale)}`;
}

export type NowAndNext = { now: string[]; next: string[] };

/**
 * What is on now and what starts next, by the server's clock (the caller passes it: a device
 * clock that is wrong by minutes would point people at the wrong room). Parallel sessions
 * share "now", and every room starting at the next start time is "next".
 */
export function nowAndNext(rooms: readonly AgendaRoom[], serverNowMs: number): NowAndNext {
  const now = rooms.filter((r) => Date.parse(r.startsAt) <= serverNowMs && serverNowMs < Date.parse(r.endsAt)).map((r) => r.id);
  const upcoming = rooms.filter((r) => Date.parse(r.startsAt) > serverNowMs);
  if (upcoming.length === 0) return { now, next: [] };
  const nextStart = Math.min(...upcoming.map((r) => Date.parse(r.startsAt)));
  return { now, next: upcoming.filter((r) => Date.parse(r.startsAt) === nextStart).map((r) => r.id) };
}

export type EventPhase = 'before' | 'during' | 'after';

export function eventPhase(rooms: readonly AgendaRoom[], serverNowMs: number): EventPhase {
  if (rooms.length === 0) return 'after';
  const first = Math.min(...rooms.map((r) => Date.parse(r.startsAt)));
  const last = Math.max(...rooms.map((r) => Date.parse(r.endsAt)));
  if (serverNowMs < first) return 'before';
  return serverNowMs >= last ? 'after' : 'during';
}

/**
 * "11:30" from "2023-05-17T11:30:00+06:00": the wall-clock time written in the agenda, which is
 * the event's local time. A room snapshot carries no time-zone name, but its times carry their
 * offset, so reading the clock digits shows what the printed programme shows.
 */
export function agendaWallClock(iso: string): string {
  const match = /T(\d{2}):(\d{2})/.exec(iso);
  return match ? `${match[1]}:${match[2]}` : iso;
}
