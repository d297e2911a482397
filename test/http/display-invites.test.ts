import { describe, expect, it } from 'vitest';
import { ok, startPlenary, type TestServer } from '../support/plenary.ts';

function post(plenary: TestServer, path: string, body: unknown): Promise<Response> {
  return fetch(`${plenary.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('a display invite needs no form', () => {
  it('[DI1] a display invite joins with no name, organisation or attendance, as a screen named Display, and connects', async () => {
    const plenary = await startPlenary();
    const joined = await post(plenary, '/api/join', { invite: await plenary.inviteFor('display', 'panel-1') });
    expect(joined.status).toBe(201);
    const { token, person } = (await joined.json()) as { token: string; person: { role: string; roomId: string; name: string } };
    expect(person).toMatchObject({ role: 'display', roomId: 'panel-1', name: 'Display' });
    const socket = await plenary.connect(token);
    await ok(socket, 'room.join', { roomId: 'panel-1' });
  });

  it('[DI2] any other invite without a name is refused, naming the field, and makes no person', async () => {
    const plenary = await startPlenary();
    const before = Number((await plenary.admin('/api/events/acsh-2023/people')).headers.get('x-total-count'));
    const refused = await post(plenary, '/api/join', { invite: await plenary.inviteFor('panellist', 'panel-1') });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('name') } });
    expect(Number((await plenary.admin('/api/events/acsh-2023/people')).headers.get('x-total-count'))).toBe(before);
    const audience = await post(plenary, '/api/join', { code: 'ACSH23' });
    expect(audience.status).toBe(400);
  });

  it('[DI3] the join page can ask what an invite joins as; an unknown or revoked invite is unauthenticated', async () => {
    const plenary = await startPlenary();
    const secret = await plenary.inviteFor('display', 'panel-1');
    const grant = await fetch(`${plenary.url}/api/public/invites/${secret}`);
    expect(await grant.json()).toEqual({ eventId: 'acsh-2023', role: 'display', roomId: 'panel-1', hallId: null });
    expect((await fetch(`${plenary.url}/api/public/invites/not-a-real-secret`)).status).toBe(401);

    const invites = (await (await plenary.admin('/api/events/acsh-2023/invites')).json()) as Array<{ id: string; url: string }>;
    const { id } = invites.find((i) => i.url.endsWith(secret))!;
    await plenary.admin(`/api/events/acsh-2023/invites/${id}`, { method: 'DELETE' });
    const revoked = await fetch(`${plenary.url}/api/public/invites/${secret}`);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: { code: 'unauthenticated', message: expect.stringContaining('revoked') } });
  });
});
