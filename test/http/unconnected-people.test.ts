import { describe, expect, it } from 'vitest';
import type { JoinRequest } from '../../shared/protocol/http.ts';
import { sweepUnconnectedPeople } from '../../server/live/unconnected-sweep.ts';
import { startPlenary } from '../support/plenary.ts';

const audience = (name: string): JoinRequest => ({ code: 'ACSH23', name });

describe('joins that never connect', () => {
  it('are deleted once the grace period has passed; people who connected, and recent joins, stay', async () => {
    const plenary = await startPlenary({ PLENARY_JOIN_GRACE_MINUTES: '60' });
    const { runtime } = plenary;
    const joinedAtMs = Date.UTC(2023, 4, 17, 4, 0);
    runtime.now = () => joinedAtMs;
    const flooded = await Promise.all([1, 2, 3, 4].map((i) => plenary.join(audience(`Never ${i}`))));
    const connected = await plenary.person(audience('Aliya'));
    runtime.now = () => joinedAtMs + 50 * 60_000;
    const late = await plenary.join(audience('Late but honest'));

    expect(await sweepUnconnectedPeople(runtime.store, joinedAtMs + 60 * 60_000, runtime.config.joinGraceMs)).toBe(0);
    expect(await sweepUnconnectedPeople(runtime.store, joinedAtMs + 60 * 60_000 + 1, runtime.config.joinGraceMs)).toBe(4);

    const people = (await (await plenary.admin('/api/events/acsh-2023/people')).json()) as Array<{ name: string }>;
    expect(people.map((p) => p.name)).toEqual(['Aliya', 'Late but honest']);
    await expect(plenary.connect(flooded[0]!.token)).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
    expect(connected.socket.connected).toBe(true);
    await expect(plenary.connect(late.token)).resolves.toMatchObject({ connected: true });
  });

  it('the organiser lists people a page at a time and is told how many there are', async () => {
    const plenary = await startPlenary();
    let nowMs = Date.UTC(2023, 4, 17, 4, 0);
    plenary.runtime.now = () => nowMs++;
    for (const name of ['Aliya', 'Giorgi', 'Ketevan', 'Tamar', 'Yerlan']) await plenary.join(audience(name));
    const first = await plenary.admin('/api/events/acsh-2023/people?limit=2');
    expect(first.headers.get('x-total-count')).toBe('5');
    expect(((await first.json()) as Array<{ name: string }>).map((p) => p.name)).toEqual(['Aliya', 'Giorgi']);
    const last = await plenary.admin('/api/events/acsh-2023/people?limit=2&offset=4');
    expect(((await last.json()) as Array<{ name: string }>).map((p) => p.name)).toEqual(['Yerlan']);
    expect((await plenary.admin('/api/events/acsh-2023/people?limit=0')).status).toBe(400);
    expect((await plenary.admin('/api/events/acsh-2023/people?limit=5000')).status).toBe(400);
  });
});
