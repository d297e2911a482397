import { childRoomsOf, type Agenda } from '../../shared/model/event.ts';
import { quizzesOf } from '../../shared/model/quiz.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { publicResults } from '../domain/poll-results.ts';
import { allRows } from '../domain/quiz-board.ts';
import type { QuizReportInput } from '../domain/quiz-report.ts';
import { eventReport, roomReport, type EventReport, type RoomReport } from '../domain/reports.ts';
import { rolledUpReport, type RolledUpReport } from '../domain/rolled-up-report.ts';
import type { Runtime } from '../runtime.ts';
import { readPollResults } from './results.ts';

/** Reads what a report needs from the store; the report itself is computed by the pure domain. */
export async function buildRoomReport(runtime: Runtime, agenda: Agenda, roomId: string): Promise<RoomReport | null> {
  const room = agenda.rooms.find((r) => r.id === roomId);
  const state = await runtime.live.state(roomId);
  if (!room || !state) return null;
  const polls = state.polls.filter((poll) => poll.status !== 'draft');
  // The results as the room saw them: words and answers the chair hid stay out of reports too.
  const pollResults = await Promise.all(polls.map(async (poll) => publicResults(await readPollResults(runtime.store, poll))));
  const votes = await runtime.store.upvoteCounts(roomId);
  return roomReport({ room, state, pollResults, votes, nowMs: runtime.now(), quizzes: await quizzesOfRoom(runtime, state) });
}

async function quizzesOfRoom(runtime: Runtime, state: RoomState): Promise<Omit<QuizReportInput, 'state'>> {
  const tallies: QuizReportInput['tallies'] = {};
  const leaderboards: QuizReportInput['leaderboards'] = {};
  for (const quiz of quizzesOf(state)) {
    for (const pollId of quiz.pollIds) tallies[pollId] = await runtime.store.pollTally(pollId);
    leaderboards[quiz.id] = allRows(await runtime.quizBoards.ranking(state, quiz));
  }
  return { tallies, leaderboards };
}

/** A room's report; a parent room's has its children's rolled up into it. */
export async function buildRoomReportWithChildren(runtime: Runtime, agenda: Agenda, roomId: string): Promise<RoomReport | RolledUpReport | null> {
  const report = await buildRoomReport(runtime, agenda, roomId);
  const children = childRoomsOf(agenda, roomId);
  if (!report || children.length === 0) return report;
  const childReports: RoomReport[] = [];
  for (const child of children) {
    const childReport = await buildRoomReport(runtime, agenda, child.id);
    if (childReport) childReports.push(childReport);
  }
  return rolledUpReport(report, childReports);
}

export async function buildEventReport(runtime: Runtime, agenda: Agenda): Promise<EventReport> {
  const rooms: RoomReport[] = [];
  for (const room of agenda.rooms) {
    const report = await buildRoomReport(runtime, agenda, room.id);
    if (report) rooms.push(report);
  }
  return eventReport(agenda, rooms);
}
