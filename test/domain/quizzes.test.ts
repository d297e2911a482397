import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Poll } from '../../shared/model/poll.ts';
import { QUIZ_POINTS, QUIZ_TALLY_KEYS, quizPoints, quizzesOf, type Quiz } from '../../shared/model/quiz.ts';
import { COMMANDS, type CommandInput } from '../../shared/protocol/commands.ts';
import { prepareBallot } from '../../server/domain/ballots.ts';
import { MAX_POLLS } from '../../server/domain/polls.ts';
import { publicEvent, publicView, stageEvent, stageView } from '../../server/domain/visibility.ts';
import { accepted, openRoom, payload, refusal, SECOND_MS, type OpenRoom } from './fixtures.ts';

type QuestionInput = CommandInput<'quiz.create'>['questions'][number];

const capitals: QuestionInput = {
  question: 'Which city hosts the Astana Civil Service Hub?',
  kind: 'single',
  options: ['Almaty', 'Astana', 'Tashkent'],
  correct: [1],
  timeLimitSec: 20,
};
const principles: QuestionInput = {
  question: 'Which are principles of a merit-based civil service?',
  kind: 'multiple',
  options: ['Open competition', 'Patronage', 'Equal treatment', 'Tenure for life'],
  correct: [2, 0],
  timeLimitSec: 30,
};

function createQuiz(room: OpenRoom, questions: QuestionInput[] = [capitals, principles]) {
  const chair = room.actor('moderator');
  return room.command('quiz.create', payload('quiz.create', { title: 'Merit quiz', questions }), chair);
}

function quizIn(room: OpenRoom, quizId: string): Quiz {
  const quiz = quizzesOf(room.state).find((q) => q.id === quizId);
  if (!quiz) throw new Error(`no quiz ${quizId}`);
  return quiz;
}

function pollIn(room: OpenRoom, pollId: string): Poll {
  const poll = room.state.polls.find((p) => p.id === pollId);
  if (!poll) throw new Error(`no poll ${pollId}`);
  return poll;
}

function started(room: OpenRoom) {
  const { quizId, pollIds } = accepted(createQuiz(room)).result;
  const chair = room.actor('moderator');
  const run = (name: 'quiz.next' | 'quiz.finish' | 'quiz.showLeaderboard' | 'quiz.delete') => room.command(name, { quizId }, chair);
  return { quizId, pollIds, chair, run };
}

describe('a moderator writes a quiz', () => {
  it('creates a draft quiz and a draft poll per question, numbered like any poll, answers kept on the poll', () => {
    const room = openRoom();
    const { quizId, pollIds } = accepted(createQuiz(room)).result;

    expect(quizIn(room, quizId)).toEqual({
      id: quizId,
      title: 'Merit quiz',
      pollIds,
      status: 'draft',
      showing: 'question',
      createdAtMs: room.nowMs,
      startedAtMs: null,
      finishedAtMs: null,
    });
    const [first, second] = pollIds.map((id) => pollIn(room, id));
    expect(first).toMatchObject({
      status: 'draft',
      spec: { kind: 'single', options: [{ id: 'o1', label: 'Almaty' }, { id: 'o2', label: 'Astana' }, { id: 'o3', label: 'Tashkent' }] },
      settings: { resultsVisibility: 'on_reveal', anonymous: false, allowChange: false },
      quiz: { quizId, correctOptionIds: ['o2'], timeLimitSec: 20 },
    });
    expect(second).toMatchObject({ spec: { kind: 'multiple', maxChoices: 4 }, quiz: { correctOptionIds: ['o1', 'o3'], timeLimitSec: 30 } });
  });

  it.each([
    ['no correct answer', { ...capitals, correct: [] }, 'questions.1.correct'],
    ['two correct answers to a single-choice question', { ...capitals, correct: [0, 1] }, 'questions.1.correct'],
    ['a correct answer beyond the options', { ...capitals, correct: [3] }, 'questions.1.correct'],
    ['the same correct answer twice', { ...principles, correct: [0, 0] }, 'questions.1.correct'],
  ])('refuses %s, naming the field, and changes nothing', (_, bad, field) => {
    const room = openRoom();
    const before = room.state;
    const decision = createQuiz(room, [principles, bad]);
    expect(refusal(decision)).toBe('invalid_input');
    expect(decision.ok ? '' : decision.error.message).toContain(field);
    expect(room.state).toBe(before);
  });

  it('refuses a time limit under 5 s at the protocol boundary', () => {
    const input = { title: 'Quick', questions: [{ ...capitals, timeLimitSec: 4 }] };
    expect(COMMANDS['quiz.create'].payload.safeParse(input).success).toBe(false);
  });

  it('counts the new questions against the room\'s polls', () => {
    const room = openRoom();
    const questions = Array.from({ length: 50 }, (_, i) => ({ ...capitals, question: `Question ${i + 1}` }));
    accepted(createQuiz(room, questions));
    accepted(createQuiz(room, questions.slice(0, MAX_POLLS - 50)));
    const before = room.state;
    expect(refusal(createQuiz(room, [capitals]))).toBe('conflict');
    expect(room.state).toBe(before);
  });
});

describe('a moderator runs a quiz', () => {
  it('opens each question in turn for its time limit, revealing it when time is up', () => {
    const room = openRoom();
    const { quizId, pollIds, run } = started(room);
    const openedAt = room.nowMs;
    expect(accepted(run('quiz.next')).result).toEqual({ pollId: pollIds[0] });
    expect(pollIn(room, pollIds[0]!)).toMatchObject({ status: 'open', openedAtMs: openedAt, closesAtMs: openedAt + 20 * SECOND_MS, revealOnClose: true });
    expect(quizIn(room, quizId)).toMatchObject({ status: 'running', showing: 'question', startedAtMs: openedAt });

    expect(refusal(run('quiz.next'))).toBe('conflict');
    expect(refusal(run('quiz.showLeaderboard'))).toBe('conflict');

    room.advance(20 * SECOND_MS);
    accepted(room.command('poll.close', { pollId: pollIds[0]! }, room.actor('organiser')));
    expect(pollIn(room, pollIds[0]!)).toMatchObject({ status: 'closed', revealed: true });
    accepted(run('quiz.showLeaderboard'));
    expect(quizIn(room, quizId).showing).toBe('leaderboard');

    accepted(run('quiz.next'));
    expect(quizIn(room, quizId)).toMatchObject({ showing: 'question', startedAtMs: openedAt });
    room.advance(5 * SECOND_MS);
    // Closed early by the chair: it counts as time up, and the answer is shown.
    accepted(room.command('poll.close', { pollId: pollIds[1]! }, room.actor('moderator')));
    expect(pollIn(room, pollIds[1]!)).toMatchObject({ status: 'closed', revealed: true });
    expect(refusal(run('quiz.next'))).toBe('conflict');
  });

  it('finishes a quiz with a question still open by closing it; nothing runs after', () => {
    const room = openRoom();
    const { quizId, pollIds, run } = started(room);
    expect(refusal(run('quiz.finish'))).toBe('conflict');
    accepted(run('quiz.next'));
    room.advance(3 * SECOND_MS);
    expect(refusal(run('quiz.delete'))).toBe('conflict');
    accepted(run('quiz.finish'));
    expect(pollIn(room, pollIds[0]!)).toMatchObject({ status: 'closed', revealed: true, closedAtMs: room.nowMs });
    expect(pollIn(room, pollIds[1]!).status).toBe('draft');
    expect(quizIn(room, quizId)).toMatchObject({ status: 'finished', showing: 'leaderboard', finishedAtMs: room.nowMs });
    for (const name of ['quiz.next', 'quiz.finish', 'quiz.showLeaderboard'] as const) expect(refusal(run(name))).toBe('conflict');
  });

  it('deletes a quiz that is not running, with its questions, and takes it off the projector', () => {
    const room = openRoom();
    const { quizId, pollIds, chair, run } = started(room);
    accepted(room.command('projector.show', { mode: 'quiz', quizId }, chair));
    accepted(run('quiz.delete'));
    expect(quizzesOf(room.state)).toEqual([]);
    expect(room.state.polls.filter((p) => pollIds.includes(p.id))).toEqual([]);
    expect(room.state.projector).toEqual({ mode: 'title', pollId: null, quizId: null });
  });

  it('refuses poll commands that would change a quiz question, but lets the chair close one early', () => {
    const room = openRoom();
    const { pollIds, chair, run } = started(room);
    const [first, second] = pollIds as [string, string];
    const before = room.state;
    expect(refusal(room.command('poll.open', { pollId: first }, chair))).toBe('conflict');
    expect(refusal(room.command('poll.update', { pollId: first, question: 'Changed?' }, chair))).toBe('conflict');
    expect(refusal(room.command('poll.duplicate', { pollId: first }, chair))).toBe('conflict');
    expect(refusal(room.command('poll.delete', { pollId: first }, chair))).toBe('conflict');
    expect(room.state).toBe(before);
    accepted(run('quiz.next'));
    accepted(room.command('poll.close', { pollId: first }, chair));
    const decision = room.command('poll.reopen', { pollId: first }, chair);
    expect(refusal(decision)).toBe('conflict');
    expect(decision.ok ? '' : decision.error.message).toMatch(/run it from its quiz/);
    expect(pollIn(room, second).status).toBe('draft');
  });

  it('shows a quiz on the projector only by its id; other modes show none', () => {
    const room = openRoom();
    const { quizId, chair } = started(room);
    expect(refusal(room.command('projector.show', { mode: 'quiz' }, chair))).toBe('invalid_input');
    expect(refusal(room.command('projector.show', { mode: 'quiz', quizId: 'z404' }, chair))).toBe('not_found');
    expect(refusal(room.command('projector.show', { mode: 'title', quizId }, chair))).toBe('invalid_input');
    accepted(room.command('projector.show', { mode: 'quiz', quizId }, chair));
    expect(room.state.projector).toEqual({ mode: 'quiz', pollId: null, quizId });
    accepted(room.command('projector.show', { mode: 'top_questions' }, chair));
    expect(room.state.projector).toEqual({ mode: 'top_questions', pollId: null, quizId: null });
  });
});

describe('answers score from the server clock', () => {
  it('a correct answer earns from 1000 at once down to 500 at the last moment, never rising with time; a wrong one 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 600 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (limitSec, a, b) => {
        const limitMs = limitSec * 1_000;
        const [early, late] = [Math.round(Math.min(a, b) * limitMs), Math.round(Math.max(a, b) * limitMs)];
        const earlyPoints = quizPoints(true, early, limitMs);
        const latePoints = quizPoints(true, late, limitMs);
        expect(earlyPoints).toBeGreaterThanOrEqual(QUIZ_POINTS.min);
        expect(earlyPoints).toBeLessThanOrEqual(QUIZ_POINTS.max);
        expect(latePoints).toBeLessThanOrEqual(earlyPoints);
        expect(quizPoints(false, early, limitMs)).toBe(0);
      }),
    );
    expect(quizPoints(true, 0, 20_000)).toBe(QUIZ_POINTS.max);
    expect(quizPoints(true, 20_000, 20_000)).toBe(QUIZ_POINTS.min);
  });

  it('a ballot on a question carries its points, correctness and time beside the option counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 * SECOND_MS - 1 }), fc.constantFrom('o1', 'o2', 'o3'), (elapsedMs, optionId) => {
        const room = openRoom();
        const { pollIds, run } = started(room);
        accepted(run('quiz.next'));
        const openedAt = room.nowMs;
        const player = room.actor('audience');
        const prepared = accepted(prepareBallot(room.state, pollIds[0]!, { kind: 'single', optionId }, player, openedAt + elapsedMs));
        const correct = optionId === 'o2';
        expect(prepared.contributions).toEqual({
          [optionId]: 1,
          [QUIZ_TALLY_KEYS.points]: quizPoints(correct, elapsedMs, 20 * SECOND_MS),
          [QUIZ_TALLY_KEYS.correct]: correct ? 1 : 0,
          [QUIZ_TALLY_KEYS.elapsedMs]: elapsedMs,
        });
      }),
      { numRuns: 50 },
    );
  });

  it('a multiple-choice answer is right only with exactly the correct options', () => {
    const room = openRoom();
    const { quizId, pollIds } = accepted(createQuiz(room, [principles])).result;
    accepted(room.command('quiz.next', { quizId }, room.actor('moderator')));
    const player = room.actor('audience');
    const correct = (optionIds: string[]) =>
      accepted(prepareBallot(room.state, pollIds[0]!, { kind: 'multiple', optionIds }, player, room.nowMs)).contributions[QUIZ_TALLY_KEYS.correct];
    expect(correct(['o3', 'o1'])).toBe(1);
    expect(correct(['o1'])).toBe(0);
    expect(correct(['o1', 'o3', 'o2'])).toBe(0);
  });

  it('refuses an answer once time is up, even before the close is committed', () => {
    const room = openRoom();
    const { pollIds, run } = started(room);
    accepted(run('quiz.next'));
    const player = room.actor('audience');
    const late = prepareBallot(room.state, pollIds[0]!, { kind: 'single', optionId: 'o2' }, player, room.nowMs + 20 * SECOND_MS);
    expect(refusal(late)).toBe('conflict');
    expect(late.ok ? '' : late.error.message).toMatch(/question/);
  });
});

describe('nobody but the chair learns an answer before its question closes', () => {
  const answersIn = (polls: readonly Poll[]) => Object.fromEntries(polls.filter((p) => p.quiz).map((p) => [p.id, p.quiz!.correctOptionIds]));

  it('in snapshots of the public and the stage, and in the deltas each channel receives', () => {
    const room = openRoom();
    const { pollIds, chair, run } = started(room);
    const [first] = pollIds as [string, string];
    const opened = accepted(run('quiz.next')).events;
    expect(answersIn(publicView(room.state).polls)).toEqual({ [first]: [] });
    expect(answersIn(stageView(room.state).polls)).toEqual({ [first]: [], [pollIds[1]!]: [] });
    expect(answersIn(room.state.polls)).toEqual({ [first]: ['o2'], [pollIds[1]!]: ['o1', 'o3'] });
    const beforeOpen = room.state;
    for (const event of opened) {
      for (const seen of [publicEvent(event, beforeOpen), stageEvent(event)]) {
        if (seen.type === 'poll.saved') expect(seen.poll.quiz?.correctOptionIds).toEqual([]);
      }
    }

    room.advance(20 * SECOND_MS);
    const before = room.state;
    const closed = accepted(room.command('poll.close', { pollId: first }, chair)).events;
    expect(answersIn(publicView(room.state).polls)).toEqual({ [first]: ['o2'] });
    expect(answersIn(stageView(room.state).polls)[first]).toEqual(['o2']);
    const [publicClose] = closed.map((event) => publicEvent(event, before));
    expect(publicClose).toMatchObject({ type: 'poll.saved', poll: { id: first, quiz: { correctOptionIds: ['o2'] } } });
    expect(stageEvent(closed[0]!)).toMatchObject({ type: 'poll.saved', poll: { quiz: { correctOptionIds: ['o2'] } } });
  });
});
