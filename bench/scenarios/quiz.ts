import { QUIZ_TIME_LIMIT_SEC } from '../../shared/model/quiz.ts';
import type { BenchContext } from '../context.ts';
import { spread, sum, wallMs } from '../stats.ts';
import type { StormFigures } from './vote.ts';

const QUESTIONS = 10;
const OPTIONS = ['Competitive entry examinations', 'Structured interviews', 'Performance-based promotion', 'Open competition for senior posts'];
const BOARD_TIMEOUT_MS = 10_000;

type QuestionFigures = { acked: number; right: number; counted: number; correctCounted: number; refusals: Record<string, number> };

/**
 * Scenario: a quiz round. The moderator runs a 10-question quiz; for each question every
 * client answers once within a window inside the time limit (seven in ten right), then the
 * chair closes it (the last one by quiz.finish). Measured: answer acks, and how long after the
 * close each client holds the quiz.board push. Checked: the server counted every acknowledged
 * answer once, per question; every client received every board; and at the end each client's
 * own place (quiz.leaderboard `you`) matches its own count. Plenary only: the baseline has no
 * quiz, so its vote storm's acks stand beside the answers' for comparison.
 */
export async function quizRound(ctx: BenchContext): Promise<void> {
  const { pool, progress, flags, moderator } = ctx;
  const limitSec = flags.smoke ? QUIZ_TIME_LIMIT_SEC.min : 10;
  const windowMs = (limitSec * 1_000) / 2;
  const questions = Array.from({ length: QUESTIONS }, (_, q) => ({
    question: `Question ${q + 1}: which practice did the Hub's survey rank first?`,
    kind: 'single' as const,
    options: OPTIONS,
    correct: [q % OPTIONS.length],
    timeLimitSec: limitSec,
  }));
  const { quizId, pollIds } = await moderator.run('quiz.create', { title: 'Bench quiz', questions });
  const figures: QuestionFigures[] = [];
  const answerMs: number[] = [];
  const boardMs: number[] = [];
  let boardsMissing = 0;
  let standings = { exact: 0, mismatches: [] as string[], askMs: [] as number[] };

  for (const [q, pollId] of pollIds.entries()) {
    const last = q === pollIds.length - 1;
    await moderator.run('quiz.next', { quizId });
    const poll = (await moderator.snapshot()).state.polls.find((p) => p.id === pollId);
    if (!poll?.openedAtMs || poll.spec.kind !== 'single') throw new Error(`question ${q + 1} did not open`);
    const optionIds = poll.spec.options.map((o) => o.id);
    progress.begin(`quiz question ${q + 1}/${QUESTIONS} → ${ctx.plenary.name}`);
    const answers = await pool.all({
      kind: 'quizAnswer',
      target: 'plenary',
      pollId,
      optionIds,
      correctId: optionIds[q % OPTIONS.length]!,
      openedAtMs: poll.openedAtMs,
      limitMs: limitSec * 1_000,
      startAtMs: wallMs() + 200,
      windowMs,
      seed: flags.seed + q,
    });
    await moderator.run(last ? 'quiz.finish' : 'poll.close', last ? { quizId } : { pollId });
    const closedAtMs = wallMs();
    const boards = await pool.all({ kind: 'awaitQuizBoard', target: 'plenary', quizId, closed: q + 1, timeoutMs: BOARD_TIMEOUT_MS, standings: last });
    progress.end();

    const results = (await moderator.snapshot()).results.find((r) => r.pollId === pollId);
    figures.push({
      acked: sum(answers.map((a) => a.acked)),
      right: sum(answers.map((a) => a.right)),
      counted: results?.voters ?? 0,
      correctCounted: results?.rows.find((row) => row.key === optionIds[q % OPTIONS.length])?.value ?? 0,
      refusals: Object.assign({}, ...answers.map((a) => a.refusals)) as Record<string, number>,
    });
    answerMs.push(...answers.flatMap((a) => a.latenciesMs));
    for (const atMs of boards.flatMap((b) => b.boardAtMs)) {
      if (atMs === null) boardsMissing += 1;
      else boardMs.push(Math.max(0, atMs - closedAtMs));
    }
    if (last) standings = { exact: sum(boards.map((b) => b.exact)), mismatches: boards.flatMap((b) => b.mismatches), askMs: boards.flatMap((b) => b.askLatenciesMs) };
  }

  const players = ctx.connected.plenary;
  const answers = players * QUESTIONS;
  const acked = sum(figures.map((f) => f.acked));
  const countedOnce = figures.every((f) => f.counted === f.acked && f.correctCounted === f.right);
  const ack = spread(answerMs);
  const board = spread(boardMs);
  const ask = spread(standings.askMs);
  ctx.details['quiz'] = { questions: QUESTIONS, limitSec, windowMs, perQuestion: figures, ackMs: ack, boardAfterCloseMs: board, boardsMissing, standings: { exact: standings.exact, mismatches: standings.mismatches, askMs: ask } };
  if (standings.mismatches.length > 0) progress.note(`quiz places that do not match the clients' own count, e.g. ${standings.mismatches.slice(0, 3).join('; ')}`);

  const scenario = `Quiz round: ${players.toLocaleString('en-US')} players, ${QUESTIONS} questions of ${limitSec} s, answers within ${windowMs / 1000} s (baseline: its vote storm)`;
  const vote = ctx.details['vote'] as { baseline?: StormFigures } | undefined;
  ctx.exactness.push(
    { what: `${scenario}: every answer acknowledged`, pass: acked === answers },
    { what: `${scenario}: every answer counted once, right ones as right`, pass: countedOnce },
    { what: `${scenario}: every board on every client`, pass: boardsMissing === 0 },
    { what: `${scenario}: every client's own place exact`, pass: standings.exact === players },
  );
  ctx.rows.push(
    { scenario, figure: 'answers acknowledged', unit: 'count', plenary: acked, baseline: null, target: { label: `= ${answers} sent`, check: { kind: 'holds', pass: acked === answers } } },
    { scenario, figure: 'answers counted once (per question, right ones as right)', unit: 'count', plenary: sum(figures.map((f) => f.counted)), baseline: null, target: { label: '= acknowledged', check: { kind: 'holds', pass: countedOnce } } },
    { scenario, figure: 'answer ack latency p50', unit: 'ms', plenary: ack.p50, baseline: vote?.baseline?.ackMs.p50 ?? null },
    { scenario, figure: 'answer ack latency p99', unit: 'ms', plenary: ack.p99, baseline: vote?.baseline?.ackMs.p99 ?? null },
    { scenario, figure: 'boards received (every client, every question)', unit: 'count', plenary: boardMs.length, baseline: null, target: { label: `= ${players * QUESTIONS}`, check: { kind: 'holds', pass: boardsMissing === 0 } } },
    { scenario, figure: 'close → quiz.board on a client p50', unit: 'ms', plenary: board.p50, baseline: null },
    { scenario, figure: 'close → quiz.board on a client p99', unit: 'ms', plenary: board.p99, baseline: null },
    { scenario, figure: 'close → quiz.board on every client', unit: 'ms', plenary: board.max, baseline: null },
    { scenario, figure: 'quiz.leaderboard ack p99 (all players at once)', unit: 'ms', plenary: ask.p99, baseline: null },
    { scenario, figure: "players whose own place matches their own count", unit: 'count', plenary: standings.exact, baseline: null, target: { label: `= ${players}`, check: { kind: 'holds', pass: standings.exact === players } } },
  );
}
