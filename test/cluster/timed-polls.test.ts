import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Poll } from '../../shared/model/poll.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { ClusterScreen, sleep, startCluster, type Cluster } from '../support/plenary-cluster.ts';

/*
 * Timed polls on three Plenary processes sharing one Redis: each process arms its own timer for
 * the poll, so at zero all three try to close it; the close must happen once. And when the
 * process that opened the poll is killed with SIGKILL during the countdown, the others close it.
 */

const DURATION_SEC = 6;

let cluster: Cluster;
const opened: ClusterScreen[] = [];

beforeAll(async () => {
  cluster = await startCluster(3);
}, 60_000);

afterAll(async () => {
  for (const screen of opened) screen.close();
  await cluster?.stop();
});

async function arrive(at: number, request: Parameters<typeof ClusterScreen.arrive>[2], roomId: string): Promise<ClusterScreen> {
  const screen = await ClusterScreen.arrive(() => cluster.urls(), at, request, roomId);
  opened.push(screen);
  return screen;
}

/** The deltas a screen receives that close a poll, from now on. */
function closesSeenBy(screen: ClusterScreen): Array<{ delta: RoomDelta; poll: Poll }> {
  const closes: Array<{ delta: RoomDelta; poll: Poll }> = [];
  screen.socket.on('room.delta', (delta) => {
    for (const event of delta.events) if (event.type === 'poll.saved' && event.poll.status === 'closed') closes.push({ delta, poll: event.poll });
  });
  return closes;
}

/** A chair at server `chairAt`, and a listener on each of the three servers, in an open room. */
async function roomOnEveryServer(roomId: string, chairAt: number, tag: string) {
  const chair = await arrive(chairAt, { invite: await cluster.inviteFor('moderator', roomId), name: `Chair ${tag}` }, roomId);
  await chair.must('room.open', {});
  const listeners = await Promise.all([0, 1, 2].map((at) => arrive(at, { code: 'ACSH23', name: `Listener ${tag}${at}` }, roomId)));
  return { chair, listeners };
}

async function openTimedPoll(chair: ClusterScreen): Promise<{ pollId: string; closesAtMs: number }> {
  const { pollId } = await chair.must('poll.create', {
    question: 'Should merit lists be published?',
    spec: { kind: 'single', options: ['Yes', 'No'] },
    settings: { resultsVisibility: 'on_reveal' },
  });
  await chair.must('poll.open', { pollId, durationSec: DURATION_SEC, revealOnClose: true });
  const poll = (await chair.must('room.snapshot', {})).state.polls.find((p) => p.id === pollId);
  if (!poll?.closesAtMs) throw new Error('the poll is not timed');
  return { pollId, closesAtMs: poll.closesAtMs };
}

describe('timed polls on three processes', () => {
  it('[TC1] all three processes time the poll, and it is closed and revealed once, by one delta every screen sees', async () => {
    const { chair, listeners } = await roomOnEveryServer('panel-2', 0, 'a');
    const seen = listeners.map(closesSeenBy);
    const { pollId, closesAtMs } = await openTimedPoll(chair);
    await sleep(closesAtMs - Date.now() + 2_000);

    for (const [at, closes] of seen.entries()) {
      expect(closes, `listener on server ${at}`).toHaveLength(1);
      expect(closes[0]?.poll).toMatchObject({ id: pollId, status: 'closed', revealed: true });
      expect(closes[0]?.poll.closedAtMs).toBeGreaterThanOrEqual(closesAtMs);
    }
    expect(new Set(seen.map((closes) => closes[0]?.delta.revision)).size).toBe(1);
    const state = (await listeners[2]!.must('room.snapshot', {})).state;
    expect(state.revision).toBe(seen[0]![0]!.delta.revision);
    // The attempts that lost to the first close were refused, as expected, not logged as problems.
    for (const node of cluster.nodes) expect(node.log(), node.name).not.toMatch(/timed poll|unhandled|uncaught/i);
  }, 30_000);

  it('[TC3] a quiz question timed on three processes closes once; its board reaches every screen once, and every process answers the same places', async () => {
    const { chair, listeners } = await roomOnEveryServer('panel-4', 2, 'q');
    const boards = listeners.map((listener) => {
      const received: number[] = [];
      listener.socket.on('quiz.board', (board) => received.push(board.closed));
      return received;
    });
    const question = { question: 'Which city hosts the Hub?', kind: 'single' as const, options: ['Almaty', 'Astana'], correct: [1], timeLimitSec: 5 };
    const { quizId, pollIds } = await chair.must('quiz.create', { title: 'Cluster quiz', questions: [question, question] });
    await chair.must('quiz.next', { quizId });
    const pollId = pollIds[0]!;
    const answers = [{ optionId: 'o2' }, { optionId: 'o1' }, { optionId: 'o2' }];
    for (const [at, listener] of listeners.entries()) await listener.must('poll.vote', { pollId, ballot: { kind: 'single', ...answers[at]! } });
    const closesAtMs = (await chair.must('room.snapshot', {})).state.polls.find((p) => p.id === pollId)!.closesAtMs!;
    await sleep(closesAtMs - Date.now() + 2_000);

    for (const [at, received] of boards.entries()) expect(received, `listener on server ${at}`).toEqual([1]);
    const standings = await Promise.all(listeners.map((listener) => listener.must('quiz.leaderboard', { quizId })));
    for (const standing of standings) expect({ ...standing, you: null }).toEqual({ ...standings[0]!, you: null });
    expect(standings[0]).toMatchObject({ closed: 1, questions: 2, players: 3 });
    expect(standings.map((standing) => standing.you?.correct)).toEqual([1, 0, 1]);
    expect(standings[1]!.you).toMatchObject({ rank: 3, points: 0 });
  }, 30_000);

  it('[TC2] after a kill -9 of the process that opened it, the other two close it at zero', async () => {
    const { chair, listeners } = await roomOnEveryServer('panel-3', 1, 'b');
    const victim = cluster.nodes[1]!;
    const survivors = [listeners[0]!, listeners[2]!];
    const seen = survivors.map(closesSeenBy);
    const { pollId, closesAtMs } = await openTimedPoll(chair);
    await victim.kill('SIGKILL');
    await sleep(closesAtMs - Date.now() + 2_000);

    for (const [i, closes] of seen.entries()) {
      expect(closes, `survivor ${i}`).toHaveLength(1);
      expect(closes[0]?.poll).toMatchObject({ id: pollId, status: 'closed', revealed: true });
      // At zero, not at the next sweep.
      expect(closes[0]!.poll.closedAtMs! - closesAtMs).toBeLessThan(1_000);
    }
    expect(seen[0]![0]!.delta.revision).toBe(seen[1]![0]!.delta.revision);
  }, 30_000);
});
