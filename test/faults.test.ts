/** Fault injection through sim.fetch and through the stripe client. */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createSimulator, fault, type Simulator } from '../src/index.js';
import { BASE, client, rejects, stateOf } from './helpers/sim.js';

const stripeFor = (sim: Simulator, maxNetworkRetries: number) =>
  new Stripe(sim.secretKey, { httpClient: Stripe.createFetchHttpClient(sim.fetch), host: 'api.onerway.com', maxNetworkRetries });

describe('injected API errors', () => {
  it('a 500 before the write changes nothing and names the simulator', async () => {
    const c = client();
    c.sim.faults.inject({ method: 'POST', path: '/v1/customers', fault: fault.apiError({ retry: false }) });
    const res = await rejects(c, () => c.post('/v1/customers', { email: 'x@example.com' }), 500, {
      type: 'api_error',
      message: 'An unknown error occurred (injected by onerway-sim)',
    });
    expect(res.headers.get('stripe-should-retry')).toBe('false');
    expect(res.headers.get('onerway-should-retry')).toBe('false');
    expect((await c.post('/v1/customers', {})).status).toBe(200);
  });

  it('the stripe client retries injected 500s and 409s, with one key, then succeeds once', async () => {
    const sim = createSimulator();
    const stripe = stripeFor(sim, 2);
    sim.faults.inject({ method: 'POST', path: '/v1/customers', sequence: [fault.apiError(), fault.lockTimeout()] });
    const customer = await stripe.customers.create({ email: 'retry@example.com' });
    const attempts = sim.requests({ method: 'POST', path: '/v1/customers' });
    expect(attempts.map((a) => a.status)).toEqual([500, 409, 200]);
    expect(new Set(attempts.map((a) => a.idempotencyKey)).size).toBe(1);
    expect((await stripe.customers.list()).data.map((c) => c.id)).toEqual([customer.id]);
  });

  it('Should-Retry: false stops the client; a 429 and a decline are not retried', async () => {
    const sim = createSimulator();
    const stripe = stripeFor(sim, 2);
    sim.faults.inject({ path: '/v1/customers', fault: fault.apiError({ retry: false }) });
    await expect(stripe.customers.create({})).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    sim.faults.inject({ path: '/v1/customers', fault: fault.rateLimited({ retryAfter: 3 }) });
    const limited = (await stripe.customers.create({}).catch((e: unknown) => e)) as Stripe.errors.StripeRateLimitError;
    expect(limited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    // stripe-node exposes error headers as a plain object (responses carry the fetch Headers).
    const h = limited.headers as unknown as Headers | Record<string, string>;
    expect(typeof (h as Headers).get === 'function' ? (h as Headers).get('retry-after') : (h as Record<string, string>)['retry-after']).toBe('3');
    sim.faults.inject({ method: 'POST', path: /^\/v1\/payment_intents$/, fault: fault.decline('do_not_honor') });
    const declined = (await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect([declined.statusCode, declined.code, declined.decline_code]).toEqual([402, 'card_declined', 'do_not_honor']);
    expect(sim.requests().map((r) => r.status)).toEqual([500, 429, 402]);
    expect((await stripe.paymentIntents.list()).data).toEqual([]);
  });
});

describe('network errors and latency', () => {
  it('fetch rejects like a dropped connection; the stripe client retries it', async () => {
    const c = client();
    c.sim.faults.inject({ path: '/v1/balance', fault: fault.network() });
    const before = stateOf(c.sim);
    const error = await c.sim.fetch(`${BASE}/v1/balance`, { headers: { Authorization: `Bearer ${c.sim.secretKey}` } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as TypeError).cause as Error).message).toBe('onerway-sim: injected network error');
    expect(stateOf(c.sim)).toBe(before);
    const stripe = stripeFor(c.sim, 1);
    c.sim.faults.inject({ path: '/v1/customers', method: 'POST', fault: fault.network() });
    expect((await stripe.customers.create({ email: 'n@example.com' })).email).toBe('n@example.com');
  });

  it('latency takes simulated time, and what falls due meanwhile happens', async () => {
    const c = client();
    const pi = (await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' })).body;
    const start = c.sim.clock.now();
    c.sim.faults.inject({ method: 'POST', path: '/v1/payment_intents/:id/capture', fault: fault.latency('8d') });
    const late = await c.post(`/v1/payment_intents/${pi.id}/capture`);
    expect(c.sim.clock.now() - start).toBe(8 * 86_400_000);
    expect(late.body.error.message).toMatch(/could not be captured because it has a status of canceled/);
  });
});

describe('the write happens, the answer is lost', () => {
  it('a 500 after the write: the PaymentIntent exists, and the client retry with the key gets the real answer', async () => {
    const sim = createSimulator();
    sim.faults.inject({ method: 'POST', path: '/v1/payment_intents', fault: fault.apiError(), when: 'after' });
    const stripe = stripeFor(sim, 2);
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    expect(pi.status).toBe('succeeded');
    expect(sim.requests({ method: 'POST' }).map((r) => [r.status, r.replayed])).toEqual([
      [200, false],
      [200, true],
    ]);
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
  });

  it('a network error after the write, through plain fetch: the charge went through', async () => {
    const c = client();
    c.sim.faults.inject({ method: 'POST', path: '/v1/payment_intents', fault: fault.network(), when: 'after' });
    await expect(
      c.sim.fetch(`${BASE}/v1/payment_intents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${c.sim.secretKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }),
      }),
    ).rejects.toThrow('fetch failed');
    expect((await c.get('/v1/payment_intents')).body.data[0].status).toBe('succeeded');
  });
});

describe('rules', () => {
  it('match by method, path pattern and predicate, in sequence, and can be removed', async () => {
    const c = client();
    const rule = c.sim.faults.inject({
      method: 'GET',
      path: '/v1/customers/:id',
      match: (req) => req.headers['x-tenant'] === 'a',
      sequence: [fault.apiError(), fault.pass(), fault.apiError()],
    });
    const id = (await c.post('/v1/customers', {})).body.id;
    const tenant = { 'X-Tenant': 'a' };
    expect((await c.get(`/v1/customers/${id}`)).status).toBe(200);
    expect((await c.get(`/v1/customers/${id}`, tenant)).status).toBe(500);
    expect((await c.get(`/v1/customers/${id}`, tenant)).status).toBe(200);
    expect(rule.remaining).toBe(1);
    rule.remove();
    expect((await c.get(`/v1/customers/${id}`, tenant)).status).toBe(200);
  });

  it('the Onerway-Sim-Fault header injects a fault into one request, for clients over the server', async () => {
    const c = client();
    const res = await c.post('/v1/customers', {}, { 'Onerway-Sim-Fault': '{"kind":"decline","declineCode":"insufficient_funds"}' });
    expect(res.body.error).toMatchObject({ type: 'card_error', decline_code: 'insufficient_funds' });
    const after = await c.post('/v1/customers', { email: 'kept@example.com' }, { 'Onerway-Sim-Fault': '{"kind":"api_error","when":"after"}' });
    expect(after.status).toBe(500);
    expect((await c.get('/v1/customers')).body.data.map((x: { email: string }) => x.email)).toEqual(['kept@example.com']);
    const bad = await c.post('/v1/customers', {}, { 'Onerway-Sim-Fault': 'boom' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^onerway-sim: cannot read the Onerway-Sim-Fault header 'boom'/);
  });
});

describe('faults that never matched', () => {
  it('are reported by sim.faults.unmatched(): a mistyped path never matches', async () => {
    const c = client();
    c.sim.faults.inject({ method: 'POST', path: '/v1/payment_intent/:id/capture', fault: fault.apiError() });
    c.sim.faults.inject({ method: 'POST', path: '/v1/customers', fault: fault.apiError() });
    expect((await c.post('/v1/customers', {})).status).toBe(500);
    expect(c.sim.faults.unmatched()).toEqual([{ method: 'POST', path: '/v1/payment_intent/:id/capture', remaining: 1 }]);
  });
});
