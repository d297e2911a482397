import { describe, expect, it } from 'vitest';
import { RateLimits } from '../../server/transport/rate-limits.ts';

describe('per-person command limits', () => {
  it('refuse the sixth question in a minute with the wait, and count each person apart', async () => {
    const limits = new RateLimits();
    for (let i = 0; i < 5; i++) expect(await limits.check('p-aliya', 'qa.ask')).toBeNull();
    const refused = await limits.check('p-aliya', 'qa.ask');
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', message: 'Too many ask commands; wait a moment.' } });
    expect(refused?.error.retryAfterMs).toBeGreaterThan(0);
    expect(refused?.error.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await limits.check('p-giorgi', 'qa.ask')).toBeNull();
    expect(await limits.check('p-aliya', 'clock.ping')).toBeNull();
  });
});
