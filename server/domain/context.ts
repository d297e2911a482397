import type { Result } from '../../shared/errors.ts';
import type { AgendaRoom } from '../../shared/model/event.ts';
import type { Speaker } from '../../shared/model/person.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { CommandName, CommandPayload, CommandResult } from '../../shared/protocol/commands.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import type { Role } from '../../shared/roles.ts';

/** Who sends a command, with their role in this room. */
export type Actor = {
  personId: string;
  role: Role;
  name: string;
  organisation: string | null;
  country: string | null;
};

/** Everything a decision may depend on besides the state: time and ids are passed in, never read. */
export type DomainContext = {
  nowMs: number;
  actor: Actor;
  room: AgendaRoom;
  newId: (prefix: string) => string;
  /**
   * The actor's key for a question (see Question.askerKey), computed by the transport with a
   * server secret the domain never sees. Absent where nobody asks or edits as themselves
   * (the organiser API, schedulers): their anonymous questions belong to nobody.
   */
  askerKey?: (questionId: string) => string;
};

/** Commands that do not change revisioned room state, handled by the transport or the ballot and upvote paths. */
export type NonRoomCommand =
  | 'clock.ping'
  | 'room.join'
  | 'room.leave'
  | 'room.snapshot'
  | 'hall.follow'
  | 'hall.open'
  | 'presence.list'
  | 'overview.follow'
  | 'overview.message'
  | 'overview.countdown'
  | 'poll.vote'
  | 'qa.upvote'
  | 'qa.unvote'
  | 'quiz.nickname'
  | 'quiz.leaderboard'
  | 'media.token'
  | 'media.presence'
  | 'media.mute'
  | 'media.remove';
export type RoomCommand = Exclude<CommandName, NonRoomCommand>;

/** The transport resolves a person id to the speaker it names before the domain sees the command. */
type DomainPayloadOverrides = {
  'floor.add': Omit<CommandPayload<'floor.add'>, 'speaker'> & { speaker: Speaker };
  /** Panellists in the room now: a programme speaker who is one of them goes on the list as that person. */
  'floor.addProgramme': CommandPayload<'floor.addProgramme'> & { present: Speaker[] };
  /** The keys of the words and answers the poll has now (read from the store): only those can be hidden. */
  'poll.hide': CommandPayload<'poll.hide'> & { existing: readonly string[] };
  /** The asker's name as the transport found them, for the chair's acknowledgement only; null when not in the room. */
  'qa.inviteAsker': CommandPayload<'qa.inviteAsker'> & { askerName: string | null };
};
export type DomainPayload<N extends RoomCommand> = N extends keyof DomainPayloadOverrides
  ? DomainPayloadOverrides[N]
  : CommandPayload<N>;

export type Decision<N extends RoomCommand> = {
  events: RoomEvent[];
  result: Omit<CommandResult<N>, 'revision'>;
};

export type RoomHandler<N extends RoomCommand> = (
  state: RoomState,
  payload: DomainPayload<N>,
  ctx: DomainContext,
) => Result<Decision<N>>;

export type RoomHandlers<N extends RoomCommand> = { [K in N]: RoomHandler<K> };

export function decided<N extends RoomCommand>(events: RoomEvent[], result: Decision<N>['result']): Result<Decision<N>> {
  return { ok: true, value: { events, result } };
}
