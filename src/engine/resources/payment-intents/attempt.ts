/**
 * Which payment method a confirmation attempt uses (reference §1.4): the one given, else the
 * PaymentIntent's own, with the ownership rules of a saved PaymentMethod. Checked, not yet stored.
 */
import type { RequestContext } from '../../context.js';
import { invalidRequest, type ApiError } from '../../errors.js';
import type { PaymentIntent } from '../objects.js';
import { PAYMENT_METHODS } from '../payment-methods/object.js';
import { paymentMethodFromData, resolvePaymentMethod, type PaymentMethodSource } from '../payment-methods/resolve.js';
import type { ConfirmParams } from './params.js';
import { unexpectedState } from './states.js';

const PREVIOUSLY_USED =
  'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.';

/** The ownership rules of reference §1.4 for a stored PaymentMethod. */
export function checkOwnership(ctx: RequestContext, pmId: string, customer: string | null, noun = 'PaymentIntent'): void {
  const row = ctx.data.collection(PAYMENT_METHODS).get(pmId);
  if (!row) return;
  if (row.state === 'consumed' || row.state === 'detached') throw invalidRequest(PREVIOUSLY_USED, { param: 'payment_method' });
  if (row.state !== 'attached') return;
  const owner = row.object.customer as string;
  if (customer === null) {
    throw invalidRequest(
      `The \`payment_method\` parameter supplied ${pmId} belongs to the Customer ${owner}. Please include the Customer in the \`customer\` parameter on the ${noun}.`,
      { code: 'parameter_missing', param: 'source' },
    );
  }
  if (owner !== customer) {
    throw invalidRequest(
      `The PaymentMethod ${pmId} does not belong to the Customer you supplied ${customer}. Please use this PaymentMethod with the Customer that it belongs to instead.`,
      { param: 'payment_method' },
    );
  }
}

export function customerOf(pi: Pick<PaymentIntent, 'customer'>): string | null {
  return typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null);
}

/**
 * The payment method an attempt (of a PaymentIntent or a SetupIntent) uses: the one given (`payment_method`, `payment_method_data`),
 * else the PaymentIntent's own. Checked, not yet stored. `allowNone` when none is fine.
 */
export function resolveAttempt(
  ctx: RequestContext,
  p: Pick<ConfirmParams, 'payment_method' | 'payment_method_data'>,
  pi: Pick<PaymentIntent, 'id' | 'customer'> & { payment_method: PaymentIntent['payment_method'] },
  options: { allowNone: boolean; missing?: () => ApiError; noun?: string },
): PaymentMethodSource | undefined {
  if (p.payment_method !== undefined && p.payment_method_data !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: payment_method, payment_method_data.', { param: 'payment_method_data' });
  }
  const current = typeof pi.payment_method === 'string' ? pi.payment_method : (pi.payment_method?.id ?? undefined);
  const source = p.payment_method_data
    ? paymentMethodFromData(ctx, p.payment_method_data, 'payment_method_data')
    : p.payment_method !== undefined
      ? resolvePaymentMethod(ctx, p.payment_method, 'payment_method', 400)
      : current !== undefined
        ? resolvePaymentMethod(ctx, current, 'payment_method', 400)
        : undefined;
  if (!source) {
    if (options.allowNone) return undefined;
    if (options.missing) throw options.missing();
    const customer = customerOf(pi);
    const message = customer
      ? `You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with ${customer}, specify a payment method attached to this customer along with the customer ID.`
      : "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.";
    throw pi.id ? unexpectedState(pi as PaymentIntent, message) : invalidRequest(message, { code: 'payment_intent_unexpected_state' });
  }
  if (source.row) checkOwnership(ctx, source.row.id, customerOf(pi), options.noun);
  return source;
}

