/** The request log and the simulator's events. */
import { describe, expect, it } from 'vitest';
import type { SimulatedRequest, SimulatedResponse } from '../src/index.js';
import { client } from './helpers/sim.js';

describe('the request log', () => {
  it('records every answered request, filterable, for 90 simulated days', async () => {
    const c = client();
    const pi = (await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' }, { 'Idempotency-Key': 'a' })).body;
    await c.post(`/v1/payment_intents/${pi.id}/capture`, {}, { 'Idempotency-Key': 'b' });
    await c.post(`/v1/payment_intents/${pi.id}/capture`, {}, { 'Idempotency-Key': 'b' });
    await c.get('/v1/nope');
    const captures = c.sim.requests({ method: 'post', path: /\/capture$/ });
    expect(captures.map((r) => [r.status, r.idempotencyKey, r.replayed])).toEqual([
      [200, 'b', false],
      [200, 'b', true],
    ]);
    expect(c.sim.requests({ replayed: false, path: /\/capture$/ })).toHaveLength(1);
    const [first] = c.sim.requests();
    expect(first).toMatchObject({ method: 'POST', path: '/v1/payment_intents', status: 200, mode: 'test', apiVersion: '2024-11-01', time: c.sim.clock.now(), error: null });
    expect(JSON.parse(first!.body)).toMatchObject({ amount: 2000 });
    expect(c.sim.requests({ status: 404 })[0]).toMatchObject({ error: { type: 'invalid_request_error', code: null } });
    expect(c.sim.requests({ idempotencyKey: null })).toHaveLength(1);

    await c.sim.clock.advance('89d');
    expect(c.sim.requests()).toHaveLength(4);
    await c.sim.clock.advance('1d');
    expect(c.sim.requests()).toEqual([]);
  });

  it('emits typed request and response events', async () => {
    const c = client();
    const seen: string[] = [];
    c.sim.on('request', (req: SimulatedRequest) => seen.push(`→ ${req.method} ${req.path}`));
    c.sim.on('response', (res: SimulatedResponse) => seen.push(`← ${res.status} ${res.id} ${JSON.parse(res.responseBody).object}`));
    const created = await c.post('/v1/customers', {});
    expect(seen).toEqual(['→ POST /v1/customers', `← 200 ${created.headers.get('request-id')} customer`]);
  });

  it('keeps the newest maxEntries across thousands of requests, each entry whole', async () => {
    const c = client({ requestLog: { maxEntries: 100, maxBodyBytes: 1000 } });
    for (let i = 0; i < 2500; i++) await c.post('/v1/customers', { email: `c${i}@example.com` }, i % 2 ? { 'Idempotency-Key': `k${i}` } : {});
    const kept = c.sim.requests();
    expect(kept).toHaveLength(100);
    expect(kept.map((r) => JSON.parse(r.body).email)).toEqual(Array.from({ length: 100 }, (_, j) => `c${2400 + j}@example.com`));
    expect(kept.map((r) => r.idempotencyKey)).toEqual(Array.from({ length: 100 }, (_, j) => ((2400 + j) % 2 ? `k${2400 + j}` : null)));
    expect(new Set(kept.map((r) => r.id)).size).toBe(100);
  });

  it("emits the response of a request the log does not keep, and of a restore that replaced the log", async () => {
    const none = client({ requestLog: { maxEntries: 0, maxBodyBytes: 1000 } });
    const statuses: number[] = [];
    none.sim.on('response', (res: SimulatedResponse) => statuses.push(res.status));
    await none.post('/v1/customers', {});
    await none.get('/v1/nope');
    expect(statuses).toEqual([200, 404]);
    expect(none.sim.requests()).toEqual([]);

    const c = client();
    await c.post('/v1/test_helpers/snapshots', { name: 'empty' });
    await c.post('/v1/customers', {});
    const paths: string[] = [];
    c.sim.on('response', (res: SimulatedResponse) => paths.push(`${res.path} ${res.status}`));
    await c.post('/v1/test_helpers/snapshots/empty/restore', {});
    expect(paths).toEqual(['/v1/test_helpers/snapshots/empty/restore 200']);
  });
});
