/**
 * Properties of the wire: determinism, JSON and form equivalence, and robustness against any
 * request a client can send.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE, client, stateOf, type Client } from '../helpers/sim.js';
import { toForm } from '../helpers/form.js';
import { customerBody, operation, type Operation } from './arbitraries.js';

/** Runs operations and returns every response as status, request id and exact body text. */
async function run(c: Client, ops: readonly Operation[]): Promise<string[]> {
  const customers: string[] = [];
  const pms: string[] = [];
  const pick = (ids: string[], i: number) => ids[i % ids.length] ?? 'cus_none';
  const out: string[] = [];
  for (const op of ops) {
    let reply;
    switch (op.kind) {
      case 'createCustomer':
        reply = await c.post('/v1/customers', op.body);
        if (reply.status === 200) customers.push(reply.body.id);
        break;
      case 'updateCustomer':
        reply = await c.post(`/v1/customers/${pick(customers, op.target)}`, op.body);
        break;
      case 'deleteCustomer':
        reply = await c.del(`/v1/customers/${pick(customers, op.target)}`);
        break;
      case 'attach':
        reply = await c.post(`/v1/payment_methods/${op.card}/attach`, { customer: pick(customers, op.target) });
        if (reply.status === 200) pms.push(reply.body.id);
        break;
      case 'detach':
        reply = await c.post(`/v1/payment_methods/${pick(pms, op.target)}/detach`);
        break;
      case 'list':
        reply = await c.get(`/v1/customers?limit=${op.limit}${op.expand ? '&expand[]=data.invoice_settings.default_payment_method' : ''}`);
        break;
      case 'retrieve':
        reply = await c.get(op.bogus ? `/v1/customers/cus_${op.target}` : `/v1/customers/${pick(customers, op.target)}`);
        break;
      case 'advance':
        await c.sim.clock.advance(op.seconds * 1000);
        continue;
    }
    out.push(`${reply.status} ${reply.headers.get('request-id')} ${reply.text}`);
  }
  return out;
}

describe('determinism', () => {
  it('the same seed and the same requests give byte-identical responses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 30 }), fc.string(), async (ops, seed) => {
        const a = await run(client({ seed }), ops);
        const b = await run(client({ seed }), ops);
        expect(a).toEqual(b);
      }),
      { numRuns: 60 },
    );
  });

  it('different seeds give different ids', async () => {
    const a = (await client({ seed: 1 }).post('/v1/customers', {})).body.id;
    const b = (await client({ seed: 2 }).post('/v1/customers', {})).body.id;
    expect(a).not.toBe(b);
  });

  it('reset() returns to the state createSimulator gave', async () => {
    const c = client();
    const first = await c.post('/v1/customers', { email: 'a@example.com' });
    await c.sim.clock.advance('2d');
    c.sim.reset();
    expect((await c.get('/v1/customers')).body.data).toEqual([]);
    const again = await c.post('/v1/customers', { email: 'a@example.com' });
    expect(again.text).toBe(first.text);
  });
});

describe('JSON and form bodies', () => {
  it('a request sent as JSON and as a form gives the same result', async () => {
    await fc.assert(
      fc.asyncProperty(customerBody, customerBody, async (create, update) => {
        const viaJson = client({ seed: 'same' });
        const viaForm = client({ seed: 'same' });
        const form = (body: Record<string, unknown>) => [toForm(body), { 'Content-Type': 'application/x-www-form-urlencoded' }] as const;
        const j1 = await viaJson.post('/v1/customers', create);
        const f1 = await viaForm.request('POST', '/v1/customers', ...form(create));
        expect(f1.text).toBe(j1.text);
        const j2 = await viaJson.post(`/v1/customers/${j1.body.id}`, update);
        const f2 = await viaForm.request('POST', `/v1/customers/${f1.body.id}`, ...form(update));
        expect(f2.text).toBe(j2.text);
        expect(j1.status).toBe(200);
      }),
      { numRuns: 100 },
    );
  });
});

// {CUS}, {PM}, {PI} and {CH} stand for the ids of the seeded customer, card, PaymentIntent and charge.
const routeArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      ['GET', '/v1/customers'],
      ['POST', '/v1/customers'],
      ['GET', '/v1/customers/{CUS}'],
      ['POST', '/v1/customers/{CUS}'],
      ['PUT', '/v1/customers/{CUS}'],
      ['DELETE', '/v1/customers/{CUS}'],
      ['GET', '/v1/payment_methods'],
      ['POST', '/v1/payment_methods'],
      ['GET', '/v1/payment_methods/{PM}'],
      ['POST', '/v1/payment_methods/{PM}'],
      ['GET', '/v1/payment_methods/pm_card_visa'],
      ['POST', '/v1/payment_methods/pm_card_visa/attach'],
      ['POST', '/v1/payment_methods/{PM}/attach'],
      ['POST', '/v1/payment_methods/{PM}/detach'],
      ['GET', '/v1/customers/{CUS}/payment_methods'],
      ['GET', '/v1/customers/{CUS}/payment_methods/{PM}'],
      ['POST', '/v1/payment_intents'],
      ['GET', '/v1/payment_intents'],
      ['GET', '/v1/payment_intents/{PI}'],
      ['POST', '/v1/payment_intents/{PI}'],
      ['POST', '/v1/payment_intents/{PI}/confirm'],
      ['POST', '/v1/payment_intents/{PI}/capture'],
      ['POST', '/v1/payment_intents/{PI}/cancel'],
      ['POST', '/v1/test_helpers/payment_intents/{PI}/authenticate'],
      ['GET', '/v1/charges'],
      ['GET', '/v1/charges/{CH}'],
      ['POST', '/v1/refunds'],
      ['GET', '/v1/refunds'],
      ['GET', '/v1/balance'],
      ['GET', '/v1/balance_transactions'],
    ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(
      fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD'),
      fc.oneof(
        fc.constantFrom('/v1/customers/', '/v1/customers/cus_x', '/v1/payment_methods/{PM}', '/v1', '/'),
        fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }).map((segs) => `/v1/${segs.map(encodeURIComponent).join('/')}`),
      ),
    ),
  },
);

const queryKey = fc.oneof(
  fc.constantFrom('limit', 'starting_after', 'ending_before', 'email', 'created', 'customer', 'type', 'expand'),
  fc.string({ maxLength: 6 }),
);
const querySuffix = fc.constantFrom('', '[]', '[0]', '[gt]', '[a][b]', '[', ']', '[[x]]', '[][x]');
const randomQuery = fc
  .array(fc.tuple(queryKey, querySuffix, fc.string({ maxLength: 8 })), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, s, v]) => `${encodeURIComponent(k)}${s}=${encodeURIComponent(v)}`).join('&'));
const queryArb = fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 2, arbitrary: randomQuery });

const jsonish = fc.jsonValue({ maxDepth: 3 });
const bodyArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      '{}',
      `{"customer":"{CUS}"}`,
      '{"email":"a@b.co"}',
      'customer={CUS}',
      '{"amount":2000,"currency":"usd","payment_method":"{PM}","customer":"{CUS}","confirm":true}',
      '{"amount":2000,"currency":"usd","payment_method":"pm_card_visa","capture_method":"manual"}',
      '{"payment_intent":"{PI}","amount":100}',
      '{"charge":"{CH}"}',
      '{"amount_to_capture":500}',
      '{"payment_method":"pm_card_threeDSecure2Required"}',
      '{"payment_method":"pm_card_visa_chargeDeclined"}',
    ),
  },
  customerBody.map((b) => JSON.stringify(b)),
  fc.string({ maxLength: 30 }),
  jsonish.map((v) => JSON.stringify(v)),
  fc.dictionary(queryKey, jsonish, { maxKeys: 5 }).map((v) => JSON.stringify(v)),
  fc.dictionary(queryKey, jsonish, { maxKeys: 5 }).map((v) => toForm(v as Record<string, unknown>)),
  queryArb,
);

describe('robustness', () => {
  it('arbitrary requests never produce a 500 and never change state when rejected', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        routeArb,
        queryArb,
        bodyArb,
        fc.oneof(
          { weight: 5, arbitrary: fc.constant('application/json') },
          { weight: 2, arbitrary: fc.constantFrom(undefined, 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=utf-8') },
        ),
        fc.oneof(
          { weight: 8, arbitrary: fc.constant('secret') },
          { weight: 2, arbitrary: fc.constantFrom(undefined, 'publishable', 'live', 'Bearer nope', 'Basic !!!', 'sk_test_raw') },
        ),
        fc.constantFrom(undefined, '2024-06-01', '2024-11-01', 'yesterday'),
        async ([method, path], query, body, contentType, auth, version) => {
          // A fresh seeded simulator per run: one run's DELETE must not starve the others.
          const c = client();
          const customer = (await c.post('/v1/customers', { email: 'seed@example.com' })).body.id;
          const pm = (await c.post('/v1/payment_methods/pm_card_visa/attach', { customer })).body.id;
          const intent = (await c.post('/v1/payment_intents', { amount: 3000, currency: 'usd', customer, payment_method: pm, confirm: true, capture_method: 'manual' })).body;
          const headers: Record<string, string> = {};
          if (contentType) headers['Content-Type'] = contentType;
          if (auth === 'secret') headers['Authorization'] = `Bearer ${c.sim.secretKey}`;
          else if (auth === 'publishable') headers['Authorization'] = `Bearer ${c.sim.publishableKey}`;
          else if (auth === 'live') headers['Authorization'] = `Bearer ${c.sim.liveSecretKey}`;
          else if (auth) headers['Authorization'] = auth;
          if (version) headers['Onerway-Version'] = version;
          const before = stateOf(c.sim);
          const hasBody = method !== 'GET' && method !== 'HEAD';
          const fill = (text: string) =>
            text.replace(/\{(CUS|PM|PI|CH)\}/g, (_, k: string) => ({ CUS: customer, PM: pm, PI: intent.id, CH: intent.latest_charge })[k]!);
          const target = fill(path);
          const res = await c.sim.fetch(`${BASE}${target}${query ? `?${query}` : ''}`, {
            method,
            headers,
            ...(hasBody && { body: fill(body) }),
          });
          const text = await res.text();
          expect(res.status).not.toBe(500);
          const parsed = JSON.parse(text);
          if (res.status >= 400) {
            expect(typeof parsed.error.type).toBe('string');
            expect(typeof parsed.error.message).toBe('string');
            // A decline (402) persists the attempt on purpose (SPEC §4); every other refusal changes nothing.
            if (res.status !== 402) expect(stateOf(c.sim)).toBe(before);
          }
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        },
      ),
      { numRuns: 1500 },
    );
    // The generator must reach the operations, not stop at auth or routing.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(200);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(300);
  });
});
