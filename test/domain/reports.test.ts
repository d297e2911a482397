import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgendaRoomSchema, AgendaSchema, type AgendaRoom } from '../../shared/model/event.ts';
import type { FinishedTurn, RequestKind } from '../../shared/model/floor.ts';
import type { Speaker } from '../../shared/model/person.ts';
import type { Poll, PollResults } from '../../shared/model/poll.ts';
import type { Question } from '../../shared/model/question.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { initialRoomState } from '../../server/domain/initial-state.ts';
import {
  csvCell,
  delegationsCsv,
  EVENT_REPORT_TABLES,
  isReportTable,
  pollsCsv,
  questionsCsv,
  REPORT_TABLES,
  speakersCsv,
  toCsv,
} from '../../server/domain/report-csv.ts';
import { eventReport, floorBalance, recordedTurn, roomReport, speakingTime, type RoomReport } from '../../server/domain/reports.ts';

const MINUTE = 60_000;
const PANEL_START = Date.parse('2023-05-18T11:00:00+05:00');
const PANEL_END = Date.parse('2023-05-18T13:00:00+05:00');

const panelRoom: AgendaRoom = AgendaRoomSchema.parse({
  id: 'panel-integrity',
  title: 'Panel 2: Integrity in the civil service',
  kind: 'panel',
  startsAt: '2023-05-18T11:00:00+05:00',
  endsAt: '2023-05-18T13:00:00+05:00',
  turnMinutes: 10,
});

const keynoteRoom: AgendaRoom = AgendaRoomSchema.parse({
  id: 'keynote-meritocracy',
  title: 'Keynote: Meritocracy',
  kind: 'keynote',
  startsAt: '2023-05-18T09:30:00+05:00',
  endsAt: '2023-05-18T10:30:00+05:00',
  turnMinutes: 20,
});

function panellist(personId: string | null, name: string, country: string | null, organisation: string | null = null): Speaker {
  return { personId, name, organisation, country };
}

const aigerim = panellist('p-kz', 'Aigerim Bekova', 'Kazakhstan', 'Civil Service Agency');
const nodir = panellist('p-uz', 'Nodir Karimov', 'Uzbekistan');
const elnur = panellist('p-az', 'Elnur Mammadov', 'Azerbaijan');
const nino = panellist('p-ge', 'Nino Beridze', 'Georgia');
const aibek = panellist('p-kg', 'Aibek Tashiev', 'Kyrgyzstan');
const farrukh = panellist('p-tj', 'Farrukh Rahimov', 'Tajikistan');
const sarah = panellist('p-de', 'Sarah Klein', 'Germany', 'OECD');
/** Added from the floor by the moderator, by name only: no person id. */
const dmitry = panellist(null, 'Дмитрий Иванов', 'Kazakhstan');

/** Turns follow one another from the start of the panel, in the order given. */
function scriptTurns(script: Array<{ speaker: Speaker; spokenMs: number; allottedMs?: number; kind?: RequestKind }>): FinishedTurn[] {
  let clockMs = PANEL_START;
  return script.map(({ speaker, spokenMs, allottedMs = 10 * MINUTE, kind = 'contribution' }, index) => {
    const startedAtMs = clockMs;
    clockMs += spokenMs + 30_000;
    return { requestId: `r${index + 1}`, speaker, kind, allottedMs, startedAtMs, endedAtMs: startedAtMs + spokenMs, spokenMs };
  });
}

const panelTurns = scriptTurns([
  { speaker: aigerim, spokenMs: 9.5 * MINUTE },
  { speaker: nodir, spokenMs: 10 * MINUTE },
  { speaker: elnur, spokenMs: 11 * MINUTE }, // runs one minute over
  { speaker: nino, spokenMs: 9 * MINUTE },
  { speaker: aibek, spokenMs: 10 * MINUTE },
  { speaker: farrukh, spokenMs: 8 * MINUTE },
  { speaker: sarah, spokenMs: 9.75 * MINUTE },
  // open discussion: three-minute interventions
  { speaker: dmitry, spokenMs: 2 * MINUTE, allottedMs: 3 * MINUTE },
  { speaker: aigerim, spokenMs: 2.5 * MINUTE, allottedMs: 3 * MINUTE, kind: 'reply' },
]);

function poll(id: string, question: string, status: Poll['status'], spec: Poll['spec'], anonymous = false): Poll {
  return {
    id,
    question,
    spec,
    settings: { resultsVisibility: 'live', anonymous, allowChange: true, eligibleRoles: ['participant', 'audience'] },
    status,
    revealed: false,
    createdAtMs: PANEL_START,
    openedAtMs: status === 'draft' ? null : PANEL_START,
    closedAtMs: status === 'closed' ? PANEL_START + 60 * MINUTE : null,
    closesAtMs: null,
    revealOnClose: false,
  };
}

const yesNo = [
  { id: 'o1', label: 'Yes' },
  { id: 'o2', label: 'No' },
];

function question(id: string, text: string, askedAfterMin: number, extra: Partial<Question> = {}): Question {
  return {
    id,
    text,
    authorId: 'a-' + id,
    authorName: 'Delegate ' + id,
    addressedTo: null,
    status: 'approved',
    askedAtMs: PANEL_START + askedAfterMin * MINUTE,
    editedAtMs: null,
    answeredAtMs: null,
    ...extra,
  };
}

function panelState(turns: FinishedTurn[] = panelTurns): RoomState {
  const state = initialRoomState(panelRoom);
  return {
    ...state,
    floor: { ...state.floor, finished: turns },
    polls: [
      poll('poll-merit', 'Should promotion exams be public?', 'closed', { kind: 'single', options: yesNo }),
      poll('poll-draft', 'Not asked yet', 'draft', { kind: 'single', options: yesNo }),
      poll('poll-words', 'One word for integrity', 'open', { kind: 'word_cloud', maxWords: 1 }, true),
      poll('poll-open', 'What should change first?', 'closed', { kind: 'open_text', maxLength: 200 }),
    ],
    questions: [
      question('q1', 'How are exam boards chosen?', 5, { addressedTo: { personId: 'p-kz', name: 'Aigerim Bekova' }, status: 'answered', answeredAtMs: PANEL_START + 80 * MINUTE }),
      question('q2', 'Is there an appeal process?', 10),
      question('q3', 'Off-topic advert', 12, { status: 'dismissed' }),
      question('q4', 'Who audits the auditors?', 3, { authorId: null, authorName: null, status: 'pending' }),
    ],
  };
}

const panelResults: PollResults[] = [
  {
    pollId: 'poll-merit',
    kind: 'single',
    voters: 120,
    rows: [
      { key: 'o1', label: 'Yes', value: 85 },
      { key: 'o2', label: 'No', value: 35 },
    ],
    mean: null,
    answers: [],
  },
  {
    pollId: 'poll-words',
    kind: 'word_cloud',
    voters: 3,
    rows: [
      { key: 'trust', label: 'trust', value: 2 },
      { key: 'честность', label: 'честность', value: 1 },
    ],
    mean: null,
    answers: [],
  },
];

const panelVotes = { q1: 12, q2: 12, q3: 1, q4: 30 };

function panelReport(turns?: FinishedTurn[]): RoomReport {
  return roomReport({ room: panelRoom, state: panelState(turns), pollResults: panelResults, votes: panelVotes, nowMs: PANEL_END });
}

describe('room report: a panel of seven', () => {
  const report = panelReport();
  const { speakingTime: time } = report;

  it('carries the room from the agenda', () => {
    expect(report).toMatchObject({ roomId: 'panel-integrity', title: panelRoom.title, kind: 'panel', startsAt: panelRoom.startsAt, endsAt: panelRoom.endsAt });
    expect(time.turns).toHaveLength(9);
  });

  it('adds up the speaking time of every turn', () => {
    expect(time.totalMs).toBe(71.75 * MINUTE);
  });

  it('gives each person one line, longest speaker first, a second turn adding to the first', () => {
    expect(time.perPerson.map((p) => p.name)).toEqual([
      'Aigerim Bekova',
      'Elnur Mammadov',
      'Aibek Tashiev', // ties with Nodir Karimov at 10 minutes; names break the tie
      'Nodir Karimov',
      'Sarah Klein',
      'Nino Beridze',
      'Farrukh Rahimov',
      'Дмитрий Иванов',
    ]);
    expect(time.perPerson[0]).toEqual({
      name: 'Aigerim Bekova',
      personId: 'p-kz',
      organisation: 'Civil Service Agency',
      country: 'Kazakhstan',
      delegation: 'Kazakhstan',
      turns: 2,
      spokenMs: 12 * MINUTE,
      allottedMs: 13 * MINUTE,
      extraMs: 0,
      overtimeMs: 0,
    });
  });

  it('records the minute Elnur ran over, and no overtime for anyone else', () => {
    const overtime = time.perPerson.filter((p) => p.overtimeMs > 0);
    expect(overtime).toEqual([expect.objectContaining({ name: 'Elnur Mammadov', spokenMs: 11 * MINUTE, overtimeMs: MINUTE })]);
  });

  it('keeps the name-only speaker, with a null person id, in the delegation of their country', () => {
    expect(time.perPerson.at(-1)).toMatchObject({ name: 'Дмитрий Иванов', personId: null, delegation: 'Kazakhstan', spokenMs: 2 * MINUTE });
  });

  it('totals per delegation, with each one’s share of the floor', () => {
    expect(time.perDelegation.map((d) => d.delegation)).toEqual([
      'Kazakhstan',
      'Azerbaijan',
      'Kyrgyzstan',
      'Uzbekistan',
      'Germany',
      'Georgia',
      'Tajikistan',
    ]);
    expect(time.perDelegation[0]).toEqual({ delegation: 'Kazakhstan', speakers: 2, turns: 3, spokenMs: 14 * MINUTE, share: 14 / 71.75 });
    expect(time.perDelegation.find((d) => d.delegation === 'Tajikistan')?.share).toBeCloseTo(8 / 71.75, 10);
    expect(time.perDelegation.reduce((sum, d) => sum + d.share, 0)).toBeCloseTo(1, 10);
  });

  it('finds the floor fairly but not perfectly shared', () => {
    expect(time.balance).toBeGreaterThan(0.8);
    expect(time.balance).toBeLessThan(1);
  });

  it('lists polls that were put to the room, with their results, and leaves drafts out', () => {
    expect(report.polls.map((p) => [p.pollId, p.kind, p.status, p.anonymous])).toEqual([
      ['poll-merit', 'single', 'closed', false],
      ['poll-words', 'word_cloud', 'open', true],
      ['poll-open', 'open_text', 'closed', false],
    ]);
    expect(report.polls[0]?.results?.voters).toBe(120);
    expect(report.polls[2]?.results).toBeNull();
  });

  it('lists every question, most votes first and the older first on a tie', () => {
    expect(report.questions.map((q) => [q.questionId, q.votes, q.status])).toEqual([
      ['q4', 30, 'pending'],
      ['q1', 12, 'answered'],
      ['q2', 12, 'approved'],
      ['q3', 1, 'dismissed'],
    ]);
    expect(report.questions[0]?.author).toBeNull();
    expect(report.questions[1]).toMatchObject({ author: 'Delegate q1', addressedTo: 'Aigerim Bekova', answeredAtMs: PANEL_START + 80 * MINUTE });
  });

  it('reports an empty room as empty, with a balanced floor', () => {
    const empty = roomReport({ room: panelRoom, state: initialRoomState(panelRoom), pollResults: [], votes: {}, nowMs: PANEL_END });
    expect(empty.speakingTime).toEqual({ totalMs: 0, turns: [], perPerson: [], perDelegation: [], balance: 1 });
    expect(empty.polls).toEqual([]);
    expect(empty.questions).toEqual([]);
  });
});

describe('floor balance', () => {
  it('is 1 when delegations spoke equally long', () => {
    expect(floorBalance([10 * MINUTE, 10 * MINUTE, 10 * MINUTE])).toBe(1);
    const even = speakingTime(scriptTurns([{ speaker: nodir, spokenMs: 5 * MINUTE }, { speaker: nino, spokenMs: 5 * MINUTE }]).map(recordedTurn));
    expect(even.balance).toBe(1);
  });

  it('is 1 when fewer than two delegations spoke', () => {
    expect(floorBalance([])).toBe(1);
    const oneDelegation = speakingTime(scriptTurns([{ speaker: aigerim, spokenMs: 9 * MINUTE }, { speaker: dmitry, spokenMs: 1 * MINUTE }]).map(recordedTurn));
    expect(oneDelegation.perDelegation).toHaveLength(1);
    expect(oneDelegation.balance).toBe(1);
  });

  it('falls below 1 when one delegation holds the floor longer', () => {
    const skewed = speakingTime(scriptTurns([{ speaker: nodir, spokenMs: 9 * MINUTE }, { speaker: nino, spokenMs: 1 * MINUTE }]).map(recordedTurn));
    expect(skewed.balance).toBeCloseTo(0.2, 10);
    expect(floorBalance([1, 2, 3])).toBeLessThan(floorBalance([2, 2, 3]));
  });

  it('is 0 when one delegation had all the time and the others’ turns lasted nothing', () => {
    expect(floorBalance([0, 0, 10 * MINUTE])).toBe(0);
  });
});

const speakerArb: fc.Arbitrary<Speaker> = fc.record({
  personId: fc.option(fc.constantFrom('p1', 'p2', 'p3', 'p4'), { nil: null }),
  name: fc.constantFrom('Aigerim', 'Nodir', 'Дмитрий', 'Nino'),
  organisation: fc.option(fc.constantFrom('OECD', 'UNDP'), { nil: null }),
  country: fc.option(fc.constantFrom('Kazakhstan', 'Georgia', 'Uzbekistan'), { nil: null }),
});

const finishedTurnArb: fc.Arbitrary<FinishedTurn> = fc
  .record({
    speaker: speakerArb,
    kind: fc.constantFrom<RequestKind>('contribution', 'reply', 'point_of_order'),
    allottedMs: fc.integer({ min: 1, max: 60 * MINUTE }),
    startedAtMs: fc.integer({ min: 0, max: 2_000_000_000_000 }),
    spokenMs: fc.integer({ min: 0, max: 4 * 60 * MINUTE }),
  })
  .map((t) => ({ ...t, requestId: 'r', endedAtMs: t.startedAtMs + t.spokenMs }));

describe('speaking time, for any list of finished turns', () => {
  it('sums to the same total per turn, per person and per delegation, with a balance in 0..1', () => {
    fc.assert(
      fc.property(fc.array(finishedTurnArb, { maxLength: 40 }), (turns) => {
        const time = speakingTime(turns.map(recordedTurn));
        const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
        expect(sum(turns.map((t) => t.spokenMs))).toBe(time.totalMs);
        expect(sum(time.perPerson.map((p) => p.spokenMs))).toBe(time.totalMs);
        expect(sum(time.perDelegation.map((d) => d.spokenMs))).toBe(time.totalMs);
        expect(sum(time.perPerson.map((p) => p.turns))).toBe(turns.length);
        expect(time.balance).toBeGreaterThanOrEqual(0);
        expect(time.balance).toBeLessThanOrEqual(1);
        if (time.totalMs > 0) expect(sum(time.perDelegation.map((d) => d.share))).toBeCloseTo(1, 9);
      }),
    );
  });
});

/** A small RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const next = text[i + 1];
    if (quoted && ch === '"' && next === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += ch;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && next === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  expect(field, 'the last record ends with CRLF').toBe('');
  expect(record).toEqual([]);
  return records;
}

describe('CSV', () => {
  it('quotes fields holding a comma, a quote, CR or LF, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Bekova, Aigerim')).toBe('"Bekova, Aigerim"');
    expect(csvCell('the "merit" principle')).toBe('"the ""merit"" principle"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell(null)).toBe('');
  });

  it('ends every record with CRLF', () => {
    const csv = toCsv(['a', 'b'], [['x', 1], ['y, z', 2]]);
    expect(csv).toBe('a,b\r\nx,1\r\n"y, z",2\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas, but writes numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csvCell('+7 701 000 00 00')).toBe("'+7 701 000 00 00");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(12.5)).toBe('12.5');
  });

  it('guards user text in the tables: a question written as a formula stays text', () => {
    const state = { ...panelState(), questions: [question('q9', '=HYPERLINK("http://evil.example","Details")', 1)] };
    const report = roomReport({ room: panelRoom, state, pollResults: [], votes: {}, nowMs: PANEL_END });
    const [, row] = parseCsv(questionsCsv(report));
    expect(row?.[0]).toBe(`'=HYPERLINK("http://evil.example","Details")`);
  });

  it('writes the speakers table with durations in seconds to one decimal, Cyrillic intact', () => {
    const rows = parseCsv(speakersCsv(panelReport()));
    expect(rows[0]).toEqual(['name', 'person_id', 'organisation', 'country', 'delegation', 'turns', 'spoken_s', 'allotted_s', 'extra_s', 'overtime_s']);
    expect(rows[2]).toEqual(['Elnur Mammadov', 'p-az', '', 'Azerbaijan', 'Azerbaijan', '1', '660', '600', '0', '60']);
    expect(rows.at(-1)).toEqual(['Дмитрий Иванов', '', '', 'Kazakhstan', 'Kazakhstan', '1', '120', '180', '0', '0']);
    const odd = panelReport(scriptTurns([{ speaker: nino, spokenMs: 61_234 }]));
    expect(parseCsv(speakersCsv(odd))[1]?.[6]).toBe('61.2');
  });

  it('writes delegations with their share in percent', () => {
    const rows = parseCsv(delegationsCsv(panelReport()));
    expect(rows[0]).toEqual(['delegation', 'speakers', 'turns', 'spoken_s', 'share_pct']);
    expect(rows[1]).toEqual(['Kazakhstan', '2', '3', '840', '19.5']);
  });

  it('writes one poll row per result row, open-text answers included, drafts left out', () => {
    const report = roomReport({
      room: panelRoom,
      state: panelState(),
      pollResults: [...panelResults, { pollId: 'poll-open', kind: 'open_text', voters: 2, rows: [], mean: null, answers: ['Open exams', '-merit first'] }],
      votes: {},
      nowMs: PANEL_END,
    });
    expect(parseCsv(pollsCsv(report))).toEqual([
      ['poll', 'kind', 'status', 'voters', 'key', 'label', 'value'],
      ['Should promotion exams be public?', 'single', 'closed', '120', 'o1', 'Yes', '85'],
      ['Should promotion exams be public?', 'single', 'closed', '120', 'o2', 'No', '35'],
      ['One word for integrity', 'word_cloud', 'open', '3', 'trust', 'trust', '2'],
      ['One word for integrity', 'word_cloud', 'open', '3', 'честность', 'честность', '1'],
      ['What should change first?', 'open_text', 'closed', '2', 'answer', 'Open exams', ''],
      ['What should change first?', 'open_text', 'closed', '2', 'answer', "'-merit first", ''],
    ]);
  });

  it('writes a poll without results as one row, so it is not missing', () => {
    const rows = parseCsv(pollsCsv(panelReport()));
    expect(rows.at(-1)).toEqual(['What should change first?', 'open_text', 'closed', '0', '', '', '']);
  });

  it('writes questions with their times in UTC', () => {
    const rows = parseCsv(questionsCsv(panelReport()));
    expect(rows[0]).toEqual(['question', 'author', 'addressed_to', 'status', 'votes', 'asked_at_utc', 'answered_at_utc']);
    expect(rows[2]).toEqual(['How are exam boards chosen?', 'Delegate q1', 'Aigerim Bekova', 'answered', '12', '2023-05-18T06:05:00.000Z', '2023-05-18T07:20:00.000Z']);
  });

  it('looks tables up by name for the HTTP route', () => {
    const report = panelReport();
    expect(REPORT_TABLES.speakers(report)).toBe(speakersCsv(report));
    expect(Object.keys(REPORT_TABLES)).toEqual(['speakers', 'turns', 'delegations', 'polls', 'questions', 'quiz_questions', 'quiz_players']);
    expect(Object.keys(EVENT_REPORT_TABLES)).toEqual(Object.keys(REPORT_TABLES));
    expect(isReportTable('polls')).toBe(true);
    expect(isReportTable('toString')).toBe(false);
  });
});

describe('event report', () => {
  const agenda = AgendaSchema.parse({
    id: 'astana-2023',
    title: 'Meritocracy. Integrity. Innovation.',
    audienceCode: 'ASTANA23',
    rooms: [keynoteRoom, panelRoom],
  });
  const keynoteState: RoomState = {
    ...initialRoomState(keynoteRoom),
    floor: {
      listOpen: true,
      queue: [],
      current: null,
      finished: scriptTurns([{ speaker: panellist('p-de', 'Sarah Klein', 'Germany', 'OECD'), spokenMs: 20 * MINUTE, allottedMs: 20 * MINUTE }]),
      suspended: null,
      ledger: [],
    },
  };
  const keynote = roomReport({ room: keynoteRoom, state: keynoteState, pollResults: [], votes: {}, nowMs: PANEL_END });
  // given out of agenda order on purpose
  const report = eventReport(agenda, [panelReport(), keynote]);

  it('lists the rooms in agenda order', () => {
    expect(report).toMatchObject({ eventId: 'astana-2023', title: 'Meritocracy. Integrity. Innovation.' });
    expect(report.rooms.map((r) => r.roomId)).toEqual(['keynote-meritocracy', 'panel-integrity']);
  });

  it('totals speaking time across rooms, one line per person', () => {
    expect(report.speakingTime.totalMs).toBe(91.75 * MINUTE);
    expect(report.speakingTime.perPerson[0]).toMatchObject({ name: 'Sarah Klein', turns: 2, spokenMs: 29.75 * MINUTE });
    expect(report.speakingTime.perDelegation[0]).toMatchObject({ delegation: 'Germany', speakers: 1, spokenMs: 29.75 * MINUTE });
  });

  it('writes event tables with the room first on every row', () => {
    for (const [name, write] of Object.entries(EVENT_REPORT_TABLES)) {
      const [header, ...rows] = parseCsv(write(report));
      expect(header?.[0], name).toBe('room');
      for (const row of rows) expect([keynoteRoom.title, panelRoom.title], name).toContain(row[0]);
    }
    const speakers = parseCsv(speakersCsv(report));
    expect(speakers[1]).toEqual(['Keynote: Meritocracy', 'Sarah Klein', 'p-de', 'OECD', 'Germany', 'Germany', '1', '1200', '1200', '0', '0']);
    expect(speakers).toHaveLength(1 + 1 + 8);
    expect(parseCsv(delegationsCsv(report))[0]).toEqual(['room', 'delegation', 'speakers', 'turns', 'spoken_s', 'share_pct']);
    expect(parseCsv(pollsCsv(report)).slice(1).every((row) => row[0] === panelRoom.title)).toBe(true);
  });
});
