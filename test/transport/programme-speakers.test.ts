import { describe, expect, it } from 'vitest';
import { ok, send, startPlenary } from '../support/plenary.ts';

const ROOM = 'panel-1';

describe("the programme's speakers over real sockets", () => {
  it('a panellist joining later is the same entry on the list, and one already in the room goes on as themselves', async () => {
    const plenary = await startPlenary();
    const invite = await plenary.inviteFor('panellist', ROOM);
    const moderator = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM), name: 'Chair' });
    await ok(moderator.socket, 'room.join', { roomId: ROOM });
    await ok(moderator.socket, 'room.open', {});
    const lee = await plenary.person({ invite, name: 'Lee Byeong-gu', organisation: 'Ministry of Personnel Management' });
    await ok(lee.socket, 'room.join', { roomId: ROOM });

    const { requestIds } = await ok(moderator.socket, 'floor.addProgramme', {});
    expect(requestIds).toHaveLength(7);
    expect(await send(moderator.socket, 'floor.addProgramme', { index: 2 })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const bound = new Promise((resolve) => moderator.socket.on('room.delta', (delta) => delta.events.some((e) => e.type === 'floor.bound') && resolve(delta)));
    const aminath = await plenary.person({ invite, name: '  aminath  SHEEZA', organisation: 'Civil Service Commission', country: 'Maldives' });
    const snapshot = await ok(aminath.socket, 'room.join', { roomId: ROOM });
    await bound;

    const queue = snapshot.state.floor.queue;
    expect(queue.map((r) => r.speaker.personId)).toEqual([null, null, aminath.person.id, null, lee.person.id, null, null]);
    const moderatorView = await ok(moderator.socket, 'room.snapshot', {});
    expect(moderatorView.state.floor.queue[2]?.speaker.personId).toBe(aminath.person.id);

    await ok(moderator.socket, 'floor.call', { requestId: queue[2]!.id });
    await ok(moderator.socket, 'floor.endTurn', {});
    const after = await ok(aminath.socket, 'room.snapshot', {});
    expect(after.state.floor.finished.map((t) => t.speaker.personId)).toEqual([aminath.person.id]);
    expect(after.state.floor.queue.some((r) => r.speaker.name === 'Aminath Sheeza')).toBe(false);
  });

  it('only the chair may add the programme, and only a panellist claims an entry', async () => {
    const plenary = await startPlenary();
    const participant = await plenary.person({ invite: await plenary.inviteFor('participant', null), name: 'Aminath Sheeza' });
    await ok(participant.socket, 'room.join', { roomId: ROOM });
    expect(await send(participant.socket, 'floor.addProgramme', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send(participant.socket, 'floor.claim', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
