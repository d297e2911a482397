import type { Agenda, AgendaAtRevision } from '../../shared/model/event.ts';
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
 * moderator set.
 */
export async function agendaSaved(runtime: Runtime, before: Agenda | null, saved: AgendaAtRevision): Promise<void> {
  runtime.publisher.agendaChanged(saved);
  for (const room of saved.rooms) {
    const previous = before?.rooms.find((r) => r.id === room.id);
    if (!previous || previous.turnMinutes === room.turnMinutes) continue;
    const settings = (await runtime.live.state(room.id))?.settings;
    const old = defaultSettings(previous);
    const next = defaultSettings(room);
    const change = {
      defaultTurnMs: next.defaultTurnMs,
      ...(settings?.warningMs === old.warningMs ? { warningMs: next.warningMs } : {}),
      ...(settings?.dangerMs === old.dangerMs ? { dangerMs: next.dangerMs } : {}),
    };
    const outcome = await runtime.live.run(room.id, 'room.configure', change, { actor: ORGANISER_API, room, newId }, runtime.now);
    if (!outcome.ok) runtime.logger.warn({ roomId: room.id, code: outcome.error.code, reason: outcome.error.message }, 'the new turn length did not reach the room');
  }
}
