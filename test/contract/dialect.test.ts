/**
 * No silent divergence (issue #13): what the stripe clients send, connected accounts, restricted
 * keys and search, through stripe-node on the fake fetch and through plain HTTP on the server,
 * with the exact status and error body.
 */
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type OnerwayEvent } from '../../src/index.js';
import { internalsOf } from '../../src/internal.js';
import { DOORS, type Opened } from './doors.js';

const doors = DOORS.filter((d) => d.name !== 'nock with the global fetch');
const json = { 'Content-Type': 'application/json' };
const masked = (key: string) => `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;

describe.each(doors)('$name', (door) => {
  let o: Opened;
  afterEach(() => o?.close());
  const auth = (key = o.sim.secretKey) => ({ Authorization: `Bearer ${key}` });
  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    o.fetch(path, { method: 'POST', headers: { ...auth(), ...json, ...headers }, body: JSON.stringify(body) });

  it('Stripe-Account acts for the connected account; its data is its own', async () => {
    o = await door.open();
    const acct = (await o.stripe.accounts.create({ type: 'custom' })).id;
    const theirs = await o.stripe.customers.create({ email: 'seller@example.com' }, { stripeAccount: acct });
    await o.stripe.customers.create({ email: 'platform@example.com' });
    expect((await o.stripe.customers.list()).data.map((c) => c.email)).toEqual(['platform@example.com']);
    expect((await o.stripe.customers.list({}, { stripeAccount: acct })).data.map((c) => c.id)).toEqual([theirs.id]);
    await expect(o.stripe.customers.retrieve(theirs.id)).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
    const pi = await o.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { stripeAccount: acct });
    expect(pi.status).toBe('succeeded');
    const balance = await o.stripe.balance.retrieve({}, { stripeAccount: acct });
    expect(balance.pending).toEqual([{ amount: 1912, currency: 'usd', source_types: { card: 1912 } }]);
    const events = await o.stripe.events.list({ type: 'payment_intent.succeeded' }, { stripeAccount: acct });
    expect(events.data.map((e) => [e.account, (e.data.object as { id: string }).id])).toEqual([[acct, pi.id]]);
    expect((await o.stripe.events.list({ type: 'payment_intent.succeeded' })).data).toEqual([]);
  });

  it('an unknown account is the live 403, in the header and in the path', async () => {
    o = await door.open();
    const body = {
      error: {
        type: 'invalid_request_error',
        code: 'account_invalid',
        message: `The provided key '${masked(o.sim.secretKey)}' does not have access to account 'acct_unknown' (or that account does not exist). Application access may have been revoked.`,
      },
    };
    const viaHeader = await o.fetch('/v1/customers', { headers: { ...auth(), 'Stripe-Account': 'acct_unknown' } });
    expect([viaHeader.status, await viaHeader.json()]).toEqual([403, body]);
    const viaPath = await o.fetch('/v1/accounts/acct_unknown', { headers: auth() });
    expect([viaPath.status, await viaPath.json()]).toEqual([403, body]);
    await expect(o.stripe.accounts.retrieve('acct_unknown')).rejects.toBeInstanceOf(Stripe.errors.StripePermissionError);
  });

  it('a direct charge with application_fee_amount pays the platform its fee', async () => {
    o = await door.open();
    const acct = (await o.stripe.accounts.create({})).id;
    const pi = await o.stripe.paymentIntents.create(
      { amount: 10_000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true, application_fee_amount: 500 },
      { stripeAccount: acct },
    );
    const charge = await o.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] }, { stripeAccount: acct });
    expect(charge.application_fee_amount).toBe(500);
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    expect([txn.amount, txn.fee, txn.net, txn.fee_details.map((f) => [f.type, f.amount])]).toEqual([10_000, 820, 9180, [['application_fee', 500], ['stripe_fee', 320]]]);
    const fees = await o.stripe.applicationFees.list();
    expect(fees.data.map((f) => [f.id, f.amount, f.account, f.charge])).toEqual([[charge.application_fee, 500, acct, charge.id]]);
    expect((await o.stripe.balance.retrieve()).available).toEqual([{ amount: 500, currency: 'usd', source_types: { card: 500 } }]);
    const refused = await post('/v1/payment_intents', { amount: 1000, currency: 'usd', application_fee_amount: 100 });
    expect(await refused.json()).toEqual({
      error: {
        type: 'invalid_request_error',
        message: 'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Onerway-Account header) or destination payment (using `transfer_data[destination]`).',
        param: 'application_fee_amount',
      },
    });
  });

  it('Stripe-Version names the version that answers when the simulator knows it; Onerway-Version wins', async () => {
    o = await door.open();
    const old = await post('/v1/payment_intents', { amount: 1000, currency: 'usd' }, { 'Stripe-Version': '2024-06-01' });
    expect(old.headers.get('onerway-version')).toBe('2024-06-01');
    expect((await old.json()).charges).toMatchObject({ object: 'list', data: [] });
    const unknown = await post('/v1/customers', {}, { 'Stripe-Version': '2025-03-31.basil' });
    expect([unknown.status, unknown.headers.get('onerway-version')]).toEqual([200, '2024-11-01']);
    const both = await post('/v1/customers', {}, { 'Stripe-Version': '2024-06-01', 'Onerway-Version': '2024-11-01' });
    expect(both.headers.get('onerway-version')).toBe('2024-11-01');
  });

  it('form booleans True and False, as stripe-python before 12 sends them', async () => {
    o = await door.open();
    const res = await o.fetch('/v1/payment_intents', {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'amount=1000&currency=usd&payment_method=pm_card_visa&confirm=True',
    });
    expect((await res.json()).status).toBe('succeeded');
  });

  it('restricted keys: inside their permissions, and the live 403 outside them', async () => {
    o = await door.open();
    const created = await post('/v1/test_helpers/restricted_keys', { permissions: { customers: 'read' }, name: 'reader' });
    const { secret, permissions } = await created.json();
    expect(secret).toMatch(/^rk_test_[0-9A-Za-z]{99}$/);
    expect(permissions).toMatchObject({ customers: 'read', payment_intents: 'none' });
    expect((await o.fetch('/v1/customers', { headers: auth(secret) })).status).toBe(200);
    const refused = await o.fetch('/v1/customers', { method: 'POST', headers: auth(secret) });
    const { accountId } = internalsOf(o.sim).engine;
    expect([refused.status, await refused.json()]).toEqual([
      403,
      {
        error: {
          type: 'invalid_request_error',
          message: `The provided key '${masked(secret)}' does not have the required permissions for this endpoint on account '${accountId}'. Having the 'rak_customer_write' permission would allow this request to continue.`,
        },
      },
    ]);
    const inProcess = o.sim.restrictedKey({ payment_intents: 'write' });
    expect((await post('/v1/payment_intents', { amount: 500, currency: 'usd' }, auth(inProcess))).status).toBe(200);
    expect((await o.fetch('/v1/balance', { headers: auth(inProcess) })).status).toBe(403);
  });

  it('search: the query language, paging with next_page, and the 400s', async () => {
    o = await door.open();
    for (const [email, plan] of [['a@example.com', 'pro'], ['b@example.com', 'free'], ['c@example.com', 'pro']] as const) {
      await o.stripe.customers.create({ email, metadata: { plan } });
    }
    const pro = await o.stripe.customers.search({ query: "metadata['plan']:'pro'", limit: 1 });
    expect([pro.object, pro.data.map((c) => c.email), pro.has_more]).toEqual(['search_result', ['c@example.com'], true]);
    const next = await o.stripe.customers.search({ query: "metadata['plan']:'pro'", limit: 1, page: pro.next_page! });
    expect([next.data.map((c) => c.email), next.has_more, next.next_page]).toEqual([['a@example.com'], false, null]);
    const all = await o.stripe.customers.search({ query: "metadata['plan']:'pro'" }).autoPagingToArray({ limit: 10 });
    expect(all.map((c) => c.email)).toEqual(['c@example.com', 'a@example.com']);
    expect((await o.stripe.customers.search({ query: "email~'example' AND -email:'b@example.com'" })).data).toHaveLength(2);
    const bad = await o.fetch(`/v1/customers/search?query=${encodeURIComponent('colour:"red"')}`, { headers: auth() });
    expect([bad.status, await bad.json()]).toEqual([
      400,
      {
        error: {
          type: 'invalid_request_error',
          message: 'Field `colour` is an unsupported search field for resource `customers`. See https://docs.onerway.com/search#query-fields-for-customers for a list of supported fields.',
          param: 'query',
        },
      },
    ]);
    await o.stripe.paymentIntents.create({ amount: 4200, currency: 'eur', payment_method: 'pm_card_visa', confirm: true });
    expect((await o.stripe.paymentIntents.search({ query: "amount>=4200 AND currency:'eur' AND status:'succeeded'" })).data).toHaveLength(1);
    expect((await o.stripe.charges.search({ query: "payment_method_details.card.last4:'4242'" })).data).toHaveLength(1);
  });

  it('helpful errors: "Did you mean" and the nearest test cards', async () => {
    o = await door.open();
    const typo = await post('/v1/customers', { emial: 'jenny@example.com' });
    expect(await typo.json()).toEqual({
      error: { type: 'invalid_request_error', code: 'parameter_unknown', message: 'Received unknown parameter: emial. Did you mean email?', param: 'emial' },
    });
    const card = await post('/v1/payment_intents', { amount: 100, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true });
    expect((await card.json()).error.message).toBe(
      "No such PaymentMethod: 'pm_card_chargeDeclined'. onerway-sim: 'pm_card_chargeDeclined' is not a test card of the catalogue. Did you mean pm_card_visa_chargeDeclined, pm_card_chargeDeclinedExpiredCard or pm_card_chargeDeclinedIncorrectCvc? docs/test-cards.md lists every one.",
    );
  });

  it('fields the published description marks optional are left out, not null', async () => {
    o = await door.open();
    const held = await o.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual', metadata: { order: '9' }, description: 'Order 9' });
    const authorized = await o.stripe.charges.retrieve(held.latest_charge as string);
    expect(authorized.payment_method_details!.card!.capture_before).toBe(authorized.created + 7 * 86_400);
    expect([authorized.metadata, authorized.description]).toEqual([{ order: '9' }, 'Order 9']);
    await o.stripe.paymentIntents.capture(held.id);
    expect(await o.stripe.charges.retrieve(held.latest_charge as string)).not.toHaveProperty('payment_method_details.card.capture_before');
    const refund = await o.stripe.refunds.create({ payment_intent: held.id });
    for (const key of ['failure_reason', 'failure_balance_transaction', 'instructions_email', 'next_action']) expect(refund).not.toHaveProperty(key);
    const disputed = await o.stripe.paymentIntents.create({ amount: 500, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
    const [dispute] = (await o.stripe.disputes.list()).data;
    expect(dispute!.payment_intent).toBe(disputed.id);
    expect(dispute!.evidence_details).toEqual({ due_by: dispute!.created + 7 * 86_400, enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0 });
  });
});

describe('stripe-node as a merchant builds it', () => {
  it('without host, it reaches the simulator at api.stripe.com', async () => {
    const sim = createSimulator();
    const stripe = new Stripe(sim.secretKey, { httpClient: Stripe.createFetchHttpClient(sim.fetch), maxNetworkRetries: 0 });
    expect((await stripe.customers.create({ email: 'x@example.com' })).email).toBe('x@example.com');
  });

  it("a webhook handler from Stripe's docs verifies deliveries with Stripe-Signature; connect endpoints get connected accounts' events", async () => {
    // Deliveries to URL endpoints go to a stub, never to the network.
    const posted: string[] = [];
    const sim = createSimulator({ webhooks: { fetch: async (url) => (posted.push(url), new Response('')) } });
    const stripe = new Stripe(sim.secretKey, { httpClient: Stripe.createFetchHttpClient(sim.fetch), host: 'api.onerway.com', maxNetworkRetries: 0 });
    const received: string[] = [];
    const platform = sim.webhooks.listen(async (request) => {
      const event = stripe.webhooks.constructEvent(await request.text(), request.headers.get('stripe-signature')!, platform.secret) as unknown as OnerwayEvent;
      received.push(`platform ${event.type}`);
    }, { events: ['customer.created'] });
    const connect = await stripe.webhookEndpoints.create({ url: 'https://example.com/connect', enabled_events: ['customer.created'], connect: true });
    const acct = (await stripe.accounts.create({})).id;
    await stripe.customers.create({});
    await stripe.customers.create({}, { stripeAccount: acct });
    await sim.flush();
    expect(received).toEqual(['platform customer.created']);
    expect(posted).toEqual(['https://example.com/connect']);
    const [connected] = sim.webhooks.attempts({ endpoint: connect.id });
    const event = await stripe.events.retrieve(connected!.event, {}, { stripeAccount: acct });
    expect([event.type, event.account]).toEqual(['customer.created', acct]);
  });
});
