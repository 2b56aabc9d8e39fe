/** Incremental authorization and `capture_before` through sim.fetch. */
import { describe, expect, it } from 'vitest';
import { client, rejects, type Client } from './helpers/sim.js';

const authorize = (c: Client, extra: object = {}) =>
  c.post('/v1/payment_intents', {
    amount: 1000,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    capture_method: 'manual',
    confirm: true,
    payment_method_options: { card: { request_incremental_authorization: 'if_available' } },
    ...extra,
  });

describe('increment_authorization', () => {
  it('raises the authorized amount, then the capture takes the new amount', async () => {
    const c = client();
    const pi = (await authorize(c)).body;
    expect(pi.payment_method_options.card.request_incremental_authorization).toBe('if_available');
    const charge = (await c.get(`/v1/charges/${pi.latest_charge}`)).body;
    expect(charge.payment_method_details.card.incremental_authorization).toEqual({ status: 'available' });
    expect(charge.payment_method_details.card.capture_before).toBe(charge.created + 7 * 86_400);
    const raised = await c.post(`/v1/payment_intents/${pi.id}/increment_authorization`, { amount: 1500, metadata: { tip: 'yes' } });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ amount: 1500, amount_capturable: 1500, status: 'requires_capture', metadata: { tip: 'yes' } });
    const after = (await c.get(`/v1/charges/${pi.latest_charge}`)).body;
    expect([after.amount, after.payment_method_details.card.amount_authorized]).toEqual([1500, 1500]);
    const captured = (await c.post(`/v1/payment_intents/${pi.id}/capture`)).body;
    expect([captured.status, captured.amount_received]).toEqual(['succeeded', 1500]);
    const settled = (await c.get(`/v1/charges/${pi.latest_charge}`)).body;
    expect(settled).toMatchObject({ amount_captured: 1500, amount_refunded: 0, captured: true });
    expect(settled.payment_method_details.card).not.toHaveProperty('capture_before');
  });

  it('refuses a PaymentIntent that is not awaiting capture, and changes nothing', async () => {
    const c = client();
    const pi = (await authorize(c, { capture_method: 'automatic' })).body;
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/increment_authorization`, { amount: 2000 }), 400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message:
        "This PaymentIntent's authorization could not be incremented because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be incremented: requires_capture.",
      payment_intent: pi,
    });
  });

  it('refuses an authorization that did not ask for it, an amount not above the current one, and a missing amount', async () => {
    const c = client();
    const plain = (await authorize(c, { payment_method_options: {} })).body;
    await rejects(c, () => c.post(`/v1/payment_intents/${plain.id}/increment_authorization`, { amount: 2000 }), 400, {
      type: 'invalid_request_error',
      message: `This PaymentIntent's authorization cannot be incremented: its charge ${plain.latest_charge} has incremental_authorization.status unavailable. Confirm the PaymentIntent with payment_method_options[card][request_incremental_authorization]=if_available and a Visa, Mastercard, American Express, Discover or UnionPay card.`,
    });
    const pi = (await authorize(c)).body;
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/increment_authorization`, { amount: 1000 }), 400, {
      type: 'invalid_request_error',
      message: 'The amount must be greater than the currently authorized amount (1000).',
      param: 'amount',
    });
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/increment_authorization`, {}), 400, {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      message: 'Missing required param: amount.',
      param: 'amount',
    });
  });

  it('allows 10 attempts per PaymentIntent, as the live API does', async () => {
    const c = client();
    const pi = (await authorize(c)).body;
    for (let i = 1; i <= 10; i++) expect((await c.post(`/v1/payment_intents/${pi.id}/increment_authorization`, { amount: 1000 + i * 100 })).status).toBe(200);
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/increment_authorization`, { amount: 5000 }), 400, {
      type: 'invalid_request_error',
      message: 'This PaymentIntent has reached the maximum of 10 incremental authorization attempts.',
    });
  });
});
