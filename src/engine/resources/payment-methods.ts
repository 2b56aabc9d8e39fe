/**
 * PaymentMethods (reference §2): created from raw test numbers, `tok_*` tokens, or `pm_card_*`
 * ids (each use of a `pm_card_*` id makes a new PaymentMethod); retrieve, update, attach, detach,
 * list. Card data is checked at creation; the catalogue's attach-time declines fire at attach.
 */
import { addressParam, EMPTY_ADDRESS, mergeAddress, type Address } from '../address.js';
import { checkCvc, checkExpiry, checkNumber, cardForNumber, fullYear, yearMonthOf } from '../cards.js';
import type { RequestContext } from '../context.js';
import { cardError, invalidRequest, limitExceeded, missingParam, resourceMissing } from '../errors.js';
import { previousAttributes, recordEvent } from '../events.js';
import { registerExpandable, registerResolver } from '../expand.js';
import { digest62 } from '../ids.js';
import { listFields, OrderedIndex, type Entry, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { enumOf, hash, integer, mergeMetadata, metadata, required, string, type Params, NO_METADATA } from '../params.js';
import { route } from '../routes.js';
import { collectionKey, deepFreeze, type Row } from '../store.js';
import {
  CARDS_BY_NUMBER,
  CARDS_BY_PAYMENT_METHOD,
  CARDS_BY_TOKEN,
  DECLINES,
  type CardBrand,
  type CardFunding,
  type CheckResult,
  type TestCard,
} from '../test-cards.js';
import type { Customer, Expandable } from './customers.js';
import { requireCustomer, saveCustomer } from './customers.js';

export type CheckValue = CheckResult | 'unchecked' | null;

export interface BillingDetails {
  address: Address;
  email: string | null;
  name: string | null;
  phone: string | null;
  tax_id: string | null;
}

export interface PaymentMethodCard {
  brand: CardBrand;
  checks: { address_line1_check: CheckValue; address_postal_code_check: CheckValue; cvc_check: CheckValue };
  country: string;
  display_brand: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: CardFunding;
  generated_from: null;
  last4: string;
  networks: { available: string[]; preferred: string | null };
  regulated_status: 'regulated' | 'unregulated';
  three_d_secure_usage: { supported: boolean };
  wallet: null;
}

/** A PaymentMethod, as merchants receive it. */
export interface PaymentMethod {
  id: string;
  object: 'payment_method';
  allow_redisplay: 'always' | 'limited' | 'unspecified';
  billing_details: BillingDetails;
  card: PaymentMethodCard;
  created: number;
  customer: Expandable<Customer> | null;
  livemode: boolean;
  metadata: Record<string, string>;
  type: 'card';
}

/**
 * `fresh`: never attached; `attached`; `detached` and `consumed` (used without a customer) may
 * not be attached again (reference §2.3).
 */
export type PaymentMethodState = 'fresh' | 'attached' | 'detached' | 'consumed';

export interface PaymentMethodRow extends Row<PaymentMethod> {
  /** The catalogue row that decides how this card behaves. */
  readonly card: TestCard;
  readonly state: PaymentMethodState;
  /** Saved for off-session use by a PaymentIntent with `setup_future_usage` (reference §6.4). */
  readonly setUp?: boolean;
}

export const PAYMENT_METHODS = collectionKey<PaymentMethodRow>('payment_methods');
const BY_CUSTOMER = 'payment_methods.by_customer';

registerExpandable('payment_method', { customer: 'customer' });
registerResolver('pm', (ctx, id) => ctx.data.collection(PAYMENT_METHODS).get(id)?.object);

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

const billingFields = {
  address: addressParam,
  email: string({ nullable: true }),
  name: string({ nullable: true }),
  phone: string({ nullable: true }),
} as const;

/** The fields of a new card PaymentMethod: `POST /v1/payment_methods` and inline `payment_method_data`. */
export const paymentMethodDataFields = {
  type: required(enumOf(['card'])),
  card: hash({ number: string(), exp_month: integer(), exp_year: integer(), cvc: string(), token: string() }),
  billing_details: hash(billingFields),
  metadata: metadata(),
  allow_redisplay: enumOf(['always', 'limited', 'unspecified']),
} as const;

const createFields = { ...paymentMethodDataFields, customer: string() } as const;

const updateFields = {
  billing_details: hash(billingFields),
  card: hash({ exp_month: integer(), exp_year: integer() }),
  metadata: metadata(),
  allow_redisplay: enumOf(['always', 'limited', 'unspecified']),
} as const;

function fingerprint(ctx: RequestContext, card: TestCard): string {
  return digest62(`${ctx.mode}:${card.number ?? card.tokens[0]}`, 16);
}

interface CardInput {
  card: TestCard;
  expMonth: number;
  expYear: number;
  cvcSupplied: boolean;
}

/** A catalogue card used through `pm_card_*` or `tok_*`: a valid expiry three years ahead. */
function magicCardInput(ctx: RequestContext, card: TestCard): CardInput {
  return { card, expMonth: 12, expYear: yearMonthOf(ctx.now).year + 3, cvcSupplied: true };
}

function refuseTestCardInLiveMode(ctx: RequestContext, known: boolean): void {
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

function buildPaymentMethod(
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

function store(ctx: RequestContext, object: Omit<PaymentMethod, 'id'>, card: TestCard, state: PaymentMethodState): PaymentMethodRow {
  const id = ctx.ids.next('pm');
  // Written out rather than `{ id, ...object }`: a spread after a first field copies property by
  // property into out-of-object storage, on every PaymentMethod a `pm_card_*` id makes.
  const pm: PaymentMethod = {
    id,
    object: object.object,
    allow_redisplay: object.allow_redisplay,
    billing_details: object.billing_details,
    card: object.card,
    created: object.created,
    customer: object.customer,
    livemode: object.livemode,
    metadata: object.metadata,
    type: object.type,
  };
  const row: PaymentMethodRow = { id, created: object.created, seq: ctx.nextSeq(), object: pm, card, state, setUp: false };
  ctx.data.collection(PAYMENT_METHODS).add(row);
  return row;
}

/**
 * A new version of a PaymentMethod row, written out field by field: every version then has the
 * same shape, where spreads of rows with and without `setUp` made a new one for each row.
 */
function nextRow(row: PaymentMethodRow, changes: Partial<Pick<PaymentMethodRow, 'object' | 'state' | 'setUp'>>): PaymentMethodRow {
  return {
    id: row.id,
    created: row.created,
    seq: row.seq,
    object: changes.object ?? row.object,
    card: row.card,
    state: changes.state ?? row.state,
    setUp: changes.setUp ?? row.setUp ?? false,
  };
}

function cardInputFromParams(ctx: RequestContext, c: NonNullable<Params<typeof createFields>['card']>): CardInput {
  if (c.token !== undefined) {
    if (c.number !== undefined) {
      throw invalidRequest('You cannot pass card[number] together with card[token]. Send one or the other.', { param: 'card[token]' });
    }
    if (!c.token.startsWith('tok_')) throw invalidRequest(`Invalid token id: ${c.token}`, { param: 'token' });
    const card = CARDS_BY_TOKEN.get(c.token);
    if (!card) throw resourceMissing('token', c.token, 'token', { status: 400 });
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

/**
 * Checks a new card's data and returns it as a source that is stored only when materialised
 * (`param` prefixes the names in errors: `payment_method_data` for inline data).
 */
export function paymentMethodFromData(ctx: RequestContext, p: Params<typeof paymentMethodDataFields>, param = ''): PaymentMethodSource {
  if (p.card === undefined) throw missingParam(param ? `${param}[card]` : 'card');
  const input = cardInputFromParams(ctx, p.card);
  const object = buildPaymentMethod(ctx, input, { billing: p.billing_details, metadata: p.metadata, allowRedisplay: p.allow_redisplay });
  return { row: undefined, card: input.card, materialize: (state) => store(ctx, object, input.card, state) };
}

function create(ctx: RequestContext, p: Params<typeof createFields>): PaymentMethod {
  if (p.customer !== undefined) {
    throw invalidRequest(
      'You cannot attach a PaymentMethod to a Customer during PaymentMethod creation. Please instead create the PaymentMethod and then attach it using the attachment method of the PaymentMethods API.',
      { param: 'customer' },
    );
  }
  return paymentMethodFromData(ctx, p).materialize('fresh').object;
}

/** Resolves the card's pending checks at its first charge, as attach does; returns the card. */
export function verifyCard(ctx: RequestContext, id: string): PaymentMethod {
  const pms = ctx.data.collection(PAYMENT_METHODS);
  const row = pms.get(id)!;
  const checks = verifiedChecks(row.object, row.card);
  const c = row.object.card.checks;
  if (checks.cvc_check === c.cvc_check && checks.address_line1_check === c.address_line1_check && checks.address_postal_code_check === c.address_postal_code_check) {
    return row.object;
  }
  const object: PaymentMethod = { ...row.object, card: verifiedCardHash(row.object.card, checks) };
  pms.put(nextRow(row, { object }));
  return object;
}

/** The verified version of each shared card hash, shared in turn (see {@link cardHash}). */
const VERIFIED_CARD_HASHES = new WeakMap<PaymentMethodCard, PaymentMethodCard>();

function verifiedCardHash(card: PaymentMethodCard, checks: PaymentMethodCard['checks']): PaymentMethodCard {
  if (!Object.isFrozen(card)) return { ...card, checks };
  let verified = VERIFIED_CARD_HASHES.get(card);
  if (!verified) VERIFIED_CARD_HASHES.set(card, (verified = deepFreeze({ ...card, checks })));
  return verified;
}

/** Marks how a PaymentIntent used a PaymentMethod: consumed when it was not saved to a customer. */
export function markUsed(ctx: RequestContext, id: string, setUp: boolean): void {
  const pms = ctx.data.collection(PAYMENT_METHODS);
  const row = pms.get(id)!;
  const state = row.state === 'fresh' ? 'consumed' : row.state;
  if (state !== row.state || (setUp && !row.setUp)) pms.put(nextRow(row, { state, setUp: (row.setUp ?? false) || setUp }));
}

/**
 * A PaymentMethod named by id where one is accepted: a stored one, or a `pm_card_*` id that
 * becomes a new PaymentMethod only when `materialize` is called (after every check passed).
 */
export interface PaymentMethodSource {
  /** The stored row, or undefined for a `pm_card_*` id not yet materialised. */
  readonly row: PaymentMethodRow | undefined;
  readonly card: TestCard;
  materialize(state: PaymentMethodState): PaymentMethodRow;
}

export function resolvePaymentMethod(ctx: RequestContext, id: string, param: string, status: 400 | 404): PaymentMethodSource {
  const magic = id.startsWith('pm_card_') ? CARDS_BY_PAYMENT_METHOD.get(id) : undefined;
  if (magic) {
    refuseTestCardInLiveMode(ctx, true);
    return {
      row: undefined,
      card: magic,
      materialize: (state) => store(ctx, buildPaymentMethod(ctx, magicCardInput(ctx, magic), {}), magic, state),
    };
  }
  const row = findOrThrow(ctx, PAYMENT_METHODS, id, 'PaymentMethod', param, status);
  return { row, card: row.card, materialize: () => row };
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): PaymentMethod {
  return resolvePaymentMethod(ctx, path['id']!, 'payment_method', 404).materialize('fresh').object;
}

function customerIndex(ctx: RequestContext, customerId: string): OrderedIndex<Entry> | undefined {
  return ctx.data.map<string, OrderedIndex<Entry>>(BY_CUSTOMER).get(customerId);
}

export function isAttachedTo(ctx: RequestContext, pmId: string, customerId: string): boolean {
  const row = ctx.data.collection(PAYMENT_METHODS).get(pmId);
  return row !== undefined && row.state === 'attached' && row.object.customer === customerId;
}

/** Resolves check results that were waiting for the card's first verification. */
function verifiedChecks(object: PaymentMethod, card: TestCard): PaymentMethodCard['checks'] {
  const resolve = (value: CheckValue, result: CheckResult | undefined): CheckValue =>
    value === 'unchecked' ? (result ?? 'pass') : value;
  const c = object.card.checks;
  return {
    address_line1_check: resolve(c.address_line1_check, card.checks?.line1),
    address_postal_code_check: resolve(c.address_postal_code_check, card.checks?.postalCode),
    cvc_check: resolve(c.cvc_check, card.checks?.cvc),
  };
}

/**
 * Everything attach needs, checked without writing: `check(customerId)` throws the error an
 * attach would answer (customerId null for a customer still being created) and says whether the
 * attach changes anything; `commit` performs it.
 */
export interface AttachPlan {
  readonly id: string | undefined;
  check(customerId: string | null): 'attach' | 'already_attached';
  commit(customerId: string): PaymentMethod;
}

export function resolveForAttach(ctx: RequestContext, pmId: string, param: string, status: 400 | 404): AttachPlan {
  const source = resolvePaymentMethod(ctx, pmId, param, status);
  const row = source.row;
  return {
    id: row?.id,
    check(customerId) {
      if (row) {
        if (row.state === 'attached') {
          if (row.object.customer === customerId) return 'already_attached';
          throw invalidRequest('The payment method you provided has already been attached to a customer.');
        }
        if (row.state !== 'fresh') {
          throw invalidRequest(
            'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.',
          );
        }
      }
      if (customerId !== null) {
        const count = customerIndex(ctx, customerId)?.size ?? 0;
        if (count >= ctx.limits.paymentMethodsPerCustomer) {
          throw limitExceeded(
            `This customer has reached its limit of ${ctx.limits.paymentMethodsPerCustomer} payment methods (Onerway allows at most ${ctx.limits.paymentMethodsPerCustomer} per customer). Detach payment methods the customer no longer uses.`,
            'customer',
          );
        }
      }
      const decline = source.card.attachDecline;
      if (decline) {
        const d: { code: string; declineCode: string; message: string; param?: string } = DECLINES[decline];
        throw cardError(d.code, d.message, { declineCode: d.declineCode, param: d.param });
      }
      return 'attach';
    },
    commit(customerId) {
      const current = source.materialize('fresh');
      const object: PaymentMethod = {
        ...current.object,
        customer: customerId,
        card: { ...current.object.card, checks: verifiedChecks(current.object, source.card) },
      };
      ctx.data.collection(PAYMENT_METHODS).put(nextRow(current, { object, state: 'attached' }));
      const indexes = ctx.data.map<string, OrderedIndex<Entry>>(BY_CUSTOMER);
      let index = indexes.get(customerId);
      if (!index) indexes.set(customerId, (index = new OrderedIndex<Entry>()));
      index.insert({ id: current.id, created: current.created, seq: current.seq });
      recordEvent(ctx, 'payment_method.attached', object);
      return object;
    },
  };
}

const attachFields = { customer: required(string()) } as const;

function attach(ctx: RequestContext, p: Params<typeof attachFields>, path: Readonly<Record<string, string>>): PaymentMethod {
  const plan = resolveForAttach(ctx, path['id']!, 'payment_method', 404);
  const customer = requireCustomer(ctx, p.customer, 'customer', 400);
  if (plan.check(customer.id) === 'already_attached') return ctx.data.collection(PAYMENT_METHODS).get(plan.id!)!.object;
  return plan.commit(customer.id);
}

/** Detaches one PaymentMethod; clears the customer's default if it was this one. */
function detachRow(ctx: RequestContext, row: PaymentMethodRow, emit: boolean): PaymentMethod {
  const customerId = row.object.customer as string;
  const object: PaymentMethod = { ...row.object, customer: null };
  ctx.data.collection(PAYMENT_METHODS).put(nextRow(row, { object, state: 'detached' }));
  customerIndex(ctx, customerId)?.remove(row);
  if (emit) {
    recordEvent(ctx, 'payment_method.detached', object, { customer: customerId });
    const customer = requireCustomer(ctx, customerId, 'customer', 400);
    if (customer.object.invoice_settings.default_payment_method === row.id) {
      const updated = { ...customer.object, invoice_settings: { ...customer.object.invoice_settings, default_payment_method: null } };
      saveCustomer(ctx, customer, updated);
      recordEvent(ctx, 'customer.updated', updated, { invoice_settings: { default_payment_method: row.id } });
    }
  }
  return object;
}

function detach(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): PaymentMethod {
  const row = findOrThrow(ctx, PAYMENT_METHODS, path['id']!, 'PaymentMethod', 'payment_method', 404);
  if (row.state !== 'attached') {
    throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.');
  }
  return detachRow(ctx, row, true);
}

/** A deleted customer's PaymentMethods are detached (no events: reference §2.3 leaves it open). */
export function detachAllFromCustomer(ctx: RequestContext, customerId: string): void {
  const index = customerIndex(ctx, customerId);
  if (!index) return;
  const pms = ctx.data.collection(PAYMENT_METHODS);
  for (const entry of [...index.values()]) detachRow(ctx, pms.get(entry.id)!, false);
  ctx.data.map<string, OrderedIndex<Entry>>(BY_CUSTOMER).delete(customerId);
}

function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): PaymentMethod {
  const row = findOrThrow(ctx, PAYMENT_METHODS, path['id']!, 'PaymentMethod', 'payment_method', 404);
  if (row.state !== 'attached') {
    throw invalidRequest('You must save this PaymentMethod to a customer before you can update it.');
  }
  const before = row.object;
  const after: PaymentMethod = { ...before };
  if (p.billing_details !== undefined) {
    const b = p.billing_details;
    after.billing_details = {
      ...before.billing_details,
      ...(b.email !== undefined && { email: b.email }),
      ...(b.name !== undefined && { name: b.name }),
      ...(b.phone !== undefined && { phone: b.phone }),
      ...(b.address !== undefined && { address: b.address === null ? { ...EMPTY_ADDRESS } : mergeAddress(before.billing_details.address, b.address) }),
    };
  }
  if (p.card !== undefined) {
    const month = p.card.exp_month ?? before.card.exp_month;
    const year = p.card.exp_year === undefined ? before.card.exp_year : fullYear(p.card.exp_year);
    checkExpiry(month, year, ctx.now);
    after.card = { ...before.card, exp_month: month, exp_year: year };
  }
  if (p.metadata !== undefined) after.metadata = mergeMetadata(before.metadata, p.metadata);
  if (p.allow_redisplay !== undefined) after.allow_redisplay = p.allow_redisplay;
  const changed = previousAttributes(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  if (!changed) return before;
  ctx.data.collection(PAYMENT_METHODS).put(nextRow(row, { object: after }));
  recordEvent(ctx, 'payment_method.updated', after, changed);
  return after;
}

function listFor(ctx: RequestContext, customerId: string, p: Params<typeof listFields>, url: string): ListObject<PaymentMethod> {
  return listOf(ctx, PAYMENT_METHODS, p, { noun: 'PaymentMethod', url, index: customerIndex(ctx, customerId) ?? new OrderedIndex<Entry>() });
}

const listPmFields = { ...listFields, customer: string(), type: enumOf(['card']) } as const;

function list(ctx: RequestContext, p: Params<typeof listPmFields>): ListObject<PaymentMethod> {
  // Without a customer the list is empty: unattached PaymentMethods are never listed (reference §2.2).
  if (p.customer === undefined) return { object: 'list', data: [], has_more: false, url: '/v1/payment_methods' };
  const customer = requireCustomer(ctx, p.customer, 'customer', 400);
  return listFor(ctx, customer.id, p, '/v1/payment_methods');
}

const customerListFields = { ...listFields, type: enumOf(['card']) } as const;

function listForCustomer(ctx: RequestContext, p: Params<typeof customerListFields>, path: Readonly<Record<string, string>>): ListObject<PaymentMethod> {
  const customer = requireCustomer(ctx, path['customer']!, 'id', 404);
  return listFor(ctx, customer.id, p, `/v1/customers/${customer.id}/payment_methods`);
}

function retrieveForCustomer(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): PaymentMethod {
  const customer = requireCustomer(ctx, path['customer']!, 'id', 404);
  const id = path['id']!;
  if (!isAttachedTo(ctx, id, customer.id)) throw resourceMissing('PaymentMethod', id, 'payment_method', { status: 404 });
  return ctx.data.collection(PAYMENT_METHODS).get(id)!.object;
}

export const paymentMethodRoutes = [
  route({ method: 'POST', path: '/v1/payment_methods', fields: createFields, handler: create, returns: 'payment_method', publishable: true }),
  route({ method: 'GET', path: '/v1/payment_methods', fields: listPmFields, handler: list, returns: 'payment_method', list: true }),
  route({ method: 'GET', path: '/v1/payment_methods/:id', fields: {}, handler: retrieve, returns: 'payment_method' }),
  route({ method: 'POST', path: '/v1/payment_methods/:id', fields: updateFields, handler: update, returns: 'payment_method', update: true }),
  route({ method: 'POST', path: '/v1/payment_methods/:id/attach', fields: attachFields, handler: attach, returns: 'payment_method' }),
  route({ method: 'POST', path: '/v1/payment_methods/:id/detach', fields: {}, handler: detach, returns: 'payment_method' }),
  route({ method: 'GET', path: '/v1/customers/:customer/payment_methods', fields: customerListFields, handler: listForCustomer, returns: 'payment_method', list: true }),
  route({ method: 'GET', path: '/v1/customers/:customer/payment_methods/:id', fields: {}, handler: retrieveForCustomer, returns: 'payment_method' }),
];
