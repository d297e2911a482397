import { computed, onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { CommandResult } from '../../../shared/protocol/commands.ts';
import type { ServerEventPayload } from '../../../shared/protocol/server-events.ts';
import { emptyQuizBoard, followBoardPush, followLeaderboard, placeOnBoard, type QuizBoardView } from '../lib/quiz-play-board.ts';
import type { PlenaryClient } from '../transport/plenary-client.ts';

type BoardPush = ServerEventPayload<'quiz.board'>;

/** What useQuizBoard needs of the connection: a PlenaryClient, or a fake one in tests. */
export type QuizBoardClient = Pick<PlenaryClient, 'send'> & {
  socket: {
    on(event: 'quiz.board', listener: (push: BoardPush) => void): unknown;
    on(event: 'connect', listener: () => void): unknown;
    off(event: 'quiz.board', listener: (push: BoardPush) => void): unknown;
    off(event: 'connect', listener: () => void): unknown;
  };
};

export type QuizBoardOptions = {
  /** Rows to read (the push carries QUIZ_BOARD_SIZE). */
  limit?: number;
};

/**
 * Follows one quiz's leaderboard: every `quiz.board` push for it, and this person's own place,
 * which only quiz.leaderboard answers. It reads once at the start, after each push (the place
 * moved) and after a reconnect (pushes may have been missed; PlenaryClient holds the read until
 * the room is joined again). Null quiz: nothing is followed.
 */
export function useQuizBoard(client: QuizBoardClient, roomId: MaybeRefOrGetter<string | null>, quizId: MaybeRefOrGetter<string | null>, options: QuizBoardOptions = {}) {
  const view = shallowRef<QuizBoardView>(emptyQuizBoard);
  const error = shallowRef<string | null>(null);

  async function refresh(): Promise<void> {
    const id = toValue(quizId);
    if (id === null) return;
    const answer = await client.send('quiz.leaderboard', options.limit ? { quizId: id, limit: options.limit } : { quizId: id });
    if (toValue(quizId) !== id) return;
    if (!answer.ok) {
      error.value = answer.error.message;
      return;
    }
    const { ok: _ok, ...result } = answer;
    error.value = null;
    view.value = followLeaderboard(view.value, result as CommandResult<'quiz.leaderboard'>);
  }

  const onBoard = (push: BoardPush) => {
    if (push.roomId !== toValue(roomId) || push.quizId !== toValue(quizId)) return;
    const { roomId: _room, ...board } = push;
    view.value = followBoardPush(view.value, board);
    void refresh();
  };
  const onConnect = () => void refresh();

  client.socket.on('quiz.board', onBoard);
  client.socket.on('connect', onConnect);
  watch(
    () => toValue(quizId),
    () => {
      view.value = emptyQuizBoard;
      error.value = null;
      void refresh();
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    client.socket.off('quiz.board', onBoard);
    client.socket.off('connect', onConnect);
  });

  return {
    board: computed(() => view.value.board),
    /** This person's place as last read (null: not read yet, or no closed question answered). */
    you: computed(() => view.value.you),
    /** This person's place as of the board shown (see placeOnBoard). */
    place: computed(() => placeOnBoard(view.value)),
    error,
    refresh,
  };
}
