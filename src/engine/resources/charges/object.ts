/**
 * The Charge object (reference §1.2, §6.3): its stored row (with the catalogue card behind it,
 * for refunds and disputes), how it is saved, and a PaymentIntent's charges.
 */
import type { RequestContext } from '../../context.js';
import { registerExpandable, registerResolver } from '../../expand.js';
import { collectionKey, type Row } from '../../store.js';
import type { TestCard } from '../../test-cards.js';
import type { Charge } from '../objects.js';

export type { Charge, ChargeCardDetails, ChargeOutcome, ThreeDSecureDetails } from '../objects.js';

export interface ChargeRow extends Row<Charge> {
  /** The card behind the charge (refund behaviour, disputes). */
  readonly card: TestCard;
  /** Sum of refunds (not counting an uncaptured remainder that was released). */
  readonly refundedTotal: number;
}

export const CHARGES = collectionKey<ChargeRow>('charges');

registerExpandable('charge', {
  balance_transaction: 'balance_transaction',
  customer: 'customer',
  payment_intent: 'payment_intent',
  failure_balance_transaction: 'balance_transaction',
  transfer: 'transfer',
});
registerResolver('ch', (ctx, id) => ctx.data.collection(CHARGES).get(id)?.object);

export function saveCharge(ctx: RequestContext, row: ChargeRow, charge: Charge, refundedTotal = row.refundedTotal): ChargeRow {
  // Field by field: one shape for every version of a row.
  const next: ChargeRow = { id: row.id, created: row.created, seq: row.seq, object: charge, card: row.card, refundedTotal };
  ctx.data.collection(CHARGES).put(next);
  return next;
}

/** The charges with these ids (a PaymentIntent's, oldest first), newest first as lists are. */
export function chargesOf(ctx: RequestContext, ids: readonly string[]): Charge[] {
  const charges = ctx.data.collection(CHARGES);
  return ids.map((id) => charges.get(id)!.object).reverse();
}

