import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/interop/csv.ts';
import { csvTemplate, readCsvAgenda } from '../../server/interop/csv-agenda.ts';
import { mergeProgramme } from '../../server/interop/programme-merge.ts';

function problemsOf(text: string) {
  const programme = readCsvAgenda(text, 'Asia/Almaty', 'panel');
  if (programme.ok) throw new Error('the CSV was accepted');
  return programme.problems;
}

function sessionsOf(text: string, timezone = 'Asia/Almaty') {
  const programme = readCsvAgenda(text, timezone, 'panel');
  if (!programme.ok) throw new Error(JSON.stringify(programme.problems));
  return programme.value.sessions;
}

describe('the RFC 4180 reader', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks, CRLF or LF, and skips blank lines', () => {
    expect(parseCsv('a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\n\n1,,3\n')).toEqual({
      separator: ',',
      rows: [
        ['a', 'b', 'c'],
        ['x, y', 'say "hi"', 'two\r\nlines'],
        ['1', '', '3'],
      ],
    });
  });

  it('takes the semicolon when the header has more of them, and drops a byte-order mark', () => {
    expect(parseCsv('\uFEFFid;title;note\n1;"a; b";1,5')).toEqual({ separator: ';', rows: [['id', 'title', 'note'], ['1', 'a; b', '1,5']] });
  });

  it('says where a quote opens and never closes', () => {
    expect(parseCsv('id,title\n1,ok\n2,"never closed\n3,x')).toEqual({ unclosedQuoteAtLine: 3 });
  });
});

describe('a CSV programme', () => {
  it('reads the template: the reference event’s two sessions, speakers and moderators with their organisations', () => {
    const sessions = sessionsOf(csvTemplate());
    expect(sessions).toEqual([
      {
        path: 'row 2',
        externalId: 'keynote-1',
        title: 'Keynote 1: Merit and the performance of government',
        kind: 'keynote',
        description: 'An international expert on why civil services run on merit perform better.',
        hall: 'Main Hall',
        startsAt: '2023-05-17T10:30:00+06:00',
        endsAt: '2023-05-17T11:10:00+06:00',
        speakers: [{ name: 'Tan Wei Ling', organisation: 'Institute of Policy and Governance' }],
        moderators: [{ name: 'Dinara Abilova', organisation: 'Astana Civil Service Hub' }],
        turnMinutes: 30,
      },
      expect.objectContaining({
        externalId: 'panel-1',
        speakers: [
          { name: 'Lieve Vermeulen', organisation: 'Federal Public Service for Policy and Support' },
          { name: 'Aminath Sheeza', organisation: 'Civil Service Commission' },
        ],
      }),
    ]);
  });

  it('reads a semicolon file with a BOM, quotes, date + start + duration and a session across midnight', () => {
    const text = '\uFEFFID;Title;Kind;Hall;Date;Start;Duration;Speakers;Description\r\n' + 's1;"Night; session";roundtable;Hall B;2023-05-17;23:30;01:15;"Ann Lee (Org ""A"")";"Line one\nline two"\r\n';
    expect(sessionsOf(text)).toEqual([
      {
        path: 'row 2',
        externalId: 's1',
        title: 'Night; session',
        kind: 'roundtable',
        description: 'Line one\nline two',
        hall: 'Hall B',
        startsAt: '2023-05-17T23:30:00+06:00',
        endsAt: '2023-05-18T00:45:00+06:00',
        speakers: [{ name: 'Ann Lee', organisation: 'Org "A"' }],
      },
    ]);
  });

  it('takes a time with its own offset as it is, and gives the kind the organiser chose to a row without one', () => {
    const [session] = sessionsOf('id,title,starts_at,ends_at\nx,Talk,2023-05-17T05:00:00Z,2023-05-17T07:30:00+01:00\n');
    expect(session).toMatchObject({ kind: 'panel', startsAt: '2023-05-17T11:00:00+06:00', endsAt: '2023-05-17T12:30:00+06:00' });
  });

  it('names a missing column', () => {
    expect(problemsOf('id,starts_at,ends_at\n1,2023-05-17 10:00,2023-05-17 11:00\n')).toEqual([
      { path: 'row 1 (header)', message: 'the column "title" is missing; the header has id, starts_at, ends_at' },
    ]);
  });

  it('names the row and column of a bad date, a bad kind and a duration like 25:99, all at once', () => {
    const text = 'id,title,kind,date,start,duration\n1,A,panel,2023-02-30,10:00,00:30\n2,B,party,2023-05-17,10:00,25:99\n';
    expect(problemsOf(text)).toEqual([
      { path: 'row 2, column "date"', message: '"2023-02-30" is not a date YYYY-MM-DD' },
      { path: 'row 3, column "kind"', message: '"party" is not a kind: use plenary, keynote, panel, roundtable, workshop, breakout' },
      { path: 'row 3, column "duration"', message: '"25:99" is not a duration HH:MM' },
    ]);
  });

  it('refuses two sessions at once in one hall, naming both rows', () => {
    const text = 'id,title,hall,starts_at,ends_at\na,First,Main Hall,2023-05-17 10:00,2023-05-17 11:00\nb,Second,main hall,2023-05-17 10:30,2023-05-17 11:30\n';
    const [problem, ...rest] = problemsOf(text);
    expect(rest).toEqual([]);
    expect(problem?.path).toBe('row 3');
    expect(problem?.message).toMatch(/"Second".*overlaps "First".*row 2/);
  });

  it('a CSV id is the session’s external id; its room id is made once and kept', () => {
    const programme = readCsvAgenda(csvTemplate(), 'Asia/Almaty', 'panel');
    if (!programme.ok) throw new Error('refused');
    const merged = mergeProgramme(null, programme.value, { eventId: 'forum', timezone: 'Asia/Almaty' });
    if (!merged.ok) throw new Error(JSON.stringify(merged.problems));
    expect(merged.value.agenda.rooms.map((room) => [room.id, room.externalId, room.hall])).toEqual([
      ['forum-keynote-1', 'keynote-1', 'main-hall'],
      ['forum-panel-1', 'panel-1', 'main-hall'],
    ]);
    expect(merged.value.agenda).toMatchObject({ audienceCode: 'FORUM', timezone: 'Asia/Almaty', halls: [{ id: 'main-hall', name: 'Main Hall' }] });
  });
});
