/**
 * Charges (reference §1.2, §6.3): read-only over the API, created by confirmation, captured,
 * refunded and expired by the PaymentIntent and Refund modules through the functions here.
 */
import type { RequestContext } from '../context.js';
import { registerExpandable, registerResolver } from '../expand.js';
import { hash32 } from '../random.js';
import { listFields, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { availableOn, processingFee } from '../money.js';
import { string, type Params, NO_METADATA } from '../params.js';
import { route } from '../routes.js';
import { collectionKey, type Row } from '../store.js';
import type { Decline, TestCard } from '../test-cards.js';
import { recordMovement, type BalanceTransaction } from './balance.js';
import type { Customer, Expandable } from './customers.js';
import { requireCustomer } from './customers.js';
import type { BillingDetails, PaymentMethod, PaymentMethodCard } from './payment-methods.js';
import type { PaymentIntent } from './payment-intents.js';

export interface ChargeOutcome {
  network_status: 'approved_by_network' | 'declined_by_network' | 'not_sent_to_network';
  reason: string | null;
  risk_level: 'normal' | 'elevated' | 'highest';
  risk_score: number;
  rule?: string;
  seller_message: string;
  type: 'authorized' | 'issuer_declined' | 'blocked';
}

export interface ThreeDSecureDetails {
  authentication_flow: 'challenge';
  result: 'authenticated';
  result_reason: null;
  version: '2.2.0';
}

export interface ChargeCardDetails {
  amount_authorized: number | null;
  brand: string;
  capture_before: number | null;
  checks: PaymentMethodCard['checks'];
  country: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: string;
  last4: string;
  network: string;
  three_d_secure: ThreeDSecureDetails | null;
}

/** A Charge, as merchants receive it. */
export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: null;
  application_fee: null;
  application_fee_amount: null;
  balance_transaction: Expandable<BalanceTransaction> | null;
  billing_details: BillingDetails;
  calculated_statement_descriptor: string;
  captured: boolean;
  created: number;
  currency: string;
  customer: Expandable<Customer> | null;
  description: string | null;
  disputed: boolean;
  failure_balance_transaction: null;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: { stripe_report?: 'fraudulent' };
  livemode: boolean;
  metadata: Record<string, string>;
  on_behalf_of: null;
  outcome: ChargeOutcome;
  paid: boolean;
  payment_intent: Expandable<PaymentIntent> | null;
  payment_method: string;
  payment_method_details: { card: ChargeCardDetails; type: 'card' };
  receipt_email: string | null;
  receipt_number: null;
  refunded: boolean;
  review: null;
  shipping: PaymentIntent['shipping'];
  source_transfer: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: 'succeeded' | 'failed' | 'pending';
  transfer_data: null;
  transfer_group: string | null;
}

export interface ChargeRow extends Row<Charge> {
  /** The card behind the charge (refund behaviour, disputes). */
  readonly card: TestCard;
  /** Sum of refunds (not counting an uncaptured remainder that was released). */
  readonly refundedTotal: number;
}

export const CHARGES = collectionKey<ChargeRow>('charges');

registerExpandable('charge', {
  balance_transaction: 'balance_transaction',
  customer: 'customer',
  payment_intent: 'payment_intent',
  failure_balance_transaction: 'balance_transaction',
});
registerResolver('ch', (ctx, id) => ctx.data.collection(CHARGES).get(id)?.object);

/** A risk score derived from the charge id: deterministic, and it draws no randomness. */
/** The fraud details of a charge nobody reported: shared and frozen, like every stored object's parts. */
const NO_FRAUD_DETAILS: Charge['fraud_details'] = Object.freeze({});

function riskScore(id: string, level: ChargeOutcome['risk_level']): number {
  const h = hash32(id);
  if (level === 'highest') return 75 + (h % 25);
  if (level === 'elevated') return 65 + (h % 10);
  return 5 + (h % 60);
}

const AUTHORIZATION_DAYS = 7;

export type ChargeResult =
  | { kind: 'succeeded'; captured: boolean; authenticated: boolean }
  | { kind: 'declined'; decline: Decline; blocked: boolean };

/**
 * Creates the charge of one confirmation attempt and, when it is captured, its balance movement.
 * Returns the stored row and the charge as it was before its balance transaction was linked
 * (what `automatic_async` announces first).
 */
export function createCharge(
  ctx: RequestContext,
  pi: PaymentIntent,
  pm: PaymentMethod,
  card: TestCard,
  result: ChargeResult,
): { row: ChargeRow; unlinked: Charge } {
  const id = ctx.ids.next('ch');
  const succeeded = result.kind === 'succeeded';
  const captured = succeeded && result.captured;
  const blocked = !succeeded && result.blocked;
  const riskLevel = blocked ? 'highest' : card.risk === 'elevated' ? 'elevated' : 'normal';
  const outcome: ChargeOutcome = succeeded
    ? { network_status: 'approved_by_network', reason: null, risk_level: riskLevel, risk_score: riskScore(id, riskLevel), seller_message: 'Payment complete.', type: 'authorized' }
    : blocked
      ? {
          network_status: 'not_sent_to_network',
          reason: 'highest_risk_level',
          risk_level: 'highest',
          risk_score: riskScore(id, 'highest'),
          rule: 'block_if_high_risk',
          seller_message: 'Onerway blocked this payment as too risky.',
          type: 'blocked',
        }
      : {
          network_status: 'declined_by_network',
          reason: result.decline.declineCode,
          risk_level: riskLevel,
          risk_score: riskScore(id, riskLevel),
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        };
  const charge: Charge = {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: captured ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: pi.statement_descriptor ?? 'ONERWAY SIM',
    captured,
    created: ctx.now,
    currency: pi.currency,
    customer: typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null),
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: succeeded ? null : result.decline.code,
    failure_message: succeeded ? null : result.decline.message,
    fraud_details: blocked ? { stripe_report: 'fraudulent' } : NO_FRAUD_DETAILS,
    livemode: ctx.mode === 'live',
    metadata: NO_METADATA,
    on_behalf_of: null,
    outcome,
    paid: succeeded,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      card: {
        amount_authorized: succeeded ? pi.amount : null,
        brand: pm.card.brand,
        capture_before: succeeded && !captured ? ctx.now + AUTHORIZATION_DAYS * 86_400 : null,
        checks: pm.card.checks,
        country: pm.card.country,
        exp_month: pm.card.exp_month,
        exp_year: pm.card.exp_year,
        fingerprint: pm.card.fingerprint,
        funding: pm.card.funding,
        last4: pm.card.last4,
        network: pm.card.brand,
        three_d_secure: succeeded && result.authenticated ? { authentication_flow: 'challenge', result: 'authenticated', result_reason: null, version: '2.2.0' } : null,
      },
      type: 'card',
    },
    receipt_email: pi.receipt_email,
    receipt_number: null,
    refunded: false,
    review: null,
    shipping: pi.shipping,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: pi.transfer_group,
  };
  const row: ChargeRow = { id, created: charge.created, seq: ctx.nextSeq(), object: charge, card, refundedTotal: 0 };
  ctx.data.collection(CHARGES).add(row);
  return { row: captured ? settle(ctx, row, pi.amount) : row, unlinked: charge };
}

/** Books the captured amount into the balance (pending until `available_on`) and links it. */
function settle(ctx: RequestContext, row: ChargeRow, amount: number): ChargeRow {
  const charge = row.object;
  const txn = recordMovement(ctx, {
    amount,
    currency: charge.currency,
    type: 'charge',
    source: charge.id,
    description: charge.description,
    fee: processingFee(amount),
    availableOn: row.card.bypassPending ? ctx.now : availableOn(ctx.now),
  });
  return saveCharge(ctx, row, { ...charge, balance_transaction: txn.id });
}

export function saveCharge(ctx: RequestContext, row: ChargeRow, charge: Charge, refundedTotal = row.refundedTotal): ChargeRow {
  // Field by field: one shape for every version of a row.
  const next: ChargeRow = { id: row.id, created: row.created, seq: row.seq, object: charge, card: row.card, refundedTotal };
  ctx.data.collection(CHARGES).put(next);
  return next;
}

/** Captures `amount` of an uncaptured charge; the rest of the authorization is released. */
export function captureCharge(ctx: RequestContext, row: ChargeRow, amount: number): ChargeRow {
  const charge = row.object;
  const captured = saveCharge(ctx, row, {
    ...charge,
    captured: true,
    amount_captured: amount,
    amount_refunded: charge.amount - amount,
    payment_method_details: { ...charge.payment_method_details, card: { ...charge.payment_method_details.card, capture_before: null } },
  });
  return settle(ctx, captured, amount);
}

/** Releases an uncaptured authorization (cancel, expiry): the charge counts as refunded. */
export function releaseCharge(ctx: RequestContext, row: ChargeRow): ChargeRow {
  const charge = row.object;
  return saveCharge(ctx, row, {
    ...charge,
    amount_refunded: charge.amount,
    refunded: true,
    payment_method_details: { ...charge.payment_method_details, card: { ...charge.payment_method_details.card, capture_before: null } },
  });
}

/** The charges with these ids (a PaymentIntent's, oldest first), newest first as lists are. */
export function chargesOf(ctx: RequestContext, ids: readonly string[]): Charge[] {
  const charges = ctx.data.collection(CHARGES);
  return ids.map((id) => charges.get(id)!.object).reverse();
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Charge {
  return findOrThrow(ctx, CHARGES, path['id']!, 'charge', 'id', 404).object;
}

const listChargeFields = { ...listFields, payment_intent: string(), customer: string() } as const;

function list(ctx: RequestContext, p: Params<typeof listChargeFields>): ListObject<Charge> {
  if (p.customer !== undefined) requireCustomer(ctx, p.customer, 'customer', 400);
  return listOf(ctx, CHARGES, p, {
    noun: 'charge',
    url: '/v1/charges',
    filter: ({ object: c }) => (p.payment_intent === undefined || c.payment_intent === p.payment_intent) && (p.customer === undefined || c.customer === p.customer),
  });
}

export const chargeRoutes = [
  route({ method: 'GET', path: '/v1/charges', fields: listChargeFields, handler: list, returns: 'charge', list: true }),
  route({ method: 'GET', path: '/v1/charges/:id', fields: {}, handler: retrieve, returns: 'charge' }),
];
