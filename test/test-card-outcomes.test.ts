/**
 * Every card of the catalogue, attached and charged through sim.fetch. The cards come from the
 * simulator's table; the outcomes they must have are written out literally below, independently
 * of it, so a wrong table cannot pass its own test.
 */
import { describe, expect, it } from 'vitest';
import { TEST_CARDS, type TestCard } from '../src/index.js';
import { client, type Client } from './helpers/sim.js';

type Outcome = { http: number; status?: string; code?: string; decline?: string; message?: string };
const ok: Outcome = { http: 200, status: 'succeeded' };
const action: Outcome = { http: 200, status: 'requires_action' };
const declined = (code: string, decline: string, message: string): Outcome => ({ http: 402, code, decline, message });

const GENERIC = declined('card_declined', 'generic_decline', 'Your card was declined.');
const FUNDS = declined('card_declined', 'insufficient_funds', 'Your card has insufficient funds.');
const LOST = declined('card_declined', 'lost_card', 'Your card was declined.');
const STOLEN = declined('card_declined', 'stolen_card', 'Your card was declined.');
const FRAUD = declined('card_declined', 'fraudulent', 'Your card was declined.');
const CVC = declined('incorrect_cvc', 'incorrect_cvc', "Your card's security code is incorrect.");
const AUTH = declined('authentication_required', 'authentication_required', 'Your card was declined. This transaction requires authentication.');

/** Cards declined when attached (and so also when charged). */
const ATTACH_DECLINES: Record<string, Outcome> = {
  '4000000000000002': GENERIC,
  '4000000000009995': FUNDS,
  '4000000000009987': LOST,
  '4000000000009979': STOLEN,
  '4000000000000069': declined('expired_card', 'expired_card', 'Your card has expired.'),
  '4000000000000127': CVC,
  '4000000000000119': declined('processing_error', 'processing_error', 'An error occurred while processing your card. Try again in a little bit.'),
  '4000000000006975': declined(
    'card_declined',
    'card_velocity_exceeded',
    'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
  ),
  tok_visa_debit_chargeDeclinedInsufficientFunds: FUNDS,
  tok_visa_chargeDeclinedFraudulent: FRAUD,
};

/** Cards that attach, then decline on-session confirmation (or ask for 3DS). */
const CONFIRM: Record<string, Outcome> = {
  '4000000000000341': GENERIC,
  tok_visa_chargeCustomerFailLostCard: LOST,
  tok_visa_chargeCustomerFailStolenCard: STOLEN,
  '4100000000000019': FRAUD,
  '4000000000004954': FRAUD,
  '4000008400001280': GENERIC,
  '4000000000000101': CVC,
  '4000058400307872': CVC,
  '4000002500003155': action,
  '4000002760003184': action,
  '4000003800000446': action,
  '4000008260003178': action,
  '4000000000003220': action,
  '4000008400001629': action,
  '4000582600000094': action,
  '4000582600000045': action,
  '4000582600000102': action,
  '4000582600000110': action,
};

/** After a successful authentication, on session. */
const AFTER_AUTH: Record<string, Outcome> = {
  '4000008260003178': { http: 200, status: 'requires_payment_method', code: 'card_declined', decline: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  '4000008400001629': { http: 200, status: 'requires_payment_method', code: 'card_declined', decline: 'generic_decline', message: 'Your card was declined.' },
};

/** Off session, where no customer is there to authenticate. */
const OFF_SESSION: Record<string, Outcome> = {
  '4000002500003155': AUTH,
  '4000002760003184': AUTH,
  '4000008260003178': AUTH,
  '4000000000003220': AUTH,
  '4000008400001629': AUTH,
  '4000582600000094': AUTH,
  '4000582600000045': AUTH,
  '4000582600000102': AUTH,
  '4000582600000110': AUTH,
};

const keyOf = (card: TestCard) => card.number ?? card.tokens[0]!;

/** A fresh PaymentMethod for the card: from its number (with a CVC), or its token. */
async function paymentMethod(c: Client, card: TestCard): Promise<string> {
  const data = card.number
    ? { number: card.number, exp_month: 12, exp_year: 2030, cvc: card.brand === 'amex' ? '1234' : '123' }
    : { token: card.tokens[0] };
  const res = await c.post('/v1/payment_methods', { type: 'card', card: data });
  expect(res.status).toBe(200);
  return res.body.id;
}

function outcomeOf(res: { status: number; body: any }): Outcome {
  if (res.status !== 200) {
    const e = res.body.error;
    return { http: res.status, code: e.code, decline: e.decline_code, message: e.message };
  }
  const e = res.body.last_payment_error;
  return e ? { http: 200, status: res.body.status, code: e.code, decline: e.decline_code, message: e.message } : { http: 200, status: res.body.status };
}

const expected = (table: Record<string, Outcome>, card: TestCard, otherwise: Outcome) =>
  table[keyOf(card)] ?? ATTACH_DECLINES[keyOf(card)] ?? otherwise;

describe('every test card', () => {
  it('the literal lists name only cards of the table', () => {
    const keys = new Set(TEST_CARDS.map(keyOf));
    for (const k of [...Object.keys(ATTACH_DECLINES), ...Object.keys(CONFIRM), ...Object.keys(AFTER_AUTH), ...Object.keys(OFF_SESSION)]) {
      expect(keys.has(k), k).toBe(true);
    }
    // And the table marks exactly these cards as special.
    const special = TEST_CARDS.filter((c) => c.attachDecline || c.chargeDecline || c.risk === 'highest' || c.checks?.cvc === 'fail' || ['required', 'required_on_setup', 'required_set_up_for_off_session'].includes(c.threeDS));
    expect(special.map(keyOf).sort()).toEqual([...new Set([...Object.keys(ATTACH_DECLINES), ...Object.keys(CONFIRM)])].sort());
  });

  it.each(TEST_CARDS.map((card) => [keyOf(card), card] as const))('%s: attach, confirm on and off session, authenticate', async (_key, card) => {
    const c = client();
    const customer = (await c.post('/v1/customers', {})).body.id;

    const attach = outcomeOf(await c.post(`/v1/payment_methods/${await paymentMethod(c, card)}/attach`, { customer }));
    const attachExpected = ATTACH_DECLINES[keyOf(card)] ?? { http: 200 };
    expect({ ...attach, status: undefined }).toEqual({ ...attachExpected, status: undefined });

    const onSession = await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: await paymentMethod(c, card), confirm: true });
    expect(outcomeOf(onSession)).toEqual(expected(CONFIRM, card, ok));

    if (onSession.body.status === 'requires_action') {
      const auth = await c.post(`/v1/test_helpers/payment_intents/${onSession.body.id}/authenticate`, { outcome: 'success' });
      expect(outcomeOf(auth)).toEqual(AFTER_AUTH[keyOf(card)] ?? ok);
    }

    const offSession = await c.post('/v1/payment_intents', {
      amount: 2000,
      currency: 'usd',
      payment_method: await paymentMethod(c, card),
      confirm: true,
      off_session: true,
    });
    const onSessionExpected = expected(CONFIRM, card, ok);
    expect(outcomeOf(offSession)).toEqual(OFF_SESSION[keyOf(card)] ?? (onSessionExpected === action ? ok : onSessionExpected));
  });

  it('every pm_card_* id and token resolves to its card', async () => {
    const c = client();
    for (const card of TEST_CARDS) {
      for (const source of [...card.paymentMethods.map((pm) => `/v1/payment_methods/${pm}`)]) {
        const pm = (await c.get(source)).body;
        expect([pm.card.last4, pm.card.brand, pm.card.funding, pm.card.country]).toEqual([card.last4, card.brand, card.funding, card.country]);
      }
      for (const token of card.tokens) {
        const pm = (await c.post('/v1/payment_methods', { type: 'card', card: { token } })).body;
        expect([pm.card.last4, pm.card.brand]).toEqual([card.last4, card.brand]);
      }
    }
  });
});
