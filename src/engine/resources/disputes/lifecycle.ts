/**
 * A dispute's life after it opens: evidence saved and submitted (`POST /v1/disputes/:id`), the
 * review that decides it on the simulated clock (the test strings `winning_evidence` and
 * `losing_evidence` in `uncategorized_text`), accepting the loss (`/close`), and the response
 * time running out (a chargeback not answered by `due_by` is lost).
 */
import type { RequestContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { recordEvent } from '../../events.js';
import { findOrThrow } from '../../lookup.js';
import { mergeMetadata, metadata } from '../../metadata.js';
import { boolean, hash, string, type Params } from '../../params.js';
import { recordMovement } from '../balance.js';
import { CHARGES } from '../charges/object.js';
import { DISPUTE_FEE, DISPUTES, EVIDENCE_FIELDS, openDispute, saveDispute, type Dispute, type DisputeRow } from './object.js';

/** How long the simulated review of submitted evidence takes (docs/disputes.md). */
export const REVIEW_SECONDS = 86_400;

const OPEN: readonly Dispute['status'][] = ['needs_response', 'warning_needs_response'];

export const updateDisputeFields = {
  evidence: hash(Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, string({ nullable: true, maxLength: 20_000 })])) as { [K in (typeof EVIDENCE_FIELDS)[number]]: ReturnType<typeof string<true>> }),
  metadata: metadata(),
  submit: boolean(),
} as const;

export function requireDispute(ctx: RequestContext, id: string): DisputeRow {
  return findOrThrow(ctx, DISPUTES, id, 'dispute', 'dispute', 404);
}

const FINAL = (d: Dispute) => `This dispute is already closed (${d.status}): its evidence can no longer change.`;

export function updateDispute(ctx: RequestContext, p: Params<typeof updateDisputeFields>, path: Readonly<Record<string, string>>): Dispute {
  const row = requireDispute(ctx, path['id']!);
  const before = row.object;
  const touchesEvidence = p.evidence !== undefined || p.submit !== undefined;
  if (touchesEvidence && !OPEN.includes(before.status)) {
    throw invalidRequest(
      before.status === 'under_review' || before.status === 'warning_under_review'
        ? 'This dispute is under review: its evidence was submitted and can no longer change.'
        : FINAL(before),
      { param: p.evidence !== undefined ? 'evidence' : 'submit' },
    );
  }
  let after: Dispute = { ...before, metadata: mergeMetadata(before.metadata, p.metadata) };
  let reviewAt = row.reviewAt;
  if (touchesEvidence) {
    const evidence = p.evidence ? { ...before.evidence, ...p.evidence } : before.evidence;
    const has = Object.values(evidence).some((v) => v !== null);
    after = { ...after, evidence, evidence_details: { ...before.evidence_details, has_evidence: has } };
    // `submit` defaults to true, as in the live API: the evidence goes to review at once.
    if (p.submit !== false) {
      after = {
        ...after,
        status: before.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review',
        evidence_details: { ...after.evidence_details, submission_count: before.evidence_details.submission_count + 1 },
      };
      reviewAt = ctx.now + REVIEW_SECONDS;
      ctx.scheduler.schedule(reviewAt * 1000, { kind: 'dispute_step', mode: ctx.mode, account: ctx.data.account, disputeId: before.id });
    }
  }
  saveDispute(ctx, row, after, reviewAt);
  recordEvent(ctx, 'charge.dispute.updated', after, { status: before.status, ...(touchesEvidence && { evidence_details: { submission_count: before.evidence_details.submission_count } }) });
  return after;
}

/** Accepting the dispute: a chargeback is lost (its money stays withdrawn); an inquiry closes. */
export function closeDispute(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Dispute {
  const row = requireDispute(ctx, path['id']!);
  const d = row.object;
  if (!OPEN.includes(d.status)) {
    throw invalidRequest(
      d.status === 'under_review' || d.status === 'warning_under_review' ? 'This dispute is under review and can no longer be closed by accepting it.' : FINAL(d),
    );
  }
  return finish(ctx, row, d.status === 'warning_needs_response' ? 'warning_closed' : 'lost');
}

/** Closes a dispute; a won chargeback reinstates the amount and the fee. */
function finish(ctx: RequestContext, row: DisputeRow, status: 'won' | 'lost' | 'warning_closed', pastDue = false): Dispute {
  const d = row.object;
  let balance = d.balance_transactions;
  if (status === 'won') {
    const reinstated = recordMovement(ctx, {
      amount: d.amount,
      currency: d.currency,
      type: 'adjustment',
      source: d.id,
      description: `Chargeback reversal for ${d.charge}`,
      fee: -DISPUTE_FEE,
      feeDescription: 'Dispute fee refund',
      reportingCategory: 'dispute_reversal',
    });
    balance = [...balance, reinstated];
  }
  const closed: Dispute = { ...d, status, balance_transactions: balance, evidence_details: { ...d.evidence_details, past_due: pastDue || d.evidence_details.past_due } };
  saveDispute(ctx, row, closed, null);
  if (status === 'won') recordEvent(ctx, 'charge.dispute.funds_reinstated', closed);
  recordEvent(ctx, 'charge.dispute.closed', closed);
  ctx.coverage?.timed.add(`dispute_${status}`);
  if (row.reopens) reopen(ctx, closed);
  return closed;
}

/** `pm_card_createMultipleDisputes`: once the first dispute closes, the customer disputes the charge again. */
function reopen(ctx: RequestContext, closed: Dispute): void {
  const charge = ctx.data.collection(CHARGES).get(closed.charge);
  if (charge) openDispute(ctx, charge, 'fraudulent', false);
}

/** The clock reached a dispute's review time or its `due_by`. */
export function advanceDispute(ctx: RequestContext, disputeId: string): void {
  const row = ctx.data.collection(DISPUTES).get(disputeId);
  if (!row) return;
  const d = row.object;
  if (OPEN.includes(d.status) && ctx.now >= d.evidence_details.due_by) {
    finish(ctx, row, d.status === 'warning_needs_response' ? 'warning_closed' : 'lost', true);
    return;
  }
  if ((d.status === 'under_review' || d.status === 'warning_under_review') && row.reviewAt !== null && ctx.now >= row.reviewAt) {
    const text = d.evidence.uncategorized_text ?? '';
    // Without a test string the sandbox leaves the dispute under review; so does the simulator.
    const outcome = text.includes('winning_evidence') ? 'won' : text.includes('losing_evidence') ? 'lost' : null;
    if (outcome === null) return;
    finish(ctx, row, d.status === 'warning_under_review' ? 'warning_closed' : outcome);
  }
}
