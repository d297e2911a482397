import { describe, expect, it } from 'vitest';
import type { Poll } from '../../shared/model/poll.ts';
import type { Quiz } from '../../shared/model/quiz.ts';
import {
  currentQuestion,
  isQuizPoll,
  optionLetter,
  ordinaryPolls,
  placeOrdinal,
  quizAnswerState,
  quizBallot,
  quizQuestionOf,
  quizStage,
  quizzesOnPhones,
  refusesNickname,
  togglePick,
} from '../../client/src/lib/quiz-play.ts';
import { nicknameRefusal } from '../../server/domain/quizzes.ts';

const quiz = (patch: Partial<Quiz> = {}): Quiz => ({
  id: 'qz1',
  title: 'Capitals',
  pollIds: ['p1', 'p2', 'p3'],
  status: 'running',
  showing: 'question',
  createdAtMs: 1,
  startedAtMs: 2,
  finishedAtMs: null,
  ...patch,
});

const question = (id: string, status: Poll['status'], correctOptionIds: string[] = []): Poll => ({
  id,
  question: `Question ${id}`,
  spec: { kind: 'single', options: [{ id: 'a', label: 'Paris' }, { id: 'b', label: 'Rome' }] },
  settings: { resultsVisibility: 'on_reveal', anonymous: false, allowChange: false, eligibleRoles: ['participant', 'audience'] },
  status,
  revealed: status === 'closed',
  createdAtMs: 1,
  openedAtMs: status === 'draft' ? null : 10,
  closedAtMs: status === 'closed' ? 20 : null,
  closesAtMs: status === 'draft' ? null : 5_010,
  revealOnClose: true,
  quiz: { quizId: 'qz1', correctOptionIds, timeLimitSec: 5 },
} as Poll);

describe('a quiz question on a phone', () => {
  it('knows its quiz and its number', () => {
    const poll = question('p2', 'open');
    expect(isQuizPoll(poll)).toBe(true);
    expect(isQuizPoll({ quiz: undefined })).toBe(false);
    expect(quizQuestionOf([quiz()], poll)).toMatchObject({ number: 2, total: 3, quiz: { title: 'Capitals' } });
    expect(quizQuestionOf([], poll)).toBeNull();
  });

  it('is listed only in its quiz, never as an ordinary poll', () => {
    const ordinary = { ...question('p9', 'open'), quiz: undefined };
    expect(ordinaryPolls([question('p1', 'open'), ordinary, question('p2', 'closed', ['a'])])).toEqual([ordinary]);
  });

  it('shows the last question asked, and nothing before the first', () => {
    expect(currentQuestion(quiz(), [question('p1', 'draft'), question('p2', 'draft')])).toBeNull();
    expect(currentQuestion(quiz(), [question('p1', 'closed', ['a']), question('p2', 'open'), question('p3', 'draft')])?.id).toBe('p2');
    expect(currentQuestion(quiz(), [question('p2', 'closed', ['a']), question('p1', 'closed', ['b'])])?.id).toBe('p2');
  });

  it('shows the leaderboard only between questions, and the final results at the end', () => {
    expect(quizStage(quiz(), null)).toBe('waiting');
    expect(quizStage(quiz({ showing: 'leaderboard' }), question('p1', 'closed', ['a']))).toBe('leaderboard');
    expect(quizStage(quiz({ showing: 'leaderboard' }), question('p2', 'open'))).toBe('question');
    expect(quizStage(quiz({ status: 'finished' }), question('p3', 'closed', ['a']))).toBe('final');
  });

  it('locks an answer in while open, and judges it only once the answer is out', () => {
    const ballot = { kind: 'single', optionId: 'b' } as const;
    expect(quizAnswerState(question('p1', 'open'), null, false)).toEqual({ phase: 'answering' });
    expect(quizAnswerState(question('p1', 'open'), ballot, false)).toEqual({ phase: 'locked', chosen: ['b'] });
    expect(quizAnswerState(question('p1', 'open'), null, true)).toEqual({ phase: 'time_up', chosen: [] });
    expect(quizAnswerState(question('p1', 'closed'), ballot, true)).toEqual({ phase: 'time_up', chosen: ['b'] });
    expect(quizAnswerState(question('p1', 'closed', ['a']), ballot, true)).toMatchObject({ phase: 'result', correct: false, correctOptionIds: ['a'] });
    expect(quizAnswerState(question('p1', 'closed', ['b']), ballot, true)).toMatchObject({ phase: 'result', correct: true });
    expect(quizAnswerState(question('p1', 'closed', ['b']), null, true)).toMatchObject({ phase: 'result', correct: null });
  });

  it('judges a multiple-choice answer right only with exactly the correct options', () => {
    const poll = question('p1', 'closed', ['a', 'c']);
    expect(quizAnswerState(poll, { kind: 'multiple', optionIds: ['c', 'a'] }, true)).toMatchObject({ correct: true });
    expect(quizAnswerState(poll, { kind: 'multiple', optionIds: ['a'] }, true)).toMatchObject({ correct: false });
  });

  it('builds the ballot from the picks, never past the maximum', () => {
    expect(quizBallot('single', [])).toBeNull();
    expect(quizBallot('single', ['a'])).toEqual({ kind: 'single', optionId: 'a' });
    expect(quizBallot('multiple', ['a', 'c'])).toEqual({ kind: 'multiple', optionIds: ['a', 'c'] });
    expect(togglePick(['a'], 'c', 2)).toEqual(['a', 'c']);
    expect(togglePick(['a', 'c'], 'd', 2)).toEqual(['a', 'c']);
    expect(togglePick(['a', 'c'], 'a', 2)).toEqual(['c']);
  });

  it('letters the options and writes places as each language does', () => {
    expect([0, 1, 19].map(optionLetter)).toEqual(['A', 'B', 'T']);
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 112].map((n) => placeOrdinal(n, 'en'))).toEqual([
      '1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '112th',
    ]);
    expect([1, 2, 12, 21].map((n) => placeOrdinal(n, 'ru'))).toEqual(['1-м', '2-м', '12-м', '21-м']);
  });
});

describe('a refused nickname, in the phone\'s language', () => {
  it('knows the server\'s refusal of the name itself, and only that', () => {
    const refusal = nicknameRefusal('shithead');
    expect(refusal).not.toBeNull();
    expect(refusesNickname(refusal!.error.message)).toBe(true);
    expect(refusesNickname('quiz.nickname: nickname: String must contain at most 40 character(s)')).toBe(true);
    expect(refusesNickname('No such quiz in this room.')).toBe(false);
    expect(refusesNickname('quizId: Required')).toBe(false);
  });
});

describe('the quizzes a phone shows', () => {
  it('a draft only while the projector shows it; a running or finished quiz always', () => {
    const quizzes = [quiz({ id: 'qz1', status: 'draft' }), quiz({ id: 'qz2', status: 'draft' }), quiz({ id: 'qz3', status: 'running' }), quiz({ id: 'qz4', status: 'finished' })];
    const ids = (projector: { mode: 'title' | 'quiz' | 'poll'; pollId: string | null; quizId?: string | null }) => quizzesOnPhones({ quizzes, projector }).map((q) => q.id);
    expect(ids({ mode: 'title', pollId: null })).toEqual(['qz3', 'qz4']);
    expect(ids({ mode: 'quiz', pollId: null, quizId: 'qz2' })).toEqual(['qz2', 'qz3', 'qz4']);
    expect(ids({ mode: 'poll', pollId: 'p1', quizId: 'qz2' })).toEqual(['qz3', 'qz4']);
    expect(quizzesOnPhones({ projector: { mode: 'title', pollId: null } })).toEqual([]);
  });
});
