/**
 * Confirming a SetupIntent: the card is checked (declines that refuse an attach refuse a setup),
 * 3D Secure asked for where the card needs it, then the PaymentMethod is attached to the
 * customer and saved for later (off-session, unless `usage=on_session`) payments.
 */
import type { RequestContext } from '../../context.js';
import { cardError } from '../../errors.js';
import { recordEvent } from '../../events.js';
import type { Decline } from '../../test-cards.js';
import { needsAuthentication, nextAction } from '../authentication.js';
import type { PaymentError, PaymentMethod } from '../objects.js';
import { customerOf, resolveAttempt } from '../payment-intents/attempt.js';
import { declineFor } from '../payment-intents/charge-attempt.js';
import { checkReturnUrl, withCardOptions } from '../payment-intents/params.js';
import { checkPaymentMethodQuota, resolveForAttach } from '../payment-methods/attach.js';
import { nextRow, PAYMENT_METHODS } from '../payment-methods/object.js';
import type { PaymentMethodSource } from '../payment-methods/resolve.js';
import { verifyCard } from '../payment-methods/resolve.js';
import { recordAttempt, settleAttempt } from './attempts.js';
import { notOpen, OPEN, saveSetupIntent, unexpectedSetupState, type SetupIntent, type SetupIntentRow } from './object.js';

export interface SetupConfirmParams {
  payment_method?: string | undefined;
  payment_method_data?: Parameters<typeof resolveAttempt>[1]['payment_method_data'];
  payment_method_options?: { card?: { request_three_d_secure?: 'automatic' | 'any' | 'challenge' | undefined } | undefined } | undefined;
  return_url?: string | undefined;
}

const MISSING =
  "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.";

/** The payment method of an attempt, checked (ownership, the customer's quota); nothing stored. */
export function resolveSetupMethod(ctx: RequestContext, p: SetupConfirmParams, si: SetupIntent, allowNone: boolean): PaymentMethodSource | undefined {
  const source = resolveAttempt(ctx, p, si, { allowNone, missing: () => unexpectedSetupState(si, MISSING), noun: 'SetupIntent' });
  const customer = customerOf(si);
  if (source && customer !== null && !(source.row?.state === 'attached' && source.row.object.customer === customer)) checkPaymentMethodQuota(ctx, customer);
  return source;
}

/** Completes a setup whose checks have passed: attached to the customer, saved for later. */
export function completeSetup(ctx: RequestContext, row: SetupIntentRow, si: SetupIntent, pmId: string, attemptId: string | null): SetupIntent {
  const customer = customerOf(si);
  const pms = ctx.data.collection(PAYMENT_METHODS);
  if (customer !== null && pms.get(pmId)!.state !== 'attached') resolveForAttach(ctx, pmId, 'payment_method', 400).commit(customer);
  const pmRow = pms.get(pmId)!;
  // Saved for off-session use: the cards that need 3D Secure once then succeed off session.
  if (si.usage === 'off_session' && !pmRow.setUp) pms.put(nextRow(pmRow, { setUp: true }));
  const attempt = attemptId ?? recordAttempt(ctx, si, pmRow.object, 'succeeded').id;
  if (attemptId !== null) settleAttempt(ctx, attemptId, { status: 'succeeded' });
  const done: SetupIntent = { ...si, status: 'succeeded', payment_method: pmId, latest_attempt: attempt, next_action: null, last_setup_error: null };
  saveSetupIntent(ctx, row, done);
  recordEvent(ctx, 'setup_intent.succeeded', done);
  return done;
}

/** Fails a setup: the intent back in requires_payment_method, the event, then the 402. */
function failSetup(ctx: RequestContext, row: SetupIntentRow, si: SetupIntent, d: Decline, pm: PaymentMethod): never {
  const error: PaymentError = { type: 'card_error', code: d.code, decline_code: d.declineCode, message: d.message, payment_method: pm, payment_method_type: 'card' };
  const attempt = recordAttempt(ctx, si, pm, 'failed', error);
  const failed: SetupIntent = { ...si, status: 'requires_payment_method', payment_method: null, next_action: null, latest_attempt: attempt.id, last_setup_error: error };
  saveSetupIntent(ctx, row, failed);
  recordEvent(ctx, 'setup_intent.setup_failed', failed);
  throw cardError(d.code, d.message, { declineCode: d.declineCode, param: d.param, extra: { payment_method: pm, payment_method_type: 'card', setup_intent: failed } });
}

/** Confirms a SetupIntent (also create with `confirm=true`). */
export function confirmSetup(ctx: RequestContext, row: SetupIntentRow, p: SetupConfirmParams, resolved?: PaymentMethodSource): SetupIntent {
  const before = row.object;
  if (!OPEN.includes(before.status)) throw notOpen(before, 'confirm');
  const si: SetupIntent = { ...before };
  if (p.payment_method_options?.card) si.payment_method_options = { card: withCardOptions(si.payment_method_options.card, p.payment_method_options.card) };
  const source = resolved ?? resolveSetupMethod(ctx, p, si, false)!;
  checkReturnUrl(si.automatic_payment_methods, p.return_url, 'SetupIntent');

  // Every check has passed: from here on the attempt writes, even when it then fails.
  const pmRow = source.materialize('fresh');
  const pm = verifyCard(ctx, pmRow.id);
  const decline = declineFor(source.card, pm, false, ctx.now, 'setup')?.decline;
  if (decline) failSetup(ctx, row, si, decline, pm);
  const authenticated = row.authenticated && pmRow.id === before.payment_method;
  if (!authenticated && needsAuthentication(source.card, false, false, si.payment_method_options.card.request_three_d_secure)) {
    const attempt = recordAttempt(ctx, si, pm, 'requires_action');
    const waiting: SetupIntent = {
      ...si,
      status: 'requires_action',
      payment_method: pmRow.id,
      latest_attempt: attempt.id,
      next_action: nextAction(ctx, `setup_intent=${si.id}`, p.return_url),
      last_setup_error: null,
    };
    saveSetupIntent(ctx, row, waiting);
    recordEvent(ctx, 'setup_intent.requires_action', waiting);
    return waiting;
  }
  return completeSetup(ctx, row, si, pmRow.id, null);
}
