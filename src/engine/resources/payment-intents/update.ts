/**
 * Updating a PaymentIntent (reference §1.3): most fields only while it awaits a payment method,
 * a confirmation or an action; `metadata` and `description` always. A new payment method asks
 * for a new confirmation.
 */
import type { RequestContext } from '../../context.js';
import { checkChargeAmount, checkCurrency } from '../../money.js';
import { type Params } from '../../params.js';
import { mergeMetadata } from '../../metadata.js';
import { requireCustomer } from '../customers/object.js';
import type { PaymentIntent } from '../objects.js';
import { checkOwnership, resolveAttempt } from './attempt.js';
import { requirePaymentIntent, savePaymentIntent, type PaymentIntentRow } from './object.js';
import { shippingOf, withCardOptions, type ConfirmParams, type updateFields } from './params.js';
import { applicationFee, EDITABLE, unexpectedState } from './states.js';

/** Which update fields may change in any status (reference §1.3). */
const ALWAYS_UPDATABLE = new Set(['metadata', 'description']);

export function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): PaymentIntent {
  const row = requirePaymentIntent(ctx, path['id']!);
  const before = row.object;
  for (const field of Object.keys(p)) {
    if (!ALWAYS_UPDATABLE.has(field) && !EDITABLE.includes(before.status)) {
      throw unexpectedState(
        before,
        `This PaymentIntent's ${field} could not be updated because it has a status of ${before.status}. You may only update the ${field} of a PaymentIntent with one of the following statuses: ${EDITABLE.join(', ')}.`,
        field,
      );
    }
  }
  const after: PaymentIntent = { ...before, last_payment_error: null };
  if (p.currency !== undefined) after.currency = checkCurrency(p.currency);
  if (p.amount !== undefined) after.amount = p.amount;
  if (p.amount !== undefined || p.currency !== undefined) checkChargeAmount(after.amount, after.currency);
  if (p.application_fee_amount !== undefined || p.amount !== undefined) {
    after.application_fee_amount = applicationFee(ctx, p.application_fee_amount === undefined ? before.application_fee_amount : p.application_fee_amount, after.amount);
  }
  if (p.customer !== undefined) after.customer = p.customer === null ? null : requireCustomer(ctx, p.customer, 'customer', 400).id;
  if (p.description !== undefined) after.description = p.description;
  if (p.metadata !== undefined) after.metadata = mergeMetadata(before.metadata, p.metadata);
  if (p.capture_method !== undefined) after.capture_method = p.capture_method;
  if (p.payment_method_types !== undefined) after.payment_method_types = p.payment_method_types;
  if (p.payment_method_options?.card) after.payment_method_options = { card: withCardOptions(before.payment_method_options.card, p.payment_method_options.card) };
  if (p.receipt_email !== undefined) after.receipt_email = p.receipt_email;
  if (p.setup_future_usage !== undefined) after.setup_future_usage = p.setup_future_usage;
  if (p.shipping !== undefined) {
    after.shipping = p.shipping === null ? null : shippingOf(p.shipping);
  }
  if (p.statement_descriptor !== undefined) after.statement_descriptor = p.statement_descriptor;
  if (p.statement_descriptor_suffix !== undefined) after.statement_descriptor_suffix = p.statement_descriptor_suffix;
  if (p.transfer_group !== undefined) after.transfer_group = p.transfer_group;

  let changes: Partial<PaymentIntentRow> = {};
  const pmChange = p.payment_method !== undefined || p.payment_method_data !== undefined;
  if (pmChange) {
    const attempt: ConfirmParams = { payment_method: p.payment_method ?? undefined, payment_method_data: p.payment_method_data };
    const source = p.payment_method === null ? undefined : resolveAttempt(ctx, attempt, after, { allowNone: true });
    // Changing the payment method asks for a new confirmation (reference §1.2 row 4).
    after.payment_method = source ? source.materialize('fresh').id : null;
    after.status = after.payment_method ? 'requires_confirmation' : 'requires_payment_method';
    after.next_action = null;
    changes = { authenticated: false };
  } else if (before.customer !== after.customer && typeof after.payment_method === 'string') {
    checkOwnership(ctx, after.payment_method, after.customer as string | null);
  }
  return savePaymentIntent(ctx, row, after, changes).object;
}

