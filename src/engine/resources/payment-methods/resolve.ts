/**
 * PaymentMethods where an operation names one: a stored one, a `pm_card_*` id or inline card
 * data, each checked first and stored only when materialised (after every check passed); and how
 * a charge marks the card it used.
 */
import type { RequestContext } from '../../context.js';
import { missingParam, resourceMissing } from '../../errors.js';
import { findOrThrow } from '../../lookup.js';
import type { Params } from '../../params.js';
import { catalogueHint } from '../../cards.js';
import { CARDS_BY_PAYMENT_METHOD, type TestCard } from '../../test-cards.js';
import type { PaymentMethod } from '../objects.js';
import { buildPaymentMethod, cardInputFromParams, magicCardInput, refuseTestCardInLiveMode, verifiedCardHash, verifiedChecks } from './card-data.js';
import { nextRow, PAYMENT_METHODS, type PaymentMethodRow, type PaymentMethodState } from './object.js';
import type { paymentMethodDataFields } from './params.js';

export function store(ctx: RequestContext, object: Omit<PaymentMethod, 'id'>, card: TestCard, state: PaymentMethodState): PaymentMethodRow {
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
 * Checks a new card's data and returns it as a source that is stored only when materialised
 * (`param` prefixes the names in errors: `payment_method_data` for inline data).
 */
export function paymentMethodFromData(ctx: RequestContext, p: Params<typeof paymentMethodDataFields>, param = ''): PaymentMethodSource {
  if (p.card === undefined) throw missingParam(param ? `${param}[card]` : 'card');
  const input = cardInputFromParams(ctx, p.card);
  const object = buildPaymentMethod(ctx, input, { billing: p.billing_details, metadata: p.metadata, allowRedisplay: p.allow_redisplay });
  return { row: undefined, card: input.card, materialize: (state) => store(ctx, object, input.card, state) };
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
  const hint = id.startsWith('pm_card_') ? catalogueHint(id) : undefined;
  if (hint !== undefined && !ctx.data.collection(PAYMENT_METHODS).get(id)) throw resourceMissing('PaymentMethod', id, param, { status, hint });
  const row = findOrThrow(ctx, PAYMENT_METHODS, id, 'PaymentMethod', param, status);
  return { row, card: row.card, materialize: () => row };
}

