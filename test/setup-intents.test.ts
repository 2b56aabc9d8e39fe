/** SetupIntents and off-session payments through sim.fetch: save a card, charge it later. */
import { describe, expect, it } from 'vitest';
import { EVENTS } from '../src/engine/events.js';
import { internalsOf } from '../src/internal.js';
import { client, rejects, type Client } from './helpers/sim.js';

function eventTypes(c: Client): string[] {
  const events = internalsOf(c.sim).engine.test.peek(EVENTS);
  return events ? events.order.values().map((r) => events.get(r.id)!.object.type) : [];
}

async function customer(c: Client): Promise<string> {
  return (await c.post('/v1/customers', { email: 'jenny@example.com' })).body.id;
}

const offSession = (c: Client, cus: string, pm: string, extra: object = {}) =>
  c.post('/v1/payment_intents', { amount: 1500, currency: 'eur', customer: cus, payment_method: pm, off_session: true, confirm: true, ...extra });

describe('a SetupIntent', () => {
  it('has the live shape when created, then succeeds on confirm and attaches the card', async () => {
    const c = client({ seed: 'setup' });
    const cus = await customer(c);
    const created = await c.post('/v1/setup_intents', { customer: cus, metadata: { order: '42' } });
    expect(created.status).toBe(200);
    const si = created.body;
    expect(si).toEqual({
      id: si.id,
      object: 'setup_intent',
      application: null,
      automatic_payment_methods: null,
      cancellation_reason: null,
      client_secret: si.client_secret,
      created: si.created,
      customer: cus,
      description: null,
      flow_directions: null,
      last_setup_error: null,
      latest_attempt: null,
      livemode: false,
      mandate: null,
      metadata: { order: '42' },
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_configuration_details: null,
      payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
      payment_method_types: ['card'],
      single_use_mandate: null,
      status: 'requires_payment_method',
      usage: 'off_session',
    });
    expect(si.id).toMatch(/^seti_[0-9A-Za-z]{24}$/);
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_[0-9A-Za-z]{24}$`));
    const done = (await c.post(`/v1/setup_intents/${si.id}/confirm`, { payment_method: 'pm_card_visa' })).body;
    expect(done).toMatchObject({ status: 'succeeded', next_action: null, last_setup_error: null });
    expect(done.latest_attempt).toMatch(/^setatt_/);
    const pm = (await c.get(`/v1/payment_methods/${done.payment_method}`)).body;
    expect(pm.customer).toBe(cus);
    expect(eventTypes(c)).toEqual(['customer.created', 'setup_intent.created', 'payment_method.attached', 'setup_intent.succeeded']);
    const attempts = (await c.get(`/v1/setup_attempts?setup_intent=${si.id}`)).body;
    expect(attempts.data.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([[done.latest_attempt, 'succeeded']]);
    const listed = (await c.get(`/v1/setup_intents?customer=${cus}`)).body;
    expect(listed.data.map((s: { id: string }) => s.id)).toEqual([si.id]);
    expect((await c.get(`/v1/setup_intents/${si.id}?expand[]=latest_attempt`)).body.latest_attempt.object).toBe('setup_attempt');
  });

  it('asks for 3D Secure with a card that needs it, and the test helper completes it', async () => {
    const c = client();
    const cus = await customer(c);
    const si = (await c.post('/v1/setup_intents', { customer: cus, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true, return_url: 'https://shop.example/back' })).body;
    expect(si.status).toBe('requires_action');
    expect(si.next_action.type).toBe('redirect_to_url');
    expect(si.next_action.redirect_to_url.url).toContain(`/3d_secure_2/hosted?setup_intent=${si.id}&source=src_`);
    const done = (await c.post(`/v1/test_helpers/setup_intents/${si.id}/authenticate`, { outcome: 'success' })).body;
    expect(done).toMatchObject({ status: 'succeeded', next_action: null });
    const attempt = (await c.get(`/v1/setup_attempts?setup_intent=${si.id}`)).body.data[0];
    expect(attempt.payment_method_details.card.three_d_secure).toMatchObject({ result: 'authenticated' });
    expect(eventTypes(c)).toContain('setup_intent.requires_action');
  });

  it('fails authentication back to requires_payment_method with setup_intent_authentication_failure', async () => {
    const c = client();
    const si = (await c.post('/v1/setup_intents', { payment_method: 'pm_card_authenticationRequired', confirm: true })).body;
    expect(si.next_action.type).toBe('use_stripe_sdk');
    const failed = (await c.post(`/v1/test_helpers/setup_intents/${si.id}/authenticate`, { outcome: 'failure' })).body;
    expect(failed).toMatchObject({ status: 'requires_payment_method', payment_method: null });
    expect(failed.last_setup_error).toMatchObject({ type: 'invalid_request_error', code: 'setup_intent_authentication_failure' });
    expect(eventTypes(c).at(-1)).toBe('setup_intent.setup_failed');
  });

  it('declines a card that refuses an attach with a 402 that embeds the SetupIntent', async () => {
    const c = client();
    const cus = await customer(c);
    const si = (await c.post('/v1/setup_intents', { customer: cus })).body;
    const reply = await c.post(`/v1/setup_intents/${si.id}/confirm`, { payment_method: 'pm_card_visa_chargeDeclined' });
    expect(reply.status).toBe(402);
    const error = reply.body.error;
    expect(error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', payment_method_type: 'card' });
    expect(error.setup_intent).toMatchObject({ id: si.id, status: 'requires_payment_method', payment_method: null });
    expect(error.setup_intent.last_setup_error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
    expect((await c.get(`/v1/setup_intents/${si.id}`)).body.status).toBe('requires_payment_method');
    expect(eventTypes(c).at(-1)).toBe('setup_intent.setup_failed');
    expect((await c.get(`/v1/customers/${cus}/payment_methods`)).body.data).toEqual([]);
  });

  it('a card that attaches but fails charges sets up fine, then the off-session charge is declined', async () => {
    const c = client();
    const cus = await customer(c);
    const si = (await c.post('/v1/setup_intents', { customer: cus, payment_method: 'pm_card_chargeCustomerFail', confirm: true })).body;
    expect(si.status).toBe('succeeded');
    const reply = await offSession(c, cus, si.payment_method);
    expect(reply.status).toBe(402);
    expect(reply.body.error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
  });

  it('cancels from an open status, and refuses confirm, cancel and update once final', async () => {
    const c = client();
    const si = (await c.post('/v1/setup_intents', {})).body;
    const canceled = (await c.post(`/v1/setup_intents/${si.id}/cancel`, { cancellation_reason: 'abandoned' })).body;
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    await rejects(c, () => c.post(`/v1/setup_intents/${si.id}/confirm`, { payment_method: 'pm_card_visa' }), 400, {
      type: 'invalid_request_error',
      code: 'setup_intent_unexpected_state',
      message: 'You cannot confirm this SetupIntent because it has a status of canceled. Only a SetupIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.',
      setup_intent: canceled,
    });
    await rejects(c, () => c.post(`/v1/setup_intents/${si.id}/cancel`), 400, {
      type: 'invalid_request_error',
      code: 'setup_intent_unexpected_state',
      message: 'You cannot cancel this SetupIntent because it has a status of canceled. Only a SetupIntent with one of the following statuses may be canceled: requires_payment_method, requires_confirmation, requires_action.',
      setup_intent: canceled,
    });
    await rejects(c, () => c.post(`/v1/setup_intents/${si.id}`, { payment_method: 'pm_card_visa' }), 400, {
      type: 'invalid_request_error',
      code: 'setup_intent_unexpected_state',
      message: 'You cannot update this SetupIntent because it has a status of canceled. Only a SetupIntent with one of the following statuses may be updated: requires_payment_method, requires_confirmation, requires_action.',
      setup_intent: canceled,
    });
    expect((await c.post(`/v1/setup_intents/${si.id}`, { metadata: { note: 'kept' } })).body.metadata).toEqual({ note: 'kept' });
    const done = (await c.post('/v1/setup_intents', { payment_method: 'pm_card_visa', confirm: true })).body;
    await rejects(c, () => c.post(`/v1/setup_intents/${done.id}/confirm`), 400, {
      type: 'invalid_request_error',
      code: 'setup_intent_unexpected_state',
      message: 'You cannot confirm this SetupIntent because it has already succeeded after being previously confirmed.',
      setup_intent: done,
    });
  });

  it('refuses bad input with the offending param and changes nothing', async () => {
    const c = client();
    const si = (await c.post('/v1/setup_intents', {})).body;
    await rejects(c, () => c.post(`/v1/setup_intents/${si.id}/confirm`), 400, {
      type: 'invalid_request_error',
      code: 'setup_intent_unexpected_state',
      message: "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      setup_intent: si,
    });
    await rejects(c, () => c.post('/v1/setup_intents', { usage: 'sometimes' }), 400, {
      type: 'invalid_request_error',
      message: 'Invalid usage: must be one of off_session or on_session',
      param: 'usage',
    });
    await rejects(c, () => c.post('/v1/setup_intents', { return_url: 'https://x.example' }), 400, {
      type: 'invalid_request_error',
      message: 'return_url can only be used together with confirm=true.',
      param: 'return_url',
    });
    await rejects(c, () => c.post('/v1/setup_intents', { customer: 'cus_missing' }), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: "No such customer: 'cus_missing'",
      param: 'customer',
    });
    await rejects(c, () => c.get('/v1/setup_intents/seti_nope'), 404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: "No such setup_intent: 'seti_nope'",
      param: 'intent',
    });
    await rejects(c, () => c.get('/v1/setup_attempts'), 400, {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      message: 'Missing required param: setup_intent.',
      param: 'setup_intent',
    });
    await rejects(c, () => c.post(`/v1/test_helpers/setup_intents/${si.id}/authenticate`), 400, {
      type: 'invalid_request_error',
      code: 'setup_intent_unexpected_state',
      message: 'onerway-sim: this SetupIntent is not waiting for 3D Secure authentication: its status is requires_payment_method. Only a SetupIntent in requires_action can be authenticated; confirm it first with a 3D Secure test card such as pm_card_authenticationRequiredOnSetup.',
      setup_intent: si,
    });
  });

  it('a publishable key confirms with the client secret and sees the narrow view', async () => {
    const c = client();
    const cus = await customer(c);
    const si = (await c.post('/v1/setup_intents', { customer: cus, metadata: { secret: 'x' } })).body;
    const pk = { Authorization: `Bearer ${c.sim.publishableKey}` };
    const seen = await c.post(`/v1/setup_intents/${si.id}/confirm`, { client_secret: si.client_secret, payment_method: 'pm_card_visa' }, pk);
    expect(seen.status).toBe(200);
    expect(seen.body.status).toBe('succeeded');
    expect(seen.body).not.toHaveProperty('customer');
    expect(seen.body).not.toHaveProperty('metadata');
    await rejects(c, () => c.get(`/v1/setup_intents/${si.id}?client_secret=wrong`, pk), 400, {
      type: 'invalid_request_error',
      message: 'The client_secret provided does not match the client_secret associated with the SetupIntent.',
      param: 'client_secret',
    });
  });
});

describe('off-session payments with saved cards', () => {
  it('4000002500003155: set up with 3D Secure, then off-session payments succeed', async () => {
    const c = client();
    const cus = await customer(c);
    const si = (await c.post('/v1/setup_intents', { customer: cus, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true })).body;
    await c.post(`/v1/test_helpers/setup_intents/${si.id}/authenticate`);
    const paid = await offSession(c, cus, si.payment_method);
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('succeeded');
  });

  it('4000002500003155 without a setup: the off-session payment needs authentication', async () => {
    const c = client();
    const cus = await customer(c);
    const pm = (await c.post('/v1/payment_methods', { type: 'card', card: { token: 'tok_authenticationRequiredOnSetup' } })).body.id;
    await c.post(`/v1/payment_methods/${pm}/attach`, { customer: cus });
    const reply = await offSession(c, cus, pm);
    expect(reply.status).toBe(402);
    expect(reply.body.error).toMatchObject({ code: 'authentication_required', decline_code: 'authentication_required', type: 'card_error' });
  });

  it('4000002760003184: even set up, off session fails with authentication_required and the PaymentIntent returns to requires_payment_method', async () => {
    const c = client();
    const cus = await customer(c);
    const si = (await c.post('/v1/setup_intents', { customer: cus, payment_method: 'pm_card_authenticationRequired', confirm: true })).body;
    await c.post(`/v1/test_helpers/setup_intents/${si.id}/authenticate`);
    const reply = await offSession(c, cus, si.payment_method);
    expect(reply.status).toBe(402);
    expect(reply.body.error).toMatchObject({ code: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.' });
    expect(reply.body.error.payment_intent).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'authentication_required' } });
    expect(eventTypes(c).at(-1)).toBe('payment_intent.payment_failed');
  });

  it('4000003800000446: off session succeeds, error_on_requires_action on session fails', async () => {
    const c = client();
    const cus = await customer(c);
    const si = (await c.post('/v1/setup_intents', { customer: cus, payment_method: 'pm_card_authenticationRequiredSetupForOffSession', confirm: true })).body;
    await c.post(`/v1/test_helpers/setup_intents/${si.id}/authenticate`);
    expect((await offSession(c, cus, si.payment_method)).body.status).toBe('succeeded');
    const onSession = await c.post('/v1/payment_intents', { amount: 500, currency: 'usd', customer: cus, payment_method: si.payment_method, confirm: true, error_on_requires_action: true });
    expect(onSession.status).toBe(402);
    expect(onSession.body.error.code).toBe('authentication_required');
  });

  it('setup_future_usage=off_session saves the card as a SetupIntent does', async () => {
    const c = client();
    const cus = await customer(c);
    const first = (await c.post('/v1/payment_intents', { amount: 900, currency: 'usd', customer: cus, payment_method: 'pm_card_authenticationRequiredOnSetup', setup_future_usage: 'off_session', confirm: true })).body;
    expect(first.status).toBe('requires_action');
    const paid = (await c.post(`/v1/test_helpers/payment_intents/${first.id}/authenticate`)).body;
    expect(paid.status).toBe('succeeded');
    expect((await offSession(c, cus, paid.payment_method)).body.status).toBe('succeeded');
  });

  it('a saved card that expires on the simulated clock is declined with expired_card', async () => {
    const c = client({ now: '2026-01-15T00:00:00Z' });
    const cus = await customer(c);
    const pm = (await c.post('/v1/payment_methods', { type: 'card', card: { number: '4242424242424242', exp_month: 3, exp_year: 2026, cvc: '123' } })).body.id;
    await c.post('/v1/setup_intents', { customer: cus, payment_method: pm, confirm: true });
    expect((await offSession(c, cus, pm)).body.status).toBe('succeeded');
    c.sim.clock.advance('90d');
    const reply = await offSession(c, cus, pm);
    expect(reply.status).toBe(402);
    expect(reply.body.error).toMatchObject({ type: 'card_error', code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' });
  });
});

describe('restricted keys', () => {
  it('setup intents, payouts and disputes have permissions of their own', async () => {
    const c = client();
    const key = c.sim.restrictedKey({ payment_intents: 'write' });
    const asKey = { Authorization: `Bearer ${key}` };
    expect((await c.post('/v1/payment_intents', { amount: 500, currency: 'usd' }, asKey)).status).toBe(200);
    const refused = await c.post('/v1/setup_intents', {}, asKey);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/Having the 'rak_setup_intent_write' permission would allow this request to continue\.$/);
    expect((await c.get('/v1/payouts', asKey)).body.error.message).toMatch(/'rak_payout_read'/);
    const reader = c.sim.restrictedKey({ setup_intents: 'read', payouts: 'read' });
    expect((await c.get('/v1/setup_intents', { Authorization: `Bearer ${reader}` })).status).toBe(200);
    expect((await c.get('/v1/payouts', { Authorization: `Bearer ${reader}` })).status).toBe(200);
  });
});

describe('ownership', () => {
  it('a card saved to one customer cannot be set up without naming that customer', async () => {
    const c = client();
    const cus = (await c.post('/v1/customers', {})).body.id;
    const pm = (await c.post('/v1/payment_methods', { type: 'card', card: { token: 'tok_visa' } })).body.id;
    await c.post(`/v1/payment_methods/${pm}/attach`, { customer: cus });
    await rejects(c, () => c.post('/v1/setup_intents', { payment_method: pm, confirm: true }), 400, {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      message: `The \`payment_method\` parameter supplied ${pm} belongs to the Customer ${cus}. Please include the Customer in the \`customer\` parameter on the SetupIntent.`,
      param: 'source',
    });
  });
});
