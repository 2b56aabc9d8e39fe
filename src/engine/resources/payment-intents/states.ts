/**
 * The PaymentIntent state machine's rules (reference §1.2, §1.3): which statuses allow which
 * operations, and the error a call in the wrong status answers (it changes nothing).
 */
import type { RequestContext } from '../../context.js';
import { ApiError, invalidRequest } from '../../errors.js';
import type { PaymentIntent, PaymentIntentStatus } from '../objects.js';

/** Statuses in which amount, payment method and most fields may change (reference §1.3). */
export const EDITABLE: readonly PaymentIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export function unexpectedState(pi: PaymentIntent, message: string, param?: string): ApiError {
  return new ApiError({
    status: 400,
    type: 'invalid_request_error',
    code: 'payment_intent_unexpected_state',
    message,
    param,
    extra: { payment_intent: pi },
  });
}

/** Statuses from which a PaymentIntent can be canceled (reference §1.2). */
export const CANCELABLE: readonly PaymentIntentStatus[] = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];


/**
 * A PaymentIntent's `application_fee_amount`: only on a direct charge (made on a connected account
 * with `Onerway-Account`), and no more than the amount. Destination charges are not simulated.
 */
export function applicationFee(ctx: RequestContext, fee: number | null | undefined, amount: number): number | null {
  if (fee === undefined || fee === null) return null;
  if (ctx.onBehalfOf === null) {
    throw invalidRequest(
      'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Onerway-Account header) or destination payment (using `transfer_data[destination]`).',
      { param: 'application_fee_amount' },
    );
  }
  if (fee > amount) throw invalidRequest('The application fee amount cannot be greater than the amount of the PaymentIntent.', { param: 'application_fee_amount' });
  return fee;
}
