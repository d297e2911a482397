import { describe, expect, it } from 'vitest';
import { consoleQuotaRows, formatQuota, formatUsed, stageQuota } from '../../client/src/lib/quota-view.ts';
import { AgendaRoomSchema } from '../../shared/model/event.ts';
import { accepted, MINUTE_MS, namedSpeaker, openRoom, panelOne, SECOND_MS } from '../domain/fixtures.ts';

const exchange = AgendaRoomSchema.parse({ ...panelOne, turnMinutes: 5, quotas: [{ delegation: 'Georgia', minutes: 10 }, { minutes: 8 }] });

function georgiaSpeaking(ms: number) {
  const room = openRoom(exchange);
  const chair = room.actor('moderator');
  accepted(room.command('floor.add', { speaker: namedSpeaker('Nino Kapanadze', 'Civil Service Bureau', 'Georgia'), kind: 'contribution' }, chair));
  accepted(room.command('floor.call', {}, chair));
  room.advance(ms);
  return room;
}

describe('the quota views', () => {
  it("shows the current speaker's delegation remainder on the stage, turning to a warning at two minutes", () => {
    const room = georgiaSpeaking(6 * MINUTE_MS + 40 * SECOND_MS);
    expect(stageQuota(room.state, room.nowMs)).toEqual({ delegation: 'Georgia', leftText: '3:20', ofText: '10:00', level: 'ok' });
    room.advance(1 * MINUTE_MS + 30 * SECOND_MS);
    expect(stageQuota(room.state, room.nowMs)).toMatchObject({ leftText: '1:50', level: 'warning' });
    room.advance(2 * MINUTE_MS);
    expect(stageQuota(room.state, room.nowMs)).toMatchObject({ leftText: '−0:10', level: 'exhausted' });
  });

  it('lists the named delegations, the event delegations under the default, and nothing when the room has no quotas', () => {
    const room = georgiaSpeaking(MINUTE_MS);
    const rows = consoleQuotaRows(room.state, room.nowMs, ['Azerbaijan']);
    expect(rows.map((row) => [row.delegation, row.usedMs, row.quotaMs])).toEqual([['Georgia', MINUTE_MS, 10 * MINUTE_MS], ['Azerbaijan', 0, 8 * MINUTE_MS]]);
    const plain = openRoom();
    expect(consoleQuotaRows(plain.state, plain.nowMs, ['Azerbaijan'])).toEqual([]);
    expect(stageQuota(plain.state, plain.nowMs)).toBeNull();
    expect(formatQuota(-65 * SECOND_MS)).toBe('−1:05');
    // 4.2 s used of ten minutes: 0:04 used and 9:56 left, which add up.
    expect([formatUsed(4_200), formatQuota(10 * MINUTE_MS - 4_200)]).toEqual(['0:04', '9:56']);
  });
});
