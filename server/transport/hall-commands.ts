import { refuse, type Result } from '../../shared/errors.ts';
import type { CommandResult } from '../../shared/protocol/commands.ts';
import { isChair } from '../../shared/roles.ts';
import { roleInRoom } from '../auth/access.ts';
import { switchHall } from '../live/halls.ts';
import { newId } from '../live/ids.ts';
import { channels } from './channels.ts';
import { actorAs, type CommandContext } from './command-handlers.ts';

/**
 * Follows a hall: its channel is joined before its state is read, so a change committed in
 * between arrives too, and the client drops a hall.changed at or below the revision it holds.
 * A connection follows one hall; following another leaves the first.
 */
export async function followHall(ctx: CommandContext, hallId: string): Promise<Result<CommandResult<'hall.follow'>>> {
  const { runtime, socket } = ctx;
  const { eventId } = socket.data.person;
  const agenda = await runtime.events.agenda(eventId);
  if (!agenda?.halls.some((hall) => hall.id === hallId)) return refuse('not_found', 'No such hall at this event.');
  if (!socket.connected) return refuse('not_joined', 'The connection closed before it followed the hall.');
  if (socket.data.hallId !== hallId) {
    if (socket.data.hallId) void socket.leave(channels.hall(eventId, socket.data.hallId));
    socket.data.hallId = hallId;
    await socket.join(channels.hall(eventId, hallId));
  }
  return { ok: true, value: await runtime.store.loadHall(eventId, hallId) };
}

/**
 * Makes a session its hall's current one, then opens it if it is closed. The organiser may, and
 * so may the session's moderators and, handing over, the moderators of the session the hall
 * holds now. The hall moves first: an acknowledged open always moved it, and a retry finishes
 * both (the switch is idempotent, an open room is not an error here).
 */
export async function openInHall(ctx: CommandContext, roomId: string): Promise<Result<CommandResult<'hall.open'>>> {
  const { runtime, socket } = ctx;
  const { person } = socket.data;
  const agenda = await runtime.events.agenda(person.eventId);
  const room = agenda?.rooms.find((r) => r.id === roomId);
  if (!agenda || !room) return refuse('not_found', 'No such room at this event.');
  if (room.hall === null) return refuse('invalid_input', 'hall.open: roomId: the session has no hall.');
  const held = await runtime.store.loadHall(person.eventId, room.hall);
  const heldRoom = agenda.rooms.find((r) => r.id === held.roomId && r.hall === room.hall);
  const role = roleInRoom(person, room);
  const handingOver = heldRoom ? roleInRoom(person, heldRoom) : null;
  const chairRole = isChair(role) ? role : handingOver && isChair(handingOver) ? handingOver : null;
  if (!chairRole) return refuse('forbidden', `Only the organiser or a moderator of this session or of the one the hall holds now may open it in the hall.`);

  const hall = await switchHall(runtime, person.eventId, room.hall, roomId);
  const state = await runtime.live.current(roomId);
  if (!state) return refuse('not_found', 'No such room.');
  if (state.open) return { ok: true, value: { hall, revision: state.revision } };
  const opened = await runtime.live.run(roomId, 'room.open', {}, { actor: actorAs(person, chairRole), room, newId }, runtime.now, ctx.commandId ?? null);
  if (opened.ok) return { ok: true, value: { hall, revision: opened.value.revision } };
  // Opened meanwhile by someone else: the session is open, which is what was asked.
  const now = await runtime.live.current(roomId);
  if (opened.error.code === 'conflict' && now?.open) return { ok: true, value: { hall, revision: now.revision } };
  return opened;
}
