import { refuse, type Result } from '../../shared/errors.ts';
import type { Speaker } from '../../shared/model/person.ts';
import type { CommandId } from '../../shared/protocol/command-id.ts';
import type { CommandName, CommandPayload, CommandResult } from '../../shared/protocol/commands.ts';
import type { Person } from '../../shared/model/person.ts';
import { QUIZ_BOARD_SIZE } from '../../shared/model/quiz.ts';
import type { Role } from '../../shared/roles.ts';
import { roleInRoom, type RoomRef } from '../auth/access.ts';
import { questionAskerKey } from '../auth/secrets.ts';
import { itemKeys } from '../domain/poll-results.ts';
import { readPollResults } from '../live/results.ts';
import type { Actor, RoomCommand } from '../domain/context.ts';
import { castBallot, setUpvote } from '../live/ballots.ts';
import { switchHall } from '../live/halls.ts';
import { newId } from '../live/ids.ts';
import { muteOnVideo, removeFromVideo, videoPresence, videoToken } from '../media/media-commands.ts';
import { buildSnapshot } from '../live/snapshots.ts';
import type { Runtime } from '../runtime.ts';
import { channelFor, channels } from './channels.ts';
import { followHall, openInHall } from './hall-commands.ts';
import { inMembershipOrder } from './membership.ts';
import { inviteAsker } from './question-invite-commands.ts';
import { countdownInChildren, followOverview, leaveOverview, messageChildren } from './overview-commands.ts';
import type { PlenarySocket } from './socket-types.ts';

/** `commandId`: the id the client sent with the command, taken off its payload (shared/protocol/command-id.ts). */
export type CommandContext = { runtime: Runtime; socket: PlenarySocket; receivedAtMs: number; commandId?: CommandId | null };

type Handler<N extends CommandName> = (ctx: CommandContext, payload: CommandPayload<N>) => Promise<Result<CommandResult<N>>>;
type HandlerTable = { [N in CommandName]: Handler<N> };

/** Commands that name their room or hall themselves, or none; every other acts on the room this connection has joined. */
const ROOMLESS: ReadonlySet<CommandName> = new Set(['clock.ping', 'room.join', 'room.leave', 'hall.follow', 'hall.open']);

export function needsRoom(name: CommandName): boolean {
  return !ROOMLESS.has(name);
}

/** The joined room as far as roles go: a hall display's role depends on the room's hall, noted at the join. */
export function joinedRoomRef(ctx: Pick<CommandContext, 'socket'>, roomId: string): RoomRef {
  const { data } = ctx.socket;
  return { id: roomId, hall: data.roomId === roomId ? data.roomHall : null };
}

function joinedRoom(ctx: CommandContext): string {
  const roomId = ctx.socket.data.roomId;
  if (!roomId) throw new Error('needsRoom() is checked before a room command runs');
  return roomId;
}

export function actorOf(ctx: CommandContext, roomId: string): Actor {
  const { person } = ctx.socket.data;
  return actorAs(person, roleInRoom(person, joinedRoomRef(ctx, roomId)));
}

export function actorAs(person: Person, role: Role): Actor {
  return { personId: person.id, role, name: person.name, organisation: person.organisation, country: person.country };
}

export function leaveRoom(ctx: CommandContext): void {
  const { socket, runtime } = ctx;
  const roomId = socket.data.roomId;
  if (!roomId) return;
  for (const channel of [channels.chair(roomId), channels.stage(roomId), channels.public(roomId)]) void socket.leave(channel);
  leaveOverview(socket);
  socket.data.roomId = null;
  socket.data.roomHall = null;
  if (runtime.presence.leave(roomId, socket.data.person.id, socket.id)) runtime.pushes.mark(roomId, 'presence');
}

async function joinRoom(ctx: CommandContext, roomId: string): Promise<Result<CommandResult<'room.join'>>> {
  const { runtime, socket } = ctx;
  const person = socket.data.person;
  const totalsBefore = runtime.totals?.of(roomId);
  const room = await runtime.events.room(person.eventId, roomId);
  if (!room) return refuse('not_found', 'No such room at this event.');
  // Closed while the room was looked up: enter nothing; the disconnect's leave comes right after this.
  if (!socket.connected) return refuse('not_joined', 'The connection closed before the join.');
  if (socket.data.roomId !== roomId) {
    leaveRoom(ctx);
    const role = roleInRoom(person, room);
    socket.data.roomId = roomId;
    socket.data.roomHall = room.hall;
    runtime.presence.enter(roomId, person, role, socket.id);
    // Join the channel before reading the snapshot: a delta committed in between is then
    // received too, and the client drops deltas at or below the snapshot's revision.
    await socket.join(channelFor(role, roomId));
  }
  if (roleInRoom(person, joinedRoomRef(ctx, roomId)) === 'panellist') await claimProgrammeEntry(ctx, roomId);
  const snapshot = await snapshotOf(ctx, roomId);
  // Marked after the snapshot was read, not before: a push of counts read earlier may reach
  // this socket ahead of its snapshot and be overwritten by it, and with nobody else joining
  // (or upvoting that question) no later push would correct it. These read the counts after
  // the snapshot did; every question's count, since a push of changed ones may be the one lost.
  runtime.pushes.mark(roomId, 'presence');
  // Unless no vote count changed since this join began (known on one process only): then every
  // push this socket can get ahead of its snapshot holds the snapshot's counts, and a push to
  // the whole room per join was half of what a join burst sent.
  if (totalsBefore === undefined || runtime.totals?.of(roomId) !== totalsBefore) runtime.pushes.mark(roomId, 'votes');
  return snapshot;
}

/** A panellist the programme names takes over their entry on the list; most panellists have none, so a refusal is the usual answer. */
async function claimProgrammeEntry(ctx: CommandContext, roomId: string): Promise<void> {
  const room = await ctx.runtime.events.room(ctx.socket.data.person.eventId, roomId);
  if (!room || room.speakers.length === 0) return;
  await ctx.runtime.live.run(roomId, 'floor.claim', {}, { actor: actorOf(ctx, roomId), room, newId }, ctx.runtime.now);
}

async function snapshotOf(ctx: CommandContext, roomId: string): Promise<Result<CommandResult<'room.snapshot'>>> {
  const { runtime, socket } = ctx;
  const person = socket.data.person;
  const agenda = await runtime.events.agenda(person.eventId);
  const state = await runtime.live.state(roomId);
  if (!agenda || !state) return refuse('not_found', 'No such room.');
  return { ok: true, value: await buildSnapshot(runtime, agenda, state, person, roleInRoom(person, joinedRoomRef(ctx, roomId))) };
}

function roomCommand<N extends RoomCommand>(name: N): Handler<N> {
  return async (ctx, payload) => {
    const roomId = joinedRoom(ctx);
    const room = await ctx.runtime.events.room(ctx.socket.data.person.eventId, roomId);
    if (!room) return refuse('not_found', 'No such room.');
    const personId = ctx.socket.data.person.id;
    const askerKey = (questionId: string) => questionAskerKey(ctx.runtime.ballotKey, questionId, personId);
    const context = { actor: actorOf(ctx, roomId), room, newId, askerKey };
    const outcome = await ctx.runtime.live.run(roomId, name, payload as never, context, ctx.runtime.now, ctx.commandId ?? null);
    return outcome as Result<CommandResult<N>>;
  };
}

async function resolveSpeaker(ctx: CommandContext, speaker: CommandPayload<'floor.add'>['speaker']): Promise<Result<Speaker>> {
  if (!('personId' in speaker)) {
    return { ok: true, value: { personId: null, name: speaker.name, organisation: speaker.organisation ?? null, country: speaker.country ?? null } };
  }
  const person = await ctx.runtime.store.getPerson(speaker.personId);
  if (!person || person.eventId !== ctx.socket.data.person.eventId) return refuse('not_found', 'No such person at this event.');
  return { ok: true, value: { personId: person.id, name: person.name, organisation: person.organisation, country: person.country } };
}

export const COMMAND_HANDLERS: HandlerTable = {
  'clock.ping': async (ctx, { clientSentMs }) => ({
    ok: true,
    value: { clientSentMs, serverReceivedMs: ctx.receivedAtMs, serverSentMs: ctx.runtime.now() },
  }),
  'room.join': async (ctx, { roomId }) => inMembershipOrder(ctx.socket, () => joinRoom(ctx, roomId)),
  'room.leave': async (ctx) =>
    inMembershipOrder(ctx.socket, async () => {
      leaveRoom(ctx);
      return { ok: true, value: {} };
    }),
  'room.snapshot': async (ctx) => snapshotOf(ctx, joinedRoom(ctx)),
  'presence.list': async (ctx) => ({ ok: true, value: { people: await ctx.runtime.presence.list(joinedRoom(ctx)) } }),
  'overview.follow': followOverview,
  'overview.message': messageChildren,
  'overview.countdown': countdownInChildren,

  'media.token': async (ctx) => videoToken(ctx.runtime, ctx.socket.data.person, joinedRoom(ctx)),
  'media.presence': async (ctx) => videoPresence(ctx.runtime, ctx.socket.data.person, joinedRoom(ctx)),
  'media.mute': async (ctx, payload) => muteOnVideo(ctx.runtime, ctx.socket.data.person, joinedRoom(ctx), payload),
  'media.remove': async (ctx, payload) => removeFromVideo(ctx.runtime, ctx.socket.data.person, joinedRoom(ctx), payload),

  'poll.vote': async (ctx, { pollId, ballot }) => {
    const roomId = joinedRoom(ctx);
    return castBallot(ctx.runtime, roomId, actorOf(ctx, roomId), pollId, ballot);
  },
  'qa.upvote': async (ctx, { questionId }) => {
    const roomId = joinedRoom(ctx);
    return setUpvote(ctx.runtime, roomId, actorOf(ctx, roomId), questionId, true);
  },
  'qa.unvote': async (ctx, { questionId }) => {
    const roomId = joinedRoom(ctx);
    return setUpvote(ctx.runtime, roomId, actorOf(ctx, roomId), questionId, false);
  },

  'floor.add': async (ctx, payload) => {
    const speaker = await resolveSpeaker(ctx, payload.speaker);
    if (!speaker.ok) return speaker;
    return roomCommand('floor.add')(ctx, { ...payload, speaker: speaker.value } as never);
  },

  'floor.addProgramme': async (ctx, payload) => {
    const present = await ctx.runtime.presence.list(joinedRoom(ctx));
    const panellists = present
      .filter((person) => person.role === 'panellist')
      .map((person): Speaker => ({ personId: person.personId, name: person.name, organisation: person.organisation, country: person.country }));
    return roomCommand('floor.addProgramme')(ctx, { ...payload, present: panellists } as never);
  },
  'floor.claim': roomCommand('floor.claim'),

  'hall.follow': async (ctx, { hallId }) => inMembershipOrder(ctx.socket, () => followHall(ctx, hallId)),
  'hall.open': async (ctx, { roomId }) => openInHall(ctx, roomId),
  'room.open': async (ctx, payload) => {
    const roomId = joinedRoom(ctx);
    const room = await ctx.runtime.events.room(ctx.socket.data.person.eventId, roomId);
    // The hall moves first, so an acknowledged open always moved it too; a retry finds the hall
    // moved (the switch is idempotent). The state as the store holds it: a copy behind another
    // process's open would move the hall for an open that is then refused.
    const state = room?.hall ? await ctx.runtime.live.current(roomId) : null;
    if (room?.hall && state && !state.open) await switchHall(ctx.runtime, ctx.socket.data.person.eventId, room.hall, roomId);
    return roomCommand('room.open')(ctx, payload);
  },
  'room.close': roomCommand('room.close'),
  'room.configure': roomCommand('room.configure'),
  'floor.request': roomCommand('floor.request'),
  'floor.withdraw': roomCommand('floor.withdraw'),
  'floor.remove': roomCommand('floor.remove'),
  'floor.reorder': roomCommand('floor.reorder'),
  'floor.allot': roomCommand('floor.allot'),
  'floor.closeList': roomCommand('floor.closeList'),
  'floor.reopenList': roomCommand('floor.reopenList'),
  'floor.call': roomCommand('floor.call'),
  'floor.endTurn': roomCommand('floor.endTurn'),
  'floor.resume': roomCommand('floor.resume'),
  'floor.extraTime': roomCommand('floor.extraTime'),
  'timer.start': roomCommand('timer.start'),
  'timer.pause': roomCommand('timer.pause'),
  'timer.resume': roomCommand('timer.resume'),
  'timer.reset': roomCommand('timer.reset'),
  'timer.adjust': roomCommand('timer.adjust'),
  'timer.setDuration': roomCommand('timer.setDuration'),
  'timer.setThresholds': roomCommand('timer.setThresholds'),
  'timer.create': roomCommand('timer.create'),
  'timer.delete': roomCommand('timer.delete'),
  'message.send': roomCommand('message.send'),
  'message.dismiss': roomCommand('message.dismiss'),
  'poll.create': roomCommand('poll.create'),
  'poll.update': roomCommand('poll.update'),
  'poll.delete': roomCommand('poll.delete'),
  'poll.open': roomCommand('poll.open'),
  'poll.close': roomCommand('poll.close'),
  'poll.reveal': roomCommand('poll.reveal'),
  'poll.duplicate': roomCommand('poll.duplicate'),
  'poll.reopen': roomCommand('poll.reopen'),
  'poll.hide': async (ctx, payload) => {
    const state = await ctx.runtime.live.state(joinedRoom(ctx));
    const poll = state?.polls.find((p) => p.id === payload.pollId);
    const existing = poll ? itemKeys(await readPollResults(ctx.runtime.store, poll)) : [];
    return roomCommand('poll.hide')(ctx, { ...payload, existing } as never);
  },
  'poll.unhide': roomCommand('poll.unhide'),
  'qa.ask': roomCommand('qa.ask'),
  'qa.approve': roomCommand('qa.approve'),
  'qa.dismiss': roomCommand('qa.dismiss'),
  'qa.answer': roomCommand('qa.answer'),
  'qa.edit': roomCommand('qa.edit'),
  'qa.pin': roomCommand('qa.pin'),
  'qa.restore': roomCommand('qa.restore'),
  'qa.unanswer': roomCommand('qa.unanswer'),
  'qa.withdraw': roomCommand('qa.withdraw'),
  'qa.inviteAsker': async (ctx, payload) => inviteAsker(ctx, payload, (resolved) => roomCommand('qa.inviteAsker')(ctx, resolved as never)),
  'qa.acceptInvite': roomCommand('qa.acceptInvite'),
  'qa.declineInvite': roomCommand('qa.declineInvite'),
  'projector.show': roomCommand('projector.show'),
  'quiz.create': roomCommand('quiz.create'),
  'quiz.delete': roomCommand('quiz.delete'),
  'quiz.next': roomCommand('quiz.next'),
  'quiz.showLeaderboard': roomCommand('quiz.showLeaderboard'),
  'quiz.finish': roomCommand('quiz.finish'),
  'quiz.nickname': async (ctx, { quizId, nickname }) => {
    const roomId = joinedRoom(ctx);
    const state = await ctx.runtime.live.current(roomId);
    if (!state) return refuse('not_found', 'No such room.');
    return ctx.runtime.quizBoards.setNickname(state, quizId, ctx.socket.data.person.id, nickname);
  },
  'quiz.leaderboard': async (ctx, { quizId, limit }) => {
    const state = await ctx.runtime.live.current(joinedRoom(ctx));
    if (!state) return refuse('not_found', 'No such room.');
    return ctx.runtime.quizBoards.leaderboard(state, quizId, ctx.socket.data.person.id, limit ?? QUIZ_BOARD_SIZE);
  },
};
