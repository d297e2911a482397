import type { Agenda } from '../../shared/model/event.ts';
import { eventReport, roomReport, type EventReport, type RoomReport } from '../domain/reports.ts';
import type { Runtime } from '../runtime.ts';
import { readPollResults } from './results.ts';

/** Reads what a report needs from the store; the report itself is computed by the pure domain. */
export async function buildRoomReport(runtime: Runtime, agenda: Agenda, roomId: string): Promise<RoomReport | null> {
  const room = agenda.rooms.find((r) => r.id === roomId);
  const state = await runtime.live.state(roomId);
  if (!room || !state) return null;
  const polls = state.polls.filter((poll) => poll.status !== 'draft');
  const pollResults = await Promise.all(polls.map((poll) => readPollResults(runtime.store, poll)));
  const votes = await runtime.store.upvoteCounts(roomId);
  return roomReport({ room, state, pollResults, votes, nowMs: runtime.now() });
}

export async function buildEventReport(runtime: Runtime, agenda: Agenda): Promise<EventReport> {
  const rooms: RoomReport[] = [];
  for (const room of agenda.rooms) {
    const report = await buildRoomReport(runtime, agenda, room.id);
    if (report) rooms.push(report);
  }
  return eventReport(agenda, rooms);
}
