import { REPORT_TABLES } from '../../domain/report-csv.ts';
import { AgendaAtRevisionSchema, AgendaSchema, type AgendaInput } from '../../../shared/model/event.ts';
import type { EventReport, RoomReport } from '../../../shared/model/report.ts';
import type { ControlStatus } from '../../../shared/protocol/control.ts';
import type { InviteView } from '../../../shared/protocol/http.ts';

/** Example values of the API document; the OpenAPI test parses each with the schema it illustrates. */

export const agendaInput: AgendaInput = {
  id: 'acsh-2023',
  title: 'Astana Civil Service Hub Conference 2023',
  timezone: 'Asia/Almaty',
  audienceCode: 'ACSH23',
  halls: [{ id: 'main-hall', name: 'Main Hall', code: 'MAIN23' }],
  rooms: [
    {
      id: 'panel-1',
      title: 'Panel 1: Public service in a digital age',
      kind: 'panel',
      hall: 'main-hall',
      startsAt: '2023-11-09T10:00:00+06:00',
      endsAt: '2023-11-09T11:30:00+06:00',
      turnMinutes: 10,
      moderators: [{ name: 'Alikhan Baimenov', organisation: 'ACSH', country: 'Kazakhstan' }],
      speakers: [{ name: 'Aigerim Sadykova', organisation: 'Ministry of Digital Development', country: 'Kazakhstan', title: 'Deputy Minister' }],
    },
  ],
};

/** What the server stores and answers for the agenda above: defaults filled in, at revision 3. */
export const agendaAtRevision = AgendaAtRevisionSchema.parse({ ...AgendaSchema.parse(agendaInput), revision: 3 });

const { revision: _revision, ...storedAgenda } = agendaAtRevision;
export const publicAgenda = { ...storedAgenda, publicUrl: 'https://plenary.example.org' };

export const person = {
  id: 'u_8Hq2xYf3',
  eventId: 'acsh-2023',
  name: 'Dana Nurlanovna',
  organisation: 'Academy of Public Administration',
  country: 'Kazakhstan',
  role: 'audience',
  roomId: null,
  attendance: 'hall',
  createdAtMs: 1699502400000,
} as const;

export const invite: InviteView = {
  id: 'inv_7f3a9c',
  role: 'moderator',
  roomId: 'panel-1',
  hallId: null,
  label: 'Chair, panel 1',
  url: 'https://plenary.example.org/join/Xb3kP9qLm2vT7wZr4sYc',
  revokedAtMs: null,
};

export const controlKey = { id: 'k4n8s2q7w1zx', roomId: null, hallId: 'main-hall', label: 'Main Hall desk', createdAtMs: 1699502400000, revokedAtMs: null };

export const controlStatus: ControlStatus = {
  roomId: 'panel-1',
  hallId: 'main-hall',
  title: 'Panel 1: Public service in a digital age',
  open: true,
  revision: 42,
  speaker: { name: 'Aigerim Sadykova', organisation: 'Ministry of Digital Development', country: 'Kazakhstan', kind: 'contribution' },
  remainingSec: 312,
  remainingText: '5:12',
  timer: 'running',
  phase: 'normal',
  colour: '#2e7d32',
  next: { name: 'Ruslan Tokayev', organisation: null, country: 'Kazakhstan', kind: 'reply' },
  waiting: 3,
  openPoll: { id: 'p_q1', question: 'Which reform matters most?' },
  messages: 0,
  projector: 'title',
};

export const roomReport: RoomReport = {
  roomId: 'panel-1',
  title: 'Panel 1: Public service in a digital age',
  kind: 'panel',
  startsAt: '2023-11-09T10:00:00+06:00',
  endsAt: '2023-11-09T11:30:00+06:00',
  atMs: 1699505400000,
  speakingTime: {
    totalMs: 540000,
    perPerson: [
      { name: 'Aigerim Sadykova', personId: 'u_a1', organisation: 'Ministry of Digital Development', country: 'Kazakhstan', delegation: 'Kazakhstan', turns: 1, spokenMs: 540000, allottedMs: 600000, extraMs: 0, overtimeMs: 0 },
    ],
    perDelegation: [{ delegation: 'Kazakhstan', speakers: 1, turns: 1, spokenMs: 540000, share: 1 }],
    balance: 1,
    turns: [
      {
        requestId: 'r_1',
        speaker: { personId: 'u_a1', name: 'Aigerim Sadykova', organisation: 'Ministry of Digital Development', country: 'Kazakhstan' },
        kind: 'contribution',
        startedAtMs: 1699502700000,
        endedAtMs: 1699503240000,
        allottedMs: 600000,
        extraMs: 0,
        spokenMs: 540000,
        overtimeMs: 0,
        inProgress: false,
        suspended: false,
      },
    ],
  },
  polls: [
    {
      pollId: 'p_q1',
      question: 'Rank the reforms',
      kind: 'ranking',
      status: 'closed',
      anonymous: true,
      results: { pollId: 'p_q1', kind: 'ranking', voters: 12, rows: [{ key: 'o1', label: 'Digital services', value: 19 }, { key: 'o2', label: 'Merit-based hiring', value: 17 }], mean: null, answers: [] },
    },
  ],
  questions: [
    { questionId: 'q_1', text: 'How is data protected?', author: null, addressedTo: 'Aigerim Sadykova', status: 'answered', votes: 7, askedAtMs: 1699502800000, answeredAtMs: 1699503100000 },
  ],
  quizzes: [
    {
      quizId: 'z_m1',
      title: 'Merit quiz',
      status: 'finished',
      startedAtMs: 1699503200000,
      finishedAtMs: 1699503300000,
      questions: [
        { pollId: 'p_z1', question: 'Which city hosts the Hub?', kind: 'single', status: 'closed', timeLimitSec: 20, correctLabels: ['Astana'], answered: 3, correct: 2, meanAnswerMs: 6400 },
        { pollId: 'p_z2', question: 'Which are merit principles?', kind: 'multiple', status: 'closed', timeLimitSec: 30, correctLabels: ['Open competition', 'Equal treatment'], answered: 2, correct: 1, meanAnswerMs: 12100 },
      ],
      leaderboard: [
        { rank: 1, name: 'Merit Maven', points: 1830, correct: 2, answered: 2 },
        { rank: 2, name: 'Aliya', points: 905, correct: 1, answered: 2 },
        { rank: 3, name: 'Daniyar', points: 0, correct: 0, answered: 1 },
      ],
    },
  ],
};

export const eventReport: EventReport = {
  eventId: 'acsh-2023',
  title: 'Astana Civil Service Hub Conference 2023',
  rooms: [roomReport],
  speakingTime: { totalMs: roomReport.speakingTime.totalMs, perPerson: roomReport.speakingTime.perPerson, perDelegation: roomReport.speakingTime.perDelegation, balance: 1 },
};

/** The speakers table of the example report, as the report route writes it. */
export const speakersCsv = REPORT_TABLES.speakers(roomReport);

export const calendar =
  'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Plenary//Plenary agenda//EN\r\nBEGIN:VTIMEZONE\r\nTZID:Asia/Almaty\r\n…\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:panel-1.acsh-2023@plenary.example.org\r\nDTSTART;TZID=Asia/Almaty:20231109T100000\r\nDTEND;TZID=Asia/Almaty:20231109T113000\r\nSUMMARY:Panel 1: Public service in a digital age\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
