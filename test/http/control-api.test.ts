import { describe, expect, it } from 'vitest';
import type { RoomReport } from '../../shared/model/report.ts';
import type { ControlStatus } from '../../shared/protocol/control.ts';
import { parseCsv } from '../../server/interop/csv.ts';
import { ok, startPlenary, type TestServer } from '../support/plenary.ts';

const ROOM = 'panel-1';

async function createKey(plenary: TestServer, roomId = ROOM, label = 'AV booth Stream Deck'): Promise<Response> {
  return plenary.admin('/api/events/acsh-2023/control-keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ roomId, label }) });
}

function desk(plenary: TestServer, key: string) {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  return {
    press: (action: string, body: unknown = {}, extra: Record<string, string> = {}) =>
      fetch(`${plenary.url}/api/control/${action}`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) }),
    status: async () => (await (await fetch(`${plenary.url}/api/control/status`, { headers })).json()) as ControlStatus,
  };
}

/** A room with its moderator and stage display connected, open, and two speakers waiting. */
async function liveRoom(plenary: TestServer) {
  const moderator = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM), name: 'Chair' });
  const display = await plenary.person({ invite: await plenary.inviteFor('display', ROOM) });
  await ok(moderator.socket, 'room.join', { roomId: ROOM });
  await ok(display.socket, 'room.join', { roomId: ROOM });
  await ok(moderator.socket, 'room.open', {});
  await ok(moderator.socket, 'floor.add', { speaker: { name: 'Aminath Sheeza', organisation: 'Civil Service Commission', country: 'Maldives' } });
  await ok(moderator.socket, 'floor.add', { speaker: { name: 'Lee Byeong-gu' } });
  const stage = async () => (await ok(display.socket, 'room.snapshot', {})).state;
  return { moderator, display, stage };
}

describe('the control API for AV desks', () => {
  it('[CK1] the organiser creates a key for a room, shown once; the list never shows it', async () => {
    const plenary = await startPlenary();
    const created = await createKey(plenary);
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; key: string; roomId: string; label: string };
    expect(body).toMatchObject({ roomId: ROOM, label: 'AV booth Stream Deck', revokedAtMs: null });
    expect(body.key).toMatch(/^plk_/);
    const listed = await (await plenary.admin('/api/events/acsh-2023/control-keys')).text();
    expect(listed).toContain(body.id);
    expect(listed).not.toContain(body.key.slice(-20));
    expect((await fetch(`${plenary.url}/api/events/acsh-2023/control-keys`)).status).toBe(401);
    for (const bad of [{ roomId: 'no-such-room', label: 'x' }, { roomId: ROOM, label: '' }, { roomId: ROOM }]) {
      const refused = await plenary.admin('/api/events/acsh-2023/control-keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bad) });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'invalid_input' } });
    }
  });

  it('[CK2] every button is the console’s command: the stage display’s state follows each press, and GET status gives a button its feedback', async () => {
    const plenary = await startPlenary();
    const { key } = (await (await createKey(plenary)).json()) as { key: string };
    const { moderator, stage } = await liveRoom(plenary);
    const deck = desk(plenary, key);

    expect((await deck.press('next')).status).toBe(200);
    expect((await stage()).floor.current?.speaker.name).toBe('Aminath Sheeza');
    const speaking = await deck.status();
    expect(speaking).toMatchObject({ roomId: ROOM, open: true, timer: 'running', phase: 'normal', colour: '#1b7a3a', waiting: 1 });
    expect(speaking.speaker).toMatchObject({ name: 'Aminath Sheeza', country: 'Maldives' });
    expect(speaking.next?.name).toBe('Lee Byeong-gu');
    expect(speaking.remainingSec).toBeGreaterThan(0);

    expect((await deck.press('pause')).status).toBe(200);
    const paused = await deck.status();
    expect(paused.timer).toBe('paused');
    expect((await deck.press('add-minute')).status).toBe(200);
    expect((await deck.status()).remainingSec).toBe(paused.remainingSec! + 60);
    expect((await deck.press('take-minute')).status).toBe(200);
    expect((await deck.status()).remainingSec).toBe(paused.remainingSec);
    expect((await deck.press('resume')).status).toBe(200);
    expect((await deck.status()).timer).toBe('running');

    expect((await deck.press('message', { text: 'Two minutes left' })).status).toBe(200);
    expect((await stage()).messages.map((m) => m.text)).toEqual(['Two minutes left']);
    expect((await deck.press('clear-message')).status).toBe(200);
    expect((await stage()).messages).toEqual([]);

    await ok(moderator.socket, 'poll.create', { question: 'Is meritocracy measurable?', spec: { kind: 'single', options: ['Yes', 'No'] } });
    expect((await deck.press('open-poll')).status).toBe(200);
    expect((await deck.status()).openPoll?.question).toBe('Is meritocracy measurable?');
    expect((await deck.press('show', { mode: 'poll' })).status).toBe(200);
    expect((await stage()).projector.mode).toBe('poll');
    expect((await deck.press('close-poll')).status).toBe(200);
    expect((await deck.status()).openPoll).toBeNull();
    expect((await deck.press('show', { mode: 'title' })).status).toBe(200);

    expect((await deck.press('end-turn')).status).toBe(200);
    expect(await deck.status()).toMatchObject({ speaker: null, remainingSec: null, timer: 'idle' });
    const finished = (await stage()).floor.finished[0];
    expect(finished?.speaker.name).toBe('Aminath Sheeza');
  });

  it('[CK3] a refused press says why, with the code the console would get, and changes nothing', async () => {
    const plenary = await startPlenary();
    const { key } = (await (await createKey(plenary)).json()) as { key: string };
    const { stage } = await liveRoom(plenary);
    const deck = desk(plenary, key);
    const before = await stage();
    const cases: Array<[string, unknown, number, string]> = [
      ['close-poll', {}, 409, 'conflict'],
      ['clear-message', {}, 409, 'conflict'],
      ['message', { text: '' }, 400, 'invalid_input'],
      ['show', { mode: 'fireworks' }, 400, 'invalid_input'],
      ['next', { roomId: 'panel-2' }, 400, 'invalid_input'],
      ['launch-rockets', {}, 404, 'unknown_command'],
    ];
    for (const [action, body, status, code] of cases) {
      const response = await deck.press(action, body);
      expect(response.status, action).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code } });
    }
    expect((await stage()).revision).toBe(before.revision);
    expect((await fetch(`${plenary.url}/api/control/next`)).status).toBe(400);
  });

  it('[CK4] a key acts on its own room only; a wrong or revoked key is refused at once', async () => {
    const plenary = await startPlenary();
    const created = (await (await createKey(plenary)).json()) as { id: string; key: string };
    const { stage } = await liveRoom(plenary);
    const other = await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-2'), name: 'Other chair' });
    await ok(other.socket, 'room.join', { roomId: 'panel-2' });
    const otherBefore = (await ok(other.socket, 'room.snapshot', {})).state.revision;
    const deck = desk(plenary, created.key);
    expect((await deck.press('next')).status).toBe(200);
    expect((await deck.status()).roomId).toBe(ROOM);
    expect((await ok(other.socket, 'room.snapshot', {})).state.revision).toBe(otherBefore);

    const forged = `${created.key.slice(0, -4)}AAAA`;
    for (const wrong of [forged, 'plk_nothing', '']) {
      const refused = await desk(plenary, wrong).press('end-turn');
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    }
    expect((await plenary.admin(`/api/events/acsh-2023/control-keys/${created.id}`, { method: 'DELETE' })).status).toBe(200);
    const revoked = await deck.press('end-turn');
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: { code: 'unauthenticated', message: expect.stringContaining('revoked') } });
    expect((await stage()).floor.current).not.toBeNull();
    expect((await plenary.admin('/api/events/acsh-2023/control-keys/nokey0000000', { method: 'DELETE' })).status).toBe(404);
  });

  it('[CK5] a retry with the same Idempotency-Key is answered, not pressed twice; a desk that presses too fast is rate limited', async () => {
    const plenary = await startPlenary({ PLENARY_MESSAGES_PER_SECOND: '5' });
    const { key } = (await (await createKey(plenary)).json()) as { key: string };
    const { stage } = await liveRoom(plenary);
    const deck = desk(plenary, key);
    const first = await (await deck.press('next', {}, { 'idempotency-key': 'desk-press-0001' })).json();
    const again = await (await deck.press('next', {}, { 'idempotency-key': 'desk-press-0001' })).json();
    expect(again).toEqual(first);
    expect((await stage()).floor.current?.speaker.name).toBe('Aminath Sheeza');
    expect((await stage()).floor.queue.map((r) => r.speaker.name)).toEqual(['Lee Byeong-gu']);

    const presses = await Promise.all(Array.from({ length: 12 }, () => deck.press('add-minute')));
    const limited = presses.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await limited[0]!.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('[CK6] a hall’s key drives whichever session the hall holds, and follows it to the next one', async () => {
    const plenary = await startPlenary();
    const created = await plenary.admin('/api/events/acsh-2023/control-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hallId: 'main-hall', label: 'Main Hall booth' }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    const deck = desk(plenary, key);
    const idle = await deck.press('next');
    expect(idle.status).toBe(409);
    expect(await idle.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('hall') } });

    const { moderator } = await liveRoom(plenary);
    expect((await deck.status()).roomId).toBe(ROOM);
    const pressed = (await (await deck.press('next')).json()) as { roomId: string };
    expect(pressed.roomId).toBe(ROOM);
    expect((await ok(moderator.socket, 'room.snapshot', {})).state.floor.current?.speaker.name).toBe('Aminath Sheeza');

    const agenda = (await (await fetch(`${plenary.url}/api/public/events/acsh-2023`)).json()) as { rooms: Array<{ id: string; hall: string | null; startsAt: string }> };
    const mainHall = agenda.rooms.filter((room) => room.hall === 'main-hall').sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    const next = mainHall[mainHall.findIndex((room) => room.id === ROOM) + 1]!;
    // The chair of the session ending hands the hall over, as the console's "Open the next session" does.
    await ok(moderator.socket, 'hall.open', { roomId: next.id });
    expect(await deck.status()).toMatchObject({ roomId: next.id, hallId: 'main-hall', speaker: null });

    for (const bad of [{ hallId: 'no-such-hall', label: 'x' }, { roomId: ROOM, hallId: 'main-hall', label: 'x' }, { label: 'x' }]) {
      const refused = await plenary.admin('/api/events/acsh-2023/control-keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bad) });
      expect(refused.status).toBe(400);
    }
  });

  it('[CK7] the report names the desk for what its key did and the chair for what the console did (issue 15)', async () => {
    const plenary = await startPlenary();
    const { key } = (await (await createKey(plenary)).json()) as { key: string };
    const { moderator } = await liveRoom(plenary);
    const deck = desk(plenary, key);
    expect((await deck.press('next')).status).toBe(200);
    await ok(moderator.socket, 'floor.call', {});
    expect((await deck.press('end-turn')).status).toBe(200);

    const report = (await (await plenary.admin(`/api/reports/acsh-2023/rooms/${ROOM}`)).json()) as RoomReport;
    expect(report.speakingTime.turns.map((t) => [t.speaker.name, t.calledBy, t.endedBy])).toEqual([
      ['Aminath Sheeza', 'Control: AV booth Stream Deck', 'Chair'],
      ['Lee Byeong-gu', 'Chair', 'Control: AV booth Stream Deck'],
    ]);
    const csv = parseCsv((await (await plenary.admin(`/api/reports/acsh-2023/rooms/${ROOM}/turns.csv`)).text()).replace(/^\uFEFF/, ''));
    if (!('rows' in csv)) throw new Error('the turns table is not CSV');
    const [header, ...rows] = csv.rows;
    const column = (name: string) => header!.indexOf(name);
    expect(rows.map((row) => [row[column('name')], row[column('called_by')], row[column('ended_by')]])).toEqual([
      ['Aminath Sheeza', 'Control: AV booth Stream Deck', 'Chair'],
      ['Lee Byeong-gu', 'Chair', 'Control: AV booth Stream Deck'],
    ]);
  });
});
