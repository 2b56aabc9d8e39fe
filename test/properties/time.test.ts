/** Properties of the one simulated clock and of money movement. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { hash32 } from '../../src/engine/random.js';
import type { OnerwayEvent } from '../../src/index.js';
import { client, stateOf, type Client } from '../helpers/sim.js';

type Op =
  | { kind: 'pay'; card: string; manual: boolean; amount: number }
  | { kind: 'refund'; pick: number; half: boolean }
  | { kind: 'capture'; pick: number }
  | { kind: 'transfer'; fraction: number }
  | { kind: 'reverse'; pick: number; half: boolean }
  | { kind: 'wait'; seconds: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('pay' as const),
    card: fc.constantFrom('pm_card_visa', 'pm_card_bypassPending', 'pm_card_pendingRefund', 'pm_card_refundFail', 'pm_card_visa_chargeDeclined'),
    manual: fc.boolean(),
    amount: fc.integer({ min: 100, max: 50_000 }),
  }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), half: fc.boolean() }),
  fc.record({ kind: fc.constant('capture' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('transfer' as const), fraction: fc.double({ min: 0.05, max: 1.2, noNaN: true }) }),
  fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(), half: fc.boolean() }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.nat({ max: 4 * 86_400 }) }),
);

const fee = (amount: number) => Math.round(amount * 0.029) + 30;

interface Ledger {
  intents: string[];
  transfers: string[];
  account: string;
  /** Σ captured − fees − refunds that did not fail, the money that must exist somewhere. */
  expected: number;
}

async function apply(c: Client, op: Op, ledger: Ledger): Promise<void> {
  const pick = <T>(items: T[], n: number) => items[n % items.length];
  switch (op.kind) {
    case 'pay': {
      const res = await c.post('/v1/payment_intents', {
        amount: op.amount,
        currency: 'usd',
        payment_method: op.card,
        confirm: true,
        capture_method: op.manual ? 'manual' : 'automatic',
      });
      const pi = res.status === 200 ? res.body : res.body.error.payment_intent;
      ledger.intents.push(pi.id);
      if (pi.status === 'succeeded') ledger.expected += pi.amount_received - fee(pi.amount_received);
      return;
    }
    case 'capture': {
      const id = pick(ledger.intents, op.pick);
      if (!id) return;
      const res = await c.post(`/v1/payment_intents/${id}/capture`);
      if (res.status === 200) ledger.expected += res.body.amount_received - fee(res.body.amount_received);
      return;
    }
    case 'refund': {
      const id = pick(ledger.intents, op.pick);
      if (!id) return;
      const pi = (await c.get(`/v1/payment_intents/${id}?expand[]=latest_charge`)).body;
      const left = pi.latest_charge ? pi.latest_charge.amount_captured - (pi.latest_charge.amount_refunded - (pi.latest_charge.amount - pi.latest_charge.amount_captured)) : 0;
      const res = await c.post('/v1/refunds', { payment_intent: id, ...(op.half && left > 1 && { amount: Math.floor(left / 2) }) });
      if (res.status === 200) ledger.expected -= res.body.amount;
      return;
    }
    case 'transfer': {
      const available = (await c.get('/v1/balance')).body.available[0].amount;
      const amount = Math.max(1, Math.floor(available * op.fraction));
      const res = await c.post('/v1/transfers', { amount, currency: 'usd', destination: ledger.account });
      if (res.status === 200) ledger.transfers.push(res.body.id);
      else expect(res.body.error.code).toBe('balance_insufficient');
      return;
    }
    case 'reverse': {
      const id = pick(ledger.transfers, op.pick);
      if (!id) return;
      const t = (await c.get(`/v1/transfers/${id}`)).body;
      const left = t.amount - t.amount_reversed;
      await c.post(`/v1/transfers/${id}/reversals`, op.half && left > 1 ? { amount: Math.floor(left / 2) } : {});
      return;
    }
    case 'wait':
      await c.sim.clock.advance(op.seconds * 1000);
  }
}

it('money is conserved: platform balance + connected balances = charge nets − refunds, and nothing goes negative that may not', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { maxLength: 30 }), async (ops) => {
      const c = client();
      const ledger: Ledger = { intents: [], transfers: [], account: (await c.post('/v1/accounts', {})).body.id, expected: 0 };
      for (const op of ops) {
        await apply(c, op, ledger);
        // Refund cards that fail give the money back later: count what failed so far.
        const failed = (await c.get('/v1/balance_transactions?type=refund_failure&limit=100')).body.data.reduce((s: number, t: { amount: number }) => s + t.amount, 0);
        const platform = (await c.get('/v1/balance')).body;
        const seller = (await c.get('/v1/balance', { 'Onerway-Account': ledger.account })).body;
        const connected = seller.available[0].amount + seller.pending[0].amount;
        const total = platform.available[0].amount + platform.pending[0].amount + connected;
        expect(total).toBe(ledger.expected + failed);
        expect(platform.pending[0].amount).toBeGreaterThanOrEqual(0);
        expect(connected).toBeGreaterThanOrEqual(0);
      }
    }),
    { numRuns: 80 },
  );
});

it('advancing in one step or in many ends in byte-identical state, events and deliveries', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(opArb.filter((o) => o.kind !== 'wait'), { maxLength: 15 }),
      fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 1, max: 90 * 86_400 }),
      async (ops, weights, totalSeconds) => {
        const run = async (steps: number[]) => {
          const c = client({ seed: 'split', webhooks: { signingClock: 'simulated' } });
          const bodies: string[] = [];
          // A handler that fails some first attempts, decided by the event id, so retries happen too.
          const tries = new Map<string, number>();
          c.sim.webhooks.listen(async (request) => {
            const body = await request.text();
            const id = (JSON.parse(body) as OnerwayEvent).id;
            const n = (tries.get(id) ?? 0) + 1;
            tries.set(id, n);
            bodies.push(`${n}:${c.sim.clock.now()}:${body}`);
            return new Response(null, { status: n <= hash32(id) % 3 ? 500 : 200 });
          });
          const ledger: Ledger = { intents: [], transfers: [], account: (await c.post('/v1/accounts', {})).body.id, expected: 0 };
          for (const op of ops) await apply(c, op, ledger);
          for (const ms of steps) await c.sim.clock.advance(ms);
          return { state: stateOf(c.sim), attempts: JSON.stringify(c.sim.webhooks.attempts()), bodies };
        };
        const total = totalSeconds * 1000;
        const sum = weights.reduce((a, b) => a + b, 0);
        const steps = weights.map((w) => Math.floor((total * w) / sum));
        steps[steps.length - 1]! += total - steps.reduce((a, b) => a + b, 0);
        const one = await run([total]);
        const many = await run(steps);
        expect(many.state).toBe(one.state);
        expect(many.attempts).toBe(one.attempts);
        expect(many.bodies).toEqual(one.bodies);
      },
    ),
    { numRuns: 40 },
  );
});
