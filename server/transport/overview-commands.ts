import { refuse, type Result } from '../../shared/errors.ts';
import { childRoomsOf, type AgendaRoom } from '../../shared/model/event.ts';
import type { CommandPayload, CommandResult } from '../../shared/protocol/commands.ts';
import { roleInRoom } from '../auth/access.ts';
import type { Actor, DomainPayload, RoomCommand } from '../domain/context.ts';
import { newId } from '../live/ids.ts';
import type { RoomCommandOutcome } from '../live/live-rooms.ts';
import { buildSnapshot } from '../live/snapshots.ts';
import { channels } from './channels.ts';
import { inMembershipOrder } from './membership.ts';
import { joinedRoomRef, type CommandContext } from './command-handlers.ts';
import type { PlenarySocket } from './socket-types.ts';

/**
 * A parent room's chair over its child rooms. The permission table lets only the parent's chair
 * run these (a child's moderator is audience in the parent); each fan-out runs the ordinary room
 * command in every child, as the parent's chair, so the children's own rules and receipts apply.
 */

type ParentAndChildren = { parentId: string; children: AgendaRoom[] };

async function childrenOfJoined(ctx: CommandContext): Promise<Result<ParentAndChildren>> {
  const parentId = ctx.socket.data.roomId;
  if (!parentId) return refuse('not_joined', 'Join the parent room first (room.join).');
  const agenda = await ctx.runtime.events.agenda(ctx.socket.data.person.eventId);
  const children = agenda ? childRoomsOf(agenda, parentId) : [];
  if (children.length === 0) return refuse('not_found', 'No room names this one as its parent.');
  return { ok: true, value: { parentId, children } };
}

/** The channels this connection follows for its overview; left with the parent room (leaveRoom). */
export function leaveOverview(socket: PlenarySocket): void {
  for (const childId of socket.data.overviewOf ?? []) void socket.leave(channels.chair(childId));
  socket.data.overviewOf = [];
}

export async function followOverview(ctx: CommandContext): Promise<Result<CommandResult<'overview.follow'>>> {
  const found = await childrenOfJoined(ctx);
  if (!found.ok) return found;
  const { runtime, socket } = ctx;
  const { person } = socket.data;
  return inMembershipOrder(socket, async () => {
    const agenda = await runtime.events.agenda(person.eventId);
    // Left or moved to another room while the agenda was read: follow nothing.
    if (!agenda || socket.data.roomId !== found.value.parentId) return refuse('not_joined', 'The connection left the parent room.');
    const childIds = found.value.children.map((child) => child.id);
    leaveOverview(socket);
    socket.data.overviewOf = childIds;
    // Channels first, snapshots after, as room.join does: a delta committed in between is received too and dropped by revision.
    await socket.join(childIds.map((childId) => channels.chair(childId)));
    const snapshots = [];
    for (const childId of childIds) {
      // Reading the state also has this process follow the child's deltas from the store (Redis).
      const state = await runtime.live.state(childId);
      if (!state) return refuse('not_found', `No live state for room "${childId}".`);
      snapshots.push(await buildSnapshot(runtime, agenda, state, person, 'moderator'));
    }
    return { ok: true, value: { children: snapshots } };
  });
}

type ChildRun = { child: AgendaRoom; outcome: RoomCommandOutcome };

/**
 * Runs one room command in every child, one after another. A refusal stops the fan-out and is
 * answered with the room named; the children that committed keep their change, and a retry with
 * the same commandId is answered from their receipts, so it completes the rest without doubling.
 */
async function inEveryChild<N extends RoomCommand>(
  ctx: CommandContext,
  { parentId, children }: ParentAndChildren,
  name: N,
  payload: (child: AgendaRoom) => DomainPayload<N>,
  options: { nowMs?: number; commandIdSuffix?: string } = {},
): Promise<Result<ChildRun[]>> {
  const { person } = ctx.socket.data;
  // Acting in the child as the parent's chair: the role they hold in the parent, checked when the command arrived.
  const actor: Actor = { personId: person.id, role: roleInRoom(person, joinedRoomRef(ctx, parentId)), name: person.name, organisation: person.organisation, country: person.country };
  const now = options.nowMs === undefined ? ctx.runtime.now : () => options.nowMs as number;
  const commandId = ctx.commandId ? `${ctx.commandId}${options.commandIdSuffix ?? ''}` : null;
  const runs: ChildRun[] = [];
  for (const child of children) {
    const outcome = await ctx.runtime.live.run(child.id, name, payload(child), { actor, room: child, newId }, now, commandId);
    if (!outcome.ok) return refuse(outcome.error.code, `${child.title}: ${outcome.error.message}`);
    runs.push({ child, outcome: outcome.value });
  }
  return { ok: true, value: runs };
}

export async function messageChildren(ctx: CommandContext, { text }: CommandPayload<'overview.message'>): Promise<Result<CommandResult<'overview.message'>>> {
  const found = await childrenOfJoined(ctx);
  if (!found.ok) return found;
  const sent = await inEveryChild(ctx, found.value, 'message.send', () => ({ text }));
  if (!sent.ok) return sent;
  const rooms = sent.value.map(({ child, outcome }) => ({ roomId: child.id, revision: outcome.revision, messageId: String(outcome['messageId']) }));
  return { ok: true, value: { rooms } };
}

export async function countdownInChildren(
  ctx: CommandContext,
  { label, seconds }: CommandPayload<'overview.countdown'>,
): Promise<Result<CommandResult<'overview.countdown'>>> {
  const found = await childrenOfJoined(ctx);
  if (!found.ok) return found;
  // One instant for every child: each timer is created and started as of it, whichever commits first.
  const startedAtMs = ctx.runtime.now();
  const created = await inEveryChild(ctx, found.value, 'timer.create', () => ({ label, seconds }), { nowMs: startedAtMs });
  if (!created.ok) return created;
  const timerIds = new Map(created.value.map(({ child, outcome }) => [child.id, String(outcome['timerId'])]));
  const timerOf = (child: AgendaRoom) => timerIds.get(child.id) as string;
  const started = await inEveryChild(ctx, found.value, 'timer.start', (child) => ({ timerId: timerOf(child) }), { nowMs: startedAtMs, commandIdSuffix: '-start' });
  if (!started.ok) return started;
  const rooms = started.value.map(({ child, outcome }) => ({ roomId: child.id, revision: outcome.revision, timerId: timerOf(child) }));
  return { ok: true, value: { startedAtMs: await startInstant(ctx, rooms[0], startedAtMs), rooms } };
}

/** A retry answered from receipts started the timers at the first attempt's instant: the state says when. */
async function startInstant(ctx: CommandContext, first: { roomId: string; timerId: string } | undefined, fallbackMs: number): Promise<number> {
  if (!first) return fallbackMs;
  const state = await ctx.runtime.live.state(first.roomId);
  const timer = state?.timers.named.find((named) => named.id === first.timerId);
  return timer?.timer.runningSinceMs ?? fallbackMs;
}
