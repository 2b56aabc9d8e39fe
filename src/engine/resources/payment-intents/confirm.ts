/**
 * Confirmation (reference §1.2 rows 3–12, §6.4): the attempt's payment method, whether the card
 * asks for 3D Secure (then `requires_action` with a `next_action`), else the charge.
 */
import type { RequestContext } from '../../context.js';
import { recordEvent } from '../../events.js';
import { DECLINES } from '../../test-cards.js';
import { needsAuthentication, nextAction } from '../authentication.js';
import type { PaymentIntent } from '../objects.js';
import type { PaymentMethodSource } from '../payment-methods/resolve.js';
import { resolveAttempt } from './attempt.js';
import { attemptCharge, fail } from './charge-attempt.js';
import { savePaymentIntent, type PaymentIntentRow } from './object.js';
import { checkReturnUrl, shippingOf, withCardOptions, type ConfirmParams } from './params.js';
import { EDITABLE, unexpectedState } from './states.js';

/** Confirms a PaymentIntent (also create with `confirm=true`). */
export function confirmIntent(ctx: RequestContext, row: PaymentIntentRow, p: ConfirmParams, resolved?: PaymentMethodSource): PaymentIntent {
  const before = row.object;
  if (!EDITABLE.includes(before.status)) {
    throw unexpectedState(
      before,
      before.status === 'succeeded'
        ? 'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.'
        : `You cannot confirm this PaymentIntent because it has a status of ${before.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.`,
    );
  }
  const pi: PaymentIntent = { ...before };
  if (p.receipt_email !== undefined) pi.receipt_email = p.receipt_email;
  if (p.setup_future_usage !== undefined) pi.setup_future_usage = p.setup_future_usage;
  if (p.capture_method !== undefined) pi.capture_method = p.capture_method;
  if (p.payment_method_types !== undefined) pi.payment_method_types = p.payment_method_types;
  if (p.shipping !== undefined) {
    pi.shipping = p.shipping === null ? null : shippingOf(p.shipping);
  }
  if (p.payment_method_options?.card) pi.payment_method_options = { card: withCardOptions(pi.payment_method_options.card, p.payment_method_options.card) };
  const source = resolved ?? resolveAttempt(ctx, p, pi, { allowNone: false })!;
  checkReturnUrl(pi.automatic_payment_methods, p.return_url, 'PaymentIntent');

  // Every check has passed: from here on the attempt writes, even when it then fails.
  const pmRow = source.materialize('fresh');
  const sameMethod = pmRow.id === before.payment_method;
  const authenticated = row.authenticated && sameMethod;
  const offSession = p.off_session ?? false;
  if (!authenticated && needsAuthentication(source.card, offSession, pmRow.setUp ?? false, pi.payment_method_options.card.request_three_d_secure)) {
    if (offSession || p.error_on_requires_action) fail(ctx, row, pi, DECLINES.authentication_required, pmRow.object);
    const waiting: PaymentIntent = { ...pi, status: 'requires_action', payment_method: pmRow.id, next_action: nextAction(ctx, `payment_intent=${pi.id}`, p.return_url), last_payment_error: null };
    savePaymentIntent(ctx, row, waiting, { authenticated: false });
    recordEvent(ctx, 'payment_intent.requires_action', waiting);
    return waiting;
  }
  pi.payment_method = pmRow.id; // `pi` is this attempt's own copy, not yet stored
  return attemptCharge(ctx, row, pi, pmRow.id, source.card, authenticated);
}

