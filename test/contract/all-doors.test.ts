/**
 * One contract suite, unchanged for every door: the scenarios of the earlier issues through the
 * real stripe client and through plain fetch.
 */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { OnerwayEvent } from '../../src/index.js';
import { DOORS, eachOpened, type Opened } from './doors.js';

describe.each(DOORS)('$name', (door) => {
  let o!: Opened;
  eachOpened(door, (opened) => (o = opened));
  const json = (res: Promise<Response>) => res.then(async (r) => ({ status: r.status, headers: r.headers, body: await r.json() }));
  const auth = () => ({ Authorization: `Bearer ${o.sim.secretKey}`, 'Content-Type': 'application/json' });

  it('checkout with pm_card_visa', async () => {
    const pi = await o.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    expect([pi.status, pi.amount_received]).toEqual(['succeeded', 2000]);
    const plain = await json(o.fetch(`/v1/payment_intents/${pi.id}?expand[]=latest_charge`, { headers: auth() }));
    expect(plain.body.latest_charge).toMatchObject({ paid: true, captured: true });
    expect(plain.headers.get('request-id')).toMatch(/^req_/);
    expect(plain.headers.get('x-ratelimit-limit')).toBe('100');
  });

  it('a decline is the client card error, and a 402 with the PaymentIntent over plain fetch', async () => {
    const error = (await o.stripe.paymentIntents
      .create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds', confirm: true })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.decline_code).toBe('insufficient_funds');
    const plain = await json(
      o.fetch('/v1/payment_intents', {
        method: 'POST',
        headers: auth(),
        body: JSON.stringify({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: true }),
      }),
    );
    expect(plain.status).toBe(402);
    expect(plain.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', payment_intent: { status: 'requires_payment_method' } });
  });

  it('what a request leaves for after its answer is done before the next request reads it', async () => {
    // The server door sends its answer first, then logs the request; the event is restated at once.
    const body = JSON.stringify({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const pi = await json(o.fetch('/v1/payment_intents', { method: 'POST', headers: auth(), body }));
    const events = await json(o.fetch('/v1/events?type=payment_intent.created&limit=1', { headers: auth() }));
    expect(events.body.data[0].data.object).toMatchObject({ id: pi.body.id, status: 'requires_payment_method', latest_charge: null, payment_method: null, amount_received: 0 });
    expect(Object.keys(events.body.data[0].data.object)).toEqual(Object.keys(pi.body));
    const logged = await json(o.fetch('/v1/test_helpers/requests?path=/v1/payment_intents', { headers: auth() }));
    expect(logged.body.data.map((r: { method: string; status: number; body: string }) => [r.method, r.status, r.body])).toEqual([['POST', 200, body]]);
  });

  it('3D Secure completed through the test helper over HTTP', async () => {
    const pi = await o.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true });
    expect(pi.status).toBe('requires_action');
    const done = await json(o.fetch(`/v1/test_helpers/payment_intents/${pi.id}/authenticate`, { method: 'POST', headers: auth(), body: '{"outcome":"success"}' }));
    expect(done.body.status).toBe('succeeded');
  });

  it('manual capture and a partial refund', async () => {
    const pi = await o.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    const captured = await o.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4000 });
    expect([captured.status, captured.amount_received]).toEqual(['succeeded', 4000]);
    const refund = await o.stripe.refunds.create({ payment_intent: pi.id, amount: 1500 });
    expect([refund.status, refund.amount]).toEqual(['succeeded', 1500]);
    const plain = await json(o.fetch(`/v1/refunds?payment_intent=${pi.id}`, { headers: auth() }));
    expect(plain.body.data.map((r: { id: string }) => r.id)).toEqual([refund.id]);
  });

  it('pagination with the client auto-pager and with cursors', async () => {
    for (let i = 0; i < 23; i++) await o.stripe.customers.create({ email: `p${i}@example.com` });
    const all = await o.stripe.customers.list({ limit: 5 }).autoPagingToArray({ limit: 100 });
    expect(new Set(all.map((c) => c.id)).size).toBe(23);
    const first = await json(o.fetch('/v1/customers?limit=20', { headers: auth() }));
    const rest = await json(o.fetch(`/v1/customers?limit=20&starting_after=${first.body.data.at(-1).id}`, { headers: auth() }));
    expect([first.body.has_more, rest.body.data.length, rest.body.has_more]).toEqual([true, 3, false]);
  });

  it('an idempotent retry is replayed, not repeated', async () => {
    const a = await o.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: 'door-1' });
    const b = await o.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: 'door-1' });
    expect(b.id).toBe(a.id);
    const send = () => o.fetch('/v1/customers', { method: 'POST', headers: { ...auth(), 'Idempotency-Key': 'door-2' }, body: '{"email":"i@example.com"}' });
    const first = await send();
    const again = await send();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(await first.text());
    expect((await o.stripe.paymentIntents.list()).data).toHaveLength(1);
  });

  it('webhooks are delivered, signed, to a listening handler', async () => {
    const types: string[] = [];
    const endpoint = o.sim.webhooks.listen(async (request) => {
      const event = o.stripe.webhooks.constructEvent(await request.text(), request.headers.get('onerway-signature')!, endpoint.secret) as unknown as OnerwayEvent;
      types.push(event.type);
    }, { events: ['payment_intent.succeeded', 'charge.succeeded'] });
    await o.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await json(o.fetch('/v1/test_helpers/webhooks/flush', { method: 'POST', headers: auth() }));
    expect(types).toEqual(['charge.succeeded', 'payment_intent.succeeded']);
  });

  it('the clock moves over HTTP', async () => {
    const pi = await o.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    const moved = await json(o.fetch('/v1/test_helpers/advance', { method: 'POST', headers: auth(), body: JSON.stringify({ seconds: 8 * 86400 }) }));
    expect(moved.body.object).toBe('test_helpers.clock_advance');
    expect((await o.stripe.paymentIntents.retrieve(pi.id)).status).toBe('canceled');
  });
});
