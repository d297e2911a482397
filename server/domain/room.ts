import { refuse } from '../../shared/errors.ts';
import { quizzesOf } from '../../shared/model/quiz.ts';
import { RoomSettingsSchema } from '../../shared/model/room.ts';
import { decided, type RoomHandlers } from './context.ts';

const MAX_MESSAGES = 10;

export const roomHandlers: RoomHandlers<'room.open' | 'room.close' | 'room.configure' | 'message.send' | 'message.dismiss' | 'projector.show'> = {
  'room.open': (state) => (state.open ? refuse('conflict', 'The room is already open.') : decided([{ type: 'room.opened' }], {})),
  'room.close': (state) => (state.open ? decided([{ type: 'room.closed' }], {}) : refuse('conflict', 'The room is already closed.')),
  'room.configure': (state, changes) => {
    const settings = RoomSettingsSchema.safeParse({ ...state.settings, ...changes });
    if (!settings.success) return refuse('invalid_input', settings.error.issues[0]?.message ?? 'Invalid settings.');
    if (settings.data.dangerMs > settings.data.warningMs) {
      return refuse('invalid_input', 'The danger threshold must not be longer than the warning threshold.');
    }
    return decided([{ type: 'room.configured', settings: settings.data }], {});
  },
  'message.send': (state, { text }, { nowMs, newId }) => {
    if (state.messages.length >= MAX_MESSAGES) {
      return refuse('conflict', `At most ${MAX_MESSAGES} messages can stand at once; dismiss one first.`);
    }
    const message = { id: newId('m'), text, sentAtMs: nowMs };
    return decided([{ type: 'message.sent', message }], { messageId: message.id });
  },
  'message.dismiss': (state, { messageId }) =>
    state.messages.some((m) => m.id === messageId)
      ? decided([{ type: 'message.dismissed', messageId }], {})
      : refuse('not_found', 'No such message on the stage display.'),
  'projector.show': (state, { mode, pollId, quizId }) => {
    if (mode !== 'quiz' && quizId) return refuse('invalid_input', 'Only the quiz mode takes a quiz.');
    if (mode === 'poll') {
      if (!pollId) return refuse('invalid_input', 'Name the poll to show.');
      const poll = state.polls.find((p) => p.id === pollId);
      if (!poll) return refuse('not_found', 'No such poll in this room.');
      if (poll.status === 'draft') return refuse('conflict', 'A draft poll cannot be shown; open it first.');
      return decided([{ type: 'projector.changed', projector: { mode, pollId, quizId: null } }], {});
    }
    if (pollId) return refuse('invalid_input', 'Only the poll mode takes a poll.');
    if (mode === 'quiz') {
      if (!quizId) return refuse('invalid_input', 'Name the quiz to show.');
      if (!quizzesOf(state).some((quiz) => quiz.id === quizId)) return refuse('not_found', 'No such quiz in this room.');
      return decided([{ type: 'projector.changed', projector: { mode, pollId: null, quizId } }], {});
    }
    if (mode === 'question' && state.pinnedQuestionId === null) return refuse('conflict', 'No question is pinned.');
    return decided([{ type: 'projector.changed', projector: { mode, pollId: null, quizId: null } }], {});
  },
};
