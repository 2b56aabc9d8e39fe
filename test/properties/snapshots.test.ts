/** Snapshot, run anything, restore, run it again: the same bytes both times. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createSimulator, type OnerwayEvent } from '../../src/index.js';
import { client, stateOf, type Client } from '../helpers/sim.js';
import { operation, type Operation } from './arbitraries.js';

async function run(c: Client, ops: readonly Operation[], customers: string[]): Promise<string[]> {
  const out: string[] = [];
  const pick = (i: number) => customers[i % Math.max(1, customers.length)] ?? 'cus_none';
  for (const op of ops) {
    let reply;
    if (op.kind === 'createCustomer') reply = await c.post('/v1/customers', op.body);
    else if (op.kind === 'updateCustomer') reply = await c.post(`/v1/customers/${pick(op.target)}`, op.body);
    else if (op.kind === 'deleteCustomer') reply = await c.del(`/v1/customers/${pick(op.target)}`);
    else if (op.kind === 'attach') reply = await c.post(`/v1/payment_methods/${op.card}/attach`, { customer: pick(op.target) });
    else if (op.kind === 'list') reply = await c.get(`/v1/customers?limit=${Math.min(100, Math.max(1, op.limit))}`);
    else if (op.kind === 'retrieve') reply = await c.get(`/v1/customers/${pick(op.target)}`);
    else if (op.kind === 'advance') {
      await c.sim.clock.advance(op.seconds * 1000);
      continue;
    } else {
      reply = await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    }
    out.push(`${reply.status} ${reply.headers.get('request-id')} ${reply.text}`);
  }
  await c.sim.flush();
  return out;
}

it('snapshot, run any sequence, restore, run it again: byte-identical responses and events', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(operation, { maxLength: 12 }), fc.array(operation, { maxLength: 20 }), async (before, after) => {
      const c = client();
      const events: string[] = [];
      c.sim.on('event', (e: OnerwayEvent) => events.push(JSON.stringify(e)));
      c.sim.webhooks.listen(() => new Response(null, { status: 500 }));
      await c.post('/v1/customers', { email: 'seed@example.com' });
      const customers = [(await c.get('/v1/customers')).body.data[0].id];
      await run(c, before, customers);
      const snapshot = c.sim.snapshot();
      const stateAtSnapshot = stateOf(c.sim);
      events.length = 0;
      const first = await run(c, after, customers);
      const firstEvents = [...events];
      const firstState = stateOf(c.sim);
      c.sim.restore(snapshot);
      expect(stateOf(c.sim)).toBe(stateAtSnapshot);
      events.length = 0;
      const second = await run(c, after, customers);
      expect(second).toEqual(first);
      expect(events).toEqual(firstEvents);
      expect(stateOf(c.sim)).toBe(firstState);
      // A new simulator from the same snapshot answers the same too.
      const other = client({ from: snapshot });
      expect(await run(other, after, customers)).toEqual(first);
    }),
    { numRuns: 60 },
  );
});

it('restoring keeps pending deliveries, idempotency keys and the clock; the snapshot never changes', async () => {
  const sim = createSimulator();
  const c = client({}, sim);
  const attempts: number[] = [];
  sim.webhooks.listen(() => {
    attempts.push(sim.clock.now());
    return new Response(null, { status: 503 });
  });
  await c.post('/v1/customers', {}, { 'Idempotency-Key': 'k' });
  await sim.flush();
  const snap = sim.snapshot();
  await sim.clock.advance('1h');
  // The first attempt, then retries at 1, 5 and 30 minutes.
  expect(attempts).toHaveLength(4);
  sim.restore(snap);
  expect(sim.clock.now()).toBe(snap.time);
  expect((await c.post('/v1/customers', {}, { 'Idempotency-Key': 'k' })).headers.get('idempotent-replayed')).toBe('true');
  await sim.clock.advance('1h');
  expect(attempts).toHaveLength(7);
  sim.restore(snap);
  await sim.clock.advance('1h');
  expect(attempts).toHaveLength(10);
  expect(attempts.slice(4, 7)).toEqual(attempts.slice(7, 10));
  expect(Object.isFrozen(snap)).toBe(true);
});
