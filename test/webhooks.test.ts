/** Events and webhooks through sim.fetch: delivery, signatures, retries on the simulated clock. */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { constructEvent, generateTestHeader, WebhookSignatureError, type OnerwayEvent } from '../src/index.js';
import { client, rejects } from './helpers/sim.js';

/** An in-process endpoint that verifies each delivery and keeps the events it accepted. */
function receiver(c: ReturnType<typeof client>, events?: string[], answer: (n: number) => number = () => 200) {
  const received: OnerwayEvent[] = [];
  let calls = 0;
  const endpoint = c.sim.webhooks.listen(
    async (request) => {
      const body = await request.text();
      const event = constructEvent<OnerwayEvent>(body, request.headers.get('onerway-signature'), endpoint.secret);
      expect(request.headers.get('content-type')).toBe('application/json');
      expect(request.headers.get('user-agent')).toMatch(/^Onerway\/1\.0/);
      const status = answer(++calls);
      if (status < 300) received.push(event);
      return new Response(null, { status });
    },
    events ? { events } : {},
  );
  return { endpoint, received };
}

describe('delivery', () => {
  it('a checkout delivers created, charge.succeeded and succeeded, signed, to a listening handler', async () => {
    const c = client();
    const { received } = receiver(c, ['payment_intent.created', 'payment_intent.succeeded', 'charge.succeeded', 'payment_intent.payment_failed']);
    const pi = (await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true })).body;
    expect(received).toEqual([]);
    await c.sim.flush();
    expect(received.map((e) => e.type)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
    expect(received[2]!.data.object).toMatchObject({ id: pi.id, status: 'succeeded' });
    expect(received[2]!.request.id).toMatch(/^req_/);

    await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: true });
    await c.sim.flush();
    expect(received.map((e) => e.type).slice(3)).toEqual(['payment_intent.created', 'payment_intent.payment_failed']);
  });

  it('URL endpoints are delivered through the fetch given in the options', async () => {
    const seen: { url: string; body: string; signature: string | null }[] = [];
    const c = client({
      webhooks: {
        fetch: async (url, init) => {
          seen.push({ url, body: String(init.body), signature: new Headers(init.headers).get('onerway-signature') });
          return new Response('ok');
        },
      },
    });
    const endpoint = await c.post('/v1/webhook_endpoints', { url: 'https://shop.example/hooks', enabled_events: ['customer.created'] });
    expect(endpoint.body.secret).toMatch(/^whsec_/);
    expect((await c.get(`/v1/webhook_endpoints/${endpoint.body.id}`)).body).not.toHaveProperty('secret');
    await c.post('/v1/customers', { email: 'hook@example.com' });
    await c.sim.flush();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('https://shop.example/hooks');
    const event = constructEvent<OnerwayEvent>(seen[0]!.body, seen[0]!.signature, endpoint.body.secret);
    expect(event.type).toBe('customer.created');
    expect((await c.get(`/v1/events/${event.id}`)).body.pending_webhooks).toBe(0);
  });

  it('events render in the endpoint version', async () => {
    const c = client();
    const old = receiver(c, ['payment_intent.succeeded']);
    const bodies: string[] = [];
    c.sim.webhooks.listen(async (r) => void bodies.push(await r.text()), { events: ['payment_intent.succeeded'], apiVersion: '2024-06-01' });
    await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await c.sim.flush();
    expect(old.received[0]!.data.object).not.toHaveProperty('charges');
    const rendered = JSON.parse(bodies[0]!);
    expect(rendered.api_version).toBe('2024-06-01');
    expect(rendered.data.object.charges.total_count).toBe(1);
  });

  it('the stripe client verifies a delivery with its own constructEvent and rejects a tampered body', async () => {
    const c = client();
    let body = '';
    let header = '';
    const endpoint = c.sim.webhooks.listen(async (request) => {
      body = await request.text();
      header = request.headers.get('onerway-signature')!;
    });
    await c.post('/v1/customers', {});
    await c.sim.flush();
    const stripe = new Stripe('sk_test_unused');
    expect(stripe.webhooks.constructEvent(body, header, endpoint.secret).type).toBe('customer.created');
    expect(() => stripe.webhooks.constructEvent(body.replace('customer', 'kustomer'), header, endpoint.secret)).toThrow(
      /No signatures found matching the expected signature for payload/,
    );
  });

  it('a delivery still verifies against the real clock after the simulated clock moved days ahead', async () => {
    const c = client();
    const { received } = receiver(c, ['customer.created']);
    await c.sim.clock.advance('30d');
    await c.post('/v1/customers', {});
    await c.sim.flush();
    expect(received).toHaveLength(1);
    expect(received[0]!.created).toBe(Math.floor(c.sim.clock.now() / 1000));
  });
});

describe('retries on the simulated clock', () => {
  it('a handler that fails twice then succeeds gets exactly three attempts, at 0, 1 and 5 minutes', async () => {
    const c = client();
    const start = c.sim.clock.now();
    const { endpoint, received } = receiver(c, ['customer.created'], (n) => (n <= 2 ? 500 : 204));
    await c.post('/v1/customers', {});
    await c.sim.flush();
    await c.sim.clock.advance('1h');
    const attempts = c.sim.webhooks.attempts({ endpoint: endpoint.id });
    expect(attempts.map((a) => [a.attempt, a.time - start, a.status, a.succeeded])).toEqual([
      [1, 0, 500, false],
      [2, 60_000, 500, false],
      [3, 300_000, 204, true],
    ]);
    expect(received).toHaveLength(1);
    await c.sim.clock.advance('3d');
    expect(c.sim.webhooks.attempts({ endpoint: endpoint.id })).toHaveLength(3);
  });

  it('a handler that always fails gets every scheduled attempt and none after three days', async () => {
    const c = client();
    const start = c.sim.clock.now();
    const endpoint = c.sim.webhooks.listen(() => {
      throw new Error('handler is down');
    });
    await c.post('/v1/customers', {});
    await c.sim.clock.advance('10d');
    const attempts = c.sim.webhooks.attempts({ endpoint: endpoint.id });
    const h = 3_600_000;
    expect(attempts.map((a) => a.time - start)).toEqual([0, 60_000, 300_000, 1_800_000, 2 * h, 5 * h, 10 * h, 22 * h, 34 * h, 46 * h, 58 * h, 70 * h]);
    expect(attempts.every((a) => a.status === null && a.error === 'handler is down')).toBe(true);
    expect(attempts.at(-1)!.nextAttemptAt).toBeNull();
  });

  it('deleting the endpoint mid-way stops its retries; disabling does too', async () => {
    const c = client({ webhooks: { fetch: async () => new Response('down', { status: 503 }) } });
    const gone = (await c.post('/v1/webhook_endpoints', { url: 'https://a.example/h', enabled_events: ['*'] })).body.id;
    const off = (await c.post('/v1/webhook_endpoints', { url: 'https://b.example/h', enabled_events: ['*'] })).body.id;
    await c.post('/v1/customers', {});
    await c.sim.clock.advance('2m');
    await c.del(`/v1/webhook_endpoints/${gone}`);
    await c.post(`/v1/webhook_endpoints/${off}`, { disabled: true });
    await c.sim.clock.advance('3d');
    expect(c.sim.webhooks.attempts({ endpoint: gone })).toHaveLength(2);
    expect(c.sim.webhooks.attempts({ endpoint: off })).toHaveLength(2);
    expect((await c.get(`/v1/webhook_endpoints/${off}`)).body.status).toBe('disabled');
  });
});

describe('the events API', () => {
  it('lists events newest first with type wildcards, types[] and created, for 30 days', async () => {
    const c = client();
    const order: string[] = [];
    c.sim.on('event', (e) => order.push(e.type));
    await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    await c.post('/v1/customers', {});
    expect(order).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated', 'customer.created']);
    const all = (await c.get('/v1/events')).body;
    expect(all.data.map((e: OnerwayEvent) => e.type)).toEqual([...order].reverse());
    expect((await c.get('/v1/events?type=payment_intent.*')).body.data.map((e: OnerwayEvent) => e.type)).toEqual([
      'payment_intent.amount_capturable_updated',
      'payment_intent.created',
    ]);
    expect((await c.get('/v1/events?types[]=customer.created&types[]=charge.succeeded')).body.data).toHaveLength(2);
    const id = all.data[0].id;
    await c.sim.clock.advance('30d');
    // The first day's events are gone; the uncaptured authorization's expiry on day 7 is not.
    const later = (await c.get('/v1/events')).body.data;
    expect(later.map((e: OnerwayEvent) => [e.type, e.request.id])).toEqual([
      ['payment_intent.canceled', null],
      ['charge.expired', null],
    ]);
    await rejects(c, () => c.get(`/v1/events/${id}`), 404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: `No such event: '${id}'`,
    });
  });

  it('webhook endpoint errors', async () => {
    const c = client();
    await rejects(c, () => c.post('/v1/webhook_endpoints', { url: 'ftp://x', enabled_events: ['*'] }), 400, {
      type: 'invalid_request_error',
      code: 'url_invalid',
      param: 'url',
      message: 'Invalid URL: ftp://x. The URL must be an http or https URL.',
    });
    await rejects(c, () => c.post('/v1/webhook_endpoints', { url: 'https://x.example', enabled_events: ['charge.nope'] }), 400, {
      type: 'invalid_request_error',
      param: 'enabled_events[0]',
      message: expect.stringMatching(/^Invalid enabled_events\[0\]: must be '\*' or one of account\.external_account\.created, /),
    });
    await rejects(c, () => c.post('/v1/webhook_endpoints', { url: 'https://x.example' }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'enabled_events',
      message: 'Missing required param: enabled_events.',
    });
  });
});

describe('verification helpers', () => {
  const payload = JSON.stringify({ id: 'evt_1', object: 'event' });
  const secret = 'whsec_test';
  const fail = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(WebhookSignatureError);
      return (e as Error).message;
    }
    throw new Error('did not throw');
  };

  it('generateTestHeader signs what constructEvent accepts', () => {
    expect(constructEvent(payload, generateTestHeader({ payload, secret }), secret)).toEqual({ id: 'evt_1', object: 'event' });
    expect(constructEvent(new TextEncoder().encode(payload), generateTestHeader({ payload, secret }), secret)).toMatchObject({ id: 'evt_1' });
  });

  it('fails with the messages stripe-node uses', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(fail(() => constructEvent('', 't=1,v1=x', secret))).toBe('No webhook payload was provided.');
    expect(fail(() => constructEvent(payload, undefined, secret))).toBe('No onerway-signature header value was provided.');
    expect(fail(() => constructEvent(payload, 'v1=abc', secret))).toBe('Unable to extract timestamp and signatures from header');
    expect(fail(() => constructEvent(payload, `t=${now}`, secret))).toBe('No signatures found with expected scheme');
    expect(fail(() => constructEvent(payload, generateTestHeader({ payload, secret: 'whsec_other' }), secret))).toMatch(/^No signatures found matching the expected signature for payload/);
    expect(fail(() => constructEvent(payload, generateTestHeader({ payload, secret, timestamp: now - 301 }), secret))).toBe('Timestamp outside the tolerance zone');
    expect(constructEvent(payload, generateTestHeader({ payload, secret, timestamp: now - 301 }), secret, 600)).toMatchObject({ id: 'evt_1' });
    expect(constructEvent(payload, generateTestHeader({ payload, secret, timestamp: now + 3600 }), secret)).toMatchObject({ id: 'evt_1' });
  });
});
