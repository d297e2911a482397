import { quizPoints } from '../../shared/model/quiz.ts';
import type { AwaitQuizBoardCommand, AwaitQuizBoardReply, QuizAnswerCommand, QuizAnswerReply } from '../messages.ts';
import { seededRandom, wallMs } from '../stats.ts';
import { countRefusal, sleep, withConcurrency } from './bench-client.ts';
import { clientsOf, progressTicker, type QuizCount, type WorkerState } from './worker-state.ts';

/** Seven in ten answer right. */
const RIGHT_SHARE = 0.7;
/** quiz.leaderboard asks in flight per worker, as phones asking after a push would be spread a little. */
const ASK_CONCURRENCY = 200;

/** Audience member `index`'s answer to one question: right or wrong, and when within the window; the same in every run with the same seed. */
export function plannedAnswer(seed: number, index: number, windowMs: number): { right: boolean; atOffsetMs: number } {
  const random = seededRandom(seed ^ Math.imul(index + 1, 0x85ebca6b));
  return { atOffsetMs: random() * windowMs, right: random() < RIGHT_SHARE };
}

/** Every client answers once at its planned moment; its own count takes the answer once acknowledged. */
export async function quizAnswer(state: WorkerState, command: QuizAnswerCommand): Promise<QuizAnswerReply> {
  const clients = clientsOf(state, command.target);
  const latenciesMs: number[] = [];
  const refusals: Record<string, number> = {};
  const wrongId = command.optionIds.find((id) => id !== command.correctId)!;
  let right = 0;
  let settled = 0;
  const stopTicker = progressTicker(state, clients.length, () => settled);
  await Promise.all(
    clients.map(async (client) => {
      const plan = plannedAnswer(command.seed, client.index, command.windowMs);
      await sleep(command.startAtMs + plan.atOffsetMs - wallMs());
      const optionId = plan.right ? command.correctId : wrongId;
      // Date.now() is the clock the server scores by: the answer's time lies between these two readings.
      const sentAtMs = Date.now();
      const sentWallMs = wallMs();
      try {
        const ack = await client.send('poll.vote', { pollId: command.pollId, ballot: { kind: 'single', optionId } });
        const ackAtMs = Date.now();
        if (ack.ok) {
          latenciesMs.push(wallMs() - sentWallMs);
          if (plan.right) right += 1;
          const count: QuizCount = state.quiz.get(client.index) ?? { answered: 0, right: 0, minPoints: 0, maxPoints: 0 };
          count.answered += 1;
          count.right += plan.right ? 1 : 0;
          count.minPoints += quizPoints(plan.right, ackAtMs - command.openedAtMs, command.limitMs);
          count.maxPoints += quizPoints(plan.right, sentAtMs - command.openedAtMs, command.limitMs);
          state.quiz.set(client.index, count);
        } else countRefusal(refusals, ack.error.code);
      } catch (error) {
        countRefusal(refusals, (error as Error).message);
      }
      settled += 1;
    }),
  );
  stopTicker();
  return { kind: 'quizAnswered', latenciesMs, acked: latenciesMs.length, right, refusals };
}

function mismatch(count: QuizCount | undefined, you: { answered: number; correct: number; points: number } | null): string | null {
  if (!count) return you === null ? null : `has a place (${you.points} points) but answered nothing`;
  if (!you) return `answered ${count.answered} but has no place`;
  if (you.answered !== count.answered || you.correct !== count.right) return `answered/right ${you.answered}/${you.correct}, expected ${count.answered}/${count.right}`;
  if (you.points < count.minPoints || you.points > count.maxPoints) return `${you.points} points, expected ${count.minPoints}–${count.maxPoints}`;
  return null;
}

/** Waits for the board counting `closed` questions on every client, then (with standings) checks each client's own place. */
export async function awaitQuizBoard(state: WorkerState, command: AwaitQuizBoardCommand): Promise<AwaitQuizBoardReply> {
  const clients = clientsOf(state, command.target);
  const deadline = wallMs() + command.timeoutMs;
  const arrival = () => clients.map((client) => client.quizBoards.find((b) => b.quizId === command.quizId && b.closed === command.closed)?.atMs ?? null);
  let boardAtMs = arrival();
  while (boardAtMs.includes(null) && wallMs() < deadline) {
    await sleep(25);
    boardAtMs = arrival();
  }
  const mismatches: string[] = [];
  const askLatenciesMs: number[] = [];
  let exact = 0;
  if (command.standings) {
    await withConcurrency(clients, ASK_CONCURRENCY, async (client) => {
      const sentAtMs = wallMs();
      const ack = await client.send('quiz.leaderboard', { quizId: command.quizId }).catch((error: Error) => ({ ok: false as const, error: { code: error.message, message: '' } }));
      askLatenciesMs.push(wallMs() - sentAtMs);
      const problem = ack.ok ? mismatch(state.quiz.get(client.index), ack.you) : `quiz.leaderboard refused: ${ack.error.code}`;
      if (problem === null) exact += 1;
      else if (mismatches.length < 5) mismatches.push(`client ${client.index}: ${problem}`);
    });
  }
  return { kind: 'quizBoard', boardAtMs, exact, mismatches, askLatenciesMs };
}
