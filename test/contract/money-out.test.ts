/**
 * Money out and disputes through every door (fake fetch, nock, server, HTTPS): external accounts,
 * a payout that fails, a schedule, and a dispute won with evidence, through stripe-node and plain
 * fetch, with the clock moved over HTTP.
 */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { DOORS, eachOpened, type Opened } from './doors.js';

describe.each(DOORS)('$name', (door) => {
  let o!: Opened;
  eachOpened(door, (opened) => (o = opened));
  const call = async (method: string, path: string, body?: object) => {
    const res = await o.fetch(path, {
      method,
      headers: { Authorization: `Bearer ${o.sim.secretKey}`, 'Content-Type': 'application/json' },
      ...(body && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };
  const advance = (seconds: number) => call('POST', '/v1/test_helpers/advance', { seconds });

  it('a payout to a failing bank account fails at its arrival date and the money returns', async () => {
    const me = await o.stripe.accounts.retrieveCurrent();
    const bank = await o.stripe.accounts.createExternalAccount(me.id, { external_account: 'btok_us_verified_insufficientFunds' });
    expect([bank.object, (bank as Stripe.BankAccount).last4, bank.default_for_currency]).toEqual(['bank_account', '2227', true]);
    await o.stripe.paymentIntents.create({ amount: 10_000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true });
    const payout = await o.stripe.payouts.create({ amount: 6000, currency: 'usd' });
    expect([payout.status, payout.destination]).toEqual(['pending', bank.id]);
    await advance(3 * 86_400);
    const failed = await o.stripe.payouts.retrieve(payout.id);
    expect([failed.status, failed.failure_code]).toEqual(['failed', 'insufficient_funds']);
    const balance = await o.stripe.balance.retrieve();
    expect(balance.available[0]!.amount).toBe(9680);
    const refused = await call('POST', '/v1/payouts', { amount: 50_000, currency: 'usd' });
    expect(refused).toEqual({
      status: 400,
      body: {
        error: {
          type: 'invalid_request_error',
          code: 'balance_insufficient',
          message: 'You have insufficient funds in your Onerway account for this payout. One likely reason is that your funds are still pending: advance the clock to their available_on, or charge the 4000000000000077 test card, whose funds are available at once.',
        },
      },
    });
  });

  it('a daily schedule pays a connected account out on its own', async () => {
    const seller = await o.stripe.accounts.create({ type: 'custom' });
    await o.stripe.accounts.createExternalAccount(seller.id, { external_account: 'btok_us_verified' });
    await o.stripe.accounts.update(seller.id, { settings: { payouts: { schedule: { interval: 'daily' } } } });
    await o.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true }, { stripeAccount: seller.id });
    await advance(86_400);
    const payouts = await o.stripe.payouts.list({}, { stripeAccount: seller.id });
    expect(payouts.data.map((p) => [p.amount, p.automatic])).toEqual([[4825, true]]);
  });

  it('a chargeback won with evidence: withdrawn, then reinstated after the review', async () => {
    const pi = await o.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
    const [dispute] = (await o.stripe.disputes.list({ payment_intent: pi.id })).data;
    expect([dispute!.status, dispute!.balance_transactions.map((t) => t.net)]).toEqual(['needs_response', [-6500]]);
    const answered = await o.stripe.disputes.update(dispute!.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    expect(answered.status).toBe('under_review');
    await advance(86_400);
    const won = await o.stripe.disputes.retrieve(dispute!.id);
    expect([won.status, won.balance_transactions.map((t) => t.net)]).toEqual(['won', [-6500, 6500]]);
    const closed = await call('POST', `/v1/disputes/${dispute!.id}/close`);
    expect(closed).toEqual({ status: 400, body: { error: { type: 'invalid_request_error', message: 'This dispute is already closed (won): its evidence can no longer change.' } } });
  });
});
