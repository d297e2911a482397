import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';

/**
 * A place where sessions are held one after another (the Main Hall hosts nine on day 1). Its
 * screens (stage display, projector) are set up once and follow whichever session the hall
 * holds; its own join code takes a phone into that session.
 */
export const HallSchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1).max(120),
  /** Typed on the join page like the event's audience code, it lands in the hall's live session. */
  code: z
    .string()
    .trim()
    .transform((code) => code.replace(/^#/, '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9]{4,12}$/, 'a join code is 4–12 letters or digits'))
    .optional(),
});
export type Hall = z.infer<typeof HallSchema>;

/**
 * Which session a hall's screens show: the server's choice, the same on every screen, one
 * revisioned fact per hall. Revision 0 (no room) until a session in the hall is first opened.
 */
export const HallStateSchema = z.object({
  eventId: IdSchema,
  hallId: IdSchema,
  revision: z.number().int().nonnegative(),
  roomId: IdSchema.nullable(),
  changedAtMs: EpochMsSchema.nullable(),
});
export type HallState = z.infer<typeof HallStateSchema>;

export function emptyHallState(eventId: string, hallId: string): HallState {
  return { eventId, hallId, revision: 0, roomId: null, changedAtMs: null };
}

/** A hall id made from its name ("Main Hall" → "main-hall"), for agendas that name halls only by a room's location. */
export function hallIdOf(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'hall';
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  return id;
}

type Scheduled = { id: string; hall: string | null; startsAt: string; endsAt: string };

/** The hall's sessions in programme order. */
export function sessionsOfHall<R extends Scheduled>(rooms: readonly R[], hallId: string): R[] {
  return rooms.filter((room) => room.hall === hallId).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id.localeCompare(b.id));
}

/**
 * The session that comes next in a hall: the one after `afterRoomId` in programme order when a
 * session was held, else the first that has not ended by `nowMs`. Null when the hall's day is over.
 * A hall that never held a session while the clock is past all of them (an event run again from
 * its programme, as the demo is) starts from its first.
 */
export function nextSessionOfHall<R extends Scheduled>(rooms: readonly R[], hallId: string, afterRoomId: string | null, nowMs: number): R | null {
  const sessions = sessionsOfHall(rooms, hallId);
  const held = afterRoomId === null ? -1 : sessions.findIndex((room) => room.id === afterRoomId);
  if (held >= 0) return sessions[held + 1] ?? null;
  return sessions.find((room) => Date.parse(room.endsAt) > nowMs) ?? (afterRoomId === null ? (sessions[0] ?? null) : null);
}

/**
 * Where a hall takes the people who join it (its QR code, its join code): its session while that
 * is open; between sessions, the next one (people wait in it until it opens); null when the
 * hall's day is over.
 */
export function liveRoomOfHall<R extends Scheduled>(rooms: readonly R[], state: HallState, currentIsOpen: boolean, nowMs: number): R | null {
  const current = state.roomId === null ? null : (rooms.find((room) => room.id === state.roomId && room.hall === state.hallId) ?? null);
  if (current && currentIsOpen) return current;
  return nextSessionOfHall(rooms, state.hallId, current?.id ?? null, nowMs);
}
