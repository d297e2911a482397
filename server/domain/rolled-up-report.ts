import type { ReportTable, RolledUpReport, RollUpTotals, RoomReport } from '../../shared/model/report.ts';
import { EVENT_REPORT_TABLES } from './report-csv.ts';
import { speakingTime } from './reports.ts';

export type { RolledUpReport, RollUpTotals };

/** The parent's report with its children's beside it (in the order given: the agenda's) and the totals over all of them. */
export function rolledUpReport(parent: RoomReport, children: readonly RoomReport[]): RolledUpReport {
  const rooms = [parent, ...children];
  const turns = rooms.flatMap((report) => report.speakingTime.turns);
  return {
    ...parent,
    children: [...children],
    totals: {
      rooms: rooms.length,
      turns: turns.length,
      polls: rooms.reduce((sum, report) => sum + report.polls.length, 0),
      questions: rooms.reduce((sum, report) => sum + report.questions.length, 0),
      speakingTime: speakingTime(turns),
    },
  };
}

export function isRolledUp(report: RoomReport | RolledUpReport): report is RolledUpReport {
  return 'children' in report;
}

/** A parent's CSV table is the event table's shape over its rooms: every row led by its room's title, the parent's rows first. */
export function rolledUpCsv(table: ReportTable, report: RolledUpReport): string {
  const rooms = [report, ...report.children];
  return EVENT_REPORT_TABLES[table]({ eventId: report.roomId, title: report.title, rooms, speakingTime: report.totals.speakingTime });
}
