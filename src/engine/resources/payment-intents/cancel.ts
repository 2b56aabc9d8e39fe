/** Canceling a PaymentIntent, by request or when its authorization expires after 7 days (reference §1.2 row 15). */
import type { RequestContext } from '../../context.js';
import { recordEvent } from '../../events.js';
import type { Params } from '../../params.js';
import { CHARGES } from '../charges/object.js';
import { releaseCharge } from '../charges/settle.js';
import type { PaymentIntent } from '../objects.js';
import { PAYMENT_INTENTS, requirePaymentIntent, savePaymentIntent, type PaymentIntentRow } from './object.js';
import type { cancelFields } from './params.js';
import { CANCELABLE, unexpectedState } from './states.js';

export function cancel(ctx: RequestContext, p: Params<typeof cancelFields>, path: Readonly<Record<string, string>>): PaymentIntent {
  const row = requirePaymentIntent(ctx, path['id']!);
  return cancelIntent(ctx, row, p.cancellation_reason ?? null);
}

/** Cancels a PaymentIntent, releasing an uncaptured authorization (also used by expiry). */
export function cancelIntent(ctx: RequestContext, row: PaymentIntentRow, reason: PaymentIntent['cancellation_reason']): PaymentIntent {
  const pi = row.object;
  if (!CANCELABLE.includes(pi.status)) {
    throw unexpectedState(
      pi,
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_reauthorization, requires_confirmation, requires_action, processing.`,
    );
  }
  if (pi.status === 'requires_capture') {
    const charge = releaseCharge(ctx, ctx.data.collection(CHARGES).get(pi.latest_charge as string)!).object;
    recordEvent(ctx, reason === 'automatic' ? 'charge.expired' : 'charge.refunded', charge);
  }
  const after: PaymentIntent = { ...pi, status: 'canceled', canceled_at: ctx.now, cancellation_reason: reason, amount_capturable: 0, next_action: null };
  savePaymentIntent(ctx, row, after, { captureBefore: null });
  recordEvent(ctx, 'payment_intent.canceled', after);
  return after;
}

/** The clock reached an authorization's 7 days: if still uncaptured, it is canceled (reference §1.2 row 15). */
export function expireAuthorization(ctx: RequestContext, paymentIntentId: string): void {
  const row = ctx.data.collection(PAYMENT_INTENTS).get(paymentIntentId);
  if (!row || row.object.status !== 'requires_capture' || row.captureBefore === null || row.captureBefore > ctx.now) return;
  cancelIntent(ctx, row, 'automatic');
  ctx.coverage?.timed.add('authorization_expired');
}

