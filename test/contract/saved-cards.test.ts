/**
 * Saving cards and charging later through every door (fake fetch, nock, server, HTTPS): the
 * stripe client's SetupIntents, off-session payments, incremental authorization, Charges API and
 * customer balance, and the exact error bodies over plain fetch.
 */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { DOORS, eachOpened, type Opened } from './doors.js';

describe.each(DOORS)('$name', (door) => {
  let o!: Opened;
  eachOpened(door, (opened) => (o = opened));
  const post = async (path: string, body: object) => {
    const res = await o.fetch(path, { method: 'POST', headers: { Authorization: `Bearer ${o.sim.secretKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };

  it('saves a card with 3D Secure, then charges it off session; a card that always authenticates fails with authentication_required', async () => {
    const customer = await o.stripe.customers.create({ email: 'jenny@example.com' });
    const si = await o.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true });
    expect(si.status).toBe('requires_action');
    const done = await post(`/v1/test_helpers/setup_intents/${si.id}/authenticate`, { outcome: 'success' });
    expect(done.body.status).toBe('succeeded');
    const pm = done.body.payment_method as string;
    const paid = await o.stripe.paymentIntents.create({ amount: 1500, currency: 'eur', customer: customer.id, payment_method: pm, off_session: true, confirm: true });
    expect(paid.status).toBe('succeeded');
    const listed = await o.stripe.setupIntents.list({ customer: customer.id });
    expect(listed.data.map((s) => s.id)).toEqual([si.id]);

    const strict = await o.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_authenticationRequired', confirm: true });
    const strictPm = (await post(`/v1/test_helpers/setup_intents/${strict.id}/authenticate`, {})).body.payment_method as string;
    const error = (await o.stripe.paymentIntents
      .create({ amount: 1500, currency: 'eur', customer: customer.id, payment_method: strictPm, off_session: true, confirm: true })
      .catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect([error.code, error.decline_code, error.payment_intent?.status]).toEqual(['authentication_required', 'authentication_required', 'requires_payment_method']);
  });

  it('a setup decline is a 402 that embeds the SetupIntent; confirming a canceled one is the exact 400', async () => {
    const si = await o.stripe.setupIntents.create({});
    const declined = await post(`/v1/setup_intents/${si.id}/confirm`, { payment_method: 'pm_card_visa_chargeDeclined' });
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', setup_intent: { id: si.id, status: 'requires_payment_method' } });
    const canceled = await o.stripe.setupIntents.cancel(si.id, { cancellation_reason: 'abandoned' });
    const refused = await post(`/v1/setup_intents/${si.id}/confirm`, { payment_method: 'pm_card_visa' });
    expect(refused).toEqual({
      status: 400,
      body: {
        error: {
          type: 'invalid_request_error',
          code: 'setup_intent_unexpected_state',
          message: 'You cannot confirm this SetupIntent because it has a status of canceled. Only a SetupIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.',
          setup_intent: JSON.parse(JSON.stringify(canceled)),
        },
      },
    });
  });

  it('increments an authorization, then captures the new amount', async () => {
    const pi = await o.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      capture_method: 'manual',
      confirm: true,
      payment_method_options: { card: { request_incremental_authorization: 'if_available' } },
    });
    const raised = await o.stripe.paymentIntents.incrementAuthorization(pi.id, { amount: 1800 });
    expect([raised.amount, raised.amount_capturable]).toEqual([1800, 1800]);
    expect((await o.stripe.paymentIntents.capture(pi.id)).amount_received).toBe(1800);
    const again = await post(`/v1/payment_intents/${pi.id}/increment_authorization`, { amount: 2000 });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 'payment_intent_unexpected_state', payment_intent: { status: 'succeeded' } });
  });

  it('the Charges API: a token charged, held and captured; a decline names the charge', async () => {
    const held = await o.stripe.charges.create({ amount: 2500, currency: 'usd', source: 'tok_visa', capture: false });
    expect([held.captured, held.source?.object]).toEqual([false, 'card']);
    const captured = await o.stripe.charges.capture(held.id, { amount: 2000 });
    expect([captured.captured, captured.amount_captured]).toEqual([true, 2000]);
    const updated = await o.stripe.charges.update(held.id, { metadata: { order: '9' } });
    expect(updated.metadata).toEqual({ order: '9' });
    const declined = await post('/v1/charges', { amount: 2500, currency: 'usd', source: 'tok_visa_chargeDeclinedInsufficientFunds' });
    expect(declined.status).toBe(402);
    const failed = (await o.stripe.charges.list({ limit: 1 })).data[0]!;
    expect(declined.body).toEqual({
      error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.', charge: failed.id },
    });
  });

  it('customer balance transactions and /v1/balance/history', async () => {
    const customer = await o.stripe.customers.create({});
    const txn = await o.stripe.customers.createBalanceTransaction(customer.id, { amount: -700, currency: 'usd', description: 'Credit' });
    expect([txn.object, txn.ending_balance]).toEqual(['customer_balance_transaction', -700]);
    expect((await o.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ balance: -700, currency: 'usd' });
    const listed = await o.stripe.customers.listBalanceTransactions(customer.id);
    expect(listed.data.map((t) => t.id)).toEqual([txn.id]);
    await o.stripe.charges.create({ amount: 2500, currency: 'usd', source: 'tok_visa' });
    const history = await o.fetch('/v1/balance/history', { headers: { Authorization: `Bearer ${o.sim.secretKey}` } });
    expect((await history.json()).data[0]).toMatchObject({ type: 'charge', amount: 2500 });
  });
});
