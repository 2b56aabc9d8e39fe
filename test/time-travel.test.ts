/** Everything that depends on time, on the one simulated clock; transfers and connected accounts. */
import { describe, expect, it } from 'vitest';
import type { OnerwayEvent } from '../src/index.js';
import { client, rejects, type Client } from './helpers/sim.js';

const pay = (c: Client, extra: object = {}) =>
  c.post('/v1/payment_intents', { amount: 10_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, ...extra });

describe('a funded payout, end to end', () => {
  it('transfer refused, two days pass, funds arrive, transfer succeeds, a partial reversal restores the balance', async () => {
    const c = client({ now: '2025-06-02T10:00:00Z' });
    const seen: string[] = [];
    c.sim.webhooks.listen(async (r) => void seen.push(((await r.json()) as OnerwayEvent).type), { events: ['balance.available', 'transfer.created', 'transfer.reversed'] });
    const account = (await c.post('/v1/accounts', { email: 'seller@example.com' })).body.id;
    await pay(c); // net 10,000 − 320 fee = 9,680, pending until 2025-06-04T00:00Z

    await rejects(c, () => c.post('/v1/transfers', { amount: 5000, currency: 'usd', destination: account }), 400, {
      type: 'invalid_request_error',
      code: 'balance_insufficient',
      message:
        'You have insufficient available funds in your Onerway account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card. See: https://stripe.com/docs/testing#available-balance',
    });

    await c.sim.clock.advance('2d');
    expect(seen).toEqual(['balance.available']);
    const balance = (await c.get('/v1/balance')).body;
    expect([balance.available[0].amount, balance.pending[0].amount]).toEqual([9680, 0]);

    const transfer = await c.post('/v1/transfers', { amount: 5000, currency: 'usd', destination: account, description: 'June payout' });
    expect(transfer.body).toMatchObject({ object: 'transfer', amount: 5000, amount_reversed: 0, destination: account, reversed: false });
    expect((await c.get('/v1/balance')).body.available[0].amount).toBe(4680);
    const seller = (await c.get('/v1/balance', { 'Onerway-Account': account })).body;
    expect(seller.available).toEqual([{ amount: 5000, currency: 'usd', source_types: { card: 5000 } }]);

    const reversal = await c.post(`/v1/transfers/${transfer.body.id}/reversals`, { amount: 2000 });
    expect(reversal.body).toMatchObject({ object: 'transfer_reversal', amount: 2000, transfer: transfer.body.id });
    expect((await c.get('/v1/balance')).body.available[0].amount).toBe(6680);
    expect((await c.get('/v1/balance', { 'Onerway-Account': account })).body.available[0].amount).toBe(3000);
    const after = (await c.get(`/v1/transfers/${transfer.body.id}`)).body;
    expect(after).toMatchObject({ amount_reversed: 2000, reversed: false, reversals: { total_count: 1 } });
    await c.sim.flush();
    expect(seen).toEqual(['balance.available', 'transfer.created', 'transfer.reversed']);
  });
});

describe('transfers and accounts', () => {
  it('source_transaction funds a transfer from pending money, available on the charge day', async () => {
    const c = client({ now: '2025-06-02T10:00:00Z' });
    const account = (await c.post('/v1/accounts', {})).body.id;
    const pi = (await pay(c)).body;
    const transfer = await c.post('/v1/transfers', { amount: 9000, currency: 'usd', destination: account, source_transaction: pi.latest_charge });
    expect(transfer.status).toBe(200);
    const txn = (await c.get(`/v1/balance_transactions/${transfer.body.balance_transaction}`)).body;
    expect(txn).toMatchObject({ amount: -9000, status: 'pending', type: 'transfer', available_on: Date.parse('2025-06-04T00:00:00Z') / 1000 });
    expect((await c.get('/v1/balance')).body.pending[0].amount).toBe(680);
    await rejects(c, () => c.post('/v1/transfers', { amount: 1001, currency: 'usd', destination: account, source_transaction: pi.latest_charge }), 400, {
      type: 'invalid_request_error',
      param: 'amount',
      message: `The transfer amount ($10.01) is greater than what remains of the source_transaction ${pi.latest_charge} ($10.00).`,
    });
  });

  it('refuses unknown destinations, over-reversals and reversing twice', async () => {
    const c = client();
    await pay(c, { payment_method: 'pm_card_bypassPending' });
    await rejects(c, () => c.post('/v1/transfers', { amount: 100, currency: 'usd', destination: 'acct_nope' }), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'destination',
      message: "No such destination: 'acct_nope'",
    });
    const account = (await c.post('/v1/accounts', {})).body.id;
    const tr = (await c.post('/v1/transfers', { amount: 1000, currency: 'usd', destination: account })).body.id;
    await rejects(c, () => c.post(`/v1/transfers/${tr}/reversals`, { amount: 1001 }), 400, {
      type: 'invalid_request_error',
      param: 'amount',
      message: 'The reversal amount exceeds the amount remaining on the transfer.',
    });
    const full = await c.post(`/v1/transfers/${tr}/reversals`);
    expect(full.body.amount).toBe(1000);
    expect((await c.get(`/v1/transfers/${tr}`)).body.reversed).toBe(true);
    await rejects(c, () => c.post(`/v1/transfers/${tr}/reversals`), 400, { type: 'invalid_request_error', message: `Transfer ${tr} has already been reversed.` });
    expect((await c.get(`/v1/transfers/${tr}/reversals`)).body.data.map((r: { id: string }) => r.id)).toEqual([full.body.id]);
    expect((await c.get(`/v1/transfers?destination=${account}`)).body.data).toHaveLength(1);
    const updated = await c.post(`/v1/transfers/${tr}`, { metadata: { batch: '7' } });
    expect(updated.body.metadata).toEqual({ batch: '7' });
    await rejects(c, () => c.get('/v1/balance', { 'Onerway-Account': 'acct_nope' }), 403, {
      type: 'invalid_request_error',
      code: 'account_invalid',
      message: `The provided key 'sk_test_${'*'.repeat(20)}${c.sim.secretKey.slice(-4)}' does not have access to account 'acct_nope' (or that account does not exist). Application access may have been revoked.`,
    });
  });
});

describe('timed behaviours', () => {
  it('an uncaptured authorization expires after 7 days: canceled, automatic, charge.expired', async () => {
    const c = client();
    const pi = (await pay(c, { capture_method: 'manual' })).body;
    await c.sim.clock.advance('6d 23h');
    expect((await c.get(`/v1/payment_intents/${pi.id}`)).body.status).toBe('requires_capture');
    await c.sim.clock.advance('1h');
    const expired = (await c.get(`/v1/payment_intents/${pi.id}`)).body;
    expect(expired).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic', amount_capturable: 0 });
    const types = (await c.get('/v1/events?limit=2')).body.data.map((e: OnerwayEvent) => [e.type, e.request.id]);
    expect(types).toEqual([
      ['payment_intent.canceled', null],
      ['charge.expired', null],
    ]);
  });

  it('refund cards resolve later: pending → succeeded, succeeded → failed with the money back', async () => {
    const c = client();
    const pending = (await pay(c, { payment_method: 'pm_card_pendingRefund' })).body;
    const r1 = (await c.post('/v1/refunds', { payment_intent: pending.id })).body;
    const failing = (await pay(c, { payment_method: 'pm_card_refundFail' })).body;
    const r2 = (await c.post('/v1/refunds', { payment_intent: failing.id, amount: 4000 })).body;
    await c.sim.clock.advance('1m');
    expect((await c.get(`/v1/refunds/${r1.id}`)).body).toMatchObject({ status: 'succeeded', pending_reason: null });
    const failed = (await c.get(`/v1/refunds/${r2.id}`)).body;
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    expect((await c.get(`/v1/balance_transactions/${failed.failure_balance_transaction}`)).body).toMatchObject({ amount: 4000, type: 'refund_failure' });
    expect((await c.get(`/v1/charges/${failing.latest_charge}`)).body).toMatchObject({ amount_refunded: 0, refunded: false });
    const types = (await c.get('/v1/events?type=refund.*')).body.data.map((e: OnerwayEvent) => e.type);
    expect(types).toEqual(['refund.updated', 'refund.failed', 'refund.updated', 'refund.created', 'refund.created']);
  });

  it('runAll runs everything still scheduled; set moves forward only', async () => {
    const c = client();
    await pay(c, { capture_method: 'manual' });
    await pay(c);
    await c.sim.clock.runAll();
    expect(c.sim.clock.now()).toBe(Date.parse('2025-01-08T00:00:00Z'));
    expect((await c.get('/v1/balance')).body.pending[0].amount).toBe(0);
    await expect(c.sim.clock.set('2025-01-01T00:00:00Z')).rejects.toThrow(/only moves forward/);
  });
});

describe('test clocks over HTTP', () => {
  it('advance answers advancing, then the one clock moves and the test clock is ready', async () => {
    const c = client();
    const start = Math.floor(c.sim.clock.now() / 1000);
    const clock = (await c.post('/v1/test_helpers/test_clocks', { frozen_time: start, name: 'billing' })).body;
    expect(clock).toMatchObject({ object: 'test_helpers.test_clock', status: 'ready', frozen_time: start, name: 'billing', deletes_after: start + 7 * 86400 });
    await pay(c, { capture_method: 'manual' });
    const advancing = (await c.post(`/v1/test_helpers/test_clocks/${clock.id}/advance`, { frozen_time: start + 8 * 86400 })).body;
    expect(advancing).toMatchObject({ status: 'advancing', status_details: { advancing: { target_frozen_time: start + 8 * 86400 } } });
    await c.sim.flush();
    const ready = (await c.get(`/v1/test_helpers/test_clocks/${clock.id}`)).body;
    expect(ready).toMatchObject({ status: 'ready', frozen_time: start + 8 * 86400, status_details: {} });
    expect((await c.get('/v1/payment_intents')).body.data[0].status).toBe('canceled');
    await rejects(c, () => c.post(`/v1/test_helpers/test_clocks/${clock.id}/advance`, { frozen_time: start }), 400, {
      type: 'invalid_request_error',
      param: 'frozen_time',
      message: `The frozen_time must be after the test clock's current frozen_time (${start + 8 * 86400}): the simulated clock only moves forward.`,
    });
    expect((await c.del(`/v1/test_helpers/test_clocks/${clock.id}`)).body).toEqual({ id: clock.id, object: 'test_helpers.test_clock', deleted: true });
    const events = (await c.get('/v1/events?type=test_helpers.*')).body.data.map((e: OnerwayEvent) => e.type);
    expect(events).toEqual(['test_helpers.test_clock.deleted', 'test_helpers.test_clock.ready', 'test_helpers.test_clock.advancing', 'test_helpers.test_clock.created']);
  });
});
