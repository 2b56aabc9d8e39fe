/**
 * The charge of one confirmation attempt: succeeded (captured now or authorized for later) or
 * declined, with the outcome and risk the card's catalogue row decides.
 */
import type { RequestContext } from '../../context.js';
import { hash32 } from '../../random.js';
import { NO_METADATA } from '../../metadata.js';
import { sharedFrozen } from '../../store.js';
import type { Decline, TestCard } from '../../test-cards.js';
import type { Charge, ChargeCardDetails, ChargeOutcome, PaymentIntent, PaymentMethod } from '../objects.js';
import { CHARGES, type ChargeRow } from './object.js';
import { book, sendToDestination } from './settle.js';

/** The fraud details of a charge nobody reported: shared and frozen, like every stored object's parts. */
const NO_FRAUD_DETAILS: Charge['fraud_details'] = Object.freeze({});

/** A risk score derived from the charge id: deterministic, and it draws no randomness. */
function riskScore(id: string, level: ChargeOutcome['risk_level']): number {
  const h = hash32(id);
  if (level === 'highest') return 75 + (h % 25);
  if (level === 'elevated') return 65 + (h % 10);
  return 5 + (h % 60);
}

const AUTHORIZATION_DAYS = 7;

export const AUTHENTICATED: ChargeCardDetails['three_d_secure'] = Object.freeze({
  authentication_flow: 'challenge',
  result: 'authenticated',
  result_reason: null,
  version: '2.2.0',
});

/** What a charge's (or a SetupAttempt's) card details say of the card itself. */
export function cardSummary(card: PaymentMethod['card']) {
  return {
    checks: card.checks,
    country: card.country,
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    fingerprint: card.fingerprint,
    funding: card.funding,
    last4: card.last4,
    network: card.brand,
  };
}

/**
 * The card details of a charge, in the live API's order; `capture_before` only while the
 * authorization awaits capture (the live API leaves it out otherwise, rather than sending null).
 */
function cardDetails(
  pm: PaymentMethod,
  c: {
    amount_authorized: number | null;
    capture_before: number | undefined;
    incremental: ChargeCardDetails['incremental_authorization'];
    three_d_secure: ChargeCardDetails['three_d_secure'];
  },
): ChargeCardDetails {
  // Literals rather than spreads: this runs on every charge, and a spread copies key by key.
  const { checks, country, exp_month, exp_year, fingerprint, funding, last4, brand } = pm.card;
  const { amount_authorized, capture_before, incremental: incremental_authorization, three_d_secure } = c;
  const network = brand;
  if (capture_before === undefined) return { amount_authorized, brand, checks, country, exp_month, exp_year, fingerprint, funding, incremental_authorization, last4, network, three_d_secure };
  return { amount_authorized, brand, capture_before, checks, country, exp_month, exp_year, fingerprint, funding, incremental_authorization, last4, network, three_d_secure };
}

/** Outcomes by what they say: type, risk level and score, and a decline's reason. */
const OUTCOMES = new Map<string | number, ChargeOutcome>();

/** The details of a charge that awaits no capture, by card (itself shared), amount authorized and 3D Secure. */
const SETTLED_DETAILS = new WeakMap<PaymentMethod['card'], Map<number, Charge['payment_method_details']>>();

function paymentMethodDetails(pm: PaymentMethod, c: Parameters<typeof cardDetails>[1]): Charge['payment_method_details'] {
  // Only a card hash that is itself shared (frozen) is worth a cache entry.
  if (c.capture_before !== undefined || !Object.isFrozen(pm.card)) return { card: cardDetails(pm, c), type: 'card' };
  let byKey = SETTLED_DETAILS.get(pm.card);
  if (!byKey) SETTLED_DETAILS.set(pm.card, (byKey = new Map()));
  // A number, not text: one key per charge would otherwise be a string built and hashed each time.
  const key = ((c.amount_authorized ?? -1) * 2 + (c.three_d_secure === null ? 0 : 1)) * 2 + (c.incremental.status === 'unavailable' ? 0 : 1);
  return sharedFrozen(byKey, key, () => ({ card: cardDetails(pm, c), type: 'card' as const }));
}

const AVAILABLE: ChargeCardDetails['incremental_authorization'] = Object.freeze({ status: 'available' });
const UNAVAILABLE: ChargeCardDetails['incremental_authorization'] = Object.freeze({ status: 'unavailable' });
/** The networks that take incremental authorizations (the live API's docs). */
const INCREMENTAL_BRANDS: ReadonlySet<string> = new Set(['visa', 'mastercard', 'amex', 'discover', 'unionpay']);

/** An authorization asked for with `request_incremental_authorization=if_available` on a network that has it. */
function incrementable(pi: ChargeBasis, pm: PaymentMethod): boolean {
  return pi.payment_method_options.card.request_incremental_authorization === 'if_available' && INCREMENTAL_BRANDS.has(pm.card.brand);
}

/** What a charge copies from what it is made for: a PaymentIntent, or a Charges API request (`id` null). */
export type ChargeBasis = Pick<
  PaymentIntent,
  | 'amount' | 'application_fee_amount' | 'currency' | 'customer' | 'description' | 'metadata' | 'payment_method_options' | 'receipt_email'
  | 'shipping' | 'statement_descriptor' | 'statement_descriptor_suffix' | 'transfer_group'
> & { readonly id: string | null };

/** What only a Charges API charge has: the token's card, a destination. */
export interface LegacyChargeParts {
  readonly source: Charge['source'];
  readonly transferData: Charge['transfer_data'];
}

export type ChargeResult =
  | { kind: 'succeeded'; captured: boolean; authenticated: boolean }
  | { kind: 'declined'; decline: Decline; blocked: boolean };

/**
 * Creates the charge of one confirmation attempt and, when it is captured, its balance movement
 * (booked first, so the charge is built once, already linked: `automatic_async` announces it as it
 * was before, see `UNLINKED` in charge-attempt.ts). Returns the stored row.
 */
export function createCharge(
  ctx: RequestContext,
  pi: ChargeBasis,
  pm: PaymentMethod,
  card: TestCard,
  result: ChargeResult,
  legacy?: LegacyChargeParts,
): ChargeRow {
  const id = ctx.ids.next('ch');
  const succeeded = result.kind === 'succeeded';
  const captured = succeeded && result.captured;
  const blocked = !succeeded && result.blocked;
  const riskLevel = blocked ? 'highest' : card.risk === 'elevated' ? 'elevated' : 'normal';
  const score = riskScore(id, riskLevel);
  const reason = succeeded ? null : blocked ? 'highest_risk_level' : result.decline.declineCode;
  // Approved charges (most of them) are keyed by a number: a key built as text costs a string per charge.
  const outcomeKey = succeeded ? (riskLevel === 'elevated' ? 100 + score : score) : `${result.kind}:${blocked}:${riskLevel}:${score}:${reason}`;
  const outcome = sharedFrozen(OUTCOMES, outcomeKey, (): ChargeOutcome =>
    succeeded
      ? { network_status: 'approved_by_network', reason: null, risk_level: riskLevel, risk_score: score, seller_message: 'Payment complete.', type: 'authorized' }
      : blocked
        ? {
            network_status: 'not_sent_to_network',
            reason,
            risk_level: 'highest',
            risk_score: score,
            rule: 'block_if_high_risk',
            seller_message: 'Onerway blocked this payment as too risky.',
            type: 'blocked',
          }
        : {
            network_status: 'declined_by_network',
            reason,
            risk_level: riskLevel,
            risk_score: score,
            seller_message: 'The bank did not return any further details with this decline.',
            type: 'issuer_declined',
          },
  );
  // The row's place in order is taken before the booking writes, as it was when charges were booked after.
  const seq = ctx.nextSeq();
  const description = pi.description;
  const booking = captured ? book(ctx, { id, currency: pi.currency, description, application_fee: null, application_fee_amount: pi.application_fee_amount }, card, pi.amount) : undefined;
  const charge: Charge = {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: captured ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: booking ? booking.applicationFee : null,
    application_fee_amount: pi.application_fee_amount,
    balance_transaction: booking ? booking.balanceTransaction : null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: pi.statement_descriptor ?? 'ONERWAY SIM',
    captured,
    created: ctx.now,
    currency: pi.currency,
    customer: typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null),
    description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: succeeded ? null : result.decline.code,
    failure_message: succeeded ? null : result.decline.message,
    fraud_details: blocked ? { stripe_report: 'fraudulent' } : NO_FRAUD_DETAILS,
    livemode: ctx.mode === 'live',
    // A charge starts with its PaymentIntent's metadata and description (merchants' refund handlers read them).
    metadata: pi.metadata,
    on_behalf_of: null,
    outcome,
    paid: succeeded,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: paymentMethodDetails(pm, {
      amount_authorized: succeeded ? pi.amount : null,
      capture_before: succeeded && !captured ? ctx.now + AUTHORIZATION_DAYS * 86_400 : undefined,
      incremental: succeeded && !captured && incrementable(pi, pm) ? AVAILABLE : UNAVAILABLE,
      three_d_secure: succeeded && result.authenticated ? AUTHENTICATED : null,
    }),
    receipt_email: pi.receipt_email,
    receipt_number: null,
    refunded: false,
    review: null,
    shipping: pi.shipping,
    source: legacy?.source ?? null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: legacy?.transferData ?? null,
    transfer_group: pi.transfer_group,
  };
  const row: ChargeRow = { id, created: charge.created, seq, object: charge, card, refundedTotal: 0 };
  ctx.coverage?.cards.add(card.paymentMethods[0] ?? card.number ?? card.tokens[0] ?? card.last4);
  ctx.data.collection(CHARGES).add(row);
  return booking && charge.transfer_data ? sendToDestination(ctx, row, pi.amount, booking.availableOn) : row;
}

