/**
 * Connected accounts are whole accounts: over random operations on a platform and two connected
 * accounts, no object is ever visible or changed through another account's credentials, and each
 * account's money is conserved (its balance is what came in, less what went out and the fees).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { processingFee } from '../../src/engine/money.js';
import { client, type Client } from '../helpers/sim.js';

type Actor = 0 | 1 | 2;

type Op =
  | { kind: 'customer'; actor: Actor }
  | { kind: 'pay'; actor: Actor; amount: number; fee: number }
  | { kind: 'refund'; actor: Actor; pick: number }
  | { kind: 'transfer'; to: 1 | 2; amount: number }
  | { kind: 'peek'; actor: Actor; owner: Actor; pick: number };

const actor = fc.constantFrom<Actor>(0, 1, 2);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('customer' as const), actor }),
  fc.record({ kind: fc.constant('pay' as const), actor, amount: fc.integer({ min: 100, max: 50_000 }), fee: fc.integer({ min: 0, max: 90 }) }),
  fc.record({ kind: fc.constant('refund' as const), actor, pick: fc.nat() }),
  fc.record({ kind: fc.constant('transfer' as const), to: fc.constantFrom<1 | 2>(1, 2), amount: fc.integer({ min: 1, max: 20_000 }) }),
  fc.record({ kind: fc.constant('peek' as const), actor, owner: actor, pick: fc.nat() }),
);

interface Ledger {
  accounts: [null, string, string];
  /** Expected balance (available + pending, usd) of each actor. */
  money: [number, number, number];
  /** Objects each actor made: customers and paid PaymentIntents (not yet refunded). */
  objects: [string[], string[], string[]];
  paid: [Array<{ id: string; amount: number }>, Array<{ id: string; amount: number }>, Array<{ id: string; amount: number }>];
}

const as = (l: Ledger, a: Actor): Record<string, string> => (a === 0 ? {} : { 'Onerway-Account': l.accounts[a]! });

async function total(c: Client, l: Ledger, a: Actor): Promise<number> {
  const b = (await c.get('/v1/balance', as(l, a))).body;
  const sum = (list: Array<{ amount: number; currency: string }>) => list.filter((x) => x.currency === 'usd').reduce((s, x) => s + x.amount, 0);
  return sum(b.available) + sum(b.pending);
}

async function apply(c: Client, l: Ledger, o: Op): Promise<void> {
  switch (o.kind) {
    case 'customer': {
      const r = await c.post('/v1/customers', {}, as(l, o.actor));
      l.objects[o.actor].push(r.body.id);
      return;
    }
    case 'pay': {
      // Only a connected account's payments can carry an application fee (direct charges).
      const fee = o.actor === 0 ? undefined : Math.floor((o.amount * o.fee) / 100);
      const body = { amount: o.amount, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true, ...(fee !== undefined && { application_fee_amount: fee }) };
      const r = await c.post('/v1/payment_intents', body, as(l, o.actor));
      expect(r.status).toBe(200);
      l.objects[o.actor].push(r.body.id);
      l.paid[o.actor].push({ id: r.body.id, amount: o.amount });
      l.money[o.actor] += o.amount - processingFee(o.amount) - (fee ?? 0);
      l.money[0] += fee ?? 0;
      return;
    }
    case 'refund': {
      const list = l.paid[o.actor];
      if (list.length === 0) return;
      const [target] = list.splice(o.pick % list.length, 1);
      const r = await c.post('/v1/refunds', { payment_intent: target!.id }, as(l, o.actor));
      expect(r.status).toBe(200);
      l.money[o.actor] -= target!.amount;
      return;
    }
    case 'transfer': {
      const available = (await c.get('/v1/balance')).body.available.find((x: { currency: string }) => x.currency === 'usd')?.amount ?? 0;
      const r = await c.post('/v1/transfers', { amount: o.amount, currency: 'usd', destination: l.accounts[o.to] });
      if (o.amount > available) {
        expect([r.status, r.body.error.code]).toEqual([400, 'balance_insufficient']);
        return;
      }
      expect(r.status).toBe(200);
      l.money[0] -= o.amount;
      l.money[o.to] += o.amount;
      return;
    }
    case 'peek': {
      const theirs = l.objects[o.owner];
      if (o.owner === o.actor || theirs.length === 0) return;
      const id = theirs[o.pick % theirs.length]!;
      const path = id.startsWith('cus_') ? `/v1/customers/${id}` : `/v1/payment_intents/${id}`;
      expect((await c.get(path, as(l, o.actor))).status).toBe(404);
      expect((await c.post(path, { metadata: { touched: 'yes' } }, as(l, o.actor))).status).toBe(404);
      expect((await c.get(path, as(l, o.owner))).body.metadata).toEqual({});
    }
  }
}

it('no object crosses accounts, and every account keeps its money', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
      const c = client();
      const accounts = [null, (await c.post('/v1/accounts', {})).body.id, (await c.post('/v1/accounts', {})).body.id] as [null, string, string];
      const l: Ledger = { accounts, money: [0, 0, 0], objects: [[], [], []], paid: [[], [], []] };
      for (const o of ops) {
        await apply(c, l, o);
        for (const a of [0, 1, 2] as const) {
          expect(await total(c, l, a)).toBe(l.money[a]);
          const customers = (await c.get('/v1/customers?limit=100', as(l, a))).body.data.map((x: { id: string }) => x.id);
          expect(customers.sort()).toEqual(l.objects[a].filter((id) => id.startsWith('cus_')).sort());
        }
      }
    }),
    { numRuns: 40 },
  );
});
