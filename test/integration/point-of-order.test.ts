import { describe, expect, it } from 'vitest';
import type { RoomReport } from '../../shared/model/report.ts';
import { isRunning, remainingMs } from '../../shared/model/timer.ts';
import { ok, send, startPlenary } from '../support/plenary.ts';
import { castOf, EVENT_ID, joinAll, ROOM_ID } from '../support/room-fixture.ts';
import { RoomFollower } from '../support/room-follower.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/**
 * The reference conference's keynote: twenty minutes for the speaker; after 7:12 a delegate who
 * is already on the list raises a point of order. The server's clock is the test's, so every
 * remaining time and every total is exact to the millisecond.
 */
describe('a keynote interrupted by a point of order and resumed, over real sockets', () => {
  it('suspends the keynote with its time left, resumes it exactly, and the report adds up to the second with the turn in progress', async () => {
    const plenary = await startPlenary();
    let nowMs = Date.UTC(2023, 4, 17, 4, 0);
    plenary.runtime.now = () => nowMs;
    const advance = (ms: number) => {
      nowMs += ms;
    };
    const cast = await castOf(plenary);
    await joinAll(cast);
    const chair = cast.moderator.socket;
    const delegate = cast.participant;
    const stage = await RoomFollower.follow(cast.display.socket, ROOM_ID);
    await ok(chair, 'room.open', {});

    const { requestId: keynoteId } = await ok(chair, 'floor.add', { speaker: { personId: cast.panellist.personId }, allottedSec: 20 * 60 });
    await ok(chair, 'floor.call', { requestId: keynoteId });
    advance(3 * MINUTE);
    const { requestId: contributionId } = await ok(delegate.socket, 'floor.request', { kind: 'contribution' });
    advance(4 * MINUTE + 12 * SECOND);

    // Already on the list, the delegate raises a point of order: their contribution keeps its place.
    const { requestId: pointId } = await ok(delegate.socket, 'floor.request', { kind: 'point_of_order' });
    const nothingToResume = await send(chair, 'floor.resume', {});
    expect(nothingToResume.ok ? null : nothingToResume.error.code).toBe('conflict');
    const { revision: interruptedAt } = await ok(chair, 'floor.call', { requestId: pointId });
    await stage.reach(interruptedAt);
    const { floor, timers } = stage.state;
    expect(floor.current).toMatchObject({ requestId: pointId, kind: 'point_of_order', allottedMs: 2 * MINUTE });
    expect(floor.suspended?.turn.requestId).toBe(keynoteId);
    expect(isRunning(floor.suspended!.timer)).toBe(false);
    expect(remainingMs(floor.suspended!.timer, nowMs)).toBe(12 * MINUTE + 48 * SECOND);
    expect(remainingMs(timers.turn, nowMs)).toBe(2 * MINUTE);
    expect(floor.queue.map((r) => r.id)).toEqual([contributionId]);

    // A second point of order inside this one is refused, and changes nothing.
    const { requestId: secondPoint } = await ok(cast.panellist.socket, 'floor.request', { kind: 'point_of_order' });
    const nested = await send(chair, 'floor.call', { requestId: secondPoint });
    expect(nested.ok ? null : nested.error.code).toBe('conflict');
    await ok(chair, 'floor.remove', { requestId: secondPoint });

    // The point of order takes 1:35 and is ended on its own: the keynote waits, and nothing else may be called.
    advance(95 * SECOND);
    await ok(chair, 'floor.endTurn', {});
    advance(20 * SECOND);
    const skipped = await send(chair, 'floor.call', { requestId: contributionId });
    expect(skipped.ok ? null : skipped.error.code).toBe('conflict');

    const { revision: resumedAt } = await ok(chair, 'floor.resume', {});
    await stage.reach(resumedAt);
    expect(stage.state.floor.current?.requestId).toBe(keynoteId);
    expect(stage.state.floor.suspended).toBeNull();
    expect(remainingMs(stage.state.timers.turn, nowMs)).toBe(12 * MINUTE + 48 * SECOND);

    // Two more minutes of keynote, then the report, with the keynote still speaking.
    advance(2 * MINUTE);
    const response = await plenary.admin(`/api/reports/${EVENT_ID}/rooms/${ROOM_ID}`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as RoomReport;
    const { turns, totalMs, perPerson, perDelegation } = report.speakingTime;
    expect(report.atMs).toBe(nowMs);
    expect(turns.map((t) => [t.requestId, t.allottedMs, t.extraMs, t.spokenMs, t.overtimeMs, t.inProgress])).toEqual([
      [keynoteId, 20 * MINUTE, 0, 9 * MINUTE + 12 * SECOND, 0, true],
      [pointId, 2 * MINUTE, 0, 95 * SECOND, 0, false],
    ]);
    // The console's chair called both turns and ended the point of order; the keynote has not ended.
    expect(turns.map((t) => [t.calledBy, t.endedBy])).toEqual([
      ['Moderator Maria', null],
      ['Moderator Maria', 'Moderator Maria'],
    ]);
    expect(totalMs).toBe(10 * MINUTE + 47 * SECOND);
    expect(perPerson.reduce((sum, p) => sum + p.spokenMs, 0)).toBe(totalMs);
    expect(perDelegation.reduce((sum, d) => sum + d.spokenMs, 0)).toBe(totalMs);

    const csv = await (await plenary.admin(`/api/reports/${EVENT_ID}/rooms/${ROOM_ID}/turns.csv`)).text();
    const rows = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe('name,person_id,delegation,kind,started_at_utc,ended_at_utc,status,allotted_s,extra_s,spoken_s,overtime_s,called_by,ended_by');
    expect(rows[1]).toMatch(/,contribution,[^,]+,,in_progress,1200,0,552,0,Moderator Maria,$/);
    expect(rows[2]).toMatch(/,point_of_order,[^,]+,[^,]+,ended,120,0,95,0,Moderator Maria,Moderator Maria$/);
  });
});
