/**
 * Confirmation (reference §1.2 rows 3–12, §6): which payment method an attempt uses, whether
 * the card asks for 3D Secure, and the charge's outcome, all read from the card table. A
 * declined attempt persists the PaymentIntent, the failed charge and the events, then answers
 * 402 (SPEC §4). Completing 3D Secure without a browser is the test helper at the end.
 */
import type { RequestContext } from '../context.js';
import { ApiError, cardError, invalidRequest } from '../errors.js';
import { recordEvent } from '../events.js';
import { enumOf, type Params } from '../params.js';
import { route } from '../routes.js';
import { DECLINES, type Decline, type TestCard } from '../test-cards.js';
import { CHARGES, createCharge, type Charge } from './charges.js';
import { openDisputeIfAny } from './disputes.js';
import type { PaymentMethod, PaymentMethodSource } from './payment-methods.js';
import {
  markUsed,
  PAYMENT_METHODS,
  paymentMethodFromData,
  resolveForAttach,
  resolvePaymentMethod,
  verifyCard,
} from './payment-methods.js';
import { shippingOf, type ConfirmParams } from './payment-intent-params.js';
import type { NextAction, PaymentError, PaymentIntent, PaymentIntentRow } from './payment-intents.js';
import { EDITABLE, requirePaymentIntent, savePaymentIntent, unexpectedState } from './payment-intents.js';

const PREVIOUSLY_USED =
  'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.';

/** The ownership rules of reference §1.4 for a stored PaymentMethod. */
export function checkOwnership(ctx: RequestContext, pmId: string, customer: string | null): void {
  const row = ctx.data.collection(PAYMENT_METHODS).get(pmId);
  if (!row) return;
  if (row.state === 'consumed' || row.state === 'detached') throw invalidRequest(PREVIOUSLY_USED, { param: 'payment_method' });
  if (row.state !== 'attached') return;
  const owner = row.object.customer as string;
  if (customer === null) {
    throw invalidRequest(
      `The \`payment_method\` parameter supplied ${pmId} belongs to the Customer ${owner}. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`,
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

function customerOf(pi: PaymentIntent): string | null {
  return typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null);
}

/**
 * The payment method an attempt uses: the one given (`payment_method`, `payment_method_data`),
 * else the PaymentIntent's own. Checked, not yet stored. `allowNone` when none is fine.
 */
export function resolveAttempt(
  ctx: RequestContext,
  p: Pick<ConfirmParams, 'payment_method' | 'payment_method_data'>,
  pi: PaymentIntent,
  options: { allowNone: boolean },
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
    const customer = customerOf(pi);
    const message = customer
      ? `You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with ${customer}, specify a payment method attached to this customer along with the customer ID.`
      : "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.";
    throw pi.id ? unexpectedState(pi, message) : invalidRequest(message, { code: 'payment_intent_unexpected_state' });
  }
  if (source.row) checkOwnership(ctx, source.row.id, customerOf(pi));
  return source;
}

/** Whether this attempt must authenticate first (reference §6.4). */
function needsAuthentication(card: TestCard, offSession: boolean, setUp: boolean, request: string): boolean {
  switch (card.threeDS) {
    case 'none':
    case 'not_supported':
      return false;
    case 'optional':
      return !offSession && request !== 'automatic';
    case 'required':
      return true;
    case 'required_on_setup':
      return offSession ? !setUp : true;
    case 'required_set_up_for_off_session':
      return !offSession;
  }
}

/** The decline an attempt meets, if any: after authentication, the table's declines, Radar, CVC. */
function declineFor(card: TestCard, pm: PaymentMethod, authenticated: boolean): { decline: Decline; blocked: boolean } | undefined {
  const named = (authenticated && card.declineAfterAuth) || card.attachDecline || card.chargeDecline;
  if (named) return { decline: DECLINES[named], blocked: false };
  if (card.risk === 'highest') return { decline: DECLINES.fraudulent, blocked: true };
  if (pm.card.checks.cvc_check === 'fail') return { decline: DECLINES.incorrect_cvc, blocked: false };
  return undefined;
}

function nextAction(ctx: RequestContext, returnUrl: string | undefined): NextAction {
  const source = ctx.ids.next('src');
  const url = `https://hooks.onerway.com/3d_secure/authenticate/${source}`;
  return returnUrl
    ? { type: 'redirect_to_url', redirect_to_url: { url, return_url: returnUrl } }
    : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', source, stripe_js: url } };
}

function paymentError(d: Decline, pm: PaymentMethod, charge?: Charge): PaymentError {
  return {
    type: 'card_error',
    code: d.code,
    decline_code: d.declineCode,
    message: d.message,
    ...(charge && { charge: charge.id }),
    payment_method: pm,
    payment_method_type: 'card',
  };
}

/** Fails an attempt: persists the PaymentIntent in requires_payment_method, then answers 402. */
function fail(ctx: RequestContext, row: PaymentIntentRow, pi: PaymentIntent, d: Decline, pm: PaymentMethod, charge?: Charge): never {
  const failed: PaymentIntent = {
    ...pi,
    status: 'requires_payment_method',
    payment_method: null,
    next_action: null,
    latest_charge: charge ? charge.id : pi.latest_charge,
    last_payment_error: paymentError(d, pm, charge),
  };
  savePaymentIntent(ctx, row, failed, charge ? { authenticated: false, charges: [...row.charges, charge.id] } : { authenticated: false });
  recordEvent(ctx, 'payment_intent.payment_failed', failed);
  throw cardError(d.code, d.message, {
    declineCode: d.declineCode,
    extra: { ...(charge && { charge: charge.id }), payment_intent: failed, payment_method: pm, payment_method_type: 'card' },
  });
}

/** Charges the card: a succeeded (or authorized) charge, or a declined one and a 402. */
function attemptCharge(ctx: RequestContext, row: PaymentIntentRow, pi: PaymentIntent, pmId: string, card: TestCard, authenticated: boolean): PaymentIntent {
  const customer = customerOf(pi);
  const saving = pi.setup_future_usage !== null && customer !== null;
  const attach = saving && ctx.data.collection(PAYMENT_METHODS).get(pmId)!.state === 'fresh' ? resolveForAttach(ctx, pmId, 'payment_method', 400) : undefined;
  attach?.check(customer);
  const pm = verifyCard(ctx, pmId);
  const declined = declineFor(card, pm, authenticated);
  if (declined) {
    const charge = createCharge(ctx, pi, pm, card, { kind: 'declined', ...declined }).row.object;
    recordEvent(ctx, 'charge.failed', charge);
    markUsed(ctx, pm.id, false);
    fail(ctx, row, pi, declined.decline, pm, charge);
  }
  const manual = pi.capture_method === 'manual';
  const created = createCharge(ctx, pi, pm, card, { kind: 'succeeded', captured: !manual, authenticated });
  const charge = created.row.object;
  // automatic_async: the charge is announced before its balance transaction is linked (reference §1.2).
  const async = pi.capture_method === 'automatic_async';
  recordEvent(ctx, 'charge.succeeded', async ? created.unlinked : charge);
  if (attach && customer) attach.commit(customer);
  markUsed(ctx, pm.id, saving);
  const after: PaymentIntent = {
    ...pi,
    status: manual ? 'requires_capture' : 'succeeded',
    amount_capturable: manual ? pi.amount : pi.amount_capturable,
    amount_received: manual ? pi.amount_received : pi.amount,
    payment_method: pm.id,
    latest_charge: charge.id,
    last_payment_error: null,
    next_action: null,
  };
  const captureBefore = manual ? charge.payment_method_details.card.capture_before : null;
  savePaymentIntent(ctx, row, after, { authenticated: false, captureBefore, charges: [...row.charges, charge.id] });
  if (captureBefore !== null) ctx.scheduler.schedule(captureBefore * 1000, { kind: 'authorization_expiry', mode: ctx.mode, paymentIntentId: pi.id });
  recordEvent(ctx, manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', after);
  if (async) recordEvent(ctx, 'charge.updated', charge, { balance_transaction: null });
  openDisputeIfAny(ctx, created.row);
  return after;
}

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
  const request = p.payment_method_options?.card?.request_three_d_secure;
  if (request !== undefined) pi.payment_method_options = { card: { ...pi.payment_method_options.card, request_three_d_secure: request } };
  const source = resolved ?? resolveAttempt(ctx, p, pi, { allowNone: false })!;
  if (pi.automatic_payment_methods?.enabled && pi.automatic_payment_methods.allow_redirects === 'always' && !p.return_url) {
    throw invalidRequest(
      'This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don\'t want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.',
      { param: 'return_url' },
    );
  }

  // Every check has passed: from here on the attempt writes, even when it then fails.
  const pmRow = source.materialize('fresh');
  const sameMethod = pmRow.id === before.payment_method;
  const authenticated = row.authenticated && sameMethod;
  const offSession = p.off_session ?? false;
  if (!authenticated && needsAuthentication(source.card, offSession, pmRow.setUp ?? false, pi.payment_method_options.card.request_three_d_secure)) {
    if (offSession || p.error_on_requires_action) fail(ctx, row, pi, DECLINES.authentication_required, pmRow.object);
    const waiting: PaymentIntent = { ...pi, status: 'requires_action', payment_method: pmRow.id, next_action: nextAction(ctx, p.return_url), last_payment_error: null };
    savePaymentIntent(ctx, row, waiting, { authenticated: false });
    recordEvent(ctx, 'payment_intent.requires_action', waiting);
    return waiting;
  }
  pi.payment_method = pmRow.id; // `pi` is this attempt's own copy, not yet stored
  return attemptCharge(ctx, row, pi, pmRow.id, source.card, authenticated);
}

/**
 * Completes (or fails) the 3D Secure step the customer would do in a browser. A decline after
 * authentication is recorded on the PaymentIntent; the helper itself still answers 200.
 */
export function authenticateIntent(ctx: RequestContext, row: PaymentIntentRow, outcome: 'success' | 'failure'): PaymentIntent {
  const pi = row.object;
  if (pi.status !== 'requires_action') {
    throw unexpectedState(
      pi,
      `onerway-sim: this PaymentIntent is not waiting for 3D Secure authentication: its status is ${pi.status}. Only a PaymentIntent in requires_action can be authenticated; confirm it first with a 3D Secure test card such as pm_card_threeDSecure2Required.`,
    );
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
        message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
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

const authenticateFields = { outcome: enumOf(['success', 'failure']) } as const;

function authenticate(ctx: RequestContext, p: Params<typeof authenticateFields>, path: Readonly<Record<string, string>>): PaymentIntent {
  return authenticateIntent(ctx, requirePaymentIntent(ctx, path['id']!), p.outcome ?? 'success');
}

export const confirmRoutes = [
  route({ method: 'POST', path: '/v1/test_helpers/payment_intents/:id/authenticate', fields: authenticateFields, handler: authenticate, returns: 'payment_intent' }),
];
