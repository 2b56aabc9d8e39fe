/** Refunds through sim.fetch: full, partial until exhausted, every error of reference §5.3, refund cards. */
import { describe, expect, it } from 'vitest';
import { client, rejects, type Client } from './helpers/sim.js';

async function paid(c: Client, pm = 'pm_card_visa', amount = 2000) {
  return (await c.post('/v1/payment_intents', { amount, currency: 'usd', payment_method: pm, confirm: true })).body;
}

describe('refunds', () => {
  it('refunds in parts until the charge is exhausted, debiting the balance', async () => {
    const c = client();
    const pi = await paid(c);
    const first = await c.post('/v1/refunds', { payment_intent: pi.id, amount: 500, reason: 'requested_by_customer', metadata: { ticket: '7' } });
    expect(first.body).toMatchObject({ object: 'refund', amount: 500, status: 'succeeded', charge: pi.latest_charge, payment_intent: pi.id, reason: 'requested_by_customer' });
    expect(first.body).not.toHaveProperty('livemode');
    const second = await c.post('/v1/refunds', { charge: pi.latest_charge });
    expect(second.body.amount).toBe(1500);
    const charge = (await c.get(`/v1/charges/${pi.latest_charge}`)).body;
    expect(charge).toMatchObject({ amount_refunded: 2000, refunded: true });
    const txn = (await c.get(`/v1/balance_transactions/${second.body.balance_transaction}`)).body;
    expect(txn).toMatchObject({ amount: -1500, fee: 0, net: -1500, type: 'refund', status: 'available', description: 'REFUND FOR CHARGE (Payment)' });
    const balance = (await c.get('/v1/balance')).body;
    // 1912 pending from the charge, 2000 refunded from available.
    expect([balance.pending[0].amount, balance.available[0].amount]).toEqual([1912, -2000]);
    expect((await c.get(`/v1/payment_intents/${pi.id}`)).body).toMatchObject({ status: 'succeeded', amount_received: 2000 });
    const listed = (await c.get(`/v1/refunds?payment_intent=${pi.id}`)).body;
    expect(listed.data.map((r: { id: string }) => r.id)).toEqual([second.body.id, first.body.id]);
    const updated = await c.post(`/v1/refunds/${first.body.id}`, { metadata: { ticket: '8' } });
    expect(updated.body.metadata).toEqual({ ticket: '8' });
  });

  it('after a partial capture only the captured amount can be refunded', async () => {
    const c = client();
    const pi = (await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' })).body;
    await c.post(`/v1/payment_intents/${pi.id}/capture`, { amount_to_capture: 1200 });
    await rejects(c, () => c.post('/v1/refunds', { payment_intent: pi.id, amount: 1300 }), 400, {
      type: 'invalid_request_error',
      param: 'amount',
      message: 'Refund amount ($13.00) is greater than charge amount ($12.00)',
    });
    await c.post('/v1/refunds', { payment_intent: pi.id });
    expect((await c.get(`/v1/charges/${pi.latest_charge}`)).body).toMatchObject({ amount_refunded: 2000, refunded: true, amount_captured: 1200 });
  });

  it('every error of reference §5.3, each changing nothing', async () => {
    const c = client();
    const pi = await paid(c, 'pm_card_visa', 100);
    await rejects(c, () => c.post('/v1/refunds', { payment_intent: pi.id, amount: 150 }), 400, {
      type: 'invalid_request_error',
      param: 'amount',
      message: 'Refund amount ($1.50) is greater than charge amount ($1.00)',
    });
    await c.post('/v1/refunds', { payment_intent: pi.id, amount: 100 });
    await rejects(c, () => c.post('/v1/refunds', { charge: pi.latest_charge }), 400, {
      type: 'invalid_request_error',
      code: 'charge_already_refunded',
      message: `Charge ${pi.latest_charge} has already been refunded.`,
    });
    const other = await paid(c, 'pm_card_visa', 3000);
    await c.post('/v1/refunds', { payment_intent: other.id, amount: 1000 });
    await rejects(c, () => c.post('/v1/refunds', { payment_intent: other.id, amount: 2500 }), 400, {
      type: 'invalid_request_error',
      param: 'amount',
      message: 'Refund amount ($25.00) is greater than unrefunded amount on charge ($20.00)',
    });
    const open = (await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd' })).body;
    await rejects(c, () => c.post('/v1/refunds', { payment_intent: open.id }), 400, {
      type: 'invalid_request_error',
      message: `This PaymentIntent (${open.id}) does not have a successful charge to refund.`,
    });
    const held = (await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' })).body;
    const uncaptured = `This uncaptured Charge was created by a PaymentIntent (${held.id}). You must cancel the PaymentIntent to reverse the authorization instead of refunding the Charge directly. For more information, see https://stripe.com/docs/payments/place-a-hold-on-a-payment-method`;
    await rejects(c, () => c.post('/v1/refunds', { payment_intent: held.id }), 400, { type: 'invalid_request_error', message: uncaptured });
    await rejects(c, () => c.post('/v1/refunds', { charge: held.latest_charge }), 400, { type: 'invalid_request_error', message: uncaptured });
    await rejects(c, () => c.post('/v1/refunds', {}), 400, {
      type: 'invalid_request_error',
      message: 'One of the following params should be provided for this request: payment_intent or charge.',
    });
    await rejects(c, () => c.post('/v1/refunds', { payment_intent: other.id, charge: other.latest_charge }), 400, {
      type: 'invalid_request_error',
      param: 'charge',
      message: 'You may only specify one of these parameters: charge, payment_intent.',
    });
    await rejects(c, () => c.post('/v1/refunds', { payment_intent: other.id, amount: 0 }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      param: 'amount',
      message: 'This value must be greater than or equal to 1.',
    });
    await rejects(c, () => c.post('/v1/refunds', { charge: 'ch_nope' }), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'charge',
      message: "No such charge: 'ch_nope'",
    });
    await rejects(c, () => c.post('/v1/refunds', { payment_intent: 'pi_nope' }), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'payment_intent',
      message: "No such payment_intent: 'pi_nope'",
    });
    await rejects(c, () => c.get('/v1/refunds/re_nope'), 404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: "No such refund: 're_nope'",
    });
    await rejects(c, () => c.post('/v1/refunds', { payment_intent: other.id, reason: 'changed_mind' }), 400, {
      type: 'invalid_request_error',
      param: 'reason',
      message: 'Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer',
    });
    const refund = (await c.get(`/v1/refunds?payment_intent=${other.id}`)).body.data[0].id;
    await rejects(c, () => c.post(`/v1/refunds/${refund}/cancel`), 400, { type: 'invalid_request_error', message: 'Canceling this refund is unsupported.' });
  });

  it('the pending-refund card starts pending; the failing-refund card starts succeeded', async () => {
    const c = client();
    const pending = await paid(c, 'pm_card_pendingRefund');
    expect((await c.post('/v1/refunds', { payment_intent: pending.id })).body).toMatchObject({ status: 'pending', pending_reason: 'processing' });
    const failing = await paid(c, 'pm_card_refundFail');
    const refund = (await c.post('/v1/refunds', { payment_intent: failing.id })).body;
    expect(refund).toMatchObject({ status: 'succeeded' });
    // Left out, not null, until they apply (the published description marks them optional).
    for (const key of ['failure_reason', 'failure_balance_transaction', 'instructions_email', 'next_action']) expect(refund).not.toHaveProperty(key);
  });
});
