import { describe, expect, it } from 'vitest';
import type { ServerEventPayload } from '../../shared/protocol/server-events.ts';
import { followAgenda, followSnapshot } from '../../client/src/lib/room-follower.ts';
import { ok, startPlenary, type ClientSocket } from '../support/plenary.ts';

const ROOM = 'panel-1';
const MINUTE_MS = 60_000;

function nextAgendaChange(socket: ClientSocket): Promise<ServerEventPayload<'agenda.changed'>> {
  return new Promise((resolve) => socket.once('agenda.changed', resolve));
}

describe('agenda edits are live', () => {
  it('an edit reaches a connected phone and display without reconnecting; the next turn uses the new length, the running one keeps its own', async () => {
    const plenary = await startPlenary();
    const moderator = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM), name: 'Chair' });
    const phone = await plenary.person({ code: 'ACSH23', name: 'Aliya' });
    const display = await plenary.person({ invite: await plenary.inviteFor('display', ROOM), name: 'Stage display' });
    await ok(moderator.socket, 'room.join', { roomId: ROOM });
    await ok(display.socket, 'room.join', { roomId: ROOM });
    const phoneSnapshot = await ok(phone.socket, 'room.join', { roomId: ROOM });
    await ok(moderator.socket, 'room.open', {});
    const before = await ok(display.socket, 'room.snapshot', {});
    const oldTurnMs = before.room.turnMinutes * MINUTE_MS;
    expect(before.state.settings.defaultTurnMs).toBe(oldTurnMs);
    await ok(moderator.socket, 'floor.add', { speaker: { name: 'Aminath Sheeza' } });
    await ok(moderator.socket, 'floor.add', { speaker: { name: 'Lee Byeong-gu' } });
    await ok(moderator.socket, 'floor.call', {});
    const ids = [phone.socket.id, display.socket.id];

    const newTurnMinutes = before.room.turnMinutes / 2;
    const atPhone = nextAgendaChange(phone.socket);
    const atDisplay = nextAgendaChange(display.socket);
    const response = await plenary.admin(`/api/events/acsh-2023/rooms/${ROOM}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Panel 1 – moved to Hall B', turnMinutes: newTurnMinutes }),
    });
    expect(response.status).toBe(200);
    const { revision } = (await response.json()) as { revision: number };

    for (const pushed of await Promise.all([atPhone, atDisplay])) {
      expect(pushed.revision).toBe(revision);
      expect(pushed.rooms.find((r) => r.id === ROOM)).toMatchObject({ title: 'Panel 1 – moved to Hall B', turnMinutes: newTurnMinutes });
    }
    expect([phone.socket.id, display.socket.id]).toEqual(ids);
    expect(phone.socket.connected && display.socket.connected).toBe(true);

    // The phone's page, as the client's follower keeps it: the new room shows, an older push arriving late does not undo it.
    const phonePush = await atPhone;
    const followed = followAgenda(followSnapshot(phoneSnapshot), phonePush);
    expect(followed.room).toMatchObject({ title: 'Panel 1 – moved to Hall B', turnMinutes: newTurnMinutes });
    const late = { ...phonePush, revision: revision - 1, rooms: phonePush.rooms.map((r) => ({ ...r, title: 'Old title' })) };
    expect(followAgenda(followed, late).room.title).toBe('Panel 1 – moved to Hall B');

    const during = await ok(display.socket, 'room.snapshot', {});
    expect(during.room.title).toBe('Panel 1 – moved to Hall B');
    expect(during.state.settings.defaultTurnMs).toBe(newTurnMinutes * MINUTE_MS);
    expect(during.state.floor.current?.allottedMs).toBe(oldTurnMs);
    expect(during.state.timers.turn.durationMs).toBe(oldTurnMs);

    await ok(moderator.socket, 'floor.call', {});
    const after = await ok(phone.socket, 'room.snapshot', {});
    expect(after.state.floor.current).toMatchObject({ speaker: { name: 'Lee Byeong-gu' }, allottedMs: newTurnMinutes * MINUTE_MS });
  });

  it('an edit that leaves the turn length alone keeps the length the moderator set', async () => {
    const plenary = await startPlenary();
    const moderator = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM), name: 'Chair' });
    await ok(moderator.socket, 'room.join', { roomId: ROOM });
    await ok(moderator.socket, 'room.configure', { defaultTurnMs: 4 * MINUTE_MS });
    const pushed = nextAgendaChange(moderator.socket);
    const response = await plenary.admin(`/api/events/acsh-2023/rooms/${ROOM}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endsAt: '2023-05-17T13:30:00+06:00' }),
    });
    expect(response.status).toBe(200);
    expect((await pushed).rooms.find((r) => r.id === ROOM)?.endsAt).toBe('2023-05-17T13:30:00+06:00');
    expect((await ok(moderator.socket, 'room.snapshot', {})).state.settings.defaultTurnMs).toBe(4 * MINUTE_MS);
  });

  it('a new turn length keeps the amber and red points the moderator chose; points left at their defaults follow the new length', async () => {
    const plenary = await startPlenary();
    const moderator = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM), name: 'Chair' });
    const other = 'panel-2';
    const chairOfOther = await plenary.person({ invite: await plenary.inviteFor('moderator', other), name: 'Other chair' });
    await ok(moderator.socket, 'room.join', { roomId: ROOM });
    await ok(chairOfOther.socket, 'room.join', { roomId: other });
    await ok(moderator.socket, 'room.configure', { warningMs: 90_000, dangerMs: 30_000 });
    const patch = (roomId: string) =>
      plenary.admin(`/api/events/acsh-2023/rooms/${roomId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ turnMinutes: 6 }) });
    expect((await patch(ROOM)).status).toBe(200);
    expect((await patch(other)).status).toBe(200);
    await expect.poll(async () => (await ok(moderator.socket, 'room.snapshot', {})).state.settings.defaultTurnMs).toBe(6 * MINUTE_MS);
    expect((await ok(moderator.socket, 'room.snapshot', {})).state.settings).toMatchObject({ warningMs: 90_000, dangerMs: 30_000 });
    await expect.poll(async () => (await ok(chairOfOther.socket, 'room.snapshot', {})).state.settings).toMatchObject({
      defaultTurnMs: 6 * MINUTE_MS,
      warningMs: (6 * MINUTE_MS) / 5,
      dangerMs: (6 * MINUTE_MS) / 10,
    });
  });

  it("a save that changes a room's quotas, its own or the event's it uses, gives the live room the new ones at once", async () => {
    const plenary = await startPlenary();
    const room = 'hrm-country-experience';
    const moderator = await plenary.person({ invite: await plenary.inviteFor('moderator', room, 'acsh-icsc-2023'), name: 'Chair' });
    await ok(moderator.socket, 'room.join', { roomId: room });
    const quotasNow = async () => (await ok(moderator.socket, 'room.snapshot', {})).state.settings.quotas;
    expect(await quotasNow()).toHaveLength(6);
    const patch = (body: unknown) =>
      plenary.admin(`/api/events/acsh-icsc-2023/rooms/${room}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    expect((await patch({ quotas: [{ delegation: 'Georgia', minutes: 12 }] })).status).toBe(200);
    await expect.poll(quotasNow).toEqual([{ delegation: 'Georgia', ms: 12 * MINUTE_MS }]);

    const refused = await patch({ quotas: [{ delegation: 'Georgia', minutes: -1 }] });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('quotas') } });
    expect(await quotasNow()).toEqual([{ delegation: 'Georgia', ms: 12 * MINUTE_MS }]);

    // Without quotas of its own, the room takes the event's.
    const agenda = (await (await plenary.admin('/api/events/acsh-icsc-2023')).json()) as { rooms: Array<{ id: string; quotas?: unknown }> };
    const rooms = agenda.rooms.map(({ quotas: _quotas, ...rest }) => rest);
    const put = await plenary.admin('/api/events/acsh-icsc-2023', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...agenda, rooms, quotas: [{ minutes: 7 }] }) });
    expect(put.status).toBe(200);
    await expect.poll(quotasNow).toEqual([{ delegation: null, ms: 7 * MINUTE_MS }]);

    // Its own again, then `quotas: null` takes them away: the event's apply once more.
    expect((await patch({ quotas: [{ delegation: 'Georgia', minutes: 12 }] })).status).toBe(200);
    await expect.poll(quotasNow).toEqual([{ delegation: 'Georgia', ms: 12 * MINUTE_MS }]);
    const cleared = await patch({ quotas: null });
    expect(cleared.status).toBe(200);
    expect(((await cleared.json()) as { rooms: Array<{ id: string; quotas?: unknown }> }).rooms.find((r) => r.id === room)).not.toHaveProperty('quotas');
    await expect.poll(quotasNow).toEqual([{ delegation: null, ms: 7 * MINUTE_MS }]);
  });
});
