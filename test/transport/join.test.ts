import { describe, expect, it } from 'vitest';
import { ok, send, startPlenary } from '../support/plenary.ts';

describe('joining the demo event', () => {
  it('an audience member joins with #ACSH23 and sees the panel with its agenda and revision', async () => {
    const plenary = await startPlenary();
    const { socket, person } = await plenary.person({ code: '#acsh23', name: 'Aliya' });
    expect(person.role).toBe('audience');
    const snapshot = await ok(socket, 'room.join', { roomId: 'panel-1' });
    expect(snapshot.room.kind).toBe('panel');
    expect(snapshot.state.revision).toBe(0);
    expect(snapshot.you.name).toBe('Aliya');
    expect(snapshot.presence.total).toBe(1);
  });

  it('a moderator invite opens the room; the audience sees the delta with the next revision', async () => {
    const plenary = await startPlenary();
    const moderator = await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-1'), name: 'Chair' });
    const listener = await plenary.person({ code: 'ACSH23', name: 'Listener' });
    await ok(moderator.socket, 'room.join', { roomId: 'panel-1' });
    await ok(listener.socket, 'room.join', { roomId: 'panel-1' });
    const delta = new Promise((resolve) => listener.socket.once('room.delta', resolve));
    const opened = await ok(moderator.socket, 'room.open', {});
    expect(opened.revision).toBe(1);
    await expect(delta).resolves.toMatchObject({ revision: 1, events: [{ type: 'room.opened' }] });
    const refused = await send(listener.socket, 'room.close', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
