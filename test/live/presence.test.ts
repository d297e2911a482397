import { describe, expect, it } from 'vitest';
import { Presence } from '../../server/live/presence.ts';
import { person } from '../store/fixtures.ts';

const ROOM = 'panel-1';

describe('Presence: who is in a room of this process', () => {
  it('[PR1] counts people, not tabs, by role and attendance, as they come and go', async () => {
    const presence = new Presence();
    expect(presence.enter(ROOM, person('p1'), 'participant', 'tab-1')).toBe(true);
    expect(presence.enter(ROOM, person('p1'), 'participant', 'tab-2')).toBe(false);
    expect(presence.enter(ROOM, person('p2', { attendance: 'remote' }), 'audience', 'tab-3')).toBe(true);
    expect(presence.enter(ROOM, person('p3'), 'moderator', 'tab-4')).toBe(true);

    expect(await presence.counts(ROOM)).toEqual({
      roomId: ROOM,
      total: 3,
      byRole: { organiser: 0, moderator: 1, panellist: 0, participant: 1, audience: 1, display: 0 },
      byAttendance: { hall: 2, remote: 1 },
    });

    expect(presence.leave(ROOM, 'p1', 'tab-1')).toBe(false);
    expect(presence.leave(ROOM, 'p1', 'tab-2')).toBe(true);
    expect(presence.leave(ROOM, 'p2', 'tab-3')).toBe(true);
    expect(presence.leave(ROOM, 'p2', 'tab-3')).toBe(false);
    expect(await presence.counts(ROOM)).toMatchObject({ total: 1, byRole: { moderator: 1, participant: 0, audience: 0 }, byAttendance: { hall: 1, remote: 0 } });

    presence.leave(ROOM, 'p3', 'tab-4');
    expect(await presence.counts(ROOM)).toMatchObject({ total: 0, byAttendance: { hall: 0, remote: 0 } });
    expect(presence.roomIds()).toEqual([]);
  });

  it('[PR2] counts handed out are copies: a push being built is not changed by a join meanwhile', async () => {
    const presence = new Presence();
    presence.enter(ROOM, person('p1'), 'audience', 'tab-1');
    const before = await presence.counts(ROOM);
    presence.enter(ROOM, person('p2'), 'audience', 'tab-2');
    expect(before).toMatchObject({ total: 1, byRole: { audience: 1 }, byAttendance: { hall: 1 } });
    expect(await presence.counts(ROOM)).toMatchObject({ total: 2, byRole: { audience: 2 }, byAttendance: { hall: 2 } });
  });
});
