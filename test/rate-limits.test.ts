/** Rate limits on the simulated clock (SPEC §10). */
import { describe, expect, it } from 'vitest';
import { client } from './helpers/sim.js';

describe('rate limits', () => {
  it('by default (observe) a suite that never moves the clock is never refused, and the headers still count', async () => {
    const c = client();
    const statuses = new Set<number>();
    let last: Headers | undefined;
    for (let i = 0; i < 150; i++) {
      const res = await c.get('/v1/customers');
      statuses.add(res.status);
      last = res.headers;
      if (i === 0) {
        expect(res.headers.get('x-ratelimit-limit')).toBe('100');
        expect(res.headers.get('x-ratelimit-remaining')).toBe('99');
        expect(res.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil((c.sim.clock.now() + 10) / 1000)));
      }
    }
    expect([...statuses]).toEqual([200]);
    expect(last!.get('x-ratelimit-remaining')).toBe('0');
    expect(c.sim.requests({ path: '/v1/customers' }).filter((r) => r.rateLimited)).toHaveLength(50);
  });

  it('enforce mode: the 101st request in one second is a 429 with Retry-After, and the next second admits again', async () => {
    const c = client({ rateLimits: { mode: 'enforce' } });
    for (let i = 0; i < 100; i++) expect((await c.get('/v1/customers')).status).toBe(200);
    const limited = await c.get('/v1/customers');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      error: {
        type: 'rate_limit_error',
        code: 'rate_limit',
        message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
      },
    });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    // The bucket has refilled one token after 10 ms, but 100 requests already passed in this second.
    await c.sim.clock.advance(10);
    const stillLimited = await c.get('/v1/customers');
    expect([stillLimited.status, stillLimited.headers.get('retry-after')]).toEqual([429, '1']);
    await c.sim.clock.advance(990);
    expect((await c.get('/v1/customers')).status).toBe(200);
    await c.sim.clock.advance('1s');
    expect((await c.get('/v1/customers')).headers.get('x-ratelimit-remaining')).toBe('99');
  });

  it('limits are per key and per mode, and configurable', async () => {
    const c = client({ rateLimits: { mode: 'enforce', test: { rate: 2, burst: 2 }, live: { rate: 5, burst: 3 } } });
    expect((await c.get('/v1/customers')).status).toBe(200);
    expect((await c.get('/v1/customers')).status).toBe(200);
    expect((await c.get('/v1/customers')).status).toBe(429);
    expect((await c.get('/v1/customers', { Authorization: 'Bearer sk_test_another' })).status).toBe(200);
    const live = await c.get('/v1/customers', { Authorization: `Bearer ${c.sim.liveSecretKey}` });
    expect([live.status, live.headers.get('x-ratelimit-limit'), live.headers.get('x-ratelimit-remaining')]).toEqual([200, '5', '2']);
  });

  it('a 429 is not kept for the idempotency key: the retry after the wait runs', async () => {
    const c = client({ rateLimits: { mode: 'enforce', test: { rate: 1, burst: 1 } } });
    await c.get('/v1/customers');
    const refused = await c.post('/v1/customers', {}, { 'Idempotency-Key': 'later' });
    expect(refused.status).toBe(429);
    await c.sim.clock.advance('1s');
    const retried = await c.post('/v1/customers', {}, { 'Idempotency-Key': 'later' });
    expect([retried.status, retried.headers.get('idempotent-replayed')]).toEqual([200, null]);
  });

  it('every response carries the three headers, errors and unauthenticated ones included', async () => {
    const c = client();
    for (const res of [await c.get('/v1/nope'), await c.get('/v1/customers', { Authorization: '' })]) {
      for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) expect(res.headers.get(h)).toMatch(/^\d+$/);
    }
  });
});
