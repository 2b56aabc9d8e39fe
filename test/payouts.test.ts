/** External accounts and payouts through sim.fetch: every test number, the clock, schedules, errors. */
import { describe, expect, it } from 'vitest';
import { EVENTS } from '../src/engine/events.js';
import { TEST_BANK_ACCOUNTS } from '../src/engine/test-banks.js';
import { internalsOf } from '../src/internal.js';
import { client, rejects, type Client } from './helpers/sim.js';

function eventTypes(c: Client): string[] {
  const events = internalsOf(c.sim).engine.test.peek(EVENTS);
  return events ? events.order.values().map((r) => events.get(r.id)!.object.type) : [];
}

const platformId = async (c: Client): Promise<string> => (await c.get('/v1/account')).body.id;
/** Money available at once: a charge with the bypass-pending card. */
const fund = (c: Client, amount: number, currency = 'usd', headers: Record<string, string> = {}) =>
  c.post('/v1/payment_intents', { amount, currency, payment_method: 'pm_card_bypassPending', confirm: true }, headers);
const available = async (c: Client, currency = 'usd', headers: Record<string, string> = {}) =>
  ((await c.get('/v1/balance', headers)).body.available as { amount: number; currency: string }[]).find((a) => a.currency === currency)?.amount ?? 0;

describe('external accounts', () => {
  it('adds a bank account from a token with the live shape; the first in a currency is its default', async () => {
    const c = client({ seed: 'banks' });
    const me = await platformId(c);
    const reply = await c.post(`/v1/accounts/${me}/external_accounts`, { external_account: 'btok_us_verified', metadata: { label: 'main' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      id: reply.body.id,
      object: 'bank_account',
      account: me,
      account_holder_name: null,
      account_holder_type: null,
      account_type: null,
      available_payout_methods: ['standard'],
      bank_name: 'ONERWAY TEST BANK',
      country: 'US',
      currency: 'usd',
      default_for_currency: true,
      fingerprint: reply.body.fingerprint,
      last4: '6789',
      metadata: { label: 'main' },
      routing_number: '110000000',
      status: 'new',
    });
    expect(reply.body.id).toMatch(/^ba_/);
    const second = (await c.post(`/v1/accounts/${me}/external_accounts`, { external_account: { object: 'bank_account', country: 'US', currency: 'usd', routing_number: '110000000', account_number: '000111111113', account_holder_name: 'Jenny Rosen' } })).body;
    expect([second.default_for_currency, second.last4, second.account_holder_name]).toEqual([false, '1113', 'Jenny Rosen']);
    const promoted = (await c.post(`/v1/accounts/${me}/external_accounts/${second.id}`, { default_for_currency: true })).body;
    expect(promoted.default_for_currency).toBe(true);
    expect((await c.get(`/v1/accounts/${me}/external_accounts/${reply.body.id}`)).body.default_for_currency).toBe(false);
    const listed = (await c.get(`/v1/accounts/${me}/external_accounts?object=bank_account`)).body;
    expect(listed.data.map((a: { id: string }) => a.id)).toEqual([second.id, reply.body.id]);
    await rejects(c, () => c.del(`/v1/accounts/${me}/external_accounts/${second.id}`), 400, {
      type: 'invalid_request_error',
      message: 'You cannot delete the default external account for a currency. Please make another external account the default using the `default_for_currency` param, and then delete this one.',
    });
    expect((await c.del(`/v1/accounts/${me}/external_accounts/${reply.body.id}`)).body).toEqual({ id: reply.body.id, object: 'bank_account', deleted: true });
    expect((await c.get(`/v1/accounts/${me}/external_accounts`)).body.data.map((a: { id: string }) => a.id)).toEqual([second.id]);
    expect(eventTypes(c)).toEqual(['account.external_account.created', 'account.external_account.created', 'account.external_account.updated', 'account.external_account.deleted']);
  });

  it('adds an IBAN and a debit card; connected accounts have their own', async () => {
    const c = client();
    const me = await platformId(c);
    const iban = (await c.post(`/v1/accounts/${me}/external_accounts`, { external_account: { object: 'bank_account', country: 'DE', currency: 'eur', account_number: 'DE89370400440532013000' } })).body;
    expect([iban.currency, iban.routing_number, iban.last4, iban.default_for_currency]).toEqual(['eur', null, '3000', true]);
    const acct = (await c.post('/v1/accounts', { type: 'custom' })).body.id;
    const card = (await c.post(`/v1/accounts/${acct}/external_accounts`, { external_account: 'tok_visa_debit' })).body;
    expect(card).toMatchObject({ object: 'card', account: acct, funding: 'debit', last4: '5556', available_payout_methods: ['standard', 'instant'], default_for_currency: true });
    expect((await c.get(`/v1/accounts/${me}/external_accounts`)).body.data.map((a: { id: string }) => a.id)).toEqual([iban.id]);
  });

  it('refuses bad input, changing nothing', async () => {
    const c = client();
    const me = await platformId(c);
    await rejects(c, () => c.post(`/v1/accounts/${me}/external_accounts`, {}), 400, {
      type: 'invalid_request_error', code: 'parameter_missing', message: 'Missing required param: external_account.', param: 'external_account',
    });
    await rejects(c, () => c.post(`/v1/accounts/${me}/external_accounts`, { external_account: 'btok_nope' }), 400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: "No such token: 'btok_nope'. onerway-sim: external accounts are made from a btok_* bank token (btok_us_verified, btok_us_verified_noAccount, …), a debit card token (tok_visa_debit, tok_mastercard_debit) or bank details; docs/money-out.md lists them.",
      param: 'external_account',
    });
    await rejects(c, () => c.post(`/v1/accounts/${me}/external_accounts`, { external_account: { object: 'bank_account', country: 'US', currency: 'usd', routing_number: '11000', account_number: '000123456789' } }), 400, {
      type: 'invalid_request_error', message: 'Routing number must have 9 digits', param: 'external_account[routing_number]',
    });
    await rejects(c, () => c.post('/v1/accounts/acct_nope/external_accounts', { external_account: 'btok_us_verified' }), 403, expect.objectContaining({ code: 'account_invalid' }));
    await rejects(c, () => c.get(`/v1/accounts/${me}/external_accounts/ba_nope`), 404, {
      type: 'invalid_request_error', code: 'resource_missing', message: "No such external account: 'ba_nope'", param: 'id',
    });
  });
});

describe('payouts', () => {
  async function withBank(c: Client, token = 'btok_us_verified'): Promise<string> {
    return (await c.post(`/v1/accounts/${await platformId(c)}/external_accounts`, { external_account: token })).body.id;
  }

  it('pending, in transit at the next midnight, paid at arrival_date, with a payout balance transaction', async () => {
    const c = client({ now: '2025-06-02T10:00:00Z' });
    const bank = await withBank(c);
    await fund(c, 10_000);
    const before = await available(c);
    const po = (await c.post('/v1/payouts', { amount: 4000, currency: 'usd', description: 'June' })).body;
    expect(po).toMatchObject({ object: 'payout', status: 'pending', amount: 4000, destination: bank, method: 'standard', automatic: false, type: 'bank_account' });
    expect(po.arrival_date).toBe(Date.parse('2025-06-04T00:00:00Z') / 1000);
    expect(await available(c)).toBe(before - 4000);
    expect((await c.get(`/v1/balance_transactions/${po.balance_transaction}`)).body).toMatchObject({ amount: -4000, fee: 0, net: -4000, type: 'payout', reporting_category: 'payout', source: po.id, status: 'available' });
    await c.sim.clock.advance('14h');
    expect((await c.get(`/v1/payouts/${po.id}`)).body.status).toBe('in_transit');
    await c.sim.clock.advance('1d');
    expect((await c.get(`/v1/payouts/${po.id}`)).body.status).toBe('paid');
    expect(eventTypes(c).filter((t) => t.startsWith('payout.'))).toEqual(['payout.created', 'payout.updated', 'payout.paid']);
  });

  it.each(TEST_BANK_ACCOUNTS.filter((b) => b.failure !== null).map((b) => [b.accountNumber, b.failure!, b.country, b.currency] as const))(
    'account %s fails with %s, and the amount returns to the balance',
    async (number, failure, country, currency) => {
      const c = client();
      const me = await platformId(c);
      const bank = { object: 'bank_account', country, currency, account_number: number, ...(country === 'US' && { routing_number: '110000000' }) };
      await c.post(`/v1/accounts/${me}/external_accounts`, { external_account: bank });
      await fund(c, 10_000, currency);
      const before = await available(c, currency);
      const po = (await c.post('/v1/payouts', { amount: 2500, currency })).body;
      await c.sim.clock.advance('3d');
      const after = (await c.get(`/v1/payouts/${po.id}`)).body;
      expect([after.status, after.failure_code]).toEqual(['failed', failure]);
      expect(after.failure_message).toMatch(/[.)]$/);
      expect((await c.get(`/v1/balance_transactions/${after.failure_balance_transaction}`)).body).toMatchObject({ amount: 2500, type: 'payout_failure', reporting_category: 'payout_reversal' });
      expect(await available(c, currency)).toBe(before);
      expect(eventTypes(c).at(-1)).toBe('payout.failed');
      expect(c.sim.coverage().timedBehaviours).toMatchObject({ met: expect.arrayContaining(['payout_failed']), missed: expect.arrayContaining(['payout_paid']) });
    },
  );

  it('the btok_* tokens behave as their numbers', async () => {
    const c = client();
    await withBank(c, 'btok_us_verified_accountClosed');
    await fund(c, 10_000);
    const po = (await c.post('/v1/payouts', { amount: 1000, currency: 'usd' })).body;
    await c.sim.clock.advance('3d');
    expect((await c.get(`/v1/payouts/${po.id}`)).body.failure_code).toBe('account_closed');
  });

  it('an instant payout to a debit card arrives in 30 minutes and costs 1% (at least 0.50)', async () => {
    const c = client();
    const card = (await c.post(`/v1/accounts/${await platformId(c)}/external_accounts`, { external_account: 'tok_visa_debit' })).body.id;
    await fund(c, 20_000);
    const before = await available(c);
    const po = (await c.post('/v1/payouts', { amount: 10_000, currency: 'usd', method: 'instant' })).body;
    expect([po.method, po.type, po.destination, po.arrival_date]).toEqual(['instant', 'card', card, po.created]);
    expect((await c.get(`/v1/balance_transactions/${po.balance_transaction}`)).body).toMatchObject({ amount: -10_000, fee: 100, net: -10_100 });
    expect(await available(c)).toBe(before - 10_100);
    await c.sim.clock.advance('30m');
    expect((await c.get(`/v1/payouts/${po.id}`)).body.status).toBe('paid');
  });

  it('cancels a pending payout (the money comes back) and reverses a paid one', async () => {
    const c = client();
    await withBank(c);
    await fund(c, 10_000);
    const before = await available(c);
    const po = (await c.post('/v1/payouts', { amount: 3000, currency: 'usd' })).body;
    const canceled = (await c.post(`/v1/payouts/${po.id}/cancel`)).body;
    expect(canceled.status).toBe('canceled');
    expect(await available(c)).toBe(before);
    await rejects(c, () => c.post(`/v1/payouts/${po.id}/cancel`), 400, {
      type: 'invalid_request_error', message: `Payout ${po.id} cannot be canceled: only a standard payout that is still pending can be, and its status is canceled.`,
    });
    const paid = (await c.post('/v1/payouts', { amount: 2000, currency: 'usd' })).body;
    await rejects(c, () => c.post(`/v1/payouts/${paid.id}/reverse`), 400, {
      type: 'invalid_request_error', message: `Payout ${paid.id} cannot be reversed: only a paid standard payout to a bank account can be, and it is pending.`,
    });
    await c.sim.clock.advance('3d');
    const reversal = (await c.post(`/v1/payouts/${paid.id}/reverse`)).body;
    expect([reversal.original_payout, reversal.amount, reversal.status]).toEqual([paid.id, 2000, 'pending']);
    expect((await c.get(`/v1/payouts/${paid.id}`)).body.reversed_by).toBe(reversal.id);
    expect(await available(c)).toBe(before);
    await rejects(c, () => c.post(`/v1/payouts/${paid.id}/reverse`), 400, {
      type: 'invalid_request_error', message: `Payout ${paid.id} has already been reversed by ${reversal.id}.`,
    });
  });

  it('pays out of the available balance only, to an external account in its currency', async () => {
    const c = client();
    await rejects(c, () => c.post('/v1/payouts', { amount: 1000, currency: 'usd' }), 400, {
      type: 'invalid_request_error',
      message: `This account has no external account in usd, so the payout has nowhere to go. Add one with POST /v1/accounts/${await platformId(c)}/external_accounts (external_account=btok_us_verified, for example), or pass destination.`,
      param: 'destination',
    });
    const bank = await withBank(c);
    await c.post('/v1/payment_intents', { amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await rejects(c, () => c.post('/v1/payouts', { amount: 1000, currency: 'usd' }), 400, {
      type: 'invalid_request_error',
      code: 'balance_insufficient',
      message: 'You have insufficient funds in your Onerway account for this payout. One likely reason is that your funds are still pending: advance the clock to their available_on, or charge the 4000000000000077 test card, whose funds are available at once.',
    });
    await rejects(c, () => c.post('/v1/payouts', { amount: 1000, currency: 'eur', destination: bank }), 400, {
      type: 'invalid_request_error', message: `The currency of the payout (eur) does not match the currency of the destination ${bank} (usd).`, param: 'currency',
    });
    await rejects(c, () => c.post('/v1/payouts', { amount: 1000, currency: 'usd', method: 'instant' }), 400, {
      type: 'invalid_request_error', message: `The destination ${bank} does not support instant payouts: use method=standard, or a debit card (tok_visa_debit) as the destination.`, param: 'method',
    });
    await rejects(c, () => c.post('/v1/payouts', { amount: 1000, currency: 'usd', source_type: 'fpx' }), 400, {
      type: 'invalid_request_error', message: 'onerway-sim: payouts draw on the card balance only (source_type=card); the fpx balance is not simulated.', param: 'source_type',
    });
    await rejects(c, () => c.post('/v1/payouts', { currency: 'usd' }), 400, {
      type: 'invalid_request_error', code: 'parameter_missing', message: 'Missing required param: amount.', param: 'amount',
    });
  });

  it('lists by status, destination and arrival_date; updates metadata', async () => {
    const c = client();
    const bank = await withBank(c);
    await fund(c, 10_000);
    const a = (await c.post('/v1/payouts', { amount: 1000, currency: 'usd' })).body;
    const b = (await c.post('/v1/payouts', { amount: 1000, currency: 'usd' })).body;
    await c.post(`/v1/payouts/${b.id}/cancel`);
    const ids = async (q: string) => (await c.get(`/v1/payouts${q}`)).body.data.map((p: { id: string }) => p.id);
    expect(await ids('?status=pending')).toEqual([a.id]);
    expect(await ids(`?destination=${bank}`)).toEqual([b.id, a.id]);
    expect(await ids(`?arrival_date[gt]=${a.arrival_date}`)).toEqual([]);
    expect((await c.post(`/v1/payouts/${a.id}`, { metadata: { batch: '7' } })).body.metadata).toEqual({ batch: '7' });
  });
});

describe('payout schedules', () => {
  it('manual is the default; daily pays out the available balance each midnight', async () => {
    const c = client({ now: '2025-06-02T10:00:00Z' });
    const me = (await c.get('/v1/account')).body;
    expect(me.settings.payouts.schedule).toEqual({ delay_days: 2, interval: 'manual' });
    await c.post(`/v1/accounts/${me.id}/external_accounts`, { external_account: 'btok_us_verified' });
    await c.post('/v1/payment_intents', { amount: 10_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const updated = (await c.post(`/v1/accounts/${me.id}`, { settings: { payouts: { schedule: { interval: 'daily' } } } })).body;
    expect(updated.settings.payouts.schedule).toEqual({ delay_days: 2, interval: 'daily' });
    await c.sim.clock.advance('1d');
    expect((await c.get('/v1/payouts')).body.data).toEqual([]);
    await c.sim.clock.advance('1d');
    const [po] = (await c.get('/v1/payouts')).body.data;
    expect([po.amount, po.automatic, po.created]).toEqual([9680, true, Date.parse('2025-06-04T00:00:00Z') / 1000]);
    await rejects(c, () => c.post(`/v1/payouts/${po.id}/cancel`), 400, {
      type: 'invalid_request_error', message: `Payout ${po.id} was made by the payout schedule; automatic payouts cannot be canceled.`,
    });
  });

  it('weekly on its anchor, monthly on its day (the last day of a shorter month), delay_days holds funds longer', async () => {
    const c = client({ now: '2025-02-03T10:00:00Z' });
    const acct = (await c.post('/v1/accounts', { type: 'custom' })).body.id;
    const on = { 'Onerway-Account': acct };
    await c.post(`/v1/accounts/${acct}/external_accounts`, { external_account: 'btok_us_verified' });
    await c.post(`/v1/accounts/${acct}`, { settings: { payouts: { schedule: { interval: 'monthly', monthly_anchor: 31, delay_days: 5 } } } });
    const pi = (await c.post('/v1/payment_intents', { amount: 10_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, expand: ['latest_charge.balance_transaction'] }, on)).body;
    expect(pi.latest_charge.balance_transaction.available_on).toBe(Date.parse('2025-02-08T00:00:00Z') / 1000);
    await c.sim.clock.set('2025-02-28T12:00:00Z');
    const [po] = (await c.get('/v1/payouts', on)).body.data;
    expect([po.created, po.automatic]).toEqual([Date.parse('2025-02-28T00:00:00Z') / 1000, true]);
    await c.post(`/v1/accounts/${acct}`, { settings: { payouts: { schedule: { interval: 'weekly', weekly_anchor: 'friday' } } } });
    expect((await c.get(`/v1/accounts/${acct}`)).body.settings.payouts.schedule).toEqual({ delay_days: 5, interval: 'weekly', weekly_anchor: 'friday' });
    await rejects(c, () => c.post(`/v1/accounts/${acct}`, { settings: { payouts: { schedule: { interval: 'monthly' } } } }), 400, {
      type: 'invalid_request_error', message: 'A monthly payout schedule needs settings[payouts][schedule][monthly_anchor] (1–31).', param: 'settings[payouts][schedule][monthly_anchor]',
    });
    await rejects(c, () => c.post(`/v1/accounts/${acct}`, { settings: { payouts: { schedule: { delay_days: 1 } } } }), 400, {
      type: 'invalid_request_error', code: 'parameter_invalid_integer', message: 'This value must be greater than or equal to 2.', param: 'settings[payouts][schedule][delay_days]',
    });
  });
});
