import { accept, refuse, type Result } from '../../shared/errors.ts';
import { AgendaRoomSchema, AgendaSchema, firstParentProblem, type Agenda, type AgendaRoom, type AgendaRoomChange } from '../../shared/model/event.ts';
import { describeZodError } from './http-errors.ts';

/*
 * The organiser's edits of one room, as functions of the agenda they apply to: the event
 * directory applies them to the agenda as stored at the moment of saving, again if another save
 * came first, so each is checked against the agenda it really changes.
 */

/** The agenda with one more room; the whole agenda is checked again (at most 200 rooms). */
export function withRoomAdded(agenda: Agenda, room: AgendaRoom): Result<Agenda> {
  if (agenda.rooms.some((r) => r.id === room.id)) return refuse('conflict', `Room "${room.id}" exists already.`);
  const next = AgendaSchema.safeParse({ ...agenda, rooms: [...agenda.rooms, room] });
  return next.success ? accept(next.data) : refuse('invalid_input', describeZodError(next.error));
}

/** The agenda with the fields `change` names set on one room; the others keep what they hold now. */
export function withRoomChanged(agenda: Agenda, roomId: string, change: AgendaRoomChange): Result<Agenda> {
  const current = agenda.rooms.find((room) => room.id === roomId);
  if (!current) return refuse('not_found', 'No such room.');
  const room = AgendaRoomSchema.safeParse({ ...current, ...change, id: current.id });
  if (!room.success) return refuse('invalid_input', describeZodError(room.error));
  const rooms = agenda.rooms.map((r) => (r.id === roomId ? room.data : r));
  // A parent is checked across rooms: another room of this agenda, with no parent of its own.
  const problem = firstParentProblem(rooms);
  if (problem) return refuse('invalid_input', `rooms.${problem.index}.parent: ${problem.message}`);
  return accept({ ...agenda, rooms });
}
