import { refuse, type Result } from '../../shared/errors.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { ControlAction } from '../../shared/protocol/control.ts';
import type { CommandPayload } from '../../shared/protocol/commands.ts';
import type { RoomCommand } from '../domain/context.ts';

/** The console command a desk button stands for, with its payload. */
export type ControlCommand = { [N in RoomCommand]: { name: N; payload: CommandPayload<N> } }[RoomCommand];

type Bodies = { message: { text: string }; 'clear-message': { messageId?: string }; show: { mode: RoomState['projector']['mode']; pollId?: string }; 'open-poll': { pollId?: string }; 'close-poll': { pollId?: string } };

/**
 * Turns a desk action into the very command the console sends, so a button is refused or
 * accepted exactly as the moderator's click would be. Buttons name no ids, so where a command
 * needs one (the poll to open, close or show) the room's state supplies the obvious one.
 */
export function controlCommand(action: ControlAction, body: unknown, state: RoomState): Result<ControlCommand> {
  const command = (value: ControlCommand): Result<ControlCommand> => ({ ok: true, value });
  switch (action) {
    case 'next':
      return command({ name: 'floor.call', payload: {} });
    case 'end-turn':
      return command({ name: 'floor.endTurn', payload: {} });
    case 'pause':
      return command({ name: 'timer.pause', payload: { timerId: 'turn' } });
    case 'resume':
      return command({ name: 'timer.resume', payload: { timerId: 'turn' } });
    case 'add-minute':
      return command({ name: 'floor.extraTime', payload: { seconds: 60 } });
    case 'take-minute':
      return command({ name: 'timer.adjust', payload: { timerId: 'turn', deltaSec: -60 } });
    case 'message':
      return command({ name: 'message.send', payload: { text: (body as Bodies['message']).text } });
    case 'clear-message': {
      const messageId = (body as Bodies['clear-message']).messageId ?? state.messages.at(-1)?.id;
      if (!messageId) return refuse('conflict', 'No message is on the stage display.');
      return command({ name: 'message.dismiss', payload: { messageId } });
    }
    case 'show': {
      const { mode, pollId } = body as Bodies['show'];
      if (mode !== 'poll' || pollId) return command({ name: 'projector.show', payload: { mode, ...(pollId ? { pollId } : {}) } });
      const shown = state.polls.find((poll) => poll.status === 'open') ?? state.polls.filter((poll) => poll.status === 'closed').at(-1);
      if (!shown) return refuse('conflict', 'There is no open or closed poll to show.');
      return command({ name: 'projector.show', payload: { mode, pollId: shown.id } });
    }
    case 'open-poll': {
      const pollId = (body as Bodies['open-poll']).pollId ?? state.polls.find((poll) => poll.status === 'draft')?.id;
      if (!pollId) return refuse('conflict', 'There is no draft poll to open.');
      return command({ name: 'poll.open', payload: { pollId } });
    }
    case 'close-poll': {
      const pollId = (body as Bodies['close-poll']).pollId ?? state.polls.find((poll) => poll.status === 'open')?.id;
      if (!pollId) return refuse('conflict', 'No poll is open.');
      return command({ name: 'poll.close', payload: { pollId } });
    }
  }
}
