import { AgendaSchema, type Agenda } from '../../shared/model/event.ts';

/**
 * An agenda as either store keeps it (JSON). One saved before halls (no `halls`, rooms with a
 * `location`) is read as the agenda file it came from: its locations become halls, so every
 * reader sees one shape. Its next save stores that shape.
 */
export function readStoredAgenda(json: string): Agenda {
  const stored = JSON.parse(json) as Agenda;
  if (Array.isArray(stored.halls)) return stored;
  const upgraded = AgendaSchema.safeParse(stored);
  if (upgraded.success) return upgraded.data;
  // Valid when saved; a rule added since must not make the event unreadable.
  return { ...stored, halls: [], rooms: stored.rooms.map((room) => ({ ...room, hall: null })) };
}
