/**
 * Random requests for the fuzz suite (docs/reliability.md): methods, paths, headers and bodies
 * that are valid, near-valid and hostile (deep nesting, huge numbers, unicode, prototype keys,
 * wrong types, unknown fields), built from the route table's own parameter declarations so that
 * most requests get past the parser and reach the operations.
 */
import fc from 'fast-check';
import type { ParamField, ParamSchema } from '../../src/engine/param-schema.js';
import { ROUTES } from '../../src/wire/router.js';
import { createSimulator, type Simulator } from '../../src/index.js';
import { internalsOf } from '../../src/internal.js';
import { toForm } from '../helpers/form.js';

export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/** Ids the fuzzer fills path segments and id parameters with: real ones of the world, and junk. */
export interface World {
  readonly sim: Simulator;
  readonly ids: readonly string[];
}

const post = (sim: Simulator, path: string, body: object) =>
  sim
    .fetch(`https://api.onerway.com${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    .then((r) => r.json() as Promise<{ id: string }>);

/** A small world to aim at: a customer with a card, paid, authorized and 3DS-waiting payments, an endpoint, an account. */
export async function world(seed: number): Promise<World> {
  // Deliveries go to a stub, never to the network: half of them fail, so retries get scheduled.
  let deliveries = 0;
  const stub = async () => new Response('', { status: deliveries++ % 2 ? 500 : 200 });
  const sim = createSimulator({ seed, rateLimits: { mode: 'off' }, webhooks: { fetch: stub } });
  const customer = await post(sim, '/v1/customers', { email: 'fuzz@example.com' });
  const pm = await post(sim, '/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
  const paid = await post(sim, '/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  const held = await post(sim, '/v1/payment_intents', { amount: 1500, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
  const waiting = await post(sim, '/v1/payment_intents', { amount: 900, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true });
  const account = await post(sim, '/v1/accounts', { type: 'custom', country: 'US' });
  const endpoint = await post(sim, '/v1/webhook_endpoints', { url: 'https://example.com/hook', enabled_events: ['*'] });
  const charge = (internalsOf(sim).engine.test.dump()['charges']?.[0] as { id?: string } | undefined)?.id ?? 'ch_none';
  return { sim, ids: [customer.id, pm.id, paid.id, held.id, waiting.id, account.id, endpoint.id, charge] };
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '__proto__', 'constructor', 'toString', '\u0000', '😀'.repeat(300), 'a'.repeat(6000), '../../etc', 'null', 'true', '1e309', '-0', '%00', '[]', '{}'),
);

const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2, 0.5, -1, -0, 1e21, Number.MIN_VALUE);

/** Nested arrays up to 2,000 deep (deeper ones, as raw text, are in test/hardening.test.ts: JSON.stringify here would overflow). */
const deep = fc.integer({ min: 50, max: 2_000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: hostileString },
  { weight: 2, arbitrary: hugeNumber },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}')) },
);

function valueFor(schema: ParamSchema, ids: readonly string[], depth: number): fc.Arbitrary<unknown> {
  const near = (valid: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: hostileValue }, ...(schema.nullable ? [{ weight: 1, arbitrary: fc.constant(null) }] : []));
  switch (schema.type) {
    case 'string':
      return near(fc.oneof(fc.constantFrom(...ids, 'usd', 'eur', 'jpy', 'pm_card_visa', 'pm_card_visa_chargeDeclined', 'tok_visa', '4242424242424242', 'https://example.com/x'), fc.string({ maxLength: 12 })));
    case 'enum':
      return near(fc.constantFrom(...schema.values));
    case 'integer':
      return near(fc.oneof(fc.integer({ min: schema.min ?? -10, max: schema.max ?? 100_000 }), fc.integer().map(String)));
    case 'boolean':
      return near(fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 'True', 'False')));
    case 'metadata':
      return near(fc.dictionary(fc.oneof(fc.string({ maxLength: 45 }), fc.constant('__proto__')), fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)), { maxKeys: 4 }));
    case 'array':
      return near(depth > 3 ? fc.constant([]) : fc.array(valueFor(schema.items, ids, depth + 1), { maxLength: 3 }));
    case 'hash':
      return near(depth > 3 ? fc.constant({}) : bodyFor(schema.fields, ids, depth + 1));
    case 'oneOf':
      return fc.oneof(...schema.of.map((s) => valueFor(s, ids, depth)));
  }
}

/** A body for a table of fields: some of them, now and then an unknown one. */
function bodyFor(fields: Readonly<Record<string, ParamField>>, ids: readonly string[], depth: number): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(fields);
  if (entries.length === 0) return fc.constant({});
  return fc
    .tuple(
      fc.subarray(entries, { maxLength: Math.min(6, entries.length) }),
      fc.oneof({ weight: 10, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'emial')), hostileValue) }),
    )
    .chain(([picked, unknown]) =>
      fc.tuple(...picked.map(([, f]) => valueFor(f.schema, ids, depth))).map((values) => {
        const out: Record<string, unknown> = {};
        picked.forEach(([name], i) => Object.defineProperty(out, name, { value: values[i], enumerable: true, writable: true, configurable: true }));
        if (unknown) Object.defineProperty(out, unknown[0], { value: unknown[1], enumerable: true, writable: true, configurable: true });
        return out;
      }),
    );
}

const asciiHeader = fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));

function headersFor(sim: Simulator): fc.Arbitrary<Record<string, string>> {
  const auth = fc.oneof(
    { weight: 12, arbitrary: fc.constant(`Bearer ${sim.secretKey}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${sim.publishableKey}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${sim.liveSecretKey}`) },
    { weight: 1, arbitrary: fc.constant(`Basic ${btoa(`${sim.secretKey}:x`)}`) },
    { weight: 1, arbitrary: asciiHeader },
  );
  const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
  return fc
    .record({
      Authorization: auth,
      'Content-Type': fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=utf-8') }),
      'Idempotency-Key': rarely(fc.oneof(fc.constantFrom('a', 'same-key'), asciiHeader)),
      'Onerway-Version': rarely(fc.constantFrom('2024-06-01', '2024-11-01', '2020-01-01', '')),
      'Onerway-Sim-Fault': rarely(fc.constantFrom('{"kind":"latency","duration":-1}', '[]', 'nope', '{"kind":"latency","duration":{}}')),
    })
    .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);
}

function pathFor(pattern: string, ids: readonly string[]): fc.Arbitrary<string> {
  const segment = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constantFrom('cus_nope', 'pi_x_secret_y', '', '%2e%2e', '__proto__', 'x'.repeat(300)) });
  const parts = pattern.split('/');
  const holes = parts.filter((p) => p.startsWith(':')).length;
  return fc.tuple(...Array.from({ length: holes }, () => segment)).map((filled) => {
    let n = 0;
    return parts.map((p) => (p.startsWith(':') ? encodeURIComponent(filled[n++]!) : p)).join('/');
  });
}

/**
 * Every route but the fault-injection helper: a fault it injects is a 5xx on purpose, which
 * would read as the simulator's own failure.
 */
const FUZZED_ROUTES = ROUTES.filter((r) => !r.path.startsWith('/v1/test_helpers/faults'));

/** A form body, or JSON where the value is too deep for the (recursive) form encoder. */
function formOrJson(params: Record<string, unknown>, fallback = JSON.stringify(params)): string {
  try {
    return toForm(params);
  } catch {
    return fallback;
  }
}

/** What went wrong with one request, or undefined when the simulator answered as it must. */
export async function check(w: World, req: FuzzRequest, before: () => string): Promise<string | undefined> {
  // A test-clock advance asked for earlier runs on after its answer: let it finish first, so
  // that what changes during this request is this request's doing.
  await w.sim.flush();
  const state = before();
  let res: Response;
  try {
    res = await w.sim.fetch(`https://api.onerway.com${req.path}`, { method: req.method, headers: req.headers, ...(req.body !== undefined && { body: req.body }) });
  } catch (e) {
    return `fetch threw ${(e as Error).name}: ${(e as Error).message}`;
  }
  const text = await res.text();
  if (res.status >= 500) return `${res.status}: ${text.slice(0, 300)}`;
  let body: { error?: { type?: string; message?: string } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `${res.status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  if (res.status >= 400 && (typeof body.error?.type !== 'string' || typeof body.error.message !== 'string')) return `${res.status} without an error envelope: ${text.slice(0, 200)}`;
  // A decline persists the attempt on purpose (SPEC §4); every other refusal changes nothing.
  if (res.status >= 400 && res.status !== 402 && before() !== state) return `${res.status} changed the state: ${text.slice(0, 200)}`;
  return undefined;
}

/** One random request against `w`. */
export function request(w: World): fc.Arbitrary<FuzzRequest> {
  const routed = fc.constantFrom(...FUZZED_ROUTES).chain((route) =>
    fc.record({
      method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method as string) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH') }),
      path: pathFor(route.path, w.ids),
      headers: headersFor(w.sim),
      params: bodyFor(route.fields as Readonly<Record<string, ParamField>>, w.ids, 0),
      form: fc.boolean(),
      junk: fc.oneof({ weight: 15, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('{', '{"a":', '[1,2]', 'null', '"x"', 'a=b&a[=c', 'a[b][c][d][e][f][g][h]=1')) }),
    }),
  );
  return routed.map(({ method, path, headers, params, form, junk }) => {
    const hasBody = method === 'POST' || method === 'PUT';
    const query = !hasBody && Object.keys(params).length > 0 ? `?${formOrJson(params, 'deep=1')}` : '';
    const body = !hasBody ? undefined : (junk ?? (form ? formOrJson(params) : JSON.stringify(params)));
    const sent = { ...headers, 'Content-Type': form ? 'application/x-www-form-urlencoded' : headers['Content-Type']! };
    return { method, path: `${path}${query}`, headers: sent, body };
  });
}
