/** Fixtures, disputes and request-log assertions. */
import { describe, expect, it } from 'vitest';
import { client, rejects, stateOf } from './helpers/sim.js';

describe('fixtures', () => {
  it('builds customers with cards, payments of every kind, available funds and an account in one call', async () => {
    const c = client();
    const f = c.sim.fixtures({
      customers: [{ email: 'ada@example.com', cards: ['pm_card_visa', 'pm_card_mastercard'] }, { email: 'bob@example.com' }],
      payments: [{ customer: 0, amount: 5000 }, { amount: 1200, refunded: 200 }, { amount: 3000, disputed: true }, { customer: 0, capture: 'manual' }],
      availableFunds: 10_000,
      connectedAccount: { email: 'seller@example.com' },
    });
    expect(f.customers.map((x) => x.email)).toEqual(['ada@example.com', 'bob@example.com']);
    expect(f.cards[0]!.map((p) => p.card.brand)).toEqual(['visa', 'mastercard']);
    expect(f.customers[0]!.invoice_settings.default_payment_method).toBe(f.cards[0]![0]!.id);
    expect(f.payments.map((p) => p.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'requires_capture']);
    expect(f.payments[0]!.customer).toBe(f.customers[0]!.id);
    const disputed = (await c.get(`/v1/charges/${f.payments[2]!.latest_charge}`)).body;
    expect(disputed.disputed).toBe(true);
    const [dispute] = (await c.get('/v1/disputes')).body.data;
    expect(dispute).toMatchObject({ object: 'dispute', charge: disputed.id, reason: 'fraudulent', status: 'needs_response' });
    const refundOfDisputed = await c.post('/v1/refunds', { charge: disputed.id });
    expect(refundOfDisputed.body.error).toMatchObject({ code: 'charge_disputed', message: `Charge ${disputed.id} has been charged back; cannot issue a refund.` });
    // The disputed 3,000 and the 15.00 dispute fee were withdrawn when the dispute opened.
    expect((await c.get('/v1/balance')).body.available[0].amount).toBeGreaterThanOrEqual(10_000 - 200 - 3000 - 1500);
    expect(f.account).toMatchObject({ object: 'account', email: 'seller@example.com' });
    expect((await c.post('/v1/transfers', { amount: 5000, currency: 'usd', destination: f.account!.id })).status).toBe(200);
  });

  it('says what went wrong in a fixture', () => {
    const c = client();
    expect(() => c.sim.fixtures({ payments: [{ customer: 3 }] })).toThrow('onerway-sim: fixtures: payments refer to customer 3, but there are 0 customers.');
    expect(() => c.sim.fixtures({ customers: [{ cards: ['pm_card_visa_chargeDeclined'] }] })).toThrow(/failed \(402\): Your card was declined\./);
  });
});

describe('request-log assertions', () => {
  it('finds the requests to a route with their parameters and idempotency keys', async () => {
    const c = client();
    const pi = (await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' })).body;
    await c.request('POST', `/v1/payment_intents/${pi.id}/capture?expand[]=latest_charge`, 'amount_to_capture=1500', {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Idempotency-Key': 'capture-1',
    });
    const captures = c.sim.requestsTo('POST', '/v1/payment_intents/:id/capture');
    expect(captures).toHaveLength(1);
    expect(captures[0]).toMatchObject({ status: 200, idempotencyKey: 'capture-1', params: { amount_to_capture: '1500', expand: ['latest_charge'] } });
    expect(c.sim.requestsTo('POST', /^\/v1\/payment_intents$/)[0]!.params).toMatchObject({ amount: 2000, confirm: true });
  });
});

describe('fixtures are all or nothing', () => {
  it('a spec that fails midway leaves nothing behind, in process and over HTTP', async () => {
    const c = client();
    const before = stateOf(c.sim);
    expect(() => c.sim.fixtures({ customers: [{ email: 'a@example.com' }, { email: 'b@example.com', cards: ['pm_card_nope'] }] })).toThrow(/pm_card_nope/);
    expect(stateOf(c.sim)).toBe(before);
    await rejects(c, () => c.post('/v1/test_helpers/fixtures', { customers: [{ email: 'a@example.com' }], payments: [{ amount: 100, currency: 'xyz' }] }), 400, {
      type: 'invalid_request_error',
      message: expect.stringMatching(/^onerway-sim: fixtures: POST \/v1\/payment_intents failed \(400\): Invalid currency: xyz/) as unknown as string,
    });
  });
});
