/**
 * The PaymentIntent state machine's rules (reference §1.2, §1.3): which statuses allow which
 * operations, and the error a call in the wrong status answers (it changes nothing).
 */
import { ApiError } from '../../errors.js';
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

