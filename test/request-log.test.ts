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
});
