/** The Charges API for older integrations, the customer balance, and /v1/balance/history, through sim.fetch. */
import { describe, expect, it } from 'vitest';
import { EVENTS } from '../src/engine/events.js';
import { internalsOf } from '../src/internal.js';
import { client, rejects, type Client } from './helpers/sim.js';

function eventTypes(c: Client): string[] {
  const events = internalsOf(c.sim).engine.test.peek(EVENTS);
  return events ? events.order.values().map((r) => events.get(r.id)!.object.type) : [];
}

const charge = (c: Client, body: object = {}) => c.post('/v1/charges', { amount: 2000, currency: 'usd', source: 'tok_visa', ...body });

describe('POST /v1/charges', () => {
  it('charges a token: a succeeded, captured charge with its card source, booked in the balance', async () => {
    const c = client();
    const reply = await charge(c, { description: 'Order 7', metadata: { order: '7' }, receipt_email: 'jenny@example.com' });
    expect(reply.status).toBe(200);
    const ch = reply.body;
    expect(ch).toMatchObject({
      object: 'charge',
      amount: 2000,
      amount_captured: 2000,
      captured: true,
      paid: true,
      status: 'succeeded',
      payment_intent: null,
      description: 'Order 7',
      metadata: { order: '7' },
      receipt_email: 'jenny@example.com',
      transfer_data: null,
    });
    expect(ch.source).toMatchObject({ object: 'card', brand: 'Visa', last4: '4242', funding: 'credit', country: 'US', customer: null, cvc_check: 'pass' });
    expect(ch.source.id).toMatch(/^card_/);
    expect(ch.payment_method).toBe(ch.source.id);
    expect(ch.balance_transaction).toMatch(/^txn_/);
    expect((await c.get(`/v1/balance_transactions/${ch.balance_transaction}`)).body).toMatchObject({ amount: 2000, type: 'charge', source: ch.id });
    expect(eventTypes(c)).toEqual(['charge.succeeded']);
  });

  it('declines with 402 naming the failed charge, which is kept', async () => {
    const c = client();
    const reply = await charge(c, { source: 'tok_visa_chargeDeclined' });
    expect(reply.status).toBe(402);
    const failed = (await c.get('/v1/charges')).body.data[0];
    expect(reply.body).toEqual({ error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', charge: failed.id } });
    expect(failed).toMatchObject({ status: 'failed', paid: false, failure_code: 'card_declined', balance_transaction: null });
    expect(eventTypes(c)).toEqual(['charge.failed']);
    const auth = await charge(c, { source: 'tok_authenticationRequired' });
    expect(auth.body.error).toMatchObject({ code: 'authentication_required', decline_code: 'authentication_required' });
  });

  it('charges a customer\'s attached card PaymentMethod', async () => {
    const c = client();
    const cus = (await c.post('/v1/customers', {})).body.id;
    const pm = (await c.post('/v1/payment_methods', { type: 'card', card: { token: 'tok_mastercard' } })).body.id;
    await c.post(`/v1/payment_methods/${pm}/attach`, { customer: cus });
    const ch = (await charge(c, { source: pm, customer: cus })).body;
    expect(ch).toMatchObject({ status: 'succeeded', customer: cus, payment_method: pm, source: null });
    expect(ch.payment_method_details.card.brand).toBe('mastercard');
  });

  it('refuses what the live API refuses, changing nothing', async () => {
    const c = client();
    const cus = (await c.post('/v1/customers', {})).body.id;
    await rejects(c, () => c.post('/v1/charges', { amount: 2000, currency: 'usd' }), 400, { type: 'invalid_request_error', message: 'Must provide source or customer.' });
    await rejects(c, () => c.post('/v1/charges', { amount: 2000, currency: 'usd', customer: cus }), 400, {
      type: 'invalid_request_error',
      code: 'missing',
      message: 'Cannot charge a customer that has no active card',
      param: 'card',
    });
    await rejects(c, () => charge(c, { customer: cus }), 400, {
      type: 'invalid_request_error',
      code: 'missing',
      message: `Customer ${cus} does not have a linked source with ID tok_visa.`,
      param: 'source',
    });
    await rejects(c, () => charge(c, { source: 'tok_nope' }), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: expect.stringMatching(/^No such token: 'tok_nope'/),
      param: 'source',
    });
    await rejects(c, () => charge(c, { application_fee_amount: 100 }), 400, {
      type: 'invalid_request_error',
      message: 'Can only apply an application_fee_amount when the request is made on behalf of another account (using an OAuth key, the Onerway-Account header, or the destination parameter).',
      param: 'application_fee_amount',
    });
    await rejects(c, () => charge(c, { amount: 10 }), 400, {
      type: 'invalid_request_error',
      code: 'amount_too_small',
      message: 'Amount must be at least $0.50 usd',
      param: 'amount',
    });
  });
});

describe('authorize now, capture later', () => {
  it('capture=false holds the amount; a partial capture books it and releases the rest', async () => {
    const c = client();
    const held = (await charge(c, { capture: false })).body;
    expect(held).toMatchObject({ captured: false, amount_captured: 0, balance_transaction: null, status: 'succeeded' });
    expect(held.payment_method_details.card.capture_before).toBe(held.created + 7 * 86_400);
    const captured = await c.post(`/v1/charges/${held.id}/capture`, { amount: 1500 });
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({ captured: true, amount_captured: 1500, amount_refunded: 500 });
    expect(captured.body.payment_method_details.card).not.toHaveProperty('capture_before');
    await rejects(c, () => c.post(`/v1/charges/${held.id}/capture`), 400, {
      type: 'invalid_request_error',
      code: 'charge_already_captured',
      message: `Charge ${held.id} has already been captured.`,
    });
    expect(eventTypes(c)).toEqual(['charge.succeeded', 'charge.captured']);
  });

  it('an authorization not captured in 7 days expires', async () => {
    const c = client();
    const held = (await charge(c, { capture: false })).body;
    c.sim.clock.advance('7d');
    await c.sim.flush();
    const after = (await c.get(`/v1/charges/${held.id}`)).body;
    expect(after).toMatchObject({ captured: false, refunded: true, amount_refunded: 2000 });
    expect(eventTypes(c).at(-1)).toBe('charge.expired');
    await rejects(c, () => c.post(`/v1/charges/${held.id}/capture`), 400, {
      type: 'invalid_request_error',
      code: 'charge_expired_for_capture',
      message: `Charge ${held.id} has expired or been refunded and can no longer be captured.`,
    });
  });

  it('refunding an uncaptured charge releases the whole authorization without moving money', async () => {
    const c = client();
    const held = (await charge(c, { capture: false })).body;
    await rejects(c, () => c.post('/v1/refunds', { charge: held.id, amount: 500 }), 400, {
      type: 'invalid_request_error',
      message: `onerway-sim: charge ${held.id} is not captured, so a refund releases its whole authorization ($20.00); leave out amount, or capture first and refund part.`,
      param: 'amount',
    });
    const refund = (await c.post('/v1/refunds', { charge: held.id })).body;
    expect(refund).toMatchObject({ amount: 2000, balance_transaction: null, status: 'succeeded', payment_intent: null });
    expect((await c.get(`/v1/charges/${held.id}`)).body).toMatchObject({ refunded: true, amount_refunded: 2000, captured: false });
    expect((await c.get('/v1/balance')).body).toEqual((await client().get('/v1/balance')).body);
  });

  it('refunds, disputes and updates work on Charges API charges as on PaymentIntent charges', async () => {
    const c = client();
    const ch = (await charge(c)).body;
    const refund = (await c.post('/v1/refunds', { charge: ch.id, amount: 500 })).body;
    expect(refund).toMatchObject({ amount: 500, status: 'succeeded', charge: ch.id });
    const updated = await c.post(`/v1/charges/${ch.id}`, { description: 'Renamed', metadata: { k: 'v' } });
    expect(updated.body).toMatchObject({ description: 'Renamed', metadata: { k: 'v' }, amount_refunded: 500 });
    const disputed = (await charge(c, { source: 'tok_createDispute' })).body;
    const dispute = (await c.get('/v1/disputes')).body.data[0];
    expect(dispute).toMatchObject({ charge: disputed.id, payment_intent: null, reason: 'fraudulent' });
  });
});

describe('destination charges', () => {
  it('sends the transfer_data amount to the connected account from the captured money', async () => {
    const c = client();
    const acct = (await c.post('/v1/accounts', { type: 'custom' })).body.id;
    const ch = (await charge(c, { transfer_data: { destination: acct, amount: 1500 } })).body;
    expect(ch.transfer_data).toEqual({ amount: 1500, destination: acct });
    const transfer = (await c.get(`/v1/transfers/${ch.transfer}`)).body;
    expect(transfer).toMatchObject({ amount: 1500, destination: acct, source_transaction: ch.id });
    const theirs = (await c.get('/v1/balance', { 'Onerway-Account': acct })).body;
    expect(theirs.pending).toEqual([{ amount: 1500, currency: 'usd', source_types: { card: 1500 } }]);
    await rejects(c, () => charge(c, { transfer_data: { destination: 'acct_nope' } }), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: "No such destination: 'acct_nope'",
      param: 'transfer_data[destination]',
    });
  });
});

describe('customer balance', () => {
  it('credits and debits the customer, sets its currency, and lists the ledger', async () => {
    const c = client();
    const cus = (await c.post('/v1/customers', {})).body.id;
    const credit = (await c.post(`/v1/customers/${cus}/balance_transactions`, { amount: -500, currency: 'usd', description: 'Goodwill' })).body;
    expect(credit).toEqual({
      id: credit.id,
      object: 'customer_balance_transaction',
      amount: -500,
      created: credit.created,
      credit_note: null,
      currency: 'usd',
      customer: cus,
      description: 'Goodwill',
      ending_balance: -500,
      invoice: null,
      livemode: false,
      metadata: {},
      type: 'adjustment',
    });
    expect(credit.id).toMatch(/^cbtxn_/);
    const debit = (await c.post(`/v1/customers/${cus}/balance_transactions`, { amount: 200, currency: 'usd' })).body;
    expect(debit.ending_balance).toBe(-300);
    expect((await c.get(`/v1/customers/${cus}`)).body).toMatchObject({ balance: -300, currency: 'usd' });
    const listed = (await c.get(`/v1/customers/${cus}/balance_transactions`)).body;
    expect(listed).toMatchObject({ object: 'list', url: `/v1/customers/${cus}/balance_transactions`, has_more: false });
    expect(listed.data.map((t: { id: string }) => t.id)).toEqual([debit.id, credit.id]);
    expect((await c.post(`/v1/customers/${cus}/balance_transactions/${credit.id}`, { metadata: { ticket: '9' } })).body.metadata).toEqual({ ticket: '9' });
    expect((await c.get(`/v1/customers/${cus}/balance_transactions/${credit.id}`)).body.metadata).toEqual({ ticket: '9' });
    expect(eventTypes(c).filter((t) => t === 'customer.updated')).toHaveLength(2);
  });

  it('refuses another currency, a zero amount and an unknown transaction, changing nothing', async () => {
    const c = client();
    const cus = (await c.post('/v1/customers', {})).body.id;
    await c.post(`/v1/customers/${cus}/balance_transactions`, { amount: 100, currency: 'usd' });
    await rejects(c, () => c.post(`/v1/customers/${cus}/balance_transactions`, { amount: 100, currency: 'eur' }), 400, {
      type: 'invalid_request_error',
      message: "The currency of a customer balance transaction (eur) must match the customer's currency (usd).",
      param: 'currency',
    });
    await rejects(c, () => c.post(`/v1/customers/${cus}/balance_transactions`, { amount: 0, currency: 'usd' }), 400, {
      type: 'invalid_request_error',
      message: 'The amount of a customer balance transaction must not be zero.',
      param: 'amount',
    });
    await rejects(c, () => c.get(`/v1/customers/${cus}/balance_transactions/cbtxn_nope`), 404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: "No such customer balance transaction: 'cbtxn_nope'",
      param: 'id',
    });
  });
});

describe('/v1/balance/history', () => {
  it('answers as /v1/balance_transactions does, under its own url', async () => {
    const c = client();
    const ch = (await charge(c)).body;
    const history = (await c.get('/v1/balance/history')).body;
    const txns = (await c.get('/v1/balance_transactions')).body;
    expect(history.data).toEqual(txns.data);
    expect(history.url).toBe('/v1/balance/history');
    expect((await c.get(`/v1/balance/history/${ch.balance_transaction}`)).body.id).toBe(ch.balance_transaction);
  });
});

describe('the exact body', () => {
  it('a token charged through the Charges API, with the seed and clock fixed', async () => {
    const c = client({ seed: 'legacy', now: '2025-06-02T10:00:00Z' });
    const reply = await charge(c, { description: 'Order 7' });
    expect(reply.body).toEqual({
  "id": "ch_JbVT15pOoTQc5Z8rLRGZMbbp",
  "object": "charge",
  "amount": 2000,
  "amount_captured": 2000,
  "amount_refunded": 0,
  "application": null,
  "application_fee": null,
  "application_fee_amount": null,
  "balance_transaction": "txn_7UUpidurvQxqvMnkpDpKlFRS",
  "billing_details": {
    "address": {
      "city": null,
      "country": null,
      "line1": null,
      "line2": null,
      "postal_code": null,
      "state": null
    },
    "email": null,
    "name": null,
    "phone": null,
    "tax_id": null
  },
  "calculated_statement_descriptor": "ONERWAY SIM",
  "captured": true,
  "created": 1748858400,
  "currency": "usd",
  "customer": null,
  "description": "Order 7",
  "disputed": false,
  "failure_balance_transaction": null,
  "failure_code": null,
  "failure_message": null,
  "fraud_details": {},
  "livemode": false,
  "metadata": {},
  "on_behalf_of": null,
  "outcome": {
    "network_status": "approved_by_network",
    "reason": null,
    "risk_level": "normal",
    "risk_score": 35,
    "seller_message": "Payment complete.",
    "type": "authorized"
  },
  "paid": true,
  "payment_intent": null,
  "payment_method": "card_8wF66zM7wL9aEfPi4R1LL2Q7",
  "payment_method_details": {
    "card": {
      "amount_authorized": 2000,
      "brand": "visa",
      "checks": {
        "address_line1_check": null,
        "address_postal_code_check": null,
        "cvc_check": "pass"
      },
      "country": "US",
      "exp_month": 12,
      "exp_year": 2028,
      "fingerprint": "b3nJeunslJgvEZSz",
      "funding": "credit",
      "last4": "4242",
      "network": "visa",
      "incremental_authorization": {
        "status": "unavailable"
      },
      "three_d_secure": null
    },
    "type": "card"
  },
  "receipt_email": null,
  "receipt_number": null,
  "refunded": false,
  "review": null,
  "shipping": null,
  "source": {
    "id": "card_8wF66zM7wL9aEfPi4R1LL2Q7",
    "object": "card",
    "address_city": null,
    "address_country": null,
    "address_line1": null,
    "address_line1_check": null,
    "address_line2": null,
    "address_state": null,
    "address_zip": null,
    "address_zip_check": null,
    "brand": "Visa",
    "country": "US",
    "customer": null,
    "cvc_check": "pass",
    "dynamic_last4": null,
    "exp_month": 12,
    "exp_year": 2028,
    "fingerprint": "b3nJeunslJgvEZSz",
    "funding": "credit",
    "last4": "4242",
    "metadata": {},
    "name": null,
    "tokenization_method": null
  },
  "source_transfer": null,
  "statement_descriptor": null,
  "statement_descriptor_suffix": null,
  "status": "succeeded",
  "transfer_data": null,
  "transfer_group": null
});
  });
});

describe('direct charges on a connected account', () => {
  it('take application_fee_amount, which the platform collects', async () => {
    const c = client();
    const acct = (await c.post('/v1/accounts', { type: 'standard' })).body.id;
    const ch = (await charge(c, { application_fee_amount: 300 })).body;
    expect(ch.error).toBeDefined();
    const direct = await c.post('/v1/charges', { amount: 2000, currency: 'usd', source: 'tok_visa', application_fee_amount: 300 }, { 'Onerway-Account': acct });
    expect(direct.status).toBe(200);
    expect(direct.body.application_fee).toMatch(/^fee_/);
    const fees = (await c.get('/v1/application_fees')).body.data;
    expect(fees.map((f: { amount: number; charge: string; account: string }) => [f.amount, f.charge, f.account])).toEqual([[300, direct.body.id, acct]]);
  });
});
