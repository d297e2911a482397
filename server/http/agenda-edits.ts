import { accept, refuse, type Result } from '../../shared/errors.ts';
import { AgendaRoomSchema, AgendaSchema, type Agenda, type AgendaRoom, type AgendaRoomChange } from '../../shared/model/event.ts';
import { describeZodError } from './http-errors.ts';

/*
 * The organiser's edits of one room, as functions of the agenda they apply to: the event
 * directory applies them to the agenda as stored at the moment of saving, again if another save
 * came first, so each is checked against the agenda it really changes.
 */

/**
 * The agenda with its rooms replaced, checked whole (at most 200 rooms): a room's `location`
 * resolves to a hall and its `hall` must be one of the agenda's.
 */
function recheck(agenda: Agenda, rooms: unknown[]): Result<Agenda> {
  const next = AgendaSchema.safeParse({ ...agenda, rooms });
  return next.success ? accept(next.data) : refuse('invalid_input', describeZodError(next.error));
}

/** The agenda with one more room. */
export function withRoomAdded(agenda: Agenda, room: AgendaRoom): Result<Agenda> {
  if (agenda.rooms.some((r) => r.id === room.id)) return refuse('conflict', `Room "${room.id}" exists already.`);
  return recheck(agenda, [...agenda.rooms, room]);
}

/**
 * The agenda with the fields `change` names set on one room; the others keep what they hold now.
 * `quotas: null` takes the room's own quotas away, so the event's apply there again.
 */
export function withRoomChanged(agenda: Agenda, roomId: string, change: AgendaRoomChange): Result<Agenda> {
  const current = agenda.rooms.find((room) => room.id === roomId);
  if (!current) return refuse('not_found', 'No such room.');
  const { quotas, ...rest } = { ...current, ...change, id: current.id };
  // The room alone first, so its own problems are named by its fields (endsAt, speakers).
  const room = AgendaRoomSchema.safeParse(quotas === null ? rest : { ...rest, quotas });
  if (!room.success) return refuse('invalid_input', describeZodError(room.error));
  return recheck(
    agenda,
    agenda.rooms.map((r) => (r.id === roomId ? room.data : r)),
  );
}
