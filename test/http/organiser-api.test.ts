import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ok, send, startPlenary } from '../support/plenary.ts';

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const workshopAgenda = {
  id: 'ny-2023',
  title: 'ACSH–ICSC workshop: merit-based HRM in the 21st century',
  venue: 'New York',
  timezone: 'America/New_York',
  audienceCode: 'ICSC23',
  rooms: [{ id: 'ny-opening', title: 'Opening', kind: 'plenary', startsAt: '2023-11-27T09:00:00-05:00', endsAt: '2023-11-27T10:00:00-05:00' }],
};

describe('the organiser API', () => {
  it('refuses every organiser endpoint without the admin token, and with a wrong one', async () => {
    const plenary = await startPlenary();
    for (const path of ['/api/events', '/api/events/acsh-2023/invites', '/api/reports/acsh-2023']) {
      const anonymous = await fetch(`${plenary.url}${path}`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } });
      const wrong = await fetch(`${plenary.url}${path}`, { headers: { authorization: 'Bearer not-the-token' } });
      expect(wrong.status).toBe(401);
    }
  });

  it('creates a second event, lists it, and its audience code lets people join it', async () => {
    const plenary = await startPlenary();
    const created = await plenary.admin('/api/events', json(workshopAgenda));
    expect(created.status).toBe(201);
    const events = (await (await plenary.admin('/api/events')).json()) as Array<{ id: string }>;
    expect(events.map((e) => e.id).sort()).toEqual(['acsh-2023', 'ny-2023']);
    const { person } = await plenary.join({ code: 'icsc23', name: 'Nino Beridze', country: 'Georgia' });
    expect(person).toMatchObject({ eventId: 'ny-2023', role: 'audience' });
    const invites = (await (await plenary.admin('/api/events/ny-2023/invites')).json()) as Array<{ role: string; roomId: string | null }>;
    expect(invites).toContainEqual(expect.objectContaining({ role: 'moderator', roomId: 'ny-opening' }));
    expect(invites).toContainEqual(expect.objectContaining({ role: 'participant', roomId: null }));
  });

  it('refuses a taken id, a taken audience code and a room id of another event with conflict, changing nothing', async () => {
    const plenary = await startPlenary();
    const sameId = await plenary.admin('/api/events', json({ ...workshopAgenda, id: 'acsh-2023' }));
    expect(sameId.status).toBe(409);
    const sameCode = await plenary.admin('/api/events', json({ ...workshopAgenda, audienceCode: 'ACSH23' }));
    expect(sameCode.status).toBe(409);
    const sameRoom = await plenary.admin('/api/events', json({ ...workshopAgenda, rooms: [{ ...workshopAgenda.rooms[0], id: 'panel-1' }] }));
    expect(sameRoom.status).toBe(409);
    expect(await sameRoom.json()).toMatchObject({ error: { code: 'conflict' } });
    const events = (await (await plenary.admin('/api/events')).json()) as unknown[];
    expect(events).toHaveLength(1);
  });

  it('answers malformed agendas with invalid_input naming the problem', async () => {
    const plenary = await startPlenary();
    const cases: RequestInit[] = [
      json({ ...workshopAgenda, rooms: [{ ...workshopAgenda.rooms[0], kind: 'party' }] }),
      json({ ...workshopAgenda, rooms: [{ ...workshopAgenda.rooms[0], endsAt: '2023-11-27T08:00:00-05:00' }] }),
      json({ ...workshopAgenda, rooms: [{ ...workshopAgenda.rooms[0], startsAt: '2023-11-27T09:00:00' }] }),
      json({ ...workshopAgenda, timezone: 'Mars/Olympus_Mons' }),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id": ' },
      json({ ...workshopAgenda, title: 'x'.repeat(2_000_000) }),
    ];
    for (const init of cases) {
      const response = await plenary.admin('/api/events', init);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.message.length).toBeGreaterThan(5);
    }
    expect(((await (await plenary.admin('/api/events')).json()) as unknown[]).length).toBe(1);
  });

  it('imports an agenda file as YAML, then replaces it, keeping the live state of its rooms', async () => {
    const plenary = await startPlenary();
    const yaml = readFileSync(new URL('../../server/demo/acsh-2023.yaml', import.meta.url), 'utf8').replace('id: acsh-2023', 'id: acsh-2024').replace('ACSH23', 'ACSH24');
    const uniqueRooms = yaml.replace(/^(\s+- id: )([a-z0-9-]+)$/gm, '$1y24-$2');
    const imported = await plenary.admin('/api/agenda', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: uniqueRooms });
    expect(imported.status).toBe(200);
    const agenda = (await imported.json()) as { id: string; rooms: unknown[] };
    expect(agenda.id).toBe('acsh-2024');
    expect(agenda.rooms.length).toBeGreaterThan(10);

    const moderator = await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-1'), name: 'Chair' });
    await ok(moderator.socket, 'room.join', { roomId: 'panel-1' });
    await ok(moderator.socket, 'room.open', {});
    const renamed = await plenary.admin('/api/events/acsh-2023/rooms/panel-1', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Panel 1 (moved to Hall B)', location: 'Hall B' }),
    });
    expect(renamed.status).toBe(200);
    const snapshot = await ok(moderator.socket, 'room.snapshot', {});
    expect(snapshot.state.open).toBe(true);
    expect(snapshot.room.title).toBe('Panel 1 (moved to Hall B)');
  });

  it('refuses a bad YAML import with invalid_input', async () => {
    const plenary = await startPlenary();
    const response = await plenary.admin('/api/agenda', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: 'id: [unclosed' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('creates an invite for a room and refuses one for a room that does not exist', async () => {
    const plenary = await startPlenary();
    const created = await plenary.admin('/api/events/acsh-2023/invites', json({ role: 'panellist', roomId: 'panel-2' }));
    expect(created.status).toBe(201);
    const { url } = (await created.json()) as { url: string };
    const { person } = await plenary.join({ invite: url.split('/join/')[1] ?? '', name: 'Guest panellist' });
    expect(person).toMatchObject({ role: 'panellist', roomId: 'panel-2' });
    const missing = await plenary.admin('/api/events/acsh-2023/invites', json({ role: 'panellist', roomId: 'nowhere' }));
    expect(missing.status).toBe(404);
    const organiserInvite = await plenary.admin('/api/events/acsh-2023/invites', json({ role: 'organiser' }));
    expect(organiserInvite.status).toBe(400);
  });
});

describe('joining over HTTP', () => {
  it('refuses unknown codes, bad invites, wrong admin tokens and malformed bodies without creating anyone', async () => {
    const plenary = await startPlenary();
    const attempts: Array<[unknown, number, string]> = [
      [{ code: 'NOPE99', name: 'X' }, 401, 'unauthenticated'],
      [{ invite: 'not-a-real-invite', name: 'X' }, 401, 'unauthenticated'],
      [{ adminToken: 'wrong', eventId: 'acsh-2023', name: 'X' }, 401, 'unauthenticated'],
      [{ code: 'ACSH23' }, 400, 'invalid_input'],
      [{ code: 'ACSH23', name: '' }, 400, 'invalid_input'],
      [{ code: 'ACSH23', name: 'X', role: 'moderator' }, 400, 'invalid_input'],
      [{ code: 'ACSH23', name: 'x'.repeat(81) }, 400, 'invalid_input'],
    ];
    for (const [body, status, code] of attempts) {
      const response = await fetch(`${plenary.url}/api/join`, json(body));
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code } });
    }
    expect(await (await plenary.admin('/api/events/acsh-2023/people')).json()).toEqual([]);
  });

  it('the organiser joins with the admin token and may run the chair in any room', async () => {
    const plenary = await startPlenary();
    const organiser = await plenary.person({ adminToken: plenary.runtime.adminToken, eventId: 'acsh-2023', name: 'Programme lead' });
    expect(organiser.person.role).toBe('organiser');
    await ok(organiser.socket, 'room.join', { roomId: 'keynote-1' });
    await expect(ok(organiser.socket, 'room.open', {})).resolves.toMatchObject({ revision: 1 });
  });
});

describe('operations endpoints', () => {
  it('reports liveness, readiness with the store kind, and Prometheus metrics of commands', async () => {
    const plenary = await startPlenary();
    expect(await (await fetch(`${plenary.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${plenary.url}/readyz`)).json()).toEqual({ status: 'ready', store: 'sqlite' });
    const { socket } = await plenary.person({ code: 'ACSH23', name: 'Metric' });
    await send(socket, 'clock.ping', { clientSentMs: 1 });
    await send(socket, 'room.open', {});
    const metrics = await (await fetch(`${plenary.url}/metrics`)).text();
    expect(metrics).toContain('plenary_connected_sockets 1');
    expect(metrics).toMatch(/plenary_commands_total\{command="clock.ping",outcome="ok"\} 1/);
    expect(metrics).toMatch(/plenary_commands_total\{command="room.open",outcome="not_joined"\} 1/);
    expect(metrics).toContain('plenary_command_duration_seconds_bucket');
  });

  it('says not ready once the store is closed', async () => {
    const plenary = await startPlenary();
    await plenary.runtime.store.close();
    const response = await fetch(`${plenary.url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'not_ready' });
  });

  it('answers unknown API paths with not_found in the same error shape', async () => {
    const plenary = await startPlenary();
    const response = await fetch(`${plenary.url}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('the content security policy', () => {
  it('lets the page reach only its own origin, and the LiveKit server when video is on', async () => {
    const plain = await startPlenary();
    const without = (await fetch(`${plain.url}/healthz`)).headers.get('content-security-policy') ?? '';
    expect(without).toContain("connect-src 'self'");
    expect(without).not.toContain('7880');
    const video = await startPlenary({ LIVEKIT_URL: 'http://127.0.0.1:7880', LIVEKIT_PUBLIC_URL: 'wss://video.example.org', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret-of-at-least-32-characters-long' });
    const withVideo = (await fetch(`${video.url}/healthz`)).headers.get('content-security-policy') ?? '';
    expect(withVideo).toContain("connect-src 'self' wss://video.example.org https://video.example.org");
  });
});
