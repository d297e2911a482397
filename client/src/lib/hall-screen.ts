import type { AgendaRoom } from '../../../shared/model/event.ts';
import { nextSessionOfHall, type HallState } from '../../../shared/model/hall.ts';
import type { PublicAgenda } from '../../../shared/protocol/http.ts';
import type { ServerEventPayload } from '../../../shared/protocol/server-events.ts';
import { dayKey } from './agenda-time.ts';

/**
 * A hall's choice as this screen holds it: a push applies only when it is newer than what is held
 * (pushes and the answer to hall.follow may arrive in either order), and only for this hall.
 */
export function followHallState(held: HallState | null, incoming: HallState): HallState | null {
  if (held && (incoming.hallId !== held.hallId || incoming.eventId !== held.eventId || incoming.revision <= held.revision)) return held;
  return incoming;
}

/** The room this screen has loaded: which one, and whether it is open. */
export type LoadedRoom = { roomId: string; open: boolean };

/**
 * What a hall's screen shows:
 * - `session`: a session that is open (while switching, the one before stays until the new one has loaded);
 * - `between`: the hall's session closed, or none chosen yet: what comes next today;
 * - `dayOver`: nothing more today in this hall (`next`, if any, is on a later day);
 * - `loading`: the chosen session has not loaded yet and nothing open is shown.
 */
export type HallScreenView =
  | { kind: 'loading' }
  | { kind: 'session' }
  | { kind: 'between'; next: AgendaRoom }
  | { kind: 'dayOver'; next: AgendaRoom | null };

export function hallScreenView(
  agenda: Pick<PublicAgenda, 'rooms' | 'timezone'>,
  state: HallState,
  loaded: LoadedRoom | null,
  nowMs: number,
): HallScreenView {
  if (state.roomId !== null) {
    if (loaded?.open) return { kind: 'session' };
    if (loaded === null) return { kind: 'loading' };
    // Between sessions when the hall moved on: the chosen one is what comes next until it has loaded.
    const chosen = agenda.rooms.find((room) => room.id === state.roomId);
    if (loaded.roomId !== state.roomId && chosen) return { kind: 'between', next: chosen };
  }
  return waiting(agenda, state, nowMs);
}

function waiting(agenda: Pick<PublicAgenda, 'rooms' | 'timezone'>, state: HallState, nowMs: number): HallScreenView {
  const next = nextSessionOfHall(agenda.rooms, state.hallId, state.roomId, nowMs);
  if (!next) return { kind: 'dayOver', next: null };
  const today = dayKey(new Date(nowMs).toISOString(), agenda.timezone);
  // A hall's last session ended with nothing later that day: tomorrow's first is not "next" on a wall tonight.
  if (dayKey(next.startsAt, agenda.timezone) !== today && Date.parse(next.startsAt) > nowMs) {
    const heldToday = state.roomId !== null || agenda.rooms.some((room) => room.hall === state.hallId && dayKey(room.startsAt, agenda.timezone) === today);
    if (heldToday) return { kind: 'dayOver', next };
  }
  return { kind: 'between', next };
}

/**
 * An organiser's save, pushed: it replaces the held agenda unless an equal or newer one was
 * applied already. The public address is not part of the push and is kept.
 */
export function followPublicAgenda<A extends PublicAgenda>(
  held: { agenda: A; revision: number | null },
  pushed: ServerEventPayload<'agenda.changed'>,
): { agenda: A; revision: number | null } {
  if (held.revision !== null && pushed.revision <= held.revision) return held;
  const { revision, ...agenda } = pushed;
  return { agenda: { ...held.agenda, ...agenda }, revision };
}
