import { RateLimiterMemory } from 'rate-limiter-flexible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ballot, Poll } from '../../shared/model/poll.ts';
import type { QuizBoard, QuizRow, QuizStanding } from '../../shared/model/quiz.ts';
import type { CommandInput } from '../../shared/protocol/commands.ts';
import { RateLimits } from '../../server/transport/rate-limits.ts';
import { ok, send, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';

/**
 * A 10-question quiz played by 300 people over real sockets, on a server clock the test sets:
 * every answer's time, and so its points, is known exactly. Some answer right, some wrong, some
 * not at all; every answer is retried once with another option (refused) and once the same
 * (changes nothing). The final leaderboard and every player's own place are checked against
 * the test's own count, made without the server's scoring code.
 */

const ROOM_ID = 'panel-1';
const PLAYERS = 300;
const QUESTIONS = 10;
const LIMIT_SEC = 20;
const OPTIONS = ['Examinations', 'Structured interviews', 'Probation', 'Open competition'];

type Player = { socket: ClientSocket; personId: string; name: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Question q: single choice with option (q mod 4) right, or multiple choice with two right. */
function questionOf(q: number): CommandInput<'quiz.create'>['questions'][number] {
  const multiple = q % 3 === 2;
  const correct = multiple ? [q % 4, (q + 2) % 4] : [q % 4];
  return { question: `Question ${q + 1} on merit`, kind: multiple ? 'multiple' : 'single', options: OPTIONS, correct, timeLimitSec: LIMIT_SEC };
}

const optionId = (position: number) => `o${position + 1}`;

/** Player i on question q: no answer (1 in 10), a wrong one (2 in 10), else the right one; when, in whole seconds from the opening. */
function planOf(i: number, q: number): { kind: 'none' | 'wrong' | 'right'; afterMs: number } {
  const bucket = (i + 3 * q) % 10;
  return { kind: bucket === 0 ? 'none' : bucket <= 2 ? 'wrong' : 'right', afterMs: ((i * 7 + q * 13) % LIMIT_SEC) * 1_000 };
}

function ballotOf(q: number, right: boolean): Ballot {
  const { kind, correct } = questionOf(q);
  const rightIds = correct.map(optionId);
  const wrongId = optionId([0, 1, 2, 3].find((position) => !correct.includes(position))!);
  if (kind === 'single') return { kind: 'single', optionId: right ? rightIds[0]! : wrongId };
  return { kind: 'multiple', optionIds: right ? [...rightIds].reverse() : [rightIds[0]!, wrongId] };
}

/** The documented rule, written out here rather than imported: 1000 at once, falling evenly to 500 when time is up. */
const expectedPoints = (afterMs: number) => Math.round(1000 - (500 * afterMs) / (LIMIT_SEC * 1_000));

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function expectedBoard(totals: Map<string, { name: string; points: number; correct: number; answered: number }>): Array<QuizRow & { personId: string }> {
  const sorted = [...totals].map(([personId, t]) => ({ personId, ...t })).sort((a, b) => b.points - a.points || byCodePoint(a.name, b.name));
  return sorted.map((row) => ({ ...row, rank: 1 + sorted.filter((other) => other.points > row.points).length }));
}

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.dispose();
});

describe.each([
  ['SQLite', () => ({})],
  ['Redis', () => ({ REDIS_URL: redis.url })],
])('a quiz over real sockets (%s)', (_store, env) => {
  let plenary: TestServer;
  let nowMs = Date.parse('2023-05-18T10:00:00+06:00');

  beforeAll(async () => {
    plenary = await startPlenary({ PLENARY_MESSAGES_PER_SECOND: '1000', ...env() }, { lifetime: 'file' });
    plenary.runtime.now = () => nowMs;
    // Each player sends 30 ballots (an answer and two retries per question) within seconds of
    // real time; the per-person vote limit is not what this test is about.
    plenary.runtime.limits = new RateLimits(1000, (category, points, duration) => new RateLimiterMemory({ keyPrefix: category, points: points * 100, duration }));
  });

  it(
    '[QZ1] 300 players, 10 questions: every answer scored once, the board and each player\'s place exact; answers hidden from phones and the stage until each question closes',
    async () => {
      const { socket: chair } = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM_ID), name: 'Chair Aigerim' });
      await ok(chair, 'room.join', { roomId: ROOM_ID });
      if (!(await ok(chair, 'room.snapshot', {})).state.open) await ok(chair, 'room.open', {});
      const { socket: stage } = await plenary.person({ invite: await plenary.inviteFor('display', ROOM_ID), name: 'Projector' });
      await ok(stage, 'room.join', { roomId: ROOM_ID });

      const players: Player[] = [];
      for (let start = 0; start < PLAYERS; start += 50) {
        players.push(
          ...(await Promise.all(
            Array.from({ length: Math.min(50, PLAYERS - start) }, async (_, k) => {
              const name = `Player ${String(start + k + 1).padStart(3, '0')}`;
              const { socket, person } = await plenary.person({ code: 'ACSH23', name });
              await ok(socket, 'room.join', { roomId: ROOM_ID });
              return { socket, personId: person.id, name };
            }),
          )),
        );
      }
      const phone = players[0]!.socket;

      // What a phone and the projector receive of the quiz's questions, and the boards pushed to them.
      const seen: Array<{ by: string; poll: Poll }> = [];
      const boards: QuizBoard[] = [];
      for (const [by, socket] of [['phone', phone], ['stage', stage]] as const) {
        socket.on('room.delta', (delta) => {
          for (const event of delta.events) if (event.type === 'poll.saved' && event.poll.quiz) seen.push({ by, poll: event.poll });
        });
      }
      phone.on('quiz.board', (board) => boards.push(board));

      const { quizId, pollIds } = await ok(chair, 'quiz.create', { title: 'Merit quiz', questions: Array.from({ length: QUESTIONS }, (_, q) => questionOf(q)) });
      // Every tenth player plays under a nickname; a profane one is refused and changes nothing.
      const nicknamed = players.filter((_, i) => i % 10 === 5);
      const refused = await send(nicknamed[0]!.socket, 'quiz.nickname', { quizId, nickname: 'fuck you' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      for (const player of nicknamed) {
        player.name = `Nick ${player.name.slice(-3)}`;
        await ok(player.socket, 'quiz.nickname', { quizId, nickname: player.name });
      }

      const totals = new Map<string, { name: string; points: number; correct: number; answered: number }>();
      for (const [q, pollId] of pollIds.entries()) {
        nowMs += 60_000;
        const openedAtMs = nowMs;
        expect(await ok(chair, 'quiz.next', { quizId })).toMatchObject({ pollId });
        const asPhone = (await ok(phone, 'room.snapshot', {})).state.polls.find((p) => p.id === pollId);
        const asStage = (await ok(stage, 'room.snapshot', {})).state.polls.find((p) => p.id === pollId);
        const asChair = (await ok(chair, 'room.snapshot', {})).state.polls.find((p) => p.id === pollId);
        expect(asPhone?.quiz?.correctOptionIds).toEqual([]);
        expect(asStage?.quiz?.correctOptionIds).toEqual([]);
        expect(asChair?.quiz?.correctOptionIds).toEqual(questionOf(q).correct.map(optionId).sort());
        expect(asPhone?.openedAtMs).toBe(openedAtMs);

        // Answers go in at the seconds the plan gives, the server clock set to each in turn.
        const byTime = new Map<number, Player[]>();
        for (const [i, player] of players.entries()) {
          const plan = planOf(i, q);
          if (plan.kind !== 'none') byTime.set(plan.afterMs, [...(byTime.get(plan.afterMs) ?? []), player]);
        }
        for (const afterMs of [...byTime.keys()].sort((a, b) => a - b)) {
          nowMs = openedAtMs + afterMs;
          await Promise.all(
            byTime.get(afterMs)!.map(async (player) => {
              const right = planOf(players.indexOf(player), q).kind === 'right';
              const ballot = ballotOf(q, right);
              expect(await send(player.socket, 'poll.vote', { pollId, ballot })).toMatchObject({ ok: true, replaced: false });
              expect(await send(player.socket, 'poll.vote', { pollId, ballot: ballotOf(q, !right) })).toMatchObject({ ok: false, error: { code: 'conflict' } });
              expect(await send(player.socket, 'poll.vote', { pollId, ballot })).toMatchObject({ ok: true, replaced: false });
              const total = totals.get(player.personId) ?? { name: player.name, points: 0, correct: 0, answered: 0 };
              total.points += right ? expectedPoints(afterMs) : 0;
              total.correct += right ? 1 : 0;
              total.answered += 1;
              totals.set(player.personId, total);
            }),
          );
        }

        // Time is up: an answer now is refused even before the close is committed.
        nowMs = openedAtMs + LIMIT_SEC * 1_000;
        const silent = players.find((_, i) => planOf(i, q).kind === 'none')!;
        expect(await send(silent.socket, 'poll.vote', { pollId, ballot: ballotOf(q, true) })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/time is up/i) } });
        if (q === QUESTIONS - 1) await ok(chair, 'quiz.finish', { quizId });
        else await ok(chair, 'poll.close', { pollId });

        const board = await until(`the board after question ${q + 1}`, () => boards.find((b) => b.closed === q + 1 && (q < QUESTIONS - 1 || b.finished)));
        const expected = expectedBoard(totals);
        expect(board.players).toBe(expected.length);
        expect(board.top).toEqual(expected.slice(0, 10).map(({ personId: _id, ...row }) => row));
        const closedSeen = await until('the close on the phone', () => seen.find((s) => s.by === 'phone' && s.poll.id === pollId && s.poll.status === 'closed'));
        expect(closedSeen.poll).toMatchObject({ revealed: true, quiz: { correctOptionIds: questionOf(q).correct.map(optionId).sort() } });
      }

      // Before its close, no delta to the phone or the projector carried a question's answer.
      const early = seen.filter((s) => s.poll.status !== 'closed');
      expect(early.length).toBeGreaterThanOrEqual(2 * QUESTIONS);
      expect(early.filter((s) => s.poll.quiz!.correctOptionIds.length > 0)).toEqual([]);

      // Every player's own place, as their phone asks after the final push.
      const expected = expectedBoard(totals);
      const standings = await Promise.all(players.map((player) => ok(player.socket, 'quiz.leaderboard', { quizId, limit: 100 })));
      for (const [i, player] of players.entries()) {
        const row = expected.find((r) => r.personId === player.personId);
        const you: QuizStanding | null = row ? { rank: row.rank, players: expected.length, points: row.points, correct: row.correct, answered: row.answered, name: row.name } : null;
        expect(standings[i]!.you, player.name).toEqual(you);
        expect(standings[i]!.finished).toBe(true);
      }
      expect(standings[0]!.top).toEqual(expected.slice(0, 100).map(({ personId: _id, ...r }) => r));

      const report = (await (await plenary.admin(`/api/reports/acsh-2023/rooms/${ROOM_ID}`)).json()) as { quizzes: Array<{ quizId: string; leaderboard: QuizRow[]; questions: Array<{ answered: number; correct: number }> }> };
      const quiz = report.quizzes.find((z) => z.quizId === quizId)!;
      expect(quiz.leaderboard).toEqual(expected.map(({ personId: _id, ...r }) => r));
      expect(quiz.questions.map((question) => question.answered)).toEqual(pollIds.map((_, q) => players.filter((_, i) => planOf(i, q).kind !== 'none').length));
      expect(quiz.questions.map((question) => question.correct)).toEqual(pollIds.map((_, q) => players.filter((_, i) => planOf(i, q).kind === 'right').length));
    },
    240_000,
  );
});
