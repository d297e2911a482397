import { describe, expect, it } from 'vitest';
import { startPlenary } from '../support/plenary.ts';

/** The organiser edits who a room answers to; a bad parent is refused and changes nothing. */
describe('a room’s parent through the organiser API', () => {
  it('is refused with invalid_input naming rooms.N.parent when it is missing, the room itself, or a child', async () => {
    const plenary = await startPlenary();
    const revisionNow = async () => ((await (await plenary.admin('/api/events/acsh-2023')).json()) as { revision: number }).revision;
    const patch = (roomId: string, parent: string | null) =>
      plenary.admin(`/api/events/acsh-2023/rooms/${roomId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ parent }) });
    const before = await revisionNow();

    for (const [roomId, parent, problem] of [
      ['panel-4', 'no-such-session', 'no room "no-such-session" in the agenda'],
      ['panel-4', 'panel-4', 'a room cannot be its own parent'],
      ['panel-4', 'roundtable-1', '"roundtable-1" has a parent itself; rooms nest one level only'],
      ['roundtables-day2', 'panel-4', 'parent'],
    ] as const) {
      const response = await patch(roomId, parent);
      expect(response.status, `${roomId} → ${parent}`).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.message).toMatch(/rooms\.\d+\.parent/);
      expect(body.error.message).toContain(problem);
    }
    expect(await revisionNow()).toBe(before);

    const moved = await patch('panel-4', 'roundtables-day2');
    expect(moved.status).toBe(200);
    const agenda = (await moved.json()) as { rooms: Array<{ id: string; parent: string | null }> };
    expect(agenda.rooms.filter((room) => room.parent === 'roundtables-day2').map((room) => room.id)).toEqual(['panel-4', 'roundtable-1', 'roundtable-2']);
  });
});
