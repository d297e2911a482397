import { describe, expect, it } from 'vitest';
import { AgendaRoomSchema, type AgendaRoom } from '../../shared/model/event.ts';
import type { FinishedTurn } from '../../shared/model/floor.ts';
import type { Speaker } from '../../shared/model/person.ts';
import type { Question } from '../../shared/model/question.ts';
import { initialRoomState } from '../../server/domain/initial-state.ts';
import { roomReport, type RoomReport } from '../../server/domain/reports.ts';
import { rolledUpCsv, rolledUpReport } from '../../server/domain/rolled-up-report.ts';

const MINUTE = 60_000;
const START = Date.parse('2023-05-18T16:00:00+06:00');
const DAY_MS = 24 * 3_600_000;

const session = (id: string, title: string, parent: string | null = null): AgendaRoom =>
  AgendaRoomSchema.parse({ id, title, kind: parent ? 'roundtable' : 'plenary', startsAt: '2023-05-18T15:45:00+06:00', endsAt: '2023-05-18T17:45:00+06:00', parent });

const person = (personId: string, name: string, country: string): Speaker => ({ personId, name, organisation: null, country });
const madina = person('p-mc', 'Madina Zhaksylykova', 'Kazakhstan');
const katharina = person('p-at', 'Katharina Leitner', 'Austria');
const zeynep = person('p-tr', 'Zeynep Arikan', 'Turkey');
const tamar = person('p-ge', 'Tamar Lomidze', 'Georgia');

function turns(...script: Array<[Speaker, number]>): FinishedTurn[] {
  return script.map(([speaker, minutes], i) => ({
    requestId: `r${i}`,
    speaker,
    kind: 'contribution',
    allottedMs: 5 * MINUTE,
    startedAtMs: START + i * 10 * MINUTE,
    endedAtMs: START + i * 10 * MINUTE + minutes * MINUTE,
    spokenMs: minutes * MINUTE,
  }));
}

const question = (id: string, text: string): Question => ({
  id, text, authorId: null, authorName: null, addressedTo: null, status: 'approved', askedAtMs: START, editedAtMs: null, answeredAtMs: null,
});

function reportOf(room: AgendaRoom, finished: FinishedTurn[], questions: Question[] = []): RoomReport {
  const state = initialRoomState(room);
  return roomReport({ room, state: { ...state, floor: { ...state.floor, finished }, questions }, pollResults: [], votes: {}, nowMs: START + DAY_MS });
}

const opening = reportOf(session('roundtables-day2', 'Roundtables: opening and report-back'), turns([madina, 2]));
const table1 = reportOf(session('roundtable-1', 'Roundtable 1', 'roundtables-day2'), turns([katharina, 5], [zeynep, 6.5]), [question('q1', 'Al-Farabi today?')]);
const table2 = reportOf(session('roundtable-2', 'Roundtable 2', 'roundtables-day2'), turns([tamar, 3], [katharina, 1]), [question('q2', 'Curricula?'), question('q3', 'Exchanges?')]);

describe('a parent room’s report rolled up with its roundtables', () => {
  const rolled = rolledUpReport(opening, [table1, table2]);

  it('keeps the parent’s own report and lists the children in the order given', () => {
    expect(rolled.roomId).toBe('roundtables-day2');
    expect(rolled.speakingTime.totalMs).toBe(2 * MINUTE);
    expect(rolled.children.map((child) => child.roomId)).toEqual(['roundtable-1', 'roundtable-2']);
  });

  it('sums the parent and its children: rooms, turns, questions and speaking time', () => {
    expect(rolled.totals).toMatchObject({ rooms: 3, turns: 5, polls: 0, questions: 3 });
    const sum = [opening, table1, table2].reduce((ms, report) => ms + report.speakingTime.totalMs, 0);
    expect(rolled.totals.speakingTime.totalMs).toBe(sum);
    expect(sum).toBe(17.5 * MINUTE);
  });

  it('gives a person who spoke at both tables one line with both turns', () => {
    const line = rolled.totals.speakingTime.perPerson.find((p) => p.personId === 'p-at');
    expect(line).toMatchObject({ turns: 2, spokenMs: 6 * MINUTE });
    expect(rolled.totals.speakingTime.perDelegation.map((d) => d.delegation)).toEqual(['Turkey', 'Austria', 'Georgia', 'Kazakhstan']);
  });

  it('writes CSV tables over all three rooms, each row led by its room, the parent first', () => {
    const lines = rolledUpCsv('speakers', rolled).trimEnd().split('\r\n');
    expect(lines[0]).toBe('room,name,person_id,organisation,country,delegation,turns,spoken_s,allotted_s,extra_s,overtime_s');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual([
      'Roundtables: opening and report-back', 'Roundtable 1', 'Roundtable 1', 'Roundtable 2', 'Roundtable 2',
    ]);
    expect(rolledUpCsv('questions', rolled).trimEnd().split('\r\n')).toHaveLength(4);
  });
});
