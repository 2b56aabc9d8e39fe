/**
 * Regression tests for the findings of the outside attack (issue #14): each hostile input gets
 * its exact answer, and a refused request leaves the simulator as it was.
 */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { installNock } from '../src/adapters/nock.js';
import { startServer } from '../src/adapters/server.js';
import { constructEvent, createSimulator, fault, generateTestHeader, WebhookSignatureError } from '../src/index.js';
import { internalsOf } from '../src/internal.js';
import { BASE, client, rejects, stateOf } from './helpers/sim.js';

const deepEmail = (depth: number) => `{"email":${'['.repeat(depth)}${']'.repeat(depth)}}`;
const DEEP_ERROR = {
  type: 'invalid_request_error',
  message: `Invalid string: ${'['.repeat(21)}…${']'.repeat(21)}`,
  param: 'email',
};

describe('1. deeply nested JSON is a 400 on every door', () => {
  afterEach(() => nock.enableNetConnect());

  it('fake fetch: 2,000,000 nested arrays', async () => {
    const c = client();
    await rejects(c, () => c.post('/v1/customers', deepEmail(2_000_000)), 400, DEEP_ERROR);
  });

  it('nock and the server give the same body', async () => {
    const { sim, stop } = installNock();
    const headers = { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' };
    const viaNock = await fetch(`${BASE}/v1/customers`, { method: 'POST', headers, body: deepEmail(5000) });
    stop();
    expect([viaNock.status, await viaNock.json()]).toEqual([400, { error: DEEP_ERROR }]);
    const server = await startServer(sim);
    const viaServer = await fetch(`${server.url}/v1/customers`, { method: 'POST', headers, body: deepEmail(5000) });
    await server.close();
    expect([viaServer.status, await viaServer.json()]).toEqual([400, { error: DEEP_ERROR }]);
    expect(sim.requests().map((r) => r.status)).toEqual([400, 400]);
  });
});

describe('2. the clock cannot be pushed past its end', () => {
  it('frozen_time and seconds past 9999-12-31 are 400s that change nothing; requests keep working', async () => {
    const c = client();
    await rejects(c, () => c.post('/v1/test_helpers/advance', { frozen_time: 8640000000001 }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      message: 'This value must be less than or equal to 253402300799.',
      param: 'frozen_time',
    });
    await rejects(c, () => c.post('/v1/test_helpers/advance', { seconds: 9007199254740991 }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      message: 'This value must be less than or equal to 253402300799.',
      param: 'seconds',
    });
    await rejects(c, () => c.post('/v1/test_helpers/advance', { seconds: 253402300799 }), 400, {
      type: 'invalid_request_error',
      message: 'onerway-sim: the simulated clock cannot go past 9999-12-31T23:59:59Z (frozen_time 253402300799); it is at 1735689600.',
      param: 'seconds',
    });
    expect((await c.post('/v1/customers', {})).status).toBe(200);
  });

  it('in process: a latency of 1e300, and a clock set past the end, are usage errors', async () => {
    const sim = createSimulator();
    expect(() => fault.latency(1e300)).toThrow(/a latency fault may take at most 366d/);
    expect(() => sim.faults.inject({ fault: { kind: 'latency', duration: 1e300 } })).toThrow(/at most 366d/);
    await expect(sim.clock.set(8.64e15 + 1)).rejects.toThrow(/between 1970 and 9999/);
    expect(() => createSimulator({ now: 1e300 })).toThrow(/between 1970 and 9999/);
    expect(sim.clock.now()).toBe(Date.UTC(2025, 0, 1));
  });
});

describe('3. a publishable key sees no more in an error than in an answer', () => {
  it("a declined confirm's error.payment_intent hides customer and metadata", async () => {
    const c = client();
    const customer = (await c.post('/v1/customers', {})).body.id as string;
    const pi = (await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd', customer, metadata: { order: '7' } })).body;
    const pk = { Authorization: `Bearer ${c.sim.publishableKey}` };
    const declined = await c.post(`/v1/payment_intents/${pi.id}/confirm`, { client_secret: pi.client_secret, payment_method: 'pm_card_visa_chargeDeclined' }, pk);
    expect(declined.status).toBe(402);
    expect(declined.body.error.payment_intent).not.toHaveProperty('customer');
    expect(declined.body.error.payment_intent).not.toHaveProperty('metadata');
    expect(declined.body.error.payment_intent).toMatchObject({ id: pi.id, status: 'requires_payment_method' });
    // The same PaymentIntent through the secret key still shows both.
    expect((await c.get(`/v1/payment_intents/${pi.id}`)).body).toMatchObject({ customer, metadata: { order: '7' } });
  });

  it('a wrong-state error hides them too', async () => {
    const c = client();
    const pi = (await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, metadata: { a: 'b' } })).body;
    const pk = { Authorization: `Bearer ${c.sim.publishableKey}` };
    const again = await c.post(`/v1/payment_intents/${pi.id}/confirm`, { client_secret: pi.client_secret }, pk);
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('payment_intent_unexpected_state');
    expect(again.body.error.payment_intent).not.toHaveProperty('metadata');
  });
});

describe('6. the request log is bounded and keeps no card data', () => {
  it('bodies past maxBodyBytes are cut and marked; entries past maxEntries are dropped oldest first', async () => {
    const c = client({ requestLog: { maxEntries: 3, maxBodyBytes: 10 } });
    for (let i = 0; i < 5; i++) await c.post('/v1/customers', { description: `customer number ${i}` });
    const log = c.sim.requests();
    expect(log).toHaveLength(3);
    expect(log.map((r) => [r.body, r.bodyTruncated])).toEqual([
      ['{"descript', true],
      ['{"descript', true],
      ['{"descript', true],
    ]);
  });

  it('entries older than 90 days go even when nobody reads the log', async () => {
    const c = client();
    await c.post('/v1/customers', {});
    await c.sim.clock.advance('91d');
    await c.get('/v1/balance');
    expect(c.sim.requests()).toHaveLength(1);
  });

  it('card numbers keep their last four and CVCs are masked, in JSON and in forms', async () => {
    const c = client();
    await c.post('/v1/payment_methods', { type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } });
    await c.request('POST', '/v1/payment_methods', 'type=card&card[number]=4000056655665556&card[exp_month]=1&card[exp_year]=2031&card[cvc]=999', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    const [json, form] = c.sim.requests().map((r) => r.body);
    expect(json).toBe('{"type":"card","card":{"number":"************4242","exp_month":12,"exp_year":2030,"cvc":"***"}}');
    expect(form).toBe('type=card&card[number]=************5556&card[exp_month]=1&card[exp_year]=2031&card[cvc]=***');
    expect(c.sim.requestsTo('POST', '/v1/payment_methods')[0]!.params).toMatchObject({ card: { number: '************4242', cvc: '***' } });
  });

  it('200 rejected 1 MB POSTs keep 64 KB each at most', async () => {
    const c = client();
    const big = JSON.stringify({ description: 'x'.repeat(1024 * 1024) });
    for (let i = 0; i < 200; i++) await c.post('/v1/customers', big);
    const kept = c.sim.requests().reduce((n, r) => n + r.body.length, 0);
    expect(kept).toBe(200 * 64 * 1024);
  });
});

describe('7. a bad Onerway-Sim-Fault header is a 400 on every door', () => {
  afterEach(() => nock.enableNetConnect());
  const bad = ['{"kind":"latency","duration":-5}', '{"kind":"latency","duration":"soon"}', '{"kind":"latency","duration":{}}', '{"kind":"latency","duration":[]}', '{"kind":"latency","duration":null}', '{"kind":"latency","duration":1e300}', '[]', 'null', '{"kind":"decline","declineCode":5}'];

  it.each(bad)('%s', async (header) => {
    const c = client();
    const reply = await rejects(c, () => c.get('/v1/balance', { 'Onerway-Sim-Fault': header }), 400, expect.objectContaining({ type: 'invalid_request_error' }) as object);
    expect(reply.body.error.message).toMatch(/^onerway-sim: cannot read the Onerway-Sim-Fault header/);
    const { sim, stop } = installNock({}, {});
    const viaNock = await fetch(`${BASE}/v1/balance`, { headers: { Authorization: `Bearer ${sim.secretKey}`, 'Onerway-Sim-Fault': header } });
    stop();
    expect(viaNock.status).toBe(400);
    const server = await startServer(sim);
    const viaServer = await fetch(`${server.url}/v1/balance`, { headers: { Authorization: `Bearer ${sim.secretKey}`, 'Onerway-Sim-Fault': header } });
    await server.close();
    expect(viaServer.status).toBe(400);
  });
});

describe('8. the fake fetch refuses what the real fetch refuses, before anything runs', () => {
  it.each([
    ['a snowman', 'key\u2603', 'Cannot convert argument to a ByteString because the character at index 3 has a value of 9731 which is greater than 255.'],
    ['a newline', 'a\nb', 'Headers.append: "a\nb" is an invalid header value.'],
    ['a NUL', 'a\u0000b', 'Headers.append: "a\u0000b" is an invalid header value.'],
  ])('an Idempotency-Key with %s', async (_, key, message) => {
    const sim = createSimulator();
    const before = stateOf(sim);
    const sent = sim.fetch(`${BASE}/v1/customers`, { method: 'POST', headers: { Authorization: `Bearer ${sim.secretKey}`, 'Idempotency-Key': key } });
    await expect(sent).rejects.toThrow(new TypeError(message));
    expect(stateOf(sim)).toBe(before);
    expect(sim.requests()).toEqual([]);
  });
});

describe('9. rate limits count keys, not header spellings', () => {
  it('extra spaces and Basic with any password share one bucket', async () => {
    const c = client({ rateLimits: { mode: 'enforce', test: { rate: 3, burst: 3 } } });
    const key = c.sim.secretKey;
    const spellings = [`Bearer ${key}`, `Bearer    ${key}  `, `Basic ${btoa(`${key}:`)}`, `Basic ${btoa(`${key}:other`)}`];
    const statuses = [];
    for (const Authorization of spellings) statuses.push((await c.get('/v1/balance', { Authorization })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('buckets of keys that are full again are dropped once there are many', async () => {
    const sim = createSimulator();
    for (let i = 0; i < 3000; i++) {
      await sim.fetch(`${BASE}/v1/balance`, { headers: { Authorization: `Bearer sk_test_${String(i).padStart(8, '0')}` } });
      if (i % 100 === 99) await sim.clock.advance('2s');
    }
    expect(internalsOf(sim).engine.rateLimiter.size).toBeLessThan(2100);
  });

  it('a key longer than any real one is refused', async () => {
    const c = client();
    await rejects(c, () => c.get('/v1/balance', { Authorization: `Bearer sk_test_${'a'.repeat(8000)}` }), 401, {
      type: 'invalid_request_error',
      message: `Invalid API Key provided: sk_test_${'*'.repeat(188)}aaaa`,
    });
  });
});

describe('11. webhook verification edges are WebhookSignatureErrors', () => {
  const secret = 'whsec_test';
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(WebhookSignatureError);
      return (e as Error).message;
    }
    return 'no error';
  };

  it('a signed payload that is not JSON', () => {
    const payload = 'not json';
    expect(message(() => constructEvent(payload, generateTestHeader({ payload, secret }), secret))).toMatch(/^The payload is signed correctly but is not a JSON event: /);
  });

  it('a secret that is empty or not a string', () => {
    const payload = '{}';
    const header = generateTestHeader({ payload, secret });
    expect(message(() => constructEvent(payload, header, ''))).toBe("The webhook signing secret must be a non-empty string (the endpoint's whsec_… secret); got an empty string.");
    expect(message(() => constructEvent(payload, header, undefined as unknown as string))).toBe(
      "The webhook signing secret must be a non-empty string (the endpoint's whsec_… secret); got undefined.",
    );
  });

  it('a tolerance of 0 skips the age check, as in stripe-node; the default is 300 s', () => {
    const payload = '{"id":"evt_1"}';
    const old = generateTestHeader({ payload, secret, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(constructEvent(payload, old, secret, 0)).toEqual({ id: 'evt_1' });
    expect(message(() => constructEvent(payload, old, secret))).toBe('Timestamp outside the tolerance zone');
  });
});

describe('12. inputs the live API refuses', () => {
  it('an Authorization header without a scheme names no key', async () => {
    const c = client();
    const key = c.sim.secretKey;
    await rejects(c, () => c.get('/v1/balance', { Authorization: key }), 401, {
      type: 'invalid_request_error',
      message: `You did not provide an API key, though you did set your Authorization header to "sk_test_${'*'.repeat(20)}${key.slice(-4)}". Using Bearer auth, your Authorization header should look something like 'Authorization: Bearer YOUR_SECRET_KEY'.`,
    });
    await rejects(c, () => c.get('/v1/balance', { Authorization: 'Bearer' }), 401, {
      type: 'invalid_request_error',
      message: `You did not provide an API key, though you did set your Authorization header to "Bearer". Using Bearer auth, your Authorization header should look something like 'Authorization: Bearer YOUR_SECRET_KEY'.`,
    });
  });

  it('an empty Idempotency-Key', async () => {
    const c = client();
    await rejects(c, () => c.post('/v1/customers', {}, { 'Idempotency-Key': '' }), 400, {
      type: 'invalid_request_error',
      message: 'Invalid Idempotency-Key: the key is empty. Send a unique key of up to 255 characters (a V4 UUID), or leave the header out.',
      param: 'idempotency_key',
    });
  });

  it('lengths count characters: 256 emoji fit a 256-character name, 257 do not; 500 fit a metadata value', async () => {
    const c = client();
    const ok = await c.post('/v1/customers', { name: '😀'.repeat(256) });
    expect([ok.status, [...ok.body.name].length]).toEqual([200, 256]);
    await rejects(c, () => c.post('/v1/customers', { name: '😀'.repeat(257) }), 400, {
      type: 'invalid_request_error',
      message: 'Invalid name: must be at most 256 characters long (got 257).',
      param: 'name',
    });
    const tagged = await c.post('/v1/customers', { metadata: { note: '🔑'.repeat(500) } });
    expect(tagged.status).toBe(200);
  });
});

describe('13. no one-second window admits more than the burst', () => {
  it('live mode: a full bucket plus its refill still admits 1,000 in any second', async () => {
    const c = client({ rateLimits: { mode: 'enforce' } });
    const live = { Authorization: `Bearer ${c.sim.liveSecretKey}` };
    let admitted = 0;
    for (let i = 0; i < 1900; i++) {
      if ((await c.get('/v1/balance', live)).status === 200) admitted++;
      if (i % 100 === 99) await c.sim.clock.advance(47); // 1,900 requests spread over 0.9 s
    }
    expect(admitted).toBe(1000);
  });
});
