import type { Result } from '../../shared/errors.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { Decision, DomainContext, DomainPayload, RoomCommand, RoomHandler, RoomHandlers } from './context.ts';
import { floorHandlers } from './floor.ts';
import { pollModerationHandlers } from './poll-moderation.ts';
import { pollHandlers } from './polls.ts';
import { questionInviteHandlers } from './question-invites.ts';
import { questionUndoHandlers } from './question-undo.ts';
import { questionHandlers } from './questions.ts';
import { quizHandlers } from './quizzes.ts';
import { roomHandlers } from './room.ts';
import { timerHandlers } from './timers.ts';

/** One table from command to decision; a room command without a handler does not compile. */
const HANDLERS: RoomHandlers<RoomCommand> = {
  ...roomHandlers,
  ...floorHandlers,
  ...timerHandlers,
  ...pollHandlers,
  ...pollModerationHandlers,
  ...questionHandlers,
  ...questionUndoHandlers,
  ...questionInviteHandlers,
  ...quizHandlers,
};

export function decide<N extends RoomCommand>(
  name: N,
  state: RoomState,
  payload: DomainPayload<N>,
  ctx: DomainContext,
): Result<Decision<N>> {
  const handler = HANDLERS[name] as RoomHandler<N>;
  return handler(state, payload, ctx);
}
