/**
 * The SetupIntent object: saving a card for later payments without charging it. Its stored row
 * (3D Secure done, the latest attempt), how it is found and saved, and the state rules.
 */
import type { RequestContext } from '../../context.js';
import { ApiError, invalidRequest } from '../../errors.js';
import { registerExpandable, registerResolver } from '../../expand.js';
import type { Expandable } from '../../expand.js';
import { findOrThrow } from '../../lookup.js';
import { collectionKey, type Row } from '../../store.js';
import type { Customer, NextAction, PaymentError, PaymentMethod } from '../objects.js';
import type { SetupAttempt } from './attempts.js';

export type SetupIntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'canceled' | 'succeeded';

/** A SetupIntent, as merchants receive it. */
export interface SetupIntent {
  id: string;
  object: 'setup_intent';
  application: null;
  automatic_payment_methods: { enabled: boolean; allow_redirects: 'always' | 'never' } | null;
  cancellation_reason: 'abandoned' | 'duplicate' | 'requested_by_customer' | null;
  client_secret: string;
  created: number;
  customer: Expandable<Customer> | null;
  description: string | null;
  flow_directions: null;
  last_setup_error: PaymentError | null;
  latest_attempt: Expandable<SetupAttempt> | null;
  livemode: boolean;
  mandate: null;
  metadata: Record<string, string>;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: Expandable<PaymentMethod> | null;
  payment_method_configuration_details: null;
  payment_method_options: { card: { mandate_options: null; network: null; request_three_d_secure: 'automatic' | 'any' | 'challenge' } };
  payment_method_types: string[];
  single_use_mandate: null;
  status: SetupIntentStatus;
  usage: 'off_session' | 'on_session';
}

export interface SetupIntentRow extends Row<SetupIntent> {
  /** 3D Secure was completed for the current payment method. */
  readonly authenticated: boolean;
}

export const SETUP_INTENTS = collectionKey<SetupIntentRow>('setup_intents');

registerExpandable('setup_intent', { customer: 'customer', payment_method: 'payment_method', latest_attempt: 'setup_attempt' });
registerResolver('seti', (ctx, id) => ctx.data.collection(SETUP_INTENTS).get(id)?.object);

export function saveSetupIntent(ctx: RequestContext, row: SetupIntentRow, si: SetupIntent, authenticated = false): SetupIntentRow {
  const next: SetupIntentRow = { id: row.id, created: row.created, seq: row.seq, object: si, authenticated };
  ctx.data.collection(SETUP_INTENTS).put(next);
  return next;
}

/** The SetupIntent with `id` in the path (`param: intent`, as for PaymentIntents). */
export function requireSetupIntent(ctx: RequestContext, id: string): SetupIntentRow {
  if (/_secret_/.test(id)) {
    throw invalidRequest(
      'You passed a string that looks like a client secret as the SetupIntent ID, but you must provide a valid SetupIntent ID. Please use the value in the `id` field of the SetupIntent.',
      { code: 'resource_missing', param: 'intent', status: 404 },
    );
  }
  return findOrThrow(ctx, SETUP_INTENTS, id, 'setup_intent', 'intent', 404);
}

/** Statuses in which the payment method may change and the intent be confirmed or canceled. */
export const OPEN: readonly SetupIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

/** A call in the wrong status: 400 `setup_intent_unexpected_state` with the intent embedded. */
export function unexpectedSetupState(si: SetupIntent, message: string, param?: string): ApiError {
  return new ApiError({ status: 400, type: 'invalid_request_error', code: 'setup_intent_unexpected_state', message, param, extra: { setup_intent: si } });
}

/** The wrong-status error of `operation` (confirm, cancel, update). */
export function notOpen(si: SetupIntent, operation: 'confirm' | 'cancel' | 'update'): ApiError {
  if (operation === 'confirm' && si.status === 'succeeded') {
    return unexpectedSetupState(si, 'You cannot confirm this SetupIntent because it has already succeeded after being previously confirmed.');
  }
  const may = operation === 'confirm' ? 'confirmed' : operation === 'cancel' ? 'canceled' : 'updated';
  return unexpectedSetupState(
    si,
    `You cannot ${operation} this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be ${may}: ${OPEN.join(', ')}.`,
  );
}
