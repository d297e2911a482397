import type { Agenda, AgendaAtRevision, AgendaRoom } from '../../shared/model/event.ts';
import { roomQuotasOf } from '../../shared/model/quota.ts';
import type { RoomSettings } from '../../shared/model/room.ts';
import type { Actor } from '../domain/context.ts';
import { defaultSettings } from '../domain/initial-state.ts';
import type { Runtime } from '../runtime.ts';
import { newId } from './ids.ts';

/** The organiser API acts as the organiser: a configure it causes is theirs in the room's record. */
const ORGANISER_API: Actor = { personId: 'organiser-api', role: 'organiser', name: 'Organiser', organisation: null, country: null };

/**
 * After an organiser saved an agenda: every connected screen of the event gets it, and each live
 * room whose turn length the save changed takes the new length as its default turn, so the next
 * turn uses it while the running one keeps the time it was given. The amber and red points
 * follow the new length only where they still sit where the old length put them: points a
 * moderator chose stay theirs. A room whose turn length the save left alone keeps whatever its
 * moderator set. A save that changes a room's quotas (its own or the event's it uses) gives the
 * room the new ones.
 */
export async function agendaSaved(runtime: Runtime, before: Agenda | null, saved: AgendaAtRevision): Promise<void> {
  runtime.publisher.agendaChanged(saved);
  for (const room of saved.rooms) {
    const previous = before?.rooms.find((r) => r.id === room.id);
    if (!previous) continue;
    const change = { ...(await turnLengthChange(runtime, previous, room)), ...quotaChange(before, previous, saved, room) };
    if (Object.keys(change).length === 0) continue;
    const outcome = await runtime.live.run(room.id, 'room.configure', change, { actor: ORGANISER_API, room, newId }, runtime.now);
    if (!outcome.ok) runtime.logger.warn({ roomId: room.id, code: outcome.error.code, reason: outcome.error.message }, 'the agenda change did not reach the room');
  }
}

async function turnLengthChange(runtime: Runtime, previous: AgendaRoom, room: AgendaRoom): Promise<Partial<RoomSettings>> {
  if (previous.turnMinutes === room.turnMinutes) return {};
  const settings = (await runtime.live.state(room.id))?.settings;
  const old = defaultSettings(previous);
  const next = defaultSettings(room);
  return {
    defaultTurnMs: next.defaultTurnMs,
    ...(settings?.warningMs === old.warningMs ? { warningMs: next.warningMs } : {}),
    ...(settings?.dangerMs === old.dangerMs ? { dangerMs: next.dangerMs } : {}),
  };
}

/** A room's quotas follow the agenda's whenever a save changes what the room's quotas are. */
function quotaChange(before: Agenda | null, previous: AgendaRoom, saved: Agenda, room: AgendaRoom): Partial<RoomSettings> {
  const old = roomQuotasOf(before?.quotas, previous.quotas);
  const next = roomQuotasOf(saved.quotas, room.quotas);
  return JSON.stringify(old) === JSON.stringify(next) ? {} : { quotas: next };
}
