import type { CommandName } from './protocol/commands.ts';
import type { Role } from './roles.ts';

const EVERYONE: readonly Role[] = ['organiser', 'moderator', 'panellist', 'participant', 'audience', 'display'];
/** The organiser can do everything a moderator can, in every room. */
const CHAIR: readonly Role[] = ['organiser', 'moderator'];
const SPEAKERS: readonly Role[] = ['panellist', 'participant'];
const VOTERS: readonly Role[] = ['participant', 'audience'];
const ANSWERERS: readonly Role[] = [...CHAIR, 'panellist'];

/**
 * DESIGN.md's role table as data: who may send each command. The server checks every
 * command against it; clients read it only to hide what a role cannot do.
 */
export const COMMAND_ROLES: Record<CommandName, readonly Role[]> = {
  'clock.ping': EVERYONE,
  'room.join': EVERYONE,
  'room.leave': EVERYONE,
  'room.snapshot': EVERYONE,
  'hall.follow': EVERYONE,
  /** Checked further against the session and the hall (the handover): see docs/PROTOCOL.md. */
  'hall.open': CHAIR,
  'room.open': CHAIR,
  'room.close': CHAIR,
  'room.configure': CHAIR,

  'floor.request': SPEAKERS,
  'floor.withdraw': SPEAKERS,
  'floor.add': CHAIR,
  'floor.remove': CHAIR,
  'floor.reorder': CHAIR,
  'floor.allot': CHAIR,
  'floor.closeList': CHAIR,
  'floor.reopenList': CHAIR,
  'floor.call': CHAIR,
  'floor.endTurn': CHAIR,
  'floor.resume': CHAIR,
  'floor.extraTime': CHAIR,
  'floor.addProgramme': CHAIR,
  'floor.claim': ['panellist'],

  'timer.start': CHAIR,
  'timer.pause': CHAIR,
  'timer.resume': CHAIR,
  'timer.reset': CHAIR,
  'timer.adjust': CHAIR,
  'timer.setDuration': CHAIR,
  'timer.setThresholds': CHAIR,
  'timer.create': CHAIR,
  'timer.delete': CHAIR,

  'message.send': CHAIR,
  'message.dismiss': CHAIR,

  'poll.create': CHAIR,
  'poll.update': CHAIR,
  'poll.delete': CHAIR,
  'poll.open': CHAIR,
  'poll.close': CHAIR,
  'poll.reveal': CHAIR,
  'poll.duplicate': CHAIR,
  'poll.reopen': CHAIR,
  'poll.hide': CHAIR,
  'poll.unhide': CHAIR,
  'poll.vote': VOTERS,

  'quiz.create': CHAIR,
  'quiz.delete': CHAIR,
  'quiz.next': CHAIR,
  'quiz.showLeaderboard': CHAIR,
  'quiz.finish': CHAIR,
  // A quiz's players are its voters; everyone in the room may read the board.
  'quiz.nickname': VOTERS,
  'quiz.leaderboard': EVERYONE,
  'qa.ask': VOTERS,
  'qa.upvote': VOTERS,
  'qa.unvote': VOTERS,
  'qa.approve': CHAIR,
  'qa.dismiss': CHAIR,
  'qa.answer': ANSWERERS,
  // The chair edits any question; an asker only their own, until it is answered (server/domain/questions.ts).
  'qa.edit': [...CHAIR, ...VOTERS],
  'qa.restore': CHAIR,
  'qa.unanswer': CHAIR,
  'qa.withdraw': VOTERS,
  'qa.pin': CHAIR,
  'qa.inviteAsker': CHAIR,
  // Whoever asked: audience included, though they cannot ask for the floor themselves.
  'qa.acceptInvite': VOTERS,
  'qa.declineInvite': VOTERS,

  'projector.show': CHAIR,
  'presence.list': CHAIR,
  'overview.follow': CHAIR,
  'overview.message': CHAIR,
  'overview.countdown': CHAIR,

  'media.token': EVERYONE,
  'media.presence': CHAIR,
  'media.mute': CHAIR,
  'media.remove': CHAIR,
};

export function mayRun(role: Role, command: CommandName): boolean {
  return COMMAND_ROLES[command].includes(role);
}
