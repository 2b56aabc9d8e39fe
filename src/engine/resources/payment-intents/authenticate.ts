/**
 * Completing (or failing) the 3D Secure step without a browser (SPEC §6): the test helper
 * `POST /v1/test_helpers/payment_intents/:id/authenticate` and `sim.authenticatePaymentIntent`.
 */
import type { RequestContext } from '../../context.js';
import { ApiError } from '../../errors.js';
import { recordEvent } from '../../events.js';
import { enumOf, type Params } from '../../params.js';
import type { PaymentIntent } from '../objects.js';
import { AUTHENTICATION_FAILED_MESSAGE, notAwaitingAuthentication } from '../authentication.js';
import { PAYMENT_METHODS } from '../payment-methods/object.js';
import { attemptCharge } from './charge-attempt.js';
import { requirePaymentIntent, savePaymentIntent, type PaymentIntentRow } from './object.js';
import { unexpectedState } from './states.js';

/**
 * Completes (or fails) the 3D Secure step the customer would do in a browser. A decline after
 * authentication is recorded on the PaymentIntent; the helper itself still answers 200.
 */
export function authenticateIntent(ctx: RequestContext, row: PaymentIntentRow, outcome: 'success' | 'failure'): PaymentIntent {
  const pi = row.object;
  if (pi.status !== 'requires_action') {
    throw unexpectedState(pi, notAwaitingAuthentication('PaymentIntent', pi.status, 'pm_card_threeDSecure2Required'));
  }
  const pmRow = ctx.data.collection(PAYMENT_METHODS).get(pi.payment_method as string)!;
  if (outcome === 'failure') {
    const failed: PaymentIntent = {
      ...pi,
      status: 'requires_payment_method',
      payment_method: null,
      next_action: null,
      last_payment_error: {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        message: AUTHENTICATION_FAILED_MESSAGE,
        payment_method: pmRow.object,
        payment_method_type: 'card',
      },
    };
    savePaymentIntent(ctx, row, failed, { authenticated: false });
    recordEvent(ctx, 'payment_intent.payment_failed', failed);
    return failed;
  }
  if (pi.confirmation_method === 'manual') {
    const ready: PaymentIntent = { ...pi, status: 'requires_confirmation', next_action: null };
    return savePaymentIntent(ctx, row, ready, { authenticated: true }).object;
  }
  try {
    return attemptCharge(ctx, row, pi, pmRow.id, pmRow.card, true);
  } catch (e) {
    if (e instanceof ApiError && e.status === 402) return requirePaymentIntent(ctx, pi.id).object;
    throw e;
  }
}

export const authenticateFields = { outcome: enumOf(['success', 'failure']) } as const;

export function authenticate(ctx: RequestContext, p: Params<typeof authenticateFields>, path: Readonly<Record<string, string>>): PaymentIntent {
  return authenticateIntent(ctx, requirePaymentIntent(ctx, path['id']!), p.outcome ?? 'success');
}

