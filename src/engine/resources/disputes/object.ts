/**
 * The Dispute object (reference §6.5) and how a dispute card opens one: a chargeback withdraws the
 * disputed amount and the dispute fee at once; an inquiry moves no money. The evidence, the review
 * and the outcome are in lifecycle.ts.
 */
import type { RequestContext } from '../../context.js';
import { recordEvent } from '../../events.js';
import { registerExpandable, registerResolver } from '../../expand.js';
import { NO_METADATA } from '../../metadata.js';
import { collectionKey, deepFreeze, type Row } from '../../store.js';
import type { TestCard } from '../../test-cards.js';
import { recordMovement, type BalanceTransaction } from '../balance.js';
import { saveCharge, type ChargeRow } from '../charges/object.js';
import { openEarlyFraudWarning } from './early-fraud-warnings.js';

export const EVIDENCE_FIELDS = [
  'access_activity_log', 'billing_address', 'cancellation_policy', 'cancellation_policy_disclosure', 'cancellation_rebuttal',
  'customer_communication', 'customer_email_address', 'customer_name', 'customer_purchase_ip', 'customer_signature',
  'duplicate_charge_documentation', 'duplicate_charge_explanation', 'duplicate_charge_id', 'product_description', 'receipt',
  'refund_policy', 'refund_policy_disclosure', 'refund_refusal_explanation', 'service_date', 'service_documentation',
  'shipping_address', 'shipping_carrier', 'shipping_date', 'shipping_documentation', 'shipping_tracking_number',
  'uncategorized_file', 'uncategorized_text',
] as const;

/** What a merchant submits to contest a dispute: every field a string or null. */
export type DisputeEvidence = Record<(typeof EVIDENCE_FIELDS)[number], string | null>;

export type DisputeStatus = 'warning_needs_response' | 'warning_under_review' | 'warning_closed' | 'needs_response' | 'under_review' | 'won' | 'lost';

/** A Dispute, as merchants receive it. */
export interface Dispute {
  id: string;
  object: 'dispute';
  amount: number;
  /** The money it moved: the withdrawal when it opened, the reinstatement when it was won. */
  balance_transactions: BalanceTransaction[];
  charge: string;
  created: number;
  currency: string;
  enhanced_eligibility_types: 'visa_compelling_evidence_3'[];
  evidence: DisputeEvidence;
  evidence_details: { due_by: number; enhanced_eligibility: Record<string, never>; has_evidence: boolean; past_due: boolean; submission_count: number };
  is_charge_refundable: boolean;
  livemode: boolean;
  metadata: Record<string, string>;
  payment_intent: string | null;
  payment_method_details: { card: { brand: string; case_type: 'chargeback' | 'inquiry'; network_reason_code: string | null }; type: 'card' };
  reason: 'fraudulent' | 'product_not_received' | 'general' | 'noncompliant';
  status: DisputeStatus;
}

export interface DisputeRow extends Row<Dispute> {
  /** When the submitted evidence has been reviewed (Unix seconds), or null. */
  readonly reviewAt: number | null;
  /** The card opens another dispute once this one closes (`pm_card_createMultipleDisputes`). */
  readonly reopens: boolean;
}

export const DISPUTES = collectionKey<DisputeRow>('disputes');
/** Days to respond: the evidence is due 7 days after the dispute opens (docs/decisions.md). */
export const EVIDENCE_DAYS = 7;
/** What a chargeback costs on top of the disputed amount, in minor units of its currency. */
export const DISPUTE_FEE = 1500;

registerExpandable('dispute', { charge: 'charge', payment_intent: 'payment_intent' });
registerResolver('dp', (ctx, id) => ctx.data.collection(DISPUTES).get(id)?.object);

const NO_EVIDENCE: DisputeEvidence = deepFreeze(Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null])) as DisputeEvidence);

export function saveDispute(ctx: RequestContext, row: DisputeRow, dispute: Dispute, reviewAt: number | null = row.reviewAt): DisputeRow {
  const next: DisputeRow = { id: row.id, created: row.created, seq: row.seq, object: dispute, reviewAt, reopens: row.reopens };
  ctx.data.collection(DISPUTES).put(next);
  return next;
}

/** What kind of dispute a card opens (`multiple` opens a general one, then another when it closes). */
type DisputeKind = Exclude<NonNullable<TestCard['dispute']>, 'early_fraud_warning' | 'multiple'> | 'general';

function reasonOf(kind: DisputeKind): Dispute['reason'] {
  if (kind === 'fraudulent' || kind === 'ce3_eligible') return 'fraudulent';
  if (kind === 'product_not_received') return 'product_not_received';
  return kind === 'compliance' ? 'noncompliant' : 'general';
}

/** Opens a dispute of `kind` on a captured charge: a chargeback withdraws the money; an inquiry does not. */
export function openDispute(ctx: RequestContext, row: ChargeRow, kind: DisputeKind, reopens: boolean): ChargeRow {
  const charge = row.object;
  const inquiry = kind === 'inquiry';
  const id = ctx.ids.next('dp');
  const withdrawal = inquiry
    ? []
    : [
        recordMovement(ctx, {
          amount: -charge.amount_captured,
          currency: charge.currency,
          type: 'adjustment',
          source: id,
          description: `Chargeback withdrawal for ${charge.id}`,
          fee: DISPUTE_FEE,
          feeDescription: 'Dispute fee',
          reportingCategory: 'dispute',
        }),
      ];
  const dispute: Dispute = {
    id,
    object: 'dispute',
    amount: charge.amount_captured,
    balance_transactions: withdrawal,
    charge: charge.id,
    created: ctx.now,
    currency: charge.currency,
    enhanced_eligibility_types: kind === 'ce3_eligible' ? ['visa_compelling_evidence_3'] : [],
    evidence: NO_EVIDENCE,
    evidence_details: { due_by: ctx.now + EVIDENCE_DAYS * 86_400, enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false,
    livemode: ctx.mode === 'live',
    metadata: NO_METADATA,
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    payment_method_details: { card: { brand: charge.payment_method_details.card.brand, case_type: inquiry ? 'inquiry' : 'chargeback', network_reason_code: null }, type: 'card' },
    reason: reasonOf(kind),
    status: inquiry ? 'warning_needs_response' : 'needs_response',
  };
  ctx.data.collection(DISPUTES).add({ id, created: dispute.created, seq: ctx.nextSeq(), object: dispute, reviewAt: null, reopens });
  ctx.scheduler.schedule(dispute.evidence_details.due_by * 1000, { kind: 'dispute_step', mode: ctx.mode, account: ctx.data.account, disputeId: id });
  const disputed = saveCharge(ctx, row, { ...charge, disputed: true });
  recordEvent(ctx, 'charge.dispute.created', dispute);
  if (!inquiry) recordEvent(ctx, 'charge.dispute.funds_withdrawn', dispute);
  return disputed;
}

/** Opens the dispute (or early fraud warning) a dispute card asks for, once its charge is captured. */
export function openDisputeIfAny(ctx: RequestContext, row: ChargeRow): ChargeRow {
  const kind = row.card.dispute;
  if (!kind || !row.object.captured) return row;
  if (kind === 'early_fraud_warning') {
    openEarlyFraudWarning(ctx, row.object);
    return row;
  }
  return openDispute(ctx, row, kind === 'multiple' ? 'general' : kind, kind === 'multiple');
}
