/**
 * Every error class of the foundation: the exact status and body, and proof that the rejected
 * request changed nothing (objects, ids to come, clock).
 */
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';
import { BASE, client, rejects, stateOf, type Client } from './helpers/sim.js';
import { internalsOf } from '../src/internal.js';

async function seeded(): Promise<Client> {
  const c = client();
  await c.post('/v1/customers', { email: 'seed@example.com' });
  return c;
}

describe('authentication', () => {
  it('missing key: 401 with the Bearer hint and WWW-Authenticate', async () => {
    const c = await seeded();
    const reply = await rejects(c, () => c.get('/v1/customers', { Authorization: '' }), 401, {
      type: 'invalid_request_error',
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    });
    expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="Onerway"');
  });

  it('malformed key: 401 with the key masked', async () => {
    const c = await seeded();
    await rejects(c, () => c.get('/v1/customers', { Authorization: 'Bearer sk_test_abc-def-123456' }), 401, {
      type: 'invalid_request_error',
      message: 'Invalid API Key provided: sk_test_**********3456',
    });
    await rejects(c, () => c.get('/v1/customers', { Authorization: 'Bearer hello' }), 401, {
      type: 'invalid_request_error',
      message: 'Invalid API Key provided: *ello',
    });
  });

  it("unknown key: 401 when the account accepts only its own keys", async () => {
    const c = client({ keys: 'own' });
    await c.post('/v1/customers', {});
    await rejects(c, () => c.get('/v1/customers', { Authorization: 'Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc' }), 401, {
      type: 'invalid_request_error',
      message: 'Invalid API Key provided: sk_test_********************p7dc',
    });
    expect((await c.get('/v1/customers')).status).toBe(200);
  });

  it("a restricted key is refused once restore() goes back to before it was issued", async () => {
    const c = client({ keys: 'own' });
    const before = c.sim.snapshot();
    const key = c.sim.restrictedKey({ customers: 'write' });
    expect((await c.post('/v1/customers', {}, { Authorization: `Bearer ${key}` })).status).toBe(200);
    c.sim.restore(before);
    await rejects(c, () => c.post('/v1/customers', {}, { Authorization: `Bearer ${key}` }), 401, {
      type: 'invalid_request_error',
      message: `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`,
    });
  });

  it('any well-formed test key is the default account by default, and HTTP Basic works', async () => {
    const c = await seeded();
    const viaHardCoded = await c.get('/v1/customers', { Authorization: 'Bearer sk_test_123' });
    expect(viaHardCoded.body.data).toHaveLength(1);
    const basic = `Basic ${btoa(`${c.sim.secretKey}:`)}`;
    expect((await c.get('/v1/customers', { Authorization: basic })).body.data).toHaveLength(1);
  });

  it('publishable key on a secret endpoint: 403', async () => {
    const c = await seeded();
    await rejects(c, () => c.get('/v1/customers', { Authorization: `Bearer ${c.sim.publishableKey}` }), 403, {
      type: 'invalid_request_error',
      code: 'secret_key_required',
      message: 'This API call cannot be made with a publishable API key. Please use a secret API key.',
    });
  });

  it('publishable key may create a PaymentMethod', async () => {
    const c = await seeded();
    const reply = await c.post(
      '/v1/payment_methods',
      { type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030 } },
      { Authorization: `Bearer ${c.sim.publishableKey}` },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.object).toBe('payment_method');
  });
});

describe('modes', () => {
  it('live keys address a separate data set, and cross-mode ids say so', async () => {
    const c = await seeded();
    const live = { Authorization: `Bearer ${c.sim.liveSecretKey}` };
    const created = await c.post('/v1/customers', { email: 'live@example.com' }, live);
    expect(created.body.livemode).toBe(true);
    expect((await c.get('/v1/customers', live)).body.data.map((x: { id: string }) => x.id)).toEqual([created.body.id]);
    await rejects(c, () => c.get(`/v1/customers/${created.body.id}`), 404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: `No such customer: '${created.body.id}'; a similar object exists in live mode, but a test mode key was used to make this request.`,
    });
  });

  it('test cards are refused in live mode', async () => {
    const c = await seeded();
    const live = { Authorization: `Bearer ${c.sim.liveSecretKey}` };
    await rejects(
      c,
      () => c.post('/v1/payment_methods', { type: 'card', card: { number: '4242424242424242', exp_month: 1, exp_year: 2030 } }, live),
      402,
      {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'live_mode_test_card',
        message: 'Your card was declined. Your request was in live mode, but used a known test card.',
      },
    );
  });
});

describe('request shape', () => {
  it('unknown version: 400', async () => {
    const c = await seeded();
    const reply = await rejects(c, () => c.get('/v1/customers', { 'Onerway-Version': '2020-01-01' }), 400, {
      type: 'invalid_request_error',
      message: 'Invalid Onerway API version: 2020-01-01',
    });
    expect(reply.headers.get('onerway-version')).toBe('2024-11-01');
  });

  it('a known version is echoed', async () => {
    const c = await seeded();
    const reply = await c.get('/v1/customers', { 'Onerway-Version': '2024-06-01' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('onerway-version')).toBe('2024-06-01');
  });

  it('unknown path and unknown method: 404 Unrecognized request URL', async () => {
    const c = await seeded();
    await rejects(c, () => c.get('/v1/foo'), 404, {
      type: 'invalid_request_error',
      message: 'Unrecognized request URL (GET: /v1/foo).',
    });
    await rejects(c, () => c.request('PATCH', '/v1/customers'), 404, {
      type: 'invalid_request_error',
      message: 'Unrecognized request URL (PATCH: /v1/customers).',
    });
    await rejects(c, () => c.post('/v1/customers/'), 404, {
      type: 'invalid_request_error',
      message:
        'Unrecognized request URL (POST: /v1/customers/). If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code.',
    });
  });

  it('unknown parameters: 400 parameter_unknown, nested ones in bracket notation', async () => {
    const c = await seeded();
    await rejects(c, () => c.post('/v1/customers', { nope: 1 }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'nope',
      message: 'Received unknown parameter: nope',
    });
    await rejects(c, () => c.post('/v1/customers', { invoice_settings: { nope: 'x' }, zzz: 1 }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'zzz',
      message: 'Received unknown parameter: zzz',
    });
    await rejects(c, () => c.post('/v1/customers', { address: { planet: 'Mars' } }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'address[planet]',
      message: 'Received unknown parameter: address[planet]',
    });
    await rejects(c, () => c.get('/v1/customers?a=1&b=2'), 400, {
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'a',
      message: 'Received unknown parameters: a, b',
    });
  });

  it('wrong types: integers, booleans-as-hash, enums, hashes, arrays, emails', async () => {
    const c = await seeded();
    await rejects(c, () => c.post('/v1/customers', { balance: 'abc' }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      param: 'balance',
      message: 'Invalid integer: abc',
    });
    await rejects(c, () => c.post('/v1/customers', { balance: 1.5 }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      param: 'balance',
      message: 'Invalid integer: 1.5',
    });
    await rejects(c, () => c.post('/v1/customers', { tax_exempt: 'sometimes' }), 400, {
      type: 'invalid_request_error',
      param: 'tax_exempt',
      message: 'Invalid tax_exempt: must be one of none, reverse, or exempt',
    });
    await rejects(c, () => c.post('/v1/customers', { address: 'Main St' }), 400, {
      type: 'invalid_request_error',
      param: 'address',
      message: 'Invalid hash',
    });
    await rejects(c, () => c.post('/v1/customers', { preferred_locales: 'en' }), 400, {
      type: 'invalid_request_error',
      param: 'preferred_locales',
      message: 'Invalid array',
    });
    await rejects(c, () => c.post('/v1/customers', { name: { first: 'J' } }), 400, {
      type: 'invalid_request_error',
      param: 'name',
      message: 'Invalid string: {"first":"J"}',
    });
    await rejects(c, () => c.post('/v1/customers', { email: 'not-an-email' }), 400, {
      type: 'invalid_request_error',
      code: 'email_invalid',
      param: 'email',
      message: 'Invalid email address: not-an-email',
    });
    await rejects(c, () => c.post('/v1/payment_methods', { card: { number: '4242424242424242' } }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'type',
      message: 'Missing required param: type.',
    });
    await rejects(c, () => c.post('/v1/payment_methods', { type: 'card', card: { number: '4242424242424242', exp_month: 1 } }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'card[exp_year]',
      message: 'Missing required param: card[exp_year].',
    });
  });

  it('metadata limits', async () => {
    const c = await seeded();
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await rejects(c, () => c.post('/v1/customers', { metadata: tooMany }), 400, {
      type: 'invalid_request_error',
      param: 'metadata',
      message: 'Invalid metadata: metadata can have at most 50 keys.',
    });
    await rejects(c, () => c.post('/v1/customers', { metadata: { ['k'.repeat(41)]: 'v' } }), 400, {
      type: 'invalid_request_error',
      param: `metadata[${'k'.repeat(41)}]`,
      message: `Metadata keys can have up to 40 characters; '${'k'.repeat(41)}' has 41.`,
    });
    await rejects(c, () => c.post('/v1/customers', { metadata: { k: 'v'.repeat(501) } }), 400, {
      type: 'invalid_request_error',
      param: 'metadata[k]',
      message: "Metadata values can have up to 500 characters; the value of 'k' has 501.",
    });
  });

  it('malformed JSON and a body that is not an object: 400', async () => {
    const c = await seeded();
    await rejects(c, () => c.post('/v1/customers', '{"email": '), 400, {
      type: 'invalid_request_error',
      message: expect.stringMatching(/^Invalid request: the body is not valid JSON \(.+\)\.$/),
    });
    await rejects(c, () => c.post('/v1/customers', '[1,2]'), 400, {
      type: 'invalid_request_error',
      message: 'Invalid request: a JSON body must be an object, e.g. {"amount": 2000, "currency": "usd"}.',
    });
  });

  it('unsupported content type: 400 naming it', async () => {
    const c = await seeded();
    await rejects(c, () => c.post('/v1/customers', 'email=a@b.co', { 'Content-Type': 'text/plain' }), 400, {
      type: 'invalid_request_error',
      message: 'Invalid request: unsupported Content-Type text/plain. Send application/json or application/x-www-form-urlencoded.',
    });
    // A string body without a Content-Type is text/plain, as the real fetch would send it.
    const before = stateOf(c.sim);
    const res = await c.sim.fetch(`${BASE}/v1/customers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${c.sim.secretKey}` },
      body: '{"email":"a@b.co"}',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe(
      'Invalid request: unsupported Content-Type text/plain;charset=UTF-8. Send application/json or application/x-www-form-urlencoded.',
    );
    expect(stateOf(c.sim)).toBe(before);
  });

  it('413 for a body over 16 MB and 414 for a URL over 8 KB', async () => {
    const c = await seeded();
    const big = JSON.stringify({ description: 'x'.repeat(16 * 1024 * 1024) });
    await rejects(c, () => c.post('/v1/customers', big), 413, {
      type: 'invalid_request_error',
      message: 'Request payload too large: Onerway accepts bodies of at most 16 MB (16777216 bytes).',
    });
    const longUrl = `/v1/customers?email=${'a'.repeat(8200)}`;
    await rejects(c, () => c.get(longUrl), 414, {
      type: 'invalid_request_error',
      message: `Request URL too long: Onerway accepts URLs of at most 8 KB (8192 bytes); this one is ${BASE.length + longUrl.length} bytes. Send large parameters in a POST body.`,
    });
  });
});

describe('resources', () => {
  it('unknown ids: 404 in the path, 400 as a parameter', async () => {
    const c = await seeded();
    await rejects(c, () => c.get('/v1/customers/cus_nope'), 404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: "No such customer: 'cus_nope'",
    });
    await rejects(c, () => c.get('/v1/payment_methods/pm_nope'), 404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'payment_method',
      message: "No such PaymentMethod: 'pm_nope'",
    });
    await rejects(c, () => c.post('/v1/payment_methods/pm_card_visa/attach', { customer: 'cus_nope' }), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'customer',
      message: "No such customer: 'cus_nope'",
    });
    await rejects(c, () => c.post('/v1/customers', { payment_method: 'pm_nope' }), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'payment_method',
      message: "No such PaymentMethod: 'pm_nope'",
    });
    await rejects(c, () => c.get('/v1/payment_methods?customer=cus_nope'), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'customer',
      message: "No such customer: 'cus_nope'",
    });
  });

  it('bad cursors and limits', async () => {
    const c = await seeded();
    await rejects(c, () => c.get('/v1/customers?starting_after=cus_nope'), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'starting_after',
      message: "No such customer: 'cus_nope'",
    });
    await rejects(c, () => c.get('/v1/customers?ending_before=cus_nope'), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'ending_before',
      message: "No such customer: 'cus_nope'",
    });
    const id = (await c.get('/v1/customers')).body.data[0].id;
    await rejects(c, () => c.get(`/v1/customers?starting_after=${id}&ending_before=${id}`), 400, {
      type: 'invalid_request_error',
      message: 'Received both starting_after and ending_before parameters. Please pass in only one.',
    });
    await rejects(c, () => c.get('/v1/customers?limit=0'), 400, {
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      param: 'limit',
      message: 'This value must be greater than or equal to 1.',
    });
    await rejects(c, () => c.get('/v1/customers?limit=101'), 400, {
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      param: 'limit',
      message: 'This value must be less than or equal to 100.',
    });
    await rejects(c, () => c.get('/v1/customers?created[gt]=soon'), 400, {
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      param: 'created[gt]',
      message: 'Invalid integer: soon',
    });
  });

  it('expand of a field that does not expand: 400', async () => {
    const c = await seeded();
    await rejects(c, () => c.get('/v1/customers?expand[]=customer'), 400, {
      type: 'invalid_request_error',
      message: "This property cannot be expanded (customer).",
    });
    const pm = await c.post('/v1/payment_methods', { type: 'card', card: { token: 'tok_visa' } });
    const customerId = (await c.get('/v1/customers')).body.data[0].id;
    await c.post(`/v1/payment_methods/${pm.body.id}/attach`, { customer: customerId });
    await rejects(c, () => c.get(`/v1/customers/${customerId}/payment_methods?expand[]=customer`), 400, {
      type: 'invalid_request_error',
      message: "This property cannot be expanded (customer). You may want to try expanding 'data.customer' instead.",
    });
  });

  it('object limits: customers per account and payment methods per customer', async () => {
    const c = client({ limits: { customersPerAccount: 2, paymentMethodsPerCustomer: 1 } });
    const first = await c.post('/v1/customers', {});
    await c.post('/v1/customers', {});
    await rejects(c, () => c.post('/v1/customers', {}), 400, {
      type: 'invalid_request_error',
      code: 'resource_limit_exceeded',
      message:
        'This account has reached its limit of 2 customers (Onerway allows at most 2 per account). Delete customers you no longer need.',
    });
    await c.post(`/v1/payment_methods/pm_card_visa/attach`, { customer: first.body.id });
    await rejects(c, () => c.post(`/v1/payment_methods/pm_card_mastercard/attach`, { customer: first.body.id }), 400, {
      type: 'invalid_request_error',
      code: 'resource_limit_exceeded',
      param: 'customer',
      message:
        'This customer has reached its limit of 1 payment methods (Onerway allows at most 1 per customer). Detach payment methods the customer no longer uses.',
    });
    // Deleting frees the slot.
    await c.del(`/v1/customers/${first.body.id}`);
    expect((await c.post('/v1/customers', {})).status).toBe(200);
  });

  it('attach-time declines and invalid card data: 402 card_error', async () => {
    const c = await seeded();
    const customerId = (await c.get('/v1/customers')).body.data[0].id;
    await rejects(c, () => c.post('/v1/payment_methods/pm_card_chargeDeclinedIncorrectCvc/attach', { customer: customerId }), 402, {
      type: 'card_error',
      code: 'incorrect_cvc',
      decline_code: 'incorrect_cvc',
      param: 'cvc',
      message: "Your card's security code is incorrect.",
    });
    const card = (over: object) => ({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123', ...over } });
    await rejects(c, () => c.post('/v1/payment_methods', card({ number: '4242424242424241' })), 402, {
      type: 'card_error',
      code: 'incorrect_number',
      param: 'card[number]',
      message: 'Your card number is incorrect.',
    });
    await rejects(c, () => c.post('/v1/payment_methods', card({ exp_month: 13 })), 402, {
      type: 'card_error',
      code: 'invalid_expiry_month',
      param: 'card[exp_month]',
      message: "Your card's expiration month is invalid.",
    });
    await rejects(c, () => c.post('/v1/payment_methods', card({ exp_year: 2020 })), 402, {
      type: 'card_error',
      code: 'invalid_expiry_year',
      param: 'card[exp_year]',
      message: "Your card's expiration year is invalid.",
    });
    await rejects(c, () => c.post('/v1/payment_methods', card({ cvc: '12' })), 402, {
      type: 'card_error',
      code: 'invalid_cvc',
      param: 'card[cvc]',
      message: "Your card's security code is invalid.",
    });
  });

  it('attach rules: another customer, detached, and detach when not attached', async () => {
    const c = await seeded();
    const a = (await c.post('/v1/customers', {})).body.id;
    const b = (await c.post('/v1/customers', {})).body.id;
    const pm = (await c.post('/v1/payment_methods/pm_card_visa/attach', { customer: a })).body.id;
    expect((await c.post(`/v1/payment_methods/${pm}/attach`, { customer: a })).status).toBe(200);
    await rejects(c, () => c.post(`/v1/payment_methods/${pm}/attach`, { customer: b }), 400, {
      type: 'invalid_request_error',
      message: 'The payment method you provided has already been attached to a customer.',
    });
    await c.post(`/v1/payment_methods/${pm}/detach`);
    await rejects(c, () => c.post(`/v1/payment_methods/${pm}/detach`), 400, {
      type: 'invalid_request_error',
      message: 'The payment method you provided is not attached to a customer so detachment is impossible.',
    });
    await rejects(c, () => c.post(`/v1/payment_methods/${pm}/attach`, { customer: a }), 400, {
      type: 'invalid_request_error',
      message:
        'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.',
    });
    await rejects(c, () => c.post(`/v1/payment_methods/${pm}`, { metadata: { a: 'b' } }), 400, {
      type: 'invalid_request_error',
      message: 'You must save this PaymentMethod to a customer before you can update it.',
    });
    await rejects(c, () => c.post('/v1/payment_methods', { type: 'card', customer: a, card: { token: 'tok_visa' } }), 400, {
      type: 'invalid_request_error',
      param: 'customer',
      message:
        'You cannot attach a PaymentMethod to a Customer during PaymentMethod creation. Please instead create the PaymentMethod and then attach it using the attachment method of the PaymentMethods API.',
    });
  });

  it('a deleted customer: GET answers the stub, everything else says it is missing', async () => {
    const c = await seeded();
    const id = (await c.post('/v1/customers', {})).body.id;
    await c.del(`/v1/customers/${id}`);
    expect((await c.get(`/v1/customers/${id}`)).body).toEqual({ id, object: 'customer', deleted: true });
    const missing = { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such customer: '${id}'` };
    await rejects(c, () => c.del(`/v1/customers/${id}`), 404, missing);
    await rejects(c, () => c.post(`/v1/customers/${id}`, { name: 'x' }), 404, missing);
    await rejects(c, () => c.post('/v1/payment_methods/pm_card_visa/attach', { customer: id }), 400, { ...missing, param: 'customer' });
  });
});

it('a bug inside the simulator is a 500 that names the simulator, never a rejection', async () => {
  const sim = createSimulator();
  const engine = internalsOf(sim).engine;
  // Break the engine on purpose: its clock throws on read.
  Object.defineProperty(engine.clock, 'nowSeconds', {
    get() {
      throw new Error('boom');
    },
  });
  const res = await sim.fetch(`${BASE}/v1/customers`, { method: 'POST', headers: { Authorization: `Bearer ${sim.secretKey}` } });
  expect(res.status).toBe(500);
  expect(await res.json()).toEqual({
    error: {
      type: 'api_error',
      message:
        'onerway-sim internal error: boom. This is a bug in the simulator, not an Onerway error; please report it with the request that caused it.',
    },
  });
});

describe('expand is checked before anything is written', () => {
  it('a bad path on a request that would write refuses the request whole', async () => {
    const c = await seeded();
    await rejects(c, () => c.post('/v1/customers?expand[]=nope', { email: 'x@example.com' }), 400, {
      type: 'invalid_request_error',
      message: 'This property cannot be expanded (nope).',
    });
    await rejects(c, () => c.get('/v1/payment_methods/pm_card_visa?expand[]=%20'), 400, {
      type: 'invalid_request_error',
      message: 'This property cannot be expanded ( ).',
    });
    await rejects(c, () => c.post('/v1/payment_intents?expand[]=latest_charge.nope', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }), 400, {
      type: 'invalid_request_error',
      message: 'This property cannot be expanded (latest_charge.nope).',
    });
  });

  it('deep paths through declared targets expand', async () => {
    const c = client();
    const pi = await c.post('/v1/payment_intents?expand[]=latest_charge.balance_transaction.source', {
      amount: 2000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(pi.body.latest_charge.balance_transaction.source.id).toBe(pi.body.latest_charge.id);
  });
});
