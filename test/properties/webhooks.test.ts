/** Every event is delivered exactly once to each matching endpoint that answers 2xx, and no other. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { OnerwayEvent } from '../../src/index.js';
import { client } from '../helpers/sim.js';
import { operation } from './arbitraries.js';

const TYPES = ['customer.created', 'customer.updated', 'customer.deleted', 'payment_method.attached', 'payment_method.detached', 'payment_intent.created', 'payment_intent.succeeded', 'charge.succeeded'];

const step = fc.oneof(
  { weight: 5, arbitrary: operation },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pay' as const), card: fc.constantFrom('pm_card_visa', 'pm_card_visa_chargeDeclined') }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
);

it('delivers each event exactly once to each matching endpoint, and settles pending_webhooks', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof(fc.constant<string[]>(['*']), fc.subarray(TYPES, { minLength: 1 })), { minLength: 1, maxLength: 3 }),
      fc.array(step, { maxLength: 25 }),
      async (subscriptions, steps) => {
        const c = client();
        const received = subscriptions.map(() => [] as string[]);
        subscriptions.forEach((events, i) =>
          c.sim.webhooks.listen(async (request) => void received[i]!.push(((await request.json()) as OnerwayEvent).id), { events }),
        );
        const customers: string[] = [];
        for (const s of steps) {
          if (s.kind === 'flush') await c.sim.flush();
          else if (s.kind === 'pay') await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: s.card, confirm: true });
          else if (s.kind === 'createCustomer') customers.push((await c.post('/v1/customers', s.body)).body.id);
          else if (s.kind === 'updateCustomer') await c.post(`/v1/customers/${customers[s.target % Math.max(1, customers.length)] ?? 'cus_x'}`, s.body);
          else if (s.kind === 'deleteCustomer') await c.del(`/v1/customers/${customers[s.target % Math.max(1, customers.length)] ?? 'cus_x'}`);
          else if (s.kind === 'attach') await c.post(`/v1/payment_methods/${s.card}/attach`, { customer: customers[s.target % Math.max(1, customers.length)] ?? 'cus_x' });
          else if (s.kind === 'advance') await c.sim.clock.advance(s.seconds * 1000);
        }
        await c.sim.flush();
        const events: OnerwayEvent[] = [];
        for (let page = (await c.get('/v1/events?limit=100')).body; ; ) {
          events.push(...page.data);
          if (!page.has_more) break;
          page = (await c.get(`/v1/events?limit=100&starting_after=${page.data.at(-1).id}`)).body;
        }
        subscriptions.forEach((subscribed, i) => {
          const expected = events.filter((e) => subscribed.includes('*') || subscribed.includes(e.type)).map((e) => e.id);
          expect([...received[i]!].sort()).toEqual([...expected].sort());
        });
        expect(events.filter((e) => e.pending_webhooks !== 0)).toEqual([]);
      },
    ),
    { numRuns: 60 },
  );
});
