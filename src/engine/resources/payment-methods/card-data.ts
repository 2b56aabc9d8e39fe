/**
 * A card's data as a PaymentMethod shows it: from raw test numbers (checked as the live API
 * checks them), `tok_*` tokens and `pm_card_*` ids, with the catalogue card that decides how it
 * behaves, and the results of its checks once verified.
 */
import { EMPTY_ADDRESS, mergeAddress } from '../../address.js';
import { catalogueHint, checkCvc, checkExpiry, checkNumber, cardForNumber, fullYear, yearMonthOf } from '../../cards.js';
import type { RequestContext } from '../../context.js';
import { cardError, invalidRequest, missingParam, resourceMissing } from '../../errors.js';
import { digest62 } from '../../ids.js';
import { type Params } from '../../params.js';
import { mergeMetadata, NO_METADATA } from '../../metadata.js';
import { deepFreeze } from '../../store.js';
import { CARDS_BY_NUMBER, CARDS_BY_TOKEN, DECLINES, type CardBrand, type CheckResult, type TestCard } from '../../test-cards.js';
import type { CheckValue, PaymentMethod, PaymentMethodCard } from '../objects.js';
import type { billingFields, createFields } from './params.js';

const DISPLAY_BRAND: Record<CardBrand, string> = {
  amex: 'american_express',
  cartes_bancaires: 'cartes_bancaires',
  diners: 'diners_club',
  discover: 'discover',
  eftpos_au: 'eftpos_australia',
  jcb: 'jcb',
  mastercard: 'mastercard',
  unionpay: 'union_pay',
  visa: 'visa',
  unknown: 'unknown',
};

function fingerprint(ctx: RequestContext, card: TestCard): string {
  return digest62(`${ctx.mode}:${card.number ?? card.tokens[0]}`, 16);
}

export interface CardInput {
  card: TestCard;
  expMonth: number;
  expYear: number;
  cvcSupplied: boolean;
}

/** A catalogue card used through `pm_card_*` or `tok_*`: a valid expiry three years ahead. */
export function magicCardInput(ctx: RequestContext, card: TestCard): CardInput {
  return { card, expMonth: 12, expYear: yearMonthOf(ctx.now).year + 3, cvcSupplied: true };
}

export function refuseTestCardInLiveMode(ctx: RequestContext, known: boolean): void {
  if (ctx.mode === 'live' && known) {
    const d = DECLINES.live_mode_test_card;
    throw cardError(d.code, d.message, { declineCode: d.declineCode });
  }
}

/** Billing details of a card given without any: shared, as stored objects are never mutated. */
const NO_BILLING_DETAILS: PaymentMethod['billing_details'] = Object.freeze({
  address: EMPTY_ADDRESS,
  email: null,
  name: null,
  phone: null,
  tax_id: null,
});

/**
 * The `card` hash of a new PaymentMethod depends only on the catalogue card, the mode, the
 * expiry and which checks are pending. Stored objects are never mutated, so one (frozen) hash
 * per combination is shared by every PaymentMethod made from it: a `pm_card_*` id makes a new
 * PaymentMethod at each use, and a test suite uses the same few thousands of times.
 */
const CARD_HASHES = new WeakMap<TestCard, Map<number, PaymentMethodCard>>();

function cardHash(ctx: RequestContext, input: CardInput, line1: boolean, postalCode: boolean): PaymentMethodCard {
  const { card } = input;
  let byKey = CARD_HASHES.get(card);
  if (!byKey) CARD_HASHES.set(card, (byKey = new Map()));
  // One number for mode, expiry and pending checks (a string key would be built at every use).
  const key = (((input.expYear * 16 + input.expMonth) * 2 + (ctx.mode === 'live' ? 1 : 0)) * 8 + (input.cvcSupplied ? 4 : 0) + (line1 ? 2 : 0) + (postalCode ? 1 : 0));
  let hash = byKey.get(key);
  if (!hash) {
    hash = deepFreeze<PaymentMethodCard>({
      brand: card.brand,
      checks: {
        address_line1_check: line1 ? 'unchecked' : null,
        address_postal_code_check: postalCode ? 'unchecked' : null,
        cvc_check: input.cvcSupplied ? 'unchecked' : null,
      },
      country: card.country,
      display_brand: DISPLAY_BRAND[card.brand],
      exp_month: input.expMonth,
      exp_year: input.expYear,
      fingerprint: fingerprint(ctx, card),
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: card.threeDS !== 'not_supported' },
      wallet: null,
    });
    byKey.set(key, hash);
  }
  return hash;
}

export function buildPaymentMethod(
  ctx: RequestContext,
  input: CardInput,
  extra: { billing?: Params<typeof billingFields> | undefined; metadata?: Record<string, string | null> | null | undefined; allowRedisplay?: PaymentMethod['allow_redisplay'] | undefined },
): Omit<PaymentMethod, 'id'> {
  const billing = extra.billing;
  const address = billing?.address ? mergeAddress(null, billing.address) : EMPTY_ADDRESS;
  return {
    object: 'payment_method',
    allow_redisplay: extra.allowRedisplay ?? 'unspecified',
    billing_details: billing
      ? { address: { ...address }, email: billing.email ?? null, name: billing.name ?? null, phone: billing.phone ?? null, tax_id: null }
      : NO_BILLING_DETAILS,
    card: cardHash(ctx, input, Boolean(address.line1), Boolean(address.postal_code)),
    created: ctx.now,
    customer: null,
    livemode: ctx.mode === 'live',
    metadata: mergeMetadata(NO_METADATA, extra.metadata),
    type: 'card',
  };
}

export function cardInputFromParams(ctx: RequestContext, c: NonNullable<Params<typeof createFields>['card']>): CardInput {
  if (c.token !== undefined) {
    if (c.number !== undefined) {
      throw invalidRequest('You cannot pass card[number] together with card[token]. Send one or the other.', { param: 'card[token]' });
    }
    if (!c.token.startsWith('tok_')) throw invalidRequest(`Invalid token id: ${c.token}`, { param: 'token' });
    const card = CARDS_BY_TOKEN.get(c.token);
    if (!card) throw resourceMissing('token', c.token, 'token', { status: 400, hint: catalogueHint(c.token) });
    refuseTestCardInLiveMode(ctx, true);
    return magicCardInput(ctx, card);
  }
  if (c.number === undefined) throw missingParam('card[number]');
  if (c.exp_month === undefined) throw missingParam('card[exp_month]');
  if (c.exp_year === undefined) throw missingParam('card[exp_year]');
  const digits = checkNumber(c.number);
  const card = cardForNumber(digits);
  const expYear = fullYear(c.exp_year);
  checkExpiry(c.exp_month, expYear, ctx.now);
  if (c.cvc !== undefined) checkCvc(c.cvc, card.brand);
  refuseTestCardInLiveMode(ctx, CARDS_BY_NUMBER.has(digits));
  return { card, expMonth: c.exp_month, expYear, cvcSupplied: c.cvc !== undefined };
}

/** Resolves check results that were waiting for the card's first verification. */
export function verifiedChecks(object: PaymentMethod, card: TestCard): PaymentMethodCard['checks'] {
  const resolve = (value: CheckValue, result: CheckResult | undefined): CheckValue =>
    value === 'unchecked' ? (result ?? 'pass') : value;
  const c = object.card.checks;
  return {
    address_line1_check: resolve(c.address_line1_check, card.checks?.line1),
    address_postal_code_check: resolve(c.address_postal_code_check, card.checks?.postalCode),
    cvc_check: resolve(c.cvc_check, card.checks?.cvc),
  };
}

/** The verified version of each shared card hash, shared in turn (see {@link cardHash}). */
const VERIFIED_CARD_HASHES = new WeakMap<PaymentMethodCard, PaymentMethodCard>();

export function verifiedCardHash(card: PaymentMethodCard, checks: PaymentMethodCard['checks']): PaymentMethodCard {
  if (!Object.isFrozen(card)) return { ...card, checks };
  let verified = VERIFIED_CARD_HASHES.get(card);
  if (!verified) VERIFIED_CARD_HASHES.set(card, (verified = deepFreeze({ ...card, checks })));
  return verified;
}

