/**
 * The PaymentIntent object (reference §1): its stored row (3D Secure done, when an authorization
 * expires, its charges), how it is found and saved.
 */
import type { RequestContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { registerExpandable, registerResolver } from '../../expand.js';
import { findOrThrow } from '../../lookup.js';
import { collectionKey, deepFreeze, type Row } from '../../store.js';
import type { PaymentIntent } from '../objects.js';

export type { CaptureMethod, NextAction, PaymentError, PaymentIntent, PaymentIntentShipping, PaymentIntentStatus } from '../objects.js';

export interface PaymentIntentRow extends Row<PaymentIntent> {
  /** 3D Secure was completed for the current payment method (manual confirmation confirms next). */
  readonly authenticated: boolean;
  /** When an uncaptured authorization expires (Unix seconds), or null. */
  readonly captureBefore: number | null;
  /** Ids of its charges, oldest first (one per confirmation attempt that reached the card): see {@link ChargeIds}. */
  readonly charges: ChargeIds;
  /** Incremental authorization attempts so far (the live API allows 10, declines included). */
  readonly increments: number;
}

export const PAYMENT_INTENTS = collectionKey<PaymentIntentRow>('payment_intents');

registerExpandable('payment_intent', {
  customer: 'customer',
  payment_method: 'payment_method',
  latest_charge: 'charge',
  invoice: 'invoice',
  review: 'review',
  on_behalf_of: 'account',
});
registerResolver('pi', (ctx, id) => ctx.data.collection(PAYMENT_INTENTS).get(id)?.object);

/** Defaults shared by every PaymentIntent that takes them (frozen: stored objects are never mutated). */
export const NO_TIP: PaymentIntent['amount_details'] = deepFreeze({ tip: {} });
export const CARD_ONLY: PaymentIntent['payment_method_types'] = deepFreeze(['card']);
export const NO_CHARGES: readonly string[] = Object.freeze([]);

/**
 * A PaymentIntent's charge ids: none, the only one as a string, or a list. One charge is the
 * common case, and a list would be two more objects kept for every PaymentIntent.
 */
export type ChargeIds = string | readonly string[];

/** The ids, oldest first. */
export function chargeIdsOf(ids: ChargeIds): readonly string[] {
  return typeof ids === 'string' ? [ids] : ids;
}

/** The ids with one more charge. */
export function withCharge(ids: ChargeIds, id: string): ChargeIds {
  if (typeof ids === 'string') return [ids, id];
  return ids.length === 0 ? id : [...ids, id];
}

export function savePaymentIntent(ctx: RequestContext, row: PaymentIntentRow, pi: PaymentIntent, changes: Partial<Omit<PaymentIntentRow, 'object'>> = {}): PaymentIntentRow {
  // Field by field: one shape for every version of a row.
  const next: PaymentIntentRow = {
    id: row.id,
    created: row.created,
    seq: row.seq,
    object: pi,
    authenticated: changes.authenticated ?? row.authenticated,
    captureBefore: changes.captureBefore === undefined ? row.captureBefore : changes.captureBefore,
    charges: changes.charges ?? row.charges,
    increments: changes.increments ?? row.increments,
  };
  ctx.data.collection(PAYMENT_INTENTS).put(next);
  ctx.coverage?.state(row.object.status, pi.status);
  return next;
}

/** The PaymentIntent with `id` in the path (`param: intent`, reference §1.4). */
export function requirePaymentIntent(ctx: RequestContext, id: string): PaymentIntentRow {
  if (/_secret_/.test(id)) {
    throw invalidRequest(
      'You passed a string that looks like a client secret as the PaymentIntent ID, but you must provide a valid PaymentIntent ID. Please use the value in the `id` field of the PaymentIntent.',
      { code: 'resource_missing', param: 'intent', status: 404 },
    );
  }
  return findOrThrow(ctx, PAYMENT_INTENTS, id, 'payment_intent', 'intent', 404);
}

