import { io as connectSocket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { ProtocolError } from '../../shared/errors.ts';
import { startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';

/** Connects and resolves with the socket once in, or with the connect_error's data when refused. */
function attempt(plenary: TestServer, token: string): Promise<{ socket: ClientSocket } | { refused: ProtocolError | undefined }> {
  const socket: ClientSocket = connectSocket(plenary.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error: Error & { data?: ProtocolError }) => {
      socket.disconnect();
      resolve({ refused: error.data });
    });
  });
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('PLENARY_MAX_CONNECTIONS', () => {
  it('refuses the connection past the limit with unavailable and a message, closes it, and lets a new one in once a place is free', async () => {
    const plenary = await startPlenary({ PLENARY_MAX_CONNECTIONS: '3' });
    const tokens = await Promise.all(['Aliya', 'Bolat', 'Chen', 'Dana', 'Erlan'].map(async (name) => (await plenary.join({ code: '#acsh23', name })).token));
    const inside = [];
    for (const token of tokens.slice(0, 3)) {
      const outcome = await attempt(plenary, token);
      if (!('socket' in outcome)) throw new Error(`refused below the limit: ${JSON.stringify(outcome.refused)}`);
      inside.push(outcome.socket);
    }

    const fourth = await attempt(plenary, tokens[3]!);
    expect(fourth).toEqual({ refused: { code: 'unavailable', message: 'The server is full; try again in a moment.', retryAfterMs: expect.any(Number) } });
    expect((await plenary.runtime.metrics.refusedConnections.get()).values[0]?.value).toBe(1);
    // The refused connection is closed: its descriptor is free again.
    await until('the refused connection closed', () => plenary.io.engine.clientsCount === 3);

    inside[0]!.disconnect();
    await until('a place freed', () => plenary.io.engine.clientsCount === 2);
    const fifth = await attempt(plenary, tokens[4]!);
    expect('socket' in fifth).toBe(true);
    for (const socket of [...inside, 'socket' in fifth ? fifth.socket : null]) socket?.disconnect();
  });
});
