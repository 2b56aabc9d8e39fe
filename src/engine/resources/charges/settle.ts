/** Money a charge moves: captured amounts booked into the balance, authorizations released. */
import type { RequestContext } from '../../context.js';
import { availableOn, processingFee } from '../../money.js';
import { recordMovement } from '../balance.js';
import { saveCharge, type ChargeRow } from './object.js';

/** Books the captured amount into the balance (pending until `available_on`) and links it. */
export function settle(ctx: RequestContext, row: ChargeRow, amount: number): ChargeRow {
  const charge = row.object;
  const txn = recordMovement(ctx, {
    amount,
    currency: charge.currency,
    type: 'charge',
    source: charge.id,
    description: charge.description,
    fee: processingFee(amount),
    availableOn: row.card.bypassPending ? ctx.now : availableOn(ctx.now),
  });
  return saveCharge(ctx, row, { ...charge, balance_transaction: txn.id });
}

/** Captures `amount` of an uncaptured charge; the rest of the authorization is released. */
export function captureCharge(ctx: RequestContext, row: ChargeRow, amount: number): ChargeRow {
  const charge = row.object;
  const captured = saveCharge(ctx, row, {
    ...charge,
    captured: true,
    amount_captured: amount,
    amount_refunded: charge.amount - amount,
    payment_method_details: { ...charge.payment_method_details, card: { ...charge.payment_method_details.card, capture_before: null } },
  });
  return settle(ctx, captured, amount);
}

/** Releases an uncaptured authorization (cancel, expiry): the charge counts as refunded. */
export function releaseCharge(ctx: RequestContext, row: ChargeRow): ChargeRow {
  const charge = row.object;
  return saveCharge(ctx, row, {
    ...charge,
    amount_refunded: charge.amount,
    refunded: true,
    payment_method_details: { ...charge.payment_method_details, card: { ...charge.payment_method_details.card, capture_before: null } },
  });
}

