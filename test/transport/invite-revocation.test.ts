import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolError } from '../../shared/errors.ts';
import type { InviteView } from '../../shared/protocol/http.ts';
import { PlenaryClient } from '../../client/src/transport/plenary-client.ts';
import type { ConnectionState } from '../../client/src/lib/connection-state.ts';
import { connectTo, joinAt, startCluster, type Cluster } from '../support/plenary-cluster.ts';
import { ok, startPlenary, type ClientSocket } from '../support/plenary.ts';

function secretOf(invite: InviteView): string {
  return invite.url.split('/join/')[1] ?? '';
}

/** The handshake's refusal, or null when the socket connected. */
function refusalOf(connecting: Promise<ClientSocket>): Promise<ProtocolError | null> {
  return connecting.then(
    (socket) => {
      socket.close();
      return null;
    },
    (error: Error & { data?: ProtocolError }) => error.data ?? null,
  );
}

function closedBecause(socket: ClientSocket): Promise<{ told: ProtocolError; reason: string }> {
  return new Promise((resolve) => {
    let told: ProtocolError | null = null;
    socket.once('connection.closed', (error) => (told = error));
    socket.once('disconnect', (reason) => resolve({ told: told ?? { code: 'internal', message: 'not told' }, reason }));
  });
}

describe('revoking an invite', () => {
  it('[IV1] a revoked invite lets no one join, and the session joined with it is told, closed and cannot reconnect', async () => {
    const plenary = await startPlenary();
    const created = await plenary.admin('/api/events/acsh-2023/invites', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'display', roomId: 'panel-1', label: 'Stage left display' }),
    });
    expect(created.status).toBe(201);
    const invite = (await created.json()) as InviteView;
    expect(invite).toMatchObject({ role: 'display', roomId: 'panel-1', label: 'Stage left display', revokedAtMs: null });

    const display = await plenary.person({ invite: secretOf(invite), name: 'Display' });
    expect(display.person.inviteId).toBe(invite.id);
    await ok(display.socket, 'room.join', { roomId: 'panel-1' });
    const bystander = await plenary.person({ invite: await plenary.inviteFor('display', 'panel-1'), name: 'Other display' });
    await ok(bystander.socket, 'room.join', { roomId: 'panel-1' });

    const closed = closedBecause(display.socket);
    const revoked = await plenary.admin(`/api/events/acsh-2023/invites/${invite.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ id: invite.id, label: 'Stage left display', revokedAtMs: expect.any(Number) });
    expect(await closed).toMatchObject({ reason: 'io server disconnect', told: { code: 'unauthenticated', message: expect.stringContaining('revoked') } });

    expect(await refusalOf(plenary.connect(display.token))).toMatchObject({ code: 'unauthenticated', message: expect.stringContaining('revoked') });
    const rejoin = await fetch(`${plenary.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invite: secretOf(invite), name: 'Display' }),
    });
    expect(rejoin.status).toBe(401);
    expect(await rejoin.json()).toMatchObject({ error: { code: 'unauthenticated', message: expect.stringContaining('revoked') } });

    expect(bystander.socket.connected).toBe(true);
    await ok(bystander.socket, 'room.join', { roomId: 'panel-1' });
    const listed = (await (await plenary.admin('/api/events/acsh-2023/invites')).json()) as InviteView[];
    expect(listed.find((i) => i.id === invite.id)).toMatchObject({ label: 'Stage left display', revokedAtMs: expect.any(Number) });
    expect(listed.filter((i) => i.revokedAtMs !== null)).toHaveLength(1);
  });

  it('[IV4] the web client closed for a revoked invite is signed out with the reason and does not reconnect', async () => {
    const plenary = await startPlenary();
    const secret = await plenary.inviteFor('panellist', 'panel-1');
    const { token } = await plenary.join({ invite: secret, name: 'Lieve' });
    const client = new PlenaryClient({ url: plenary.url, token, onState: () => undefined });
    try {
      await expect.poll(() => client.connection.status).toBe('online');
      const invites = (await (await plenary.admin('/api/events/acsh-2023/invites')).json()) as InviteView[];
      const { id } = invites.find((i) => i.url.endsWith(`/join/${secret}`))!;
      await plenary.admin(`/api/events/acsh-2023/invites/${id}`, { method: 'DELETE' });
      await expect.poll(() => client.connection.status).toBe('signed_out');
      expect((client.connection as Extract<ConnectionState, { status: 'signed_out' }>).reason).toMatch(/revoked/);
      expect(client.socket.connected).toBe(false);
    } finally {
      client.close();
    }
  });

  it('[IV5] a revocation that lands between the handshake’s check and the socket joining its invite channel still closes it', async () => {
    const plenary = await startPlenary();
    const secret = await plenary.inviteFor('panellist', 'panel-1');
    const { token, person } = await plenary.join({ invite: secret, name: 'Lieve' });
    const { store, inviteSessions } = plenary.runtime;
    const read = store.inviteRevoked.bind(store);
    let checks = 0;
    // The interleaving: the handshake reads "not revoked", then the revocation is written and
    // announced (to a channel the socket has not joined yet), then the socket joins.
    store.inviteRevoked = async (inviteId) => {
      checks += 1;
      if (checks > 1) return read(inviteId);
      const before = await read(inviteId);
      await store.revokeInvite(secret, plenary.runtime.now());
      inviteSessions.close(inviteId);
      return before;
    };
    const socket = await plenary.connect(token);
    const closed = await new Promise<string>((resolve) => {
      if (!socket.connected) resolve('io server disconnect');
      socket.once('disconnect', resolve);
    });
    expect(closed).toBe('io server disconnect');
    expect(person.inviteId).toBeDefined();
    expect(await refusalOf(plenary.connect(token))).toMatchObject({ code: 'unauthenticated' });
  });

  it('[IV2] revoking an invite the event does not have is not_found', async () => {
    const plenary = await startPlenary();
    const response = await plenary.admin('/api/events/acsh-2023/invites/no-such-invite/revoke', { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('revoking an invite across processes', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(2);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('[IV3] a session connected to another process than the one that revoked its invite is closed too', async () => {
    const [urlA, urlB] = cluster.urls() as [string, string];
    const created = await cluster.admin('/api/events/acsh-2023/invites', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'participant', label: 'Georgia delegation' }),
    });
    const invite = (await created.json()) as InviteView;
    const { token } = await joinAt(urlA, { invite: secretOf(invite), name: 'Giorgi' });
    const onB = await connectTo(urlB, token);
    const closed = closedBecause(onB);

    const revoked = await cluster.admin(`/api/events/acsh-2023/invites/${invite.id}/revoke`, { method: 'POST' });
    expect(revoked.status).toBe(200);
    expect(await closed).toMatchObject({ reason: 'io server disconnect', told: { code: 'unauthenticated' } });
    expect(await refusalOf(connectTo(urlA, token))).toMatchObject({ code: 'unauthenticated' });
    expect(await refusalOf(connectTo(urlB, token))).toMatchObject({ code: 'unauthenticated' });
  });
});
