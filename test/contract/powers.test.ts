/**
 * The simulator's powers over HTTP (issue #17), through every door, with the same answers as the
 * in-process calls: reset, named snapshots, fixtures, fault injection, the request log, coverage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/index.js';
import { DOORS, type Opened } from './doors.js';

describe.each(DOORS)('$name', (door) => {
  let o: Opened;
  afterEach(() => o?.close());
  const send = (method: string, path: string, body?: object, key?: string) =>
    o
      .fetch(path, {
        method,
        headers: { Authorization: `Bearer ${key ?? o.sim.secretKey}`, 'Content-Type': 'application/json' },
        ...(body && { body: JSON.stringify(body) }),
      })
      .then(async (r) => ({ status: r.status, body: await r.json() }));

  it('reset forgets everything, as sim.reset() does', async () => {
    o = await door.open();
    const first = await send('POST', '/v1/customers', { email: 'a@example.com' });
    expect(await send('POST', '/v1/test_helpers/reset', {})).toEqual({ status: 200, body: { object: 'test_helpers.reset', reset: true } });
    expect((await send('GET', '/v1/customers')).body.data).toEqual([]);
    // The same seed again: the next customer has the first one's id, as after sim.reset().
    expect((await send('POST', '/v1/customers', { email: 'b@example.com' })).body.id).toBe(first.body.id);
  });

  it('named snapshots: take, change, restore; an unknown name is a 404', async () => {
    o = await door.open();
    const kept = (await send('POST', '/v1/customers', { email: 'kept@example.com' })).body.id;
    expect(await send('POST', '/v1/test_helpers/snapshots', { name: 'base' })).toEqual({ status: 200, body: { object: 'test_helpers.snapshot', name: 'base', time: 1735689600 } });
    await send('POST', '/v1/customers', { email: 'gone@example.com' });
    expect((await send('POST', '/v1/test_helpers/snapshots/base/restore', {})).body).toMatchObject({ name: 'base', restored: true });
    expect((await send('GET', '/v1/customers')).body.data.map((c: { id: string }) => c.id)).toEqual([kept]);
    expect(await send('POST', '/v1/test_helpers/snapshots/nope/restore', {})).toEqual({
      status: 404,
      body: { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'name', message: "onerway-sim: no snapshot named 'nope'. Snapshots kept: base." } },
    });
  });

  it('fixtures answer what sim.fixtures() returns for the same spec', async () => {
    o = await door.open();
    const over = await send('POST', '/v1/test_helpers/fixtures', {
      customers: [{ email: 'jenny@example.com', cards: ['pm_card_visa'] }],
      payments: [{ customer: 0, amount: 2000 }, { amount: 500, refunded_fully: true }],
      available_funds: 10_000,
      connected_account: true,
    });
    const inProcess = createSimulator().fixtures({
      customers: [{ email: 'jenny@example.com', cards: ['pm_card_visa'] }],
      payments: [{ customer: 0, amount: 2000 }, { amount: 500, refunded: true }],
      availableFunds: { amount: 10_000 },
      connectedAccount: true,
    });
    expect(over.status).toBe(200);
    expect(over.body).toEqual({ object: 'test_helpers.fixtures', ...JSON.parse(JSON.stringify(inProcess)) });
  });

  it('faults: the rules of sim.faults.inject, and clearing them', async () => {
    o = await door.open();
    const injected = await send('POST', '/v1/test_helpers/faults', { method: 'POST', path: '/v1/customers', sequence: [{ kind: 'api_error', retry: true }, { kind: 'decline', declineCode: 'insufficient_funds' }] });
    expect(injected).toEqual({ status: 200, body: { object: 'test_helpers.fault', remaining: 2 } });
    const failed = await send('POST', '/v1/customers', {});
    expect(failed).toEqual({ status: 500, body: { error: { type: 'api_error', message: 'An unknown error occurred (injected by onerway-sim)' } } });
    expect((await send('POST', '/v1/customers', {})).body.error.decline_code).toBe('insufficient_funds');
    expect((await send('POST', '/v1/customers', {})).status).toBe(200);
    await send('POST', '/v1/test_helpers/faults', { fault: { kind: 'rate_limit' }, times: 5 });
    expect(await send('DELETE', '/v1/test_helpers/faults')).toEqual({ status: 200, body: { object: 'test_helpers.faults_cleared', cleared: true } });
    expect((await send('GET', '/v1/balance')).status).toBe(200);
    expect((await send('POST', '/v1/test_helpers/faults', { fault: { kind: 'latency', duration: 'soon' } })).body.error.message).toMatch(
      /^onerway-sim: cannot read the Onerway-Sim-Fault header .*`duration` must be|cannot read the duration 'soon'/,
    );
  });

  it('unmatched fault rules, as sim.faults.unmatched() lists them', async () => {
    o = await door.open();
    await send('POST', '/v1/test_helpers/faults', { method: 'POST', path: '/v1/customers', fault: { kind: 'api_error' } });
    await send('POST', '/v1/test_helpers/faults', { method: 'POST', path: '/v1/customerz', fault: { kind: 'api_error' }, times: 2 });
    o.sim.faults.inject({ path: /^\/v1\/refunds$/, fault: { kind: 'network' } });
    expect((await send('POST', '/v1/customers', {})).status).toBe(500);
    const unmatched = await send('GET', '/v1/test_helpers/faults/unmatched');
    expect(unmatched).toEqual({
      status: 200,
      body: {
        object: 'list',
        data: [
          { method: 'POST', path: '/v1/customerz', remaining: 2 },
          { method: null, path: '/^\\/v1\\/refunds$/', remaining: 1 },
        ],
        has_more: false,
        url: '/v1/test_helpers/faults/unmatched',
      },
    });
    expect(o.sim.faults.unmatched().map((u) => u.remaining)).toEqual([2, 1]);
  });

  it('coverage, as sim.coverage() reads it', async () => {
    o = await door.open();
    await send('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: true });
    const { status, body } = await send('GET', '/v1/test_helpers/coverage');
    expect([status, body.object, body.testCards.met, body.declineCodes.met]).toEqual([200, 'test_helpers.coverage', ['pm_card_visa_chargeDeclined'], ['generic_decline']]);
    // Read in process after the HTTP read, the routes also hold that read itself.
    const { routes, ...inProcess } = o.sim.coverage();
    const { routes: readRoutes, object: _, ...read } = body;
    expect(read).toEqual(JSON.parse(JSON.stringify(inProcess)));
    expect(routes.met.filter((r) => r !== 'GET /v1/test_helpers/coverage')).toEqual(readRoutes.met);
  });

  it('the request log, filtered as sim.requests() filters it', async () => {
    o = await door.open();
    await send('POST', '/v1/customers', { email: 'a@example.com' });
    const c = (await send('POST', '/v1/customers', {})).body.id;
    await send('GET', `/v1/customers/${c}`);
    const log = await send('GET', `/v1/test_helpers/requests?method=GET&path=${encodeURIComponent('/v1/customers/:id')}`);
    expect(log.body.data.map((r: { method: string; path: string; status: number }) => [r.method, r.path, r.status])).toEqual([['GET', `/v1/customers/${c}`, 200]]);
    expect(log.body.data).toEqual(JSON.parse(JSON.stringify(o.sim.requests({ method: 'GET', path: /^\/v1\/customers\/[^/]+$/ }))));
  });

  it('test keys only, and no Idempotency-Key', async () => {
    o = await door.open();
    expect(await send('POST', '/v1/test_helpers/reset', {}, o.sim.liveSecretKey)).toEqual({
      status: 400,
      body: { error: { type: 'invalid_request_error', message: "onerway-sim: the simulator's test helpers work with test keys only." } },
    });
    const keyed = await o.fetch('/v1/test_helpers/reset', { method: 'POST', headers: { Authorization: `Bearer ${o.sim.secretKey}`, 'Idempotency-Key': 'k' } });
    expect((await keyed.json()).error.message).toBe("onerway-sim: the simulator's test helpers take no Idempotency-Key; send this request without one.");
  });

  it('await sim.flush() returns once every delivery due has been attempted and recorded', async () => {
    o = await door.open();
    const handled: string[] = [];
    o.sim.webhooks.listen(async (request) => {
      await new Promise((r) => setTimeout(r, 2));
      handled.push(((await request.json()) as { type: string }).type);
    }, { events: ['customer.created'] });
    for (let i = 0; i < 5; i++) {
      await send('POST', '/v1/customers', {});
      await o.sim.flush();
      expect([handled.length, o.sim.webhooks.attempts().length]).toEqual([i + 1, i + 1]);
    }
  });
});
