import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { JoinRequest } from '../../shared/protocol/http.ts';
import { joinAddressKey } from '../../server/http/join-limit.ts';
import { startCluster } from '../support/plenary-cluster.ts';
import { startPlenary } from '../support/plenary.ts';

type Answer = { status: number; retryAfter: string | undefined; body: { error?: { code: string; retryAfterMs?: number }; token?: string } };

/** POST /api/join from a chosen source address (127.0.0.0/8 is all loopback) and with an optional X-Forwarded-For. */
function joinFrom(url: string, body: JoinRequest, from: { localAddress?: string; forwardedFor?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (from.forwardedFor) headers['x-forwarded-for'] = from.forwardedFor;
    const req = request({ hostname, port, path: '/api/join', method: 'POST', headers, localAddress: from.localAddress }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: JSON.parse(text) as Answer['body'] }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const audience = (name: string): JoinRequest => ({ code: 'ACSH23', name });

async function flood(url: string, count: number, from: Parameters<typeof joinFrom>[2]): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < count; i++) answers.push(await joinFrom(url, audience(`Flood ${i}`), from));
  return answers;
}

describe('joins count by network address', () => {
  it('an IPv4-mapped address is its IPv4 address, and IPv6 counts by its /64', () => {
    expect(joinAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(joinAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(joinAddressKey('2001:db8:0:42:1:2:3:4')).toBe('2001:db8:0:42::/64');
    expect(joinAddressKey('2001:0db8:0000:0042::99')).toBe('2001:db8:0:42::/64');
    expect(joinAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(joinAddressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('a flood of joins from one address', () => {
  it('is refused with 429 rate_limited past the limit, while a hall behind another address still joins', async () => {
    const plenary = await startPlenary({ PLENARY_JOINS_PER_MINUTE: '20', PLENARY_TRUST_PROXY: 'loopback' });
    const answers = await flood(plenary.url, 30, { forwardedFor: '203.0.113.7' });
    expect(answers.filter((a) => a.status === 201)).toHaveLength(20);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(10);
    for (const answer of refused) {
      expect(answer.body.error?.code).toBe('rate_limited');
      expect(answer.body.error?.retryAfterMs).toBeGreaterThan(0);
      expect(Number(answer.retryAfter)).toBe(Math.ceil((answer.body.error?.retryAfterMs ?? 0) / 1000));
    }
    // Another delegation's NAT, as the trusted proxy reports it; and a client reaching Plenary directly.
    expect((await joinFrom(plenary.url, audience('Aliya'), { forwardedFor: '198.51.100.9' })).status).toBe(201);
    expect((await joinFrom(plenary.url, audience('Giorgi'), { localAddress: '127.0.0.2' })).status).toBe(201);
    // Wrong codes count too: guessing codes is a flood of its own.
    expect((await joinFrom(plenary.url, { code: 'NOPE99', name: 'X' }, { forwardedFor: '203.0.113.7' })).status).toBe(429);
  });

  it('cannot dodge the limit by writing X-Forwarded-For when no proxy is trusted', async () => {
    const plenary = await startPlenary({ PLENARY_JOINS_PER_MINUTE: '5' });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await joinFrom(plenary.url, audience(`Spoof ${i}`), { forwardedFor: `192.0.2.${i + 1}` }));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    expect((await joinFrom(plenary.url, audience('Honest'), { localAddress: '127.0.0.3' })).status).toBe(201);
  });

  it('shares one budget across server processes on one Redis', async () => {
    const cluster = await startCluster(2, { PLENARY_JOINS_PER_MINUTE: '6' });
    try {
      const [a, b] = cluster.urls() as [string, string];
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push((await joinFrom(i % 2 === 0 ? a : b, audience(`Across ${i}`))).status);
      expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429, 429]);
    } finally {
      await cluster.stop();
    }
  });
});
