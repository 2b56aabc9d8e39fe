/** What a publishable key may do with a PaymentIntent (reference §14): with its client secret, and a narrower view. */
import type { RequestContext } from '../../context.js';
import { ApiError, invalidRequest, missingParam } from '../../errors.js';
import type { PaymentIntent } from '../objects.js';

/** With a publishable key, the client secret is required and must match (reference §14). */
export function checkClientSecret(ctx: RequestContext, pi: PaymentIntent, secret: string | undefined): void {
  if (secret === undefined) {
    if (ctx.publishable) throw missingParam('client_secret');
    return;
  }
  if (secret !== pi.client_secret) {
    throw invalidRequest('The client_secret provided does not match the client_secret associated with the PaymentIntent.', {
      param: 'client_secret',
    });
  }
}

/** The fields a publishable key sees (reference §14): no customer, no metadata. */
const CLIENT_FIELDS = [
  'id', 'object', 'amount', 'amount_details', 'automatic_payment_methods', 'canceled_at', 'cancellation_reason', 'capture_method',
  'client_secret', 'confirmation_method', 'created', 'currency', 'description', 'last_payment_error', 'livemode', 'next_action',
  'payment_method', 'payment_method_types', 'processing', 'receipt_email', 'setup_future_usage', 'shipping', 'source', 'status',
] as const;

export function forCaller(ctx: RequestContext, pi: PaymentIntent): PaymentIntent | Partial<PaymentIntent> {
  if (!ctx.publishable) return pi;
  const out: Record<string, unknown> = {};
  for (const key of CLIENT_FIELDS) out[key] = pi[key];
  return out as Partial<PaymentIntent>;
}


/**
 * Runs a publishable-key operation so that its errors show no more than its answers would: a
 * PaymentIntent embedded in an error (a decline, a wrong state) is the publishable view too.
 */
export function asCaller<T>(ctx: RequestContext, operation: () => T): T {
  if (!ctx.publishable) return operation();
  try {
    return operation();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const pi = e.extra?.payment_intent;
    if (!pi || typeof pi !== 'object') throw e;
    throw new ApiError({
      status: e.status,
      type: e.type,
      message: e.message,
      code: e.code,
      param: e.param,
      declineCode: e.declineCode,
      extra: { ...e.extra, payment_intent: forCaller(ctx, pi as PaymentIntent) },
      ...(e.headers && { headers: e.headers }),
    });
  }
}
