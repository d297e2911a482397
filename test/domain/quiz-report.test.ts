import { describe, expect, it } from 'vitest';
import type { PollTally } from '../../shared/model/poll.ts';
import { QUIZ_TALLY_KEYS } from '../../shared/model/quiz.ts';
import { prepareBallot } from '../../server/domain/ballots.ts';
import { REPORT_TABLES } from '../../server/domain/report-csv.ts';
import { roomReport } from '../../server/domain/reports.ts';
import { addContributions, accepted, openRoom, payload, SECOND_MS } from './fixtures.ts';

describe('a quiz in the room report', () => {
  it('lists each question with its correct labels, answers, right answers and mean time, and the full leaderboard', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    const questions = [
      { question: 'Which city hosts the Hub?', kind: 'single' as const, options: ['Almaty', 'Astana'], correct: [1], timeLimitSec: 20 },
      { question: 'Which are merit principles?', kind: 'multiple' as const, options: ['Open competition', 'Patronage', 'Equal treatment'], correct: [0, 2], timeLimitSec: 30 },
      { question: 'Never asked', kind: 'single' as const, options: ['Yes', 'No'], correct: [0], timeLimitSec: 10 },
    ];
    const { quizId, pollIds } = accepted(room.command('quiz.create', payload('quiz.create', { title: 'Merit quiz', questions }), chair)).result;
    accepted(room.command('quiz.next', { quizId }, chair));
    const tally: PollTally = { voters: 0, counters: {} };
    for (const [afterMs, optionId] of [[2_000, 'o2'], [6_000, 'o1']] as const) {
      const prepared = accepted(prepareBallot(room.state, pollIds[0]!, { kind: 'single', optionId }, room.actor('audience'), room.nowMs + afterMs));
      tally.voters += 1;
      addContributions(tally.counters, prepared.contributions, 1);
    }
    room.advance(20 * SECOND_MS);
    accepted(room.command('quiz.finish', { quizId }, chair));
    const leaderboard = [{ rank: 1, name: 'Aliya', points: 950, correct: 1, answered: 1 }, { rank: 2, name: 'Timur', points: 0, correct: 0, answered: 1 }];

    const report = roomReport({ room: room.agenda, state: room.state, pollResults: [], votes: {}, nowMs: room.nowMs, quizzes: { tallies: { [pollIds[0]!]: tally }, leaderboards: { [quizId]: leaderboard } } });
    expect(tally.counters[QUIZ_TALLY_KEYS.points]).toBe(950);
    expect(report.quizzes).toEqual([
      {
        quizId,
        title: 'Merit quiz',
        status: 'finished',
        startedAtMs: room.nowMs - 20 * SECOND_MS,
        finishedAtMs: room.nowMs,
        questions: [
          { pollId: pollIds[0], question: 'Which city hosts the Hub?', kind: 'single', status: 'closed', timeLimitSec: 20, correctLabels: ['Astana'], answered: 2, correct: 1, meanAnswerMs: 4_000 },
          { pollId: pollIds[1], question: 'Which are merit principles?', kind: 'multiple', status: 'draft', timeLimitSec: 30, correctLabels: ['Open competition', 'Equal treatment'], answered: 0, correct: 0, meanAnswerMs: null },
          { pollId: pollIds[2], question: 'Never asked', kind: 'single', status: 'draft', timeLimitSec: 10, correctLabels: ['Yes'], answered: 0, correct: 0, meanAnswerMs: null },
        ],
        leaderboard,
      },
    ]);
    expect(REPORT_TABLES.quiz_questions(report).split('\r\n').slice(0, 2)).toEqual([
      'quiz,question_no,question,kind,status,time_limit_s,correct_options,answered,correct,mean_answer_s',
      'Merit quiz,1,Which city hosts the Hub?,single,closed,20,Astana,2,1,4',
    ]);
    expect(REPORT_TABLES.quiz_players(report)).toBe('quiz,rank,name,points,correct,answered\r\nMerit quiz,1,Aliya,950,1,1\r\nMerit quiz,2,Timur,0,0,1\r\n');
  });

  it('is empty for a room without quizzes', () => {
    const room = openRoom();
    expect(roomReport({ room: room.agenda, state: room.state, pollResults: [], votes: {}, nowMs: room.nowMs }).quizzes).toEqual([]);
  });
});
