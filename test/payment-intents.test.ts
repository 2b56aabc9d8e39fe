/** PaymentIntents through sim.fetch: transitions, events, wrong-state errors, ownership, keys. */
import { describe, expect, it } from 'vitest';
import { EVENTS, type OnerwayEvent } from '../src/engine/events.js';
import { client, rejects, type Client } from './helpers/sim.js';
import { internalsOf } from '../src/internal.js';

function eventTypes(c: Client): string[] {
  const events = internalsOf(c.sim).engine.test.peek(EVENTS);
  return events ? events.order.values().map((r) => events.get(r.id)!.object.type) : [];
}

const create = (c: Client, body: object) => c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', ...body });

describe('the happy paths', () => {
  it('create → requires_payment_method; with a method → requires_confirmation; confirm → succeeded', async () => {
    const c = client();
    const bare = await create(c, {});
    expect(bare.body).toMatchObject({ status: 'requires_payment_method', amount_received: 0, capture_method: 'automatic_async', latest_charge: null });
    expect(bare.body.client_secret).toMatch(new RegExp(`^${bare.body.id}_secret_[0-9A-Za-z]{24}$`));
    const updated = await c.post(`/v1/payment_intents/${bare.body.id}`, { payment_method: 'pm_card_visa' });
    expect(updated.body.status).toBe('requires_confirmation');
    const confirmed = await c.post(`/v1/payment_intents/${bare.body.id}/confirm`);
    expect(confirmed.body).toMatchObject({ status: 'succeeded', amount_received: 2000, amount_capturable: 0, last_payment_error: null });
    expect(eventTypes(c)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'charge.updated']);
    const charge = (await c.get(`/v1/charges/${confirmed.body.latest_charge}`)).body;
    expect(charge).toMatchObject({ status: 'succeeded', paid: true, captured: true, amount_captured: 2000, amount_refunded: 0, refunded: false });
    expect(charge.outcome).toMatchObject({ network_status: 'approved_by_network', type: 'authorized', seller_message: 'Payment complete.' });
  });

  it('books a pending balance transaction with the fee, available two days later at 00:00 UTC', async () => {
    const c = client({ now: '2025-03-10T15:30:00Z' });
    const pi = (await create(c, { payment_method: 'pm_card_visa', confirm: true })).body;
    const charge = (await c.get(`/v1/charges/${pi.latest_charge}?expand[]=balance_transaction`)).body;
    expect(charge.balance_transaction).toMatchObject({
      amount: 2000,
      fee: 88,
      net: 1912,
      status: 'pending',
      type: 'charge',
      available_on: Date.parse('2025-03-12T00:00:00Z') / 1000,
    });
    const instant = (await create(c, { payment_method: 'pm_card_bypassPending', confirm: true })).body;
    const instantTxn = (await c.get(`/v1/charges/${instant.latest_charge}?expand[]=balance_transaction`)).body.balance_transaction;
    expect(instantTxn.status).toBe('available');
    const balance = (await c.get('/v1/balance')).body;
    expect(balance.pending).toEqual([{ amount: 1912, currency: 'usd', source_types: { card: 1912 } }]);
    expect(balance.available).toEqual([{ amount: 1912, currency: 'usd', source_types: { card: 1912 } }]);
    const txns = (await c.get('/v1/balance_transactions?type=charge&limit=1')).body;
    expect(txns.data).toHaveLength(1);
    expect(txns.has_more).toBe(true);
  });

  it('manual capture: authorize, capture part, and the rest is released', async () => {
    const c = client();
    const pi = (await create(c, { payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' })).body;
    expect(pi).toMatchObject({ status: 'requires_capture', amount_capturable: 2000, amount_received: 0 });
    const auth = (await c.get(`/v1/charges/${pi.latest_charge}`)).body;
    expect(auth).toMatchObject({ captured: false, amount_captured: 0, balance_transaction: null });
    expect(auth.payment_method_details.card.capture_before).toBe(auth.created + 7 * 86400);
    const captured = await c.post(`/v1/payment_intents/${pi.id}/capture`, { amount_to_capture: 1500 });
    expect(captured.body).toMatchObject({ status: 'succeeded', amount_received: 1500, amount_capturable: 0 });
    const charge = (await c.get(`/v1/charges/${pi.latest_charge}`)).body;
    expect(charge).toMatchObject({ captured: true, amount_captured: 1500, amount_refunded: 500, refunded: false });
    expect(eventTypes(c).slice(1)).toEqual(['charge.succeeded', 'payment_intent.amount_capturable_updated', 'charge.captured', 'payment_intent.succeeded']);
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/capture`), 400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: 'The remaining amount on this PaymentIntent could not be captured because the remainder of the authorized amount has been released.',
      payment_intent: captured.body,
    });
  });

  it('cancel releases an authorization', async () => {
    const c = client();
    const pi = (await create(c, { payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' })).body;
    const canceled = await c.post(`/v1/payment_intents/${pi.id}/cancel`, { cancellation_reason: 'requested_by_customer' });
    expect(canceled.body).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer', amount_capturable: 0 });
    expect(canceled.body.canceled_at).toBe(canceled.body.created);
    expect((await c.get(`/v1/charges/${pi.latest_charge}`)).body).toMatchObject({ refunded: true, amount_refunded: 2000 });
    expect(eventTypes(c).slice(-2)).toEqual(['charge.refunded', 'payment_intent.canceled']);
  });

  it('a 3DS card: requires_action with next_action, then the test helper completes it', async () => {
    const c = client();
    const pi = (await create(c, { payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: 'https://shop.example/done' })).body;
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action).toEqual({
      type: 'redirect_to_url',
      redirect_to_url: { url: expect.stringMatching(/^https:\/\/hooks\.onerway\.com\/3d_secure_2\/hosted\?payment_intent=pi_\w+&source=src_\w+$/), return_url: 'https://shop.example/done' },
    });
    expect(pi.latest_charge).toBeNull();
    const done = c.sim.authenticatePaymentIntent(pi.id);
    expect(done).toMatchObject({ status: 'succeeded', next_action: null });
    const charge = (await c.get(`/v1/charges/${done.latest_charge}`)).body;
    expect(charge.payment_method_details.card.three_d_secure).toMatchObject({ result: 'authenticated' });
    expect(eventTypes(c)).toEqual(['payment_intent.created', 'payment_intent.requires_action', 'charge.succeeded', 'payment_intent.succeeded', 'charge.updated']);
  });

  it('a failed authentication leaves the PaymentIntent needing a new method', async () => {
    const c = client();
    const pi = (await create(c, { payment_method: 'pm_card_authenticationRequired', confirm: true })).body;
    const failed = await c.post(`/v1/test_helpers/payment_intents/${pi.id}/authenticate`, { outcome: 'failure' });
    expect(failed.body).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      last_payment_error: {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
      },
    });
    await rejects(c, () => c.post(`/v1/test_helpers/payment_intents/${pi.id}/authenticate`), 400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message:
        'onerway-sim: this PaymentIntent is not waiting for 3D Secure authentication: its status is requires_payment_method. Only a PaymentIntent in requires_action can be authenticated; confirm it first with a 3D Secure test card such as pm_card_threeDSecure2Required.',
      payment_intent: failed.body,
    });
  });

  it('manual confirmation: after authentication the PaymentIntent waits for confirm', async () => {
    const c = client();
    const pi = (await create(c, { payment_method: 'pm_card_threeDSecure2Required', confirm: true, confirmation_method: 'manual' })).body;
    expect(c.sim.authenticatePaymentIntent(pi.id).status).toBe('requires_confirmation');
    expect((await c.post(`/v1/payment_intents/${pi.id}/confirm`)).body.status).toBe('succeeded');
  });

  it('setup_future_usage saves the card to the customer, and the saved 3155 card then works off session', async () => {
    const c = client();
    const customer = (await c.post('/v1/customers', {})).body.id;
    const first = (await create(c, { customer, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true, setup_future_usage: 'off_session' })).body;
    const pm = first.payment_method;
    c.sim.authenticatePaymentIntent(first.id);
    expect((await c.get(`/v1/payment_methods/${pm}`)).body.customer).toBe(customer);
    const later = await create(c, { customer, payment_method: pm, confirm: true, off_session: true });
    expect(later.body.status).toBe('succeeded');
  });

  it('inline payment_method_data creates the card', async () => {
    const c = client();
    const pi = await create(c, {
      confirm: true,
      payment_method_data: { type: 'card', card: { number: '5555555555554444', exp_month: 1, exp_year: 2031, cvc: '314' } },
    });
    expect(pi.body.status).toBe('succeeded');
    expect((await c.get(`/v1/payment_methods/${pi.body.payment_method}`)).body.card.last4).toBe('4444');
  });

  it('lists by status and customer, newest first, and expands', async () => {
    const c = client();
    const customer = (await c.post('/v1/customers', { email: 'x@example.com' })).body.id;
    const a = (await create(c, { customer, payment_method: 'pm_card_visa', confirm: true })).body.id;
    await create(c, {});
    const b = (await create(c, { customer })).body.id;
    expect((await c.get(`/v1/payment_intents?customer=${customer}`)).body.data.map((p: { id: string }) => p.id)).toEqual([b, a]);
    expect((await c.get('/v1/payment_intents?status=succeeded')).body.data.map((p: { id: string }) => p.id)).toEqual([a]);
    const expanded = (await c.get(`/v1/payment_intents/${a}?expand[]=customer&expand[]=latest_charge&expand[]=payment_method`)).body;
    expect([expanded.customer.email, expanded.latest_charge.object, expanded.payment_method.object]).toEqual(['x@example.com', 'charge', 'payment_method']);
    const listed = (await c.get(`/v1/payment_intents?customer=${customer}&expand[]=data.latest_charge`)).body;
    expect(listed.data[1].latest_charge.object).toBe('charge');
  });

  it('automatic_async announces the charge before its balance transaction (and application fee) were linked', async () => {
    const c = client();
    const acct = (await c.post('/v1/accounts', { type: 'standard' })).body.id;
    for (const [headers, fee] of [[{}, undefined], [{ 'Onerway-Account': acct }, 300]] as const) {
      const pi = (await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, ...(fee && { application_fee_amount: fee }) }, headers)).body;
      expect(pi.capture_method).toBe('automatic_async');
      const charge = (await c.get(`/v1/charges/${pi.latest_charge}`, headers)).body;
      expect(charge.balance_transaction).toMatch(/^txn_/);
      if (fee) expect(charge.application_fee).toMatch(/^fee_/);
      const events = (await c.get(`/v1/events?type=charge.*`, headers)).body.data as OnerwayEvent[];
      const [updated, succeeded] = events.filter((e) => (e.data.object as { id: string }).id === charge.id);
      expect([succeeded!.type, updated!.type]).toEqual(['charge.succeeded', 'charge.updated']);
      const before = { ...charge, balance_transaction: null, ...(fee && { application_fee: null }) };
      // The same keys in the same order as the charge: the event shows it as it then was.
      expect(JSON.stringify(succeeded!.data.object)).toBe(JSON.stringify(before));
      expect(updated!.data).toEqual({ object: charge, previous_attributes: { balance_transaction: null } });
    }
  });

  it('version 2024-06-01 embeds charges and defaults to automatic capture', async () => {
    const c = client();
    const old = { 'Onerway-Version': '2024-06-01' };
    const pi = await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, old);
    expect(pi.body.capture_method).toBe('automatic');
    expect(pi.body.charges).toMatchObject({ object: 'list', total_count: 1, has_more: false, url: `/v1/charges?payment_intent=${pi.body.id}` });
    expect(pi.body.charges.data[0].id).toBe(pi.body.latest_charge);
    const now = await c.get(`/v1/payment_intents/${pi.body.id}`);
    expect(now.body).not.toHaveProperty('charges');
    // The default version's events are recorded without the async charge.updated of automatic_async.
    expect(eventTypes(c)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
  });

  it('payment_intent.created shows the PaymentIntent as it was created, when it was confirmed at once', async () => {
    const c = client();
    const paid = (await create(c, { payment_method: 'pm_card_visa', confirm: true })).body;
    const declined = (await create(c, { payment_method: 'pm_card_visa_chargeDeclined', confirm: true })).body.error.payment_intent;
    // Two more paid alike, the second after a decline: what they had before is the same as the first's.
    const alike = [(await create(c, { payment_method: 'pm_card_mastercard', confirm: true })).body, (await create(c, { payment_method: 'pm_card_visa', confirm: true, amount: 999 })).body];
    const events = (await c.get('/v1/events?type=payment_intent.created')).body.data as OnerwayEvent[];
    const createdOf = (id: string) => events.find((e) => (e.data.object as { id: string }).id === id)!.data.object;
    const stored = (await c.get(`/v1/payment_intents/${paid.id}`)).body;
    // The same keys in the same order as the PaymentIntent, with the values it had before confirming.
    expect(JSON.stringify(createdOf(paid.id))).toBe(JSON.stringify({ ...stored, amount_received: 0, latest_charge: null, payment_method: null, status: 'requires_payment_method' }));
    expect(JSON.stringify(createdOf(declined.id))).toBe(JSON.stringify({ ...declined, last_payment_error: null, latest_charge: null }));
    for (const pi of alike) {
      const now = (await c.get(`/v1/payment_intents/${pi.id}`)).body;
      expect(JSON.stringify(createdOf(pi.id))).toBe(JSON.stringify({ ...now, amount_received: 0, latest_charge: null, payment_method: null, status: 'requires_payment_method' }));
    }
    // Delivered as it is listed.
    const seen: unknown[] = [];
    const d = client();
    d.sim.webhooks.listen(async (request) => void seen.push((JSON.parse(await request.text()) as OnerwayEvent).data.object), { events: ['payment_intent.created'] });
    const again = (await create(d, { payment_method: 'pm_card_visa', confirm: true })).body;
    await d.sim.flush();
    expect(seen).toEqual([{ ...again, amount_received: 0, latest_charge: null, payment_method: null, status: 'requires_payment_method' }]);
  });

  it('version 2024-06-01 lists every charge of a PaymentIntent, newest first', async () => {
    const c = client();
    const old = { 'Onerway-Version': '2024-06-01' };
    const none = (await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd' }, old)).body;
    expect(none.charges).toMatchObject({ data: [], total_count: 0 });
    const declined = (await c.post(`/v1/payment_intents/${none.id}/confirm`, { payment_method: 'pm_card_visa_chargeDeclined' }, old)).body.error.charge;
    const one = (await c.get(`/v1/payment_intents/${none.id}`, old)).body;
    expect(one.charges.data.map((ch: { id: string }) => ch.id)).toEqual([declined]);
    const paid = (await c.post(`/v1/payment_intents/${none.id}/confirm`, { payment_method: 'pm_card_visa' }, old)).body;
    expect(paid.charges.data.map((ch: { id: string }) => ch.id)).toEqual([paid.latest_charge, declined]);
    expect(paid.charges.total_count).toBe(2);
  });
});

describe('declines persist the attempt', () => {
  it('a declined confirm answers 402 and keeps the PaymentIntent, the failed charge and the events', async () => {
    const c = client();
    const res = await create(c, { payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds', confirm: true });
    expect(res.status).toBe(402);
    const { error } = res.body;
    expect(error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.', payment_method_type: 'card' });
    expect(error.charge).toMatch(/^ch_/);
    expect(error.payment_method.object).toBe('payment_method');
    const stored = (await c.get(`/v1/payment_intents/${error.payment_intent.id}`)).body;
    expect(stored).toEqual(error.payment_intent);
    expect(stored).toMatchObject({ status: 'requires_payment_method', payment_method: null, latest_charge: error.charge });
    expect(stored.last_payment_error).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds', charge: error.charge });
    const charge = (await c.get(`/v1/charges/${error.charge}`)).body;
    expect(charge).toMatchObject({ status: 'failed', paid: false, failure_code: 'card_declined', failure_message: 'Your card has insufficient funds.' });
    expect(eventTypes(c)).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
    // A new method recovers it.
    expect((await c.post(`/v1/payment_intents/${stored.id}/confirm`, { payment_method: 'pm_card_visa' })).body.status).toBe('succeeded');
  });

  it('a Radar block records the blocked outcome', async () => {
    const c = client();
    const res = await create(c, { payment_method: 'pm_card_radarBlock', confirm: true });
    const charge = (await c.get(`/v1/charges/${res.body.error.charge}`)).body;
    expect(charge.outcome).toMatchObject({ network_status: 'not_sent_to_network', reason: 'highest_risk_level', risk_level: 'highest', type: 'blocked', rule: 'block_if_high_risk' });
    expect(charge.fraud_details).toEqual({ stripe_report: 'fraudulent' });
  });

  it('off session or error_on_requires_action: authentication_required, no charge', async () => {
    const c = client();
    for (const extra of [{ off_session: true }, { error_on_requires_action: true }]) {
      const res = await create(c, { payment_method: 'pm_card_authenticationRequired', confirm: true, ...extra });
      expect(res.status).toBe(402);
      expect(res.body.error).toMatchObject({ code: 'authentication_required', decline_code: 'authentication_required' });
      expect(res.body.error.payment_intent).toMatchObject({ status: 'requires_payment_method', latest_charge: null });
    }
  });
});

describe('wrong-state calls change nothing', () => {
  async function succeeded(c: Client) {
    return (await create(c, { payment_method: 'pm_card_visa', confirm: true, metadata: { order: '1' } })).body;
  }

  it('confirm, capture, cancel and update on a succeeded PaymentIntent', async () => {
    const c = client();
    const pi = await succeeded(c);
    const state = (extra: object) => ({ type: 'invalid_request_error', code: 'payment_intent_unexpected_state', payment_intent: pi, ...extra });
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/confirm`), 400, state({ message: 'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.' }));
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/capture`), 400, state({
      message: 'This PaymentIntent could not be captured because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.',
    }));
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/cancel`), 400, state({
      message:
        'You cannot cancel this PaymentIntent because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_reauthorization, requires_confirmation, requires_action, processing.',
    }));
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}`, { amount: 100 }), 400, state({
      param: 'amount',
      message:
        "This PaymentIntent's amount could not be updated because it has a status of succeeded. You may only update the amount of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.",
    }));
    // Metadata and description may change in any status.
    expect((await c.post(`/v1/payment_intents/${pi.id}`, { metadata: { order: '2' } })).body.metadata).toEqual({ order: '2' });
  });

  it('confirm on a canceled PaymentIntent, capture before authorization', async () => {
    const c = client();
    const pi = (await create(c, {})).body;
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/capture`), 400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      payment_intent: pi,
      message: 'This PaymentIntent could not be captured because it has a status of requires_payment_method. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.',
    });
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/confirm`), 400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      payment_intent: pi,
      message:
        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.",
    });
    const canceled = (await c.post(`/v1/payment_intents/${pi.id}/cancel`)).body;
    expect(canceled.cancellation_reason).toBeNull();
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/confirm`, { payment_method: 'pm_card_visa' }), 400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      payment_intent: canceled,
      message:
        'You cannot confirm this PaymentIntent because it has a status of canceled. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.',
    });
  });

  it('capturing more than is capturable', async () => {
    const c = client();
    const pi = (await create(c, { payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' })).body;
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/capture`, { amount_to_capture: 2001 }), 400, {
      type: 'invalid_request_error',
      code: 'amount_too_large',
      param: 'amount_to_capture',
      message: 'The payment could not be captured because the requested capture amount is greater than the amount you can capture for this charge.',
    });
  });
});

describe('parameters and ownership', () => {
  it('amounts and currencies', async () => {
    const c = client();
    await rejects(c, () => c.post('/v1/payment_intents', { currency: 'usd' }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'amount',
      message: 'Missing required param: amount.',
    });
    await rejects(c, () => create(c, { amount: 49 }), 400, { type: 'invalid_request_error', code: 'amount_too_small', param: 'amount', message: 'Amount must be at least $0.50 usd' });
    await rejects(c, () => create(c, { amount: 100_000_000 }), 400, {
      type: 'invalid_request_error',
      code: 'amount_too_large',
      param: 'amount',
      message: 'Amount must be no more than $999,999.99',
    });
    await rejects(c, () => create(c, { currency: 'xyz' }), 400, {
      type: 'invalid_request_error',
      param: 'currency',
      message: expect.stringMatching(/^Invalid currency: xyz\. Onerway currently supports these currencies: aed, aud, /),
    });
    expect((await create(c, { currency: 'EUR' })).body.currency).toBe('eur');
  });

  it('payment methods that belong to someone else, or were used up', async () => {
    const c = client();
    const alice = (await c.post('/v1/customers', {})).body.id;
    const bob = (await c.post('/v1/customers', {})).body.id;
    const pm = (await c.post('/v1/payment_methods/pm_card_visa/attach', { customer: alice })).body.id;
    await rejects(c, () => create(c, { customer: bob, payment_method: pm }), 400, {
      type: 'invalid_request_error',
      param: 'payment_method',
      message: `The PaymentMethod ${pm} does not belong to the Customer you supplied ${bob}. Please use this PaymentMethod with the Customer that it belongs to instead.`,
    });
    await rejects(c, () => create(c, { payment_method: pm }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'source',
      message: `The \`payment_method\` parameter supplied ${pm} belongs to the Customer ${alice}. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`,
    });
    const loose = (await c.post('/v1/payment_methods', { type: 'card', card: { token: 'tok_visa' } })).body.id;
    await create(c, { payment_method: loose, confirm: true });
    await rejects(c, () => create(c, { payment_method: loose, confirm: true }), 400, {
      type: 'invalid_request_error',
      param: 'payment_method',
      message: 'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.',
    });
    await rejects(c, () => create(c, { payment_method: 'pm_nope' }), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'payment_method',
      message: "No such PaymentMethod: 'pm_nope'",
    });
    await rejects(c, () => create(c, { customer: 'cus_nope' }), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'customer',
      message: "No such customer: 'cus_nope'",
    });
    await rejects(c, () => create(c, { off_session: true }), 400, {
      type: 'invalid_request_error',
      param: 'off_session',
      message: 'off_session can only be used together with confirm=true.',
    });
  });

  it('unknown ids and client secrets in the path', async () => {
    const c = client();
    const pi = (await create(c, {})).body;
    await rejects(c, () => c.get('/v1/payment_intents/pi_nope'), 404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'intent',
      message: "No such payment_intent: 'pi_nope'",
    });
    await rejects(c, () => c.get(`/v1/payment_intents/${pi.client_secret}`), 404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'intent',
      message:
        'You passed a string that looks like a client secret as the PaymentIntent ID, but you must provide a valid PaymentIntent ID. Please use the value in the `id` field of the PaymentIntent.',
    });
  });

  it('publishable keys retrieve and confirm with the client secret, and see a reduced object', async () => {
    const c = client();
    const customer = (await c.post('/v1/customers', {})).body.id;
    const pi = (await create(c, { customer, metadata: { secret: 'server-only' } })).body;
    const pk = { Authorization: `Bearer ${c.sim.publishableKey}` };
    const seen = await c.get(`/v1/payment_intents/${pi.id}?client_secret=${pi.client_secret}`, pk);
    expect(seen.status).toBe(200);
    expect(seen.body).not.toHaveProperty('customer');
    expect(seen.body).not.toHaveProperty('metadata');
    expect(seen.body.client_secret).toBe(pi.client_secret);
    await rejects(c, () => c.get(`/v1/payment_intents/${pi.id}`, pk), 400, {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'client_secret',
      message: 'Missing required param: client_secret.',
    });
    await rejects(c, () => c.get(`/v1/payment_intents/${pi.id}?client_secret=${pi.id}_secret_wrong`, pk), 400, {
      type: 'invalid_request_error',
      param: 'client_secret',
      message: 'The client_secret provided does not match the client_secret associated with the PaymentIntent.',
    });
    const confirmed = await c.post(`/v1/payment_intents/${pi.id}/confirm`, { client_secret: pi.client_secret, payment_method: 'pm_card_visa' }, pk);
    expect(confirmed.body.status).toBe('succeeded');
    expect(confirmed.body).not.toHaveProperty('metadata');
    await rejects(c, () => c.post(`/v1/payment_intents/${pi.id}/capture`, {}, pk), 403, {
      type: 'invalid_request_error',
      code: 'secret_key_required',
      message: 'This API call cannot be made with a publishable API key. Please use a secret API key.',
    });
  });
});

describe('objects handed over in process', () => {
  it('share frozen parts: changing them throws instead of changing every object that holds them', async () => {
    const c = client();
    const seen: OnerwayEvent[] = [];
    c.sim.on('event', (e) => seen.push(e));
    await create(c, { payment_method: 'pm_card_visa', confirm: true });
    await create(c, { payment_method: 'pm_card_visa', confirm: true });
    const intents = seen.filter((e) => e.type === 'payment_intent.succeeded').map((e) => e.data.object as { metadata: Record<string, string> });
    expect(intents).toHaveLength(2);
    expect(() => {
      intents[0]!.metadata['order'] = '42';
    }).toThrow(TypeError);
    expect(intents[1]!.metadata).toEqual({});
    // Over the wire every answer is its own JSON.
    const listed = await c.get('/v1/payment_intents');
    expect(listed.body.data.map((pi: { metadata: object }) => pi.metadata)).toEqual([{}, {}]);
  });
});
