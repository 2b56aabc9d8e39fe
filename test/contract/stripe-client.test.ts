/**
 * The real `stripe` npm client, unchanged, against sim.fetch: what a merchant who already uses
 * stripe-node for a Stripe-shaped API gets.
 */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/index.js';

function stripeFor(sim = createSimulator()) {
  const stripe = new Stripe(sim.secretKey, {
    httpClient: Stripe.createFetchHttpClient(sim.fetch),
    host: 'api.onerway.com',
    maxNetworkRetries: 0,
  });
  return { sim, stripe };
}

describe('stripe client against sim.fetch', () => {
  it('creates, retrieves, updates, lists with auto-pagination and deletes customers', async () => {
    const { stripe } = stripeFor();
    const created = await stripe.customers.create({ email: 'jenny@example.com', name: 'Jenny', metadata: { plan: 'pro' } });
    expect(created.id).toMatch(/^cus_[0-9A-Za-z]{24}$/);
    expect(created.email).toBe('jenny@example.com');
    expect(created.metadata).toEqual({ plan: 'pro' });
    expect(created.lastResponse.requestId).toMatch(/^req_/);

    const fetched = await stripe.customers.retrieve(created.id);
    expect(fetched).toMatchObject({ id: created.id, email: 'jenny@example.com' });

    const updated = await stripe.customers.update(created.id, {
      name: 'Jenny Rosen',
      metadata: { plan: '', tier: 'gold' },
      address: { city: 'Berlin' },
    });
    expect(updated.name).toBe('Jenny Rosen');
    expect(updated.metadata).toEqual({ tier: 'gold' });
    expect(updated.address).toEqual({ city: 'Berlin', country: null, line1: null, line2: null, postal_code: null, state: null });

    for (let i = 0; i < 24; i++) await stripe.customers.create({ email: `c${i}@example.com` });
    const all = await stripe.customers.list({ limit: 5 }).autoPagingToArray({ limit: 1000 });
    expect(all).toHaveLength(25);
    expect(new Set(all.map((c) => c.id)).size).toBe(25);
    expect(all[all.length - 1]!.id).toBe(created.id);

    const deleted = await stripe.customers.del(created.id);
    expect(deleted).toMatchObject({ id: created.id, object: 'customer', deleted: true });
    const stub = await stripe.customers.retrieve(created.id);
    expect(stub).toMatchObject({ id: created.id, deleted: true });
    const after = await stripe.customers.list({ limit: 100 });
    expect(after.data.map((c) => c.id)).not.toContain(created.id);
  });

  it('creates, attaches, lists, updates and detaches payment methods', async () => {
    const { stripe } = stripeFor();
    const customer = await stripe.customers.create({ email: 'pm@example.com' });
    const pm = await stripe.paymentMethods.create({
      type: 'card',
      card: { number: '5555555555554444', exp_month: 12, exp_year: 2030, cvc: '123' },
      billing_details: { name: 'Jenny', address: { postal_code: '10115' } },
    });
    expect(pm.card).toMatchObject({ brand: 'mastercard', last4: '4444', checks: { cvc_check: 'unchecked' } });

    const attached = await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    expect(attached.customer).toBe(customer.id);
    expect(attached.card?.checks?.cvc_check).toBe('pass');

    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect(visa.id).toMatch(/^pm_[0-9A-Za-z]{24}$/);

    const listed = await stripe.customers.listPaymentMethods(customer.id, { expand: ['data.customer'] });
    // Newest first: the pm_card_visa PaymentMethod was created after pm.
    expect(listed.data.map((p) => p.id)).toEqual([visa.id, pm.id]);
    expect((listed.data[0]!.customer as Stripe.Customer).email).toBe('pm@example.com');

    const renamed = await stripe.paymentMethods.update(pm.id, { metadata: { nickname: 'work' } });
    expect(renamed.metadata).toEqual({ nickname: 'work' });

    const detached = await stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    const again = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(again.data.map((p) => p.id)).toEqual([visa.id]);
  });

  it('surfaces an attach-time decline as the client card error', async () => {
    const { stripe } = stripeFor();
    const customer = await stripe.customers.create({});
    const error = await stripe.paymentMethods
      .attach('pm_card_visa_chargeDeclinedInsufficientFunds', { customer: customer.id })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    const card = error as Stripe.errors.StripeCardError;
    expect(card.statusCode).toBe(402);
    expect(card.code).toBe('card_declined');
    expect(card.decline_code).toBe('insufficient_funds');
    expect(card.message).toBe('Your card has insufficient funds.');
    expect(card.requestId).toMatch(/^req_/);
  });

  it('maps a missing customer to the client invalid-request error with its param', async () => {
    const { stripe } = stripeFor();
    const error = (await stripe.customers.retrieve('cus_missing').catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
    expect(error.param).toBe('id');
    expect(error.message).toBe("No such customer: 'cus_missing'");
  });
});

describe('stripe client: payments', () => {
  it('checks out with pm_card_visa', async () => {
    const { stripe } = stripeFor();
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    expect(pi.status).toBe('succeeded');
    expect(pi.amount_received).toBe(2000);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ paid: true, captured: true, payment_intent: pi.id });
  });

  it('surfaces a decline as the client card error with decline_code and the PaymentIntent', async () => {
    const { stripe } = stripeFor();
    const error = (await stripe.paymentIntents
      .create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclined', confirm: true })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect([error.code, error.decline_code, error.message]).toEqual(['card_declined', 'generic_decline', 'Your card was declined.']);
    expect(error.payment_intent?.status).toBe('requires_payment_method');
    expect(error.charge).toMatch(/^ch_/);
  });

  it('authorizes, then captures manually', async () => {
    const { stripe } = stripeFor();
    const pi = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_mastercard', confirm: true, capture_method: 'manual' });
    expect(pi.status).toBe('requires_capture');
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4000 });
    expect([captured.status, captured.amount_received]).toEqual(['succeeded', 4000]);
  });

  it('completes 3D Secure through the test helper', async () => {
    const { sim, stripe } = stripeFor();
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('use_stripe_sdk');
    const res = await sim.fetch(`https://api.onerway.com/v1/test_helpers/payment_intents/${pi.id}/authenticate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'outcome=success',
    });
    expect(res.status).toBe(200);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  it('refunds part of a payment', async () => {
    const { stripe } = stripeFor();
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 750 });
    expect([refund.status, refund.amount]).toEqual(['succeeded', 750]);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect([charge.amount_refunded, charge.refunded]).toEqual([750, false]);
    const balance = await stripe.balance.retrieve();
    expect(balance.pending[0]).toMatchObject({ amount: 1912, currency: 'usd' });
  });
});

describe('stripe client: idempotency', () => {
  it('honours the key the client adds to every POST, and an explicit one', async () => {
    const { sim, stripe } = stripeFor();
    const customer = await stripe.customers.create({ email: 'k@example.com' });
    const [logged] = sim.requests({ method: 'POST', path: '/v1/customers' });
    expect(logged!.idempotencyKey).toMatch(/^stripe-node-retry-/);
    expect(customer.lastResponse.idempotencyKey).toBe(logged!.idempotencyKey);

    const a = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: 'order-7' });
    const b = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: 'order-7' });
    expect(b.id).toBe(a.id);
    // With the fetch HTTP client, stripe-node hands the fetch Headers through.
    expect((b.lastResponse.headers as unknown as Headers).get('idempotent-replayed')).toBe('true');
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
  });

  it('retries a 409 for a concurrent duplicate, then gets the first answer', async () => {
    const sim = createSimulator();
    const stripe = new Stripe(sim.secretKey, { httpClient: Stripe.createFetchHttpClient(sim.fetch), host: 'api.onerway.com', maxNetworkRetries: 2 });
    const create = () => stripe.customers.create({ email: 'race@example.com' }, { idempotencyKey: 'race' });
    const [a, b] = await Promise.all([create(), create()]);
    expect(b.id).toBe(a.id);
    expect(sim.requests({ status: 409 })).toHaveLength(1);
    expect((await stripe.customers.list()).data).toHaveLength(1);
  });
});
