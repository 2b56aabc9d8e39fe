/** What a publishable key may do with a PaymentIntent or SetupIntent (reference §14): with its client secret, and a narrower view. */
import type { RequestContext } from '../../context.js';
import { ApiError, invalidRequest, missingParam } from '../../errors.js';
import type { PaymentIntent } from '../objects.js';

/** With a publishable key, the client secret is required and must match (reference §14). */
export function checkClientSecret(ctx: RequestContext, intent: { readonly client_secret: string }, secret: string | undefined, noun = 'PaymentIntent'): void {
  if (secret === undefined) {
    if (ctx.publishable) throw missingParam('client_secret');
    return;
  }
  if (secret !== intent.client_secret) {
    throw invalidRequest(`The client_secret provided does not match the client_secret associated with the ${noun}.`, {
      param: 'client_secret',
    });
  }
}

/** The fields a publishable key sees (reference §14): no customer, no metadata. */
export const PAYMENT_INTENT_CLIENT_FIELDS = [
  'id', 'object', 'amount', 'amount_details', 'automatic_payment_methods', 'canceled_at', 'cancellation_reason', 'capture_method',
  'client_secret', 'confirmation_method', 'created', 'currency', 'description', 'last_payment_error', 'livemode', 'next_action',
  'payment_method', 'payment_method_types', 'processing', 'receipt_email', 'setup_future_usage', 'shipping', 'source', 'status',
] as const;

export function forCaller(ctx: RequestContext, pi: PaymentIntent): PaymentIntent | Partial<PaymentIntent> {
  return viewFor(ctx, pi, PAYMENT_INTENT_CLIENT_FIELDS);
}

/** What a publishable key sees of an intent: only `fields` (a secret key sees it all). */
export function viewFor<T extends object>(ctx: RequestContext, object: T, fields: readonly (keyof T)[]): T | Partial<T> {
  if (!ctx.publishable) return object;
  const out: Partial<T> = {};
  for (const key of fields) out[key] = object[key];
  return out;
}


/**
 * Runs a publishable-key operation so that its errors show no more than its answers would: a
 * PaymentIntent embedded in an error (a decline, a wrong state) is the publishable view too.
 */
export function asCaller<T>(
  ctx: RequestContext,
  operation: () => T,
  key: 'payment_intent' | 'setup_intent' = 'payment_intent',
  view: (ctx: RequestContext, intent: never) => unknown = forCaller,
): T {
  if (!ctx.publishable) return operation();
  try {
    return operation();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const intent = e.extra?.[key];
    if (!intent || typeof intent !== 'object') throw e;
    throw new ApiError({
      status: e.status,
      type: e.type,
      message: e.message,
      code: e.code,
      param: e.param,
      declineCode: e.declineCode,
      extra: { ...e.extra, [key]: view(ctx, intent as never) },
      ...(e.headers && { headers: e.headers }),
    });
  }
}
