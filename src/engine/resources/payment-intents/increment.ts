/**
 * Incremental authorization (`POST /v1/payment_intents/:id/increment_authorization`): raises the
 * amount of an uncaptured card authorization that was asked for with
 * `payment_method_options[card][request_incremental_authorization]=if_available`; at most 10
 * attempts per PaymentIntent, as the live API allows.
 */
import type { RequestContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { recordEvent } from '../../events.js';
import { mergeMetadata, metadata } from '../../metadata.js';
import { checkChargeAmount } from '../../money.js';
import { integer, required, string, type Params } from '../../params.js';
import { CHARGES, saveCharge } from '../charges/object.js';
import type { Charge, PaymentIntent } from '../objects.js';
import { requirePaymentIntent, savePaymentIntent } from './object.js';
import { applicationFee, unexpectedState } from './states.js';

export const MAX_INCREMENTS = 10;

export const incrementFields = {
  amount: required(integer()),
  application_fee_amount: integer({ min: 0 }),
  description: string({ nullable: true }),
  metadata: metadata(),
  statement_descriptor: string({ maxLength: 22 }),
} as const;

export function incrementAuthorization(ctx: RequestContext, p: Params<typeof incrementFields>, path: Readonly<Record<string, string>>): PaymentIntent {
  const row = requirePaymentIntent(ctx, path['id']!);
  const pi = row.object;
  if (pi.status !== 'requires_capture') {
    throw unexpectedState(
      pi,
      `This PaymentIntent's authorization could not be incremented because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be incremented: requires_capture.`,
    );
  }
  const chargeRow = ctx.data.collection(CHARGES).get(pi.latest_charge as string)!;
  const charge = chargeRow.object;
  if (charge.payment_method_details.card.incremental_authorization.status !== 'available') {
    throw invalidRequest(
      `This PaymentIntent's authorization cannot be incremented: its charge ${charge.id} has incremental_authorization.status unavailable. Confirm the PaymentIntent with payment_method_options[card][request_incremental_authorization]=if_available and a Visa, Mastercard, American Express, Discover or UnionPay card.`,
    );
  }
  if (row.increments >= MAX_INCREMENTS) {
    throw invalidRequest(`This PaymentIntent has reached the maximum of ${MAX_INCREMENTS} incremental authorization attempts.`);
  }
  if (p.amount <= pi.amount) {
    throw invalidRequest(`The amount must be greater than the currently authorized amount (${pi.amount}).`, { param: 'amount' });
  }
  checkChargeAmount(p.amount, pi.currency);
  const fee = p.application_fee_amount === undefined ? pi.application_fee_amount : applicationFee(ctx, p.application_fee_amount, p.amount);
  const after: PaymentIntent = {
    ...pi,
    amount: p.amount,
    amount_capturable: p.amount,
    application_fee_amount: fee,
    description: p.description === undefined ? pi.description : p.description,
    metadata: mergeMetadata(pi.metadata, p.metadata),
    statement_descriptor: p.statement_descriptor ?? pi.statement_descriptor,
  };
  const raised: Charge = {
    ...charge,
    amount: p.amount,
    application_fee_amount: fee,
    payment_method_details: { ...charge.payment_method_details, card: { ...charge.payment_method_details.card, amount_authorized: p.amount } },
  };
  saveCharge(ctx, chargeRow, raised);
  recordEvent(ctx, 'charge.updated', raised, { amount: charge.amount });
  savePaymentIntent(ctx, row, after, { increments: row.increments + 1 });
  recordEvent(ctx, 'payment_intent.amount_capturable_updated', after);
  return after;
}
