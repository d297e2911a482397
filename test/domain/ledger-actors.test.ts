import { describe, expect, it } from 'vitest';
import { LedgerEntrySchema } from '../../shared/model/ledger.ts';
import { turnsCsv } from '../../server/domain/report-csv.ts';
import { parseCsv } from '../../server/interop/csv.ts';
import { roomReport } from '../../server/domain/reports.ts';
import { accepted, MINUTE_MS, namedSpeaker, openRoom, type OpenRoom } from './fixtures.ts';
import { chairOf } from './ledger-steps.ts';

const report = (room: OpenRoom) => roomReport({ room: room.agenda, state: room.state, pollResults: [], votes: {}, nowMs: room.nowMs });

/** Two hands on one floor: the chair at the console and the AV desk's key, a chair of its own name. */
function sharedFloor() {
  const room = openRoom();
  const console = chairOf(room, room.actor('moderator', { name: 'Gulnara Abenova' }));
  const desk = chairOf(room, room.actor('moderator', { personId: 'control-k1', name: 'Control: AV booth', organisation: null, country: null }));
  accepted(console.add(namedSpeaker('Aida Balayeva', 'Ministry of Public Administration', 'Azerbaijan')));
  accepted(console.add(namedSpeaker('Lee Byeong-gu', 'Ministry of Personnel Management', 'Korea')));
  accepted(console.add(namedSpeaker('Nino Beridze', 'Civil Service Bureau', 'Georgia'), 'point_of_order'));
  return { room, console, desk };
}

describe('who acted on the floor, in the ledger and the reports (issue 15)', () => {
  it('logs every entry under the name of whoever made the change', () => {
    const { room, console, desk } = sharedFloor();
    accepted(desk.call()); // the point of order is first on the list
    accepted(console.call()); // Aida: ends the point of order
    room.advance(MINUTE_MS);
    accepted(desk.pause());
    accepted(console.unpause());
    accepted(desk.extraTime(60));
    accepted(console.adjust(-30));
    accepted(desk.endTurn());

    expect(room.state.floor.ledger.map((entry) => [entry.kind, entry.by])).toEqual([
      ['call', 'Control: AV booth'],
      ['end', 'Gulnara Abenova'],
      ['call', 'Gulnara Abenova'],
      ['pause', 'Control: AV booth'],
      ['resume', 'Gulnara Abenova'],
      ['extra', 'Control: AV booth'],
      ['extra', 'Gulnara Abenova'],
      ['end', 'Control: AV booth'],
    ]);
  });

  it('names who called and who ended each turn; calling the next speaker ends the turn before, and a turn running has no one who ended it', () => {
    const { room, console, desk } = sharedFloor();
    accepted(console.call()); // the point of order
    accepted(desk.call()); // Aida, ending the point of order
    room.advance(MINUTE_MS);
    accepted(room.command('floor.request', { kind: 'point_of_order' }, room.actor('participant', { name: 'Aibek Tashiev' })));
    accepted(desk.call()); // interrupts Aida
    accepted(console.resume()); // ends the second point of order, Aida speaks again
    accepted(console.call()); // Lee, ending Aida's turn

    const turns = report(room).speakingTime.turns;
    expect(turns.map((t) => [t.speaker.name, t.calledBy, t.endedBy])).toEqual([
      ['Nino Beridze', 'Gulnara Abenova', 'Control: AV booth'],
      ['Aida Balayeva', 'Control: AV booth', 'Gulnara Abenova'],
      ['Aibek Tashiev', 'Control: AV booth', 'Gulnara Abenova'],
      ['Lee Byeong-gu', 'Gulnara Abenova', null],
    ]);
    const csv = parseCsv(turnsCsv(report(room)));
    if (!('rows' in csv)) throw new Error('the turns table is not CSV');
    expect(csv.rows[0]!.slice(-2)).toEqual(['called_by', 'ended_by']);
    expect(csv.rows.slice(1).map((row) => [row[0], ...row.slice(-2)])).toEqual([
      ['Nino Beridze', 'Gulnara Abenova', 'Control: AV booth'],
      ['Aida Balayeva', 'Control: AV booth', 'Gulnara Abenova'],
      ['Aibek Tashiev', 'Control: AV booth', 'Gulnara Abenova'],
      ['Lee Byeong-gu', 'Gulnara Abenova', ''],
    ]);
  });

  it('reads entries logged before anyone was named, and reports nobody for them', () => {
    const { room, console } = sharedFloor();
    accepted(console.call());
    accepted(console.endTurn());
    const unnamed = room.state.floor.ledger.map(({ by: _by, ...entry }) => LedgerEntrySchema.parse(entry));
    const state = { ...room.state, floor: { ...room.state.floor, ledger: unnamed } };
    const [turn] = roomReport({ room: room.agenda, state, pollResults: [], votes: {}, nowMs: room.nowMs }).speakingTime.turns;
    expect(turn).toMatchObject({ calledBy: null, endedBy: null, inProgress: false });
  });
});
