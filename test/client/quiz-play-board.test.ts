import { describe, expect, it } from 'vitest';
import { effectScope, nextTick } from 'vue';
import type { QuizBoard, QuizStanding } from '../../shared/model/quiz.ts';
import type { CommandName } from '../../shared/protocol/commands.ts';
import { useQuizBoard, type QuizBoardClient } from '../../client/src/composables/useQuizBoard.ts';
import { emptyQuizBoard, followBoardPush, followLeaderboard, placeOnBoard } from '../../client/src/lib/quiz-play-board.ts';

const board = (closed: number, finished = false, players = 3): QuizBoard => ({
  quizId: 'qz1',
  closed,
  questions: 3,
  finished,
  players,
  top: [{ rank: 1, name: 'Ann', points: 900 * closed, correct: closed, answered: closed }],
});
const standing = (rank: number, points: number): QuizStanding => ({ rank, players: 3, points, correct: 1, answered: 1, name: 'Bob' });

describe('a quiz board followed from pushes and reads', () => {
  it('takes a push only when it is at least as far into the quiz as the board shown', () => {
    const second = followBoardPush(emptyQuizBoard, board(2));
    expect(followBoardPush(second, board(1)).board?.closed).toBe(2);
    expect(followBoardPush(second, board(2, true)).board?.finished).toBe(true);
    expect(followBoardPush(followBoardPush(second, board(3, true)), board(3)).board?.finished).toBe(true);
  });

  it('knows the place only when it was read on the board shown', () => {
    const read = followLeaderboard(emptyQuizBoard, { ...board(1), you: standing(2, 700) });
    expect(placeOnBoard(read)).toEqual({ known: true, you: standing(2, 700) });
    const pushed = followBoardPush(read, board(2));
    expect(placeOnBoard(pushed)).toEqual({ known: false });
    expect(placeOnBoard(followLeaderboard(pushed, { ...board(2), you: standing(1, 1500) }))).toEqual({ known: true, you: standing(1, 1500) });
  });

  it('keeps a newer place when an older read arrives late', () => {
    const newer = followLeaderboard(emptyQuizBoard, { ...board(2), you: standing(1, 1500) });
    const late = followLeaderboard(newer, { ...board(1), you: standing(3, 0) });
    expect(late.board?.closed).toBe(2);
    expect(placeOnBoard(late)).toEqual({ known: true, you: standing(1, 1500) });
  });

  it('says a player who answered no closed question has no place yet, not an unknown one', () => {
    expect(placeOnBoard(followLeaderboard(emptyQuizBoard, { ...board(1), you: null }))).toEqual({ known: true, you: null });
  });
});

type Listener = (payload: never) => void;

/** A socket as useQuizBoard sees it: the test pushes boards and reconnects; each read answers with the next scripted result. */
class FakeClient {
  readonly reads: Array<Record<string, unknown>> = [];
  private readonly listeners = new Map<string, Set<Listener>>();
  constructor(private readonly answers: Array<QuizBoard & { you: QuizStanding | null }>) {}
  readonly socket = {
    on: (event: string, listener: Listener) => void this.listenersOf(event).add(listener),
    off: (event: string, listener: Listener) => void this.listenersOf(event).delete(listener),
  };
  send = (name: CommandName, payload: object) => {
    if (name !== 'quiz.leaderboard') throw new Error(`unexpected ${name}`);
    this.reads.push(payload as Record<string, unknown>);
    const answer = this.answers.shift();
    if (!answer) throw new Error('no answer scripted');
    return Promise.resolve({ ok: true, ...answer } as never);
  };
  emit(event: string, payload?: unknown): void {
    for (const listener of this.listenersOf(event)) listener(payload as never);
  }
  listening(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }
  private listenersOf(event: string): Set<Listener> {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    return set;
  }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await nextTick();
};

describe('useQuizBoard', () => {
  it('reads at the start, after each push for its quiz and after a reconnect; ignores other rooms and quizzes', async () => {
    const client = new FakeClient([
      { ...board(0), you: null },
      { ...board(1), you: standing(2, 700) },
      { ...board(1), you: standing(2, 700) },
    ]);
    const scope = effectScope();
    const followed = scope.run(() => useQuizBoard(client as unknown as QuizBoardClient, 'r1', 'qz1'))!;
    await settle();
    expect(client.reads).toEqual([{ quizId: 'qz1' }]);
    expect(followed.place.value).toEqual({ known: true, you: null });

    client.emit('quiz.board', { ...board(1), roomId: 'other' });
    client.emit('quiz.board', { ...board(1), quizId: 'qz2', roomId: 'r1' });
    await settle();
    expect(client.reads).toHaveLength(1);

    client.emit('quiz.board', { ...board(1), roomId: 'r1' });
    expect(followed.board.value?.closed).toBe(1);
    expect(followed.place.value).toEqual({ known: false });
    await settle();
    expect(followed.place.value).toEqual({ known: true, you: standing(2, 700) });

    client.emit('connect');
    await settle();
    expect(client.reads).toHaveLength(3);

    scope.stop();
    expect(client.listening()).toBe(0);
  });
});
