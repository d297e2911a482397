import { describe, expect, it } from 'vitest';
import { initialConnection, needsResync, nextConnection, type ConnectionEvent } from '../../client/src/lib/connection-state.ts';

function run(events: ConnectionEvent[]) {
  return events.reduce(nextConnection, initialConnection);
}

describe('the connection as the person sees it', () => {
  it('goes online, drops, counts attempts, and comes back', () => {
    expect(run([{ type: 'connected', at: 1 }])).toEqual({ status: 'online', since: 1 });
    const offline = run([{ type: 'connected', at: 1 }, { type: 'disconnected', at: 5 }, { type: 'retrying', attempt: 1 }, { type: 'retrying', attempt: 2 }]);
    expect(offline).toEqual({ status: 'offline', since: 5, attempts: 2 });
    expect(nextConnection(offline, { type: 'connected', at: 9 })).toEqual({ status: 'online', since: 9 });
  });

  it('keeps the moment it went offline through repeated failures', () => {
    const state = run([{ type: 'disconnected', at: 5 }, { type: 'disconnected', at: 8 }]);
    expect(state).toMatchObject({ status: 'offline', since: 5 });
  });

  it('a refused token signs the device out for good; other refusals keep retrying', () => {
    const signedOut = run([{ type: 'refused', code: 'unauthenticated', message: 'expired' }, { type: 'connected', at: 3 }]);
    expect(signedOut).toEqual({ status: 'signed_out', reason: 'expired' });
    expect(run([{ type: 'disconnected', at: 1 }, { type: 'refused', code: 'unavailable', message: 'x' }]).status).toBe('offline');
  });

  it('asks for a fresh snapshot exactly when coming back online', () => {
    const online = { status: 'online', since: 1 } as const;
    const offline = { status: 'offline', since: 1, attempts: 3 } as const;
    expect(needsResync(offline, online)).toBe(true);
    expect(needsResync(online, online)).toBe(false);
    expect(needsResync(online, offline)).toBe(false);
  });
});

describe('a connection the server closed, saying when to come back', () => {
  it('shows why and until when, through the disconnect that follows, until it is online again', () => {
    const paused = run([{ type: 'connected', at: 1 }, { type: 'closed', message: 'Too many messages', until: 10_001 }, { type: 'disconnected', at: 2 }, { type: 'retrying', attempt: 1 }]);
    expect(paused).toEqual({ status: 'paused', reason: 'Too many messages', until: 10_001 });
    const back = nextConnection(paused, { type: 'connected', at: 10_002 });
    expect(back).toEqual({ status: 'online', since: 10_002 });
    expect(needsResync(paused, back)).toBe(true);
  });
});

describe('a connection refused because the server is full', () => {
  it('says so until the retry, through the disconnect that follows, and resynchronises once in', () => {
    const full = run([{ type: 'connected', at: 1 }, { type: 'disconnected', at: 2 }, { type: 'full', until: 12_000 }, { type: 'disconnected', at: 3 }, { type: 'retrying', attempt: 1 }]);
    expect(full).toEqual({ status: 'full', until: 12_000 });
    const back = nextConnection(full, { type: 'connected', at: 12_001 });
    expect(back).toEqual({ status: 'online', since: 12_001 });
    expect(needsResync(full, back)).toBe(true);
  });
});
