import type { Result } from '../../shared/errors.ts';
import { QUIZ_BOARD_SIZE, quizzesOf, type Quiz, type QuizBoard, type QuizStanding } from '../../shared/model/quiz.ts';
import type { RoomState } from '../../shared/model/room.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import { boardOf, rankQuiz, standingOf, type QuizRanking } from '../domain/quiz-board.ts';
import { findQuiz, questionsOf } from '../domain/quizzes.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { Publisher } from './publisher.ts';

type Deps = { store: Store; publisher: Publisher; logger: Logger };

/** A person the store no longer knows still has a line on the board. */
const UNKNOWN_PLAYER = 'Player';

type Cached = { key: string; ranking: Promise<QuizRanking> };

/**
 * Leaderboards of quizzes, computed from the store (the closed questions' ballots) and kept per
 * process by quiz and the set of questions closed: after a push, thousands of phones asking for
 * their place share one computation, in flight or done. A new nickname here drops the quiz's
 * board; one chosen on another process shows from the next question's close.
 */
export class QuizBoards {
  private readonly rankings = new Map<string, Cached>();
  /** Display names by person id, per quiz: read once per player, not once per board. */
  private readonly displayNames = new Map<string, Map<string, string>>();
  /** This process's ballot writes not yet settled, per poll: a board waits for those of the questions it counts. */
  private readonly writing = new Map<string, Set<Promise<unknown>>>();

  constructor(private readonly deps: Deps) {}

  /** A ballot accepted before its question's time was up may still be writing when the close commits. */
  track(pollId: string, write: Promise<unknown>): void {
    let writes = this.writing.get(pollId);
    if (!writes) this.writing.set(pollId, (writes = new Set()));
    const settled = write.then(
      () => {},
      () => {},
    );
    writes.add(settled);
    void settled.then(() => {
      writes.delete(settled);
      if (writes.size === 0 && this.writing.get(pollId) === writes) this.writing.delete(pollId);
    });
  }

  ranking(state: RoomState, quiz: Quiz): Promise<QuizRanking> {
    const closed = questionsOf(state, quiz).filter((poll) => poll.status === 'closed');
    const key = `${closed.map((poll) => poll.id).join(',')}|${quiz.status === 'finished'}`;
    const cached = this.rankings.get(quiz.id);
    if (cached?.key === key) return cached.ranking;
    const ranking = this.compute(quiz, closed.map((poll) => poll.id));
    const entry = { key, ranking };
    this.rankings.set(quiz.id, entry);
    // A failed read must not stay cached: the next request tries again.
    ranking.catch(() => {
      if (this.rankings.get(quiz.id) === entry) this.rankings.delete(quiz.id);
    });
    return ranking;
  }

  async leaderboard(state: RoomState, quizId: string, personId: string, limit: number): Promise<Result<QuizBoard & { you: QuizStanding | null }>> {
    const found = findQuiz(state, quizId);
    if (!found.ok) return found;
    const ranking = await this.ranking(state, found.value);
    return { ok: true, value: { ...boardOf(ranking, limit), you: standingOf(ranking, personId) } };
  }

  async setNickname(state: RoomState, quizId: string, personId: string, nickname: string): Promise<Result<{ quizId: string; nickname: string }>> {
    const found = findQuiz(state, quizId);
    if (!found.ok) return found;
    await this.deps.store.setQuizNickname(quizId, personId, nickname);
    this.rankings.delete(quizId);
    return { ok: true, value: { quizId, nickname } };
  }

  /** Pushes the quiz's board to everyone in the room: after a question closed, and when the quiz finished. */
  async push(state: RoomState, quizId: string): Promise<void> {
    const found = findQuiz(state, quizId);
    if (!found.ok) return;
    try {
      const board = boardOf(await this.ranking(state, found.value), QUIZ_BOARD_SIZE);
      this.deps.publisher.quizBoard(state.roomId, board);
    } catch (error) {
      this.deps.logger.warn({ err: error, roomId: state.roomId, quizId }, 'quiz board not pushed; players read it with quiz.leaderboard');
    }
  }

  /** Forgets a deleted quiz. */
  forget(quizId: string): void {
    this.rankings.delete(quizId);
    this.displayNames.delete(quizId);
  }

  private async compute(quiz: Quiz, closedPollIds: string[]): Promise<QuizRanking> {
    const { store } = this.deps;
    await Promise.all(closedPollIds.flatMap((pollId) => [...(this.writing.get(pollId) ?? [])]));
    const closedAnswers = await Promise.all(closedPollIds.map((pollId) => store.pollBallots(pollId)));
    const nicknames = await store.quizNicknames(quiz.id);
    const names = await this.namesOf(quiz.id, new Set(closedAnswers.flat().map((answer) => answer.voterKey)));
    return rankQuiz({
      quizId: quiz.id,
      questions: quiz.pollIds.length,
      finished: quiz.status === 'finished',
      closedAnswers,
      nameOf: (personId) => nicknames[personId] ?? names.get(personId) ?? UNKNOWN_PLAYER,
    });
  }

  private async namesOf(quizId: string, personIds: ReadonlySet<string>): Promise<Map<string, string>> {
    let names = this.displayNames.get(quizId);
    if (!names) this.displayNames.set(quizId, (names = new Map()));
    const missing = [...personIds].filter((personId) => !names.has(personId));
    const people = await Promise.all(missing.map((personId) => this.deps.store.getPerson(personId)));
    for (const [index, person] of people.entries()) if (person) names.set(missing[index]!, person.name);
    return names;
  }
}

/** The quizzes a committed delta calls for a board push: one of its questions closed, or it finished. */
export function quizzesToPush(events: readonly RoomEvent[], before: RoomState): string[] {
  const quizIds = new Set<string>();
  for (const event of events) {
    if (event.type === 'poll.saved' && event.poll.quiz && event.poll.status === 'closed') {
      if (before.polls.find((p) => p.id === event.poll.id)?.status !== 'closed') quizIds.add(event.poll.quiz.quizId);
    }
    if (event.type === 'quiz.saved' && event.quiz.status === 'finished') {
      if (quizzesOf(before).find((q) => q.id === event.quiz.id)?.status !== 'finished') quizIds.add(event.quiz.id);
    }
  }
  return [...quizIds];
}
