/**
 * Charging the card of an attempt: the decline the catalogue card meets (after authentication,
 * Radar, CVC) or a succeeded (or authorized) charge. A declined attempt persists the
 * PaymentIntent, the failed charge and the events, then answers 402 (SPEC §4).
 */
import type { RequestContext } from '../../context.js';
import { hasExpired } from '../../cards.js';
import { cardError } from '../../errors.js';
import { recordEvent, recordEventAsWas } from '../../events.js';
import { DECLINES, type Decline, type TestCard } from '../../test-cards.js';
import { createCharge } from '../charges/create.js';
import { openDisputeIfAny } from '../disputes/object.js';
import type { Charge, PaymentError, PaymentIntent, PaymentMethod } from '../objects.js';
import { resolveForAttach } from '../payment-methods/attach.js';
import { PAYMENT_METHODS } from '../payment-methods/object.js';
import { markUsed, verifyCard } from '../payment-methods/resolve.js';
import { customerOf } from './attempt.js';
import { savePaymentIntent, withCharge, type PaymentIntentRow } from './object.js';
import { deepFreeze } from '../../store.js';

/**
 * What an `automatic_async` charge was before its balance transaction was linked (what
 * `charge.succeeded` shows, and `charge.updated` says changed): shared by all. A direct charge
 * on a connected account had no application fee yet either.
 */
const UNLINKED: Readonly<Record<string, unknown>> = deepFreeze({ balance_transaction: null });
const UNLINKED_WITH_FEE: Readonly<Record<string, unknown>> = deepFreeze({ application_fee: null, balance_transaction: null });

/** The decline an attempt (a charge, or a setup) meets, if any: expiry, the table's declines, Radar, CVC. */
export function declineFor(
  card: TestCard,
  pm: PaymentMethod,
  authenticated: boolean,
  now: number,
  use: 'charge' | 'setup' = 'charge',
): { decline: Decline; blocked: boolean } | undefined {
  // A saved card that has run out on the simulated clock (advance it past exp_month/exp_year).
  if (hasExpired(pm.card.exp_month, pm.card.exp_year, now)) return { decline: DECLINES.expired_card, blocked: false };
  // A setup charges nothing: only the declines that refuse an attach refuse it.
  const named = use === 'setup' ? card.attachDecline : (authenticated && card.declineAfterAuth) || card.attachDecline || card.chargeDecline;
  if (named) return { decline: DECLINES[named], blocked: false };
  if (card.risk === 'highest') return { decline: DECLINES.fraudulent, blocked: true };
  if (pm.card.checks.cvc_check === 'fail') return { decline: DECLINES.incorrect_cvc, blocked: false };
  return undefined;
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
export function fail(ctx: RequestContext, row: PaymentIntentRow, pi: PaymentIntent, d: Decline, pm: PaymentMethod, charge?: Charge): never {
  const failed: PaymentIntent = {
    ...pi,
    status: 'requires_payment_method',
    payment_method: null,
    next_action: null,
    latest_charge: charge ? charge.id : pi.latest_charge,
    last_payment_error: paymentError(d, pm, charge),
  };
  savePaymentIntent(ctx, row, failed, charge ? { authenticated: false, charges: withCharge(row.charges, charge.id) } : { authenticated: false });
  recordEvent(ctx, 'payment_intent.payment_failed', failed);
  throw cardError(d.code, d.message, {
    declineCode: d.declineCode,
    extra: { ...(charge && { charge: charge.id }), payment_intent: failed, payment_method: pm, payment_method_type: 'card' },
  });
}

/** Charges the card: a succeeded (or authorized) charge, or a declined one and a 402. */
export function attemptCharge(ctx: RequestContext, row: PaymentIntentRow, pi: PaymentIntent, pmId: string, card: TestCard, authenticated: boolean): PaymentIntent {
  const customer = customerOf(pi);
  const saving = pi.setup_future_usage !== null && customer !== null;
  const attach = saving && ctx.data.collection(PAYMENT_METHODS).get(pmId)!.state === 'fresh' ? resolveForAttach(ctx, pmId, 'payment_method', 400) : undefined;
  attach?.check(customer);
  const pm = verifyCard(ctx, pmId);
  const declined = declineFor(card, pm, authenticated, ctx.now);
  if (declined) {
    const charge = createCharge(ctx, pi, pm, card, { kind: 'declined', ...declined }).object;
    recordEvent(ctx, 'charge.failed', charge);
    markUsed(ctx, pm.id, false);
    fail(ctx, row, pi, declined.decline, pm, charge);
  }
  const manual = pi.capture_method === 'manual';
  const created = createCharge(ctx, pi, pm, card, { kind: 'succeeded', captured: !manual, authenticated });
  const charge = created.object;
  // automatic_async: the charge is announced before its balance transaction is linked (reference §1.2).
  const async = pi.capture_method === 'automatic_async';
  if (async) recordEventAsWas(ctx, 'charge.succeeded', charge, charge.application_fee === null ? UNLINKED : UNLINKED_WITH_FEE);
  else recordEvent(ctx, 'charge.succeeded', charge);
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
  const captureBefore = manual ? (charge.payment_method_details.card.capture_before ?? null) : null;
  savePaymentIntent(ctx, row, after, { authenticated: false, captureBefore, charges: withCharge(row.charges, charge.id) });
  if (captureBefore !== null) ctx.scheduler.schedule(captureBefore * 1000, { kind: 'authorization_expiry', mode: ctx.mode, account: ctx.data.account, paymentIntentId: pi.id });
  recordEvent(ctx, manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', after);
  if (async) recordEvent(ctx, 'charge.updated', charge, UNLINKED);
  openDisputeIfAny(ctx, created);
  return after;
}

