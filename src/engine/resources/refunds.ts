/**
 * Refunds (reference §5): create against a PaymentIntent or a charge, full or partial, repeated
 * until the captured amount is exhausted; retrieve, update metadata, list. The refund cards of
 * §5.4 start `pending` (pm_card_pendingRefund) or will fail later (pm_card_refundFail): the row
 * records when, and the clock performs it.
 */
import type { RequestContext } from '../context.js';
import { invalidRequest } from '../errors.js';
import { previousAttributes, recordEvent } from '../events.js';
import { registerExpandable, registerResolver } from '../expand.js';
import { listFields, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { formatMoney } from '../money.js';
import { enumOf, integer, string, type Params } from '../params.js';
import { mergeMetadata, metadata, NO_METADATA } from '../metadata.js';
import { route } from '../routes.js';
import { collectionKey, type Row } from '../store.js';
import { recordMovement, type BalanceTransaction } from './balance.js';
import { CHARGES, saveCharge, type Charge, type ChargeRow } from './charges/object.js';
import { releaseCharge } from './charges/settle.js';
import type { Expandable } from '../expand.js';
import { PAYMENT_INTENTS, type PaymentIntent } from './payment-intents/object.js';

/** A Refund, as merchants receive it (it has no `livemode`, as Stripe's has none). */
export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: Expandable<BalanceTransaction> | null;
  charge: Expandable<Charge>;
  created: number;
  currency: string;
  destination_details: {
    card: { reference: null; reference_status: 'pending'; reference_type: 'acquirer_reference_number'; type: 'refund' };
    type: 'card';
  };
  /** Present once the refund failed. */
  failure_balance_transaction?: Expandable<BalanceTransaction>;
  /** Present once the refund failed. */
  failure_reason?: string;
  /** Present when the refund was created with one. */
  instructions_email?: string;
  metadata: Record<string, string>;
  payment_intent: Expandable<PaymentIntent> | null;
  pending_reason: 'processing' | null;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  transfer_reversal: null;
}

export interface RefundRow extends Row<Refund> {
  /** When a refund card's refund changes status (reference §5.4), Unix seconds; else null. */
  readonly changesAt: number | null;
}

export const REFUNDS = collectionKey<RefundRow>('refunds');

/** How long a refund card's refund stays in its first status before the clock moves it on. */
export const REFUND_CARD_DELAY_SECONDS = 60;

registerExpandable('refund', {
  balance_transaction: 'balance_transaction',
  charge: 'charge',
  payment_intent: 'payment_intent',
  failure_balance_transaction: 'balance_transaction',
});
registerResolver('re', (ctx, id) => ctx.data.collection(REFUNDS).get(id)?.object);

const createFields = {
  payment_intent: string(),
  charge: string(),
  amount: integer({ min: 1 }),
  reason: enumOf(['duplicate', 'fraudulent', 'requested_by_customer']),
  metadata: metadata(),
  instructions_email: string({ maxLength: 512 }),
} as const;

const UNCAPTURED = (pi: string) =>
  `This uncaptured Charge was created by a PaymentIntent (${pi}). You must cancel the PaymentIntent to reverse the authorization instead of refunding the Charge directly. For more information, see https://stripe.com/docs/payments/place-a-hold-on-a-payment-method`;

/** The charge a refund request names, checked as refundable. */
function refundableCharge(ctx: RequestContext, p: Params<typeof createFields>): ChargeRow {
  if (p.payment_intent !== undefined && p.charge !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: charge, payment_intent.', { param: 'charge' });
  }
  if (p.payment_intent === undefined && p.charge === undefined) {
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.');
  }
  const charges = ctx.data.collection(CHARGES);
  let row: ChargeRow;
  if (p.payment_intent !== undefined) {
    const pi = findOrThrow(ctx, PAYMENT_INTENTS, p.payment_intent, 'payment_intent', 'payment_intent', 400).object;
    if (pi.status === 'requires_capture') throw invalidRequest(UNCAPTURED(pi.id));
    if (pi.status !== 'succeeded') throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`);
    row = charges.get(pi.latest_charge as string)!;
  } else {
    row = findOrThrow(ctx, CHARGES, p.charge!, 'charge', 'charge', 400);
    const charge = row.object;
    if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has failed and cannot be refunded.`, { param: 'charge' });
    if (!charge.captured && !charge.refunded && charge.payment_intent !== null) throw invalidRequest(UNCAPTURED(charge.payment_intent as string));
    if (!charge.captured && charge.refunded) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  }
  const charge = row.object;
  if (charge.disputed) throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, { code: 'charge_disputed' });
  return row;
}

function create(ctx: RequestContext, p: Params<typeof createFields>): Refund {
  const chargeRow = refundableCharge(ctx, p);
  const charge = chargeRow.object;
  if (!charge.captured) return releaseByRefund(ctx, chargeRow, p);
  const refundable = charge.amount_captured - chargeRow.refundedTotal;
  if (refundable <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const amount = p.amount ?? refundable;
  if (amount > refundable) {
    const money = (n: number) => formatMoney(n, charge.currency);
    throw invalidRequest(
      chargeRow.refundedTotal === 0
        ? `Refund amount (${money(amount)}) is greater than charge amount (${money(charge.amount_captured)})`
        : `Refund amount (${money(amount)}) is greater than unrefunded amount on charge (${money(refundable)})`,
      { param: 'amount' },
    );
  }

  const id = ctx.ids.next('re');
  const txn = recordMovement(ctx, {
    amount: -amount,
    currency: charge.currency,
    type: 'refund',
    source: id,
    description: `REFUND FOR CHARGE (${charge.description ?? 'Payment'})`,
  });
  const behaviour = chargeRow.card.refund;
  const pending = behaviour === 'pending_then_succeeded';
  const refund = refundObject(ctx, id, charge, p, { amount, balanceTransaction: txn.id, pending });
  const changesAt = behaviour ? ctx.now + REFUND_CARD_DELAY_SECONDS : null;
  ctx.data.collection(REFUNDS).add({ id, created: refund.created, seq: ctx.nextSeq(), object: refund, changesAt });
  if (changesAt !== null) ctx.scheduler.schedule(changesAt * 1000, { kind: 'refund_transition', mode: ctx.mode, account: ctx.data.account, refundId: id });
  const refundedTotal = chargeRow.refundedTotal + amount;
  const amountRefunded = charge.amount_refunded + amount;
  const updated = saveCharge(ctx, chargeRow, { ...charge, amount_refunded: amountRefunded, refunded: amountRefunded === charge.amount }, refundedTotal);
  recordEvent(ctx, 'refund.created', refund);
  recordEvent(ctx, 'charge.refunded', updated.object, { amount_refunded: charge.amount_refunded, ...(updated.object.refunded !== charge.refunded && { refunded: charge.refunded }) });
  return refund;
}

/** A new Refund of `charge` (one shape for the refund of captured money and the release of a hold). */
function refundObject(
  ctx: RequestContext,
  id: string,
  charge: Charge,
  p: Params<typeof createFields>,
  r: { amount: number; balanceTransaction: string | null; pending: boolean },
): Refund {
  return {
    id,
    object: 'refund',
    amount: r.amount,
    balance_transaction: r.balanceTransaction,
    charge: charge.id,
    created: ctx.now,
    currency: charge.currency,
    destination_details: {
      card: { reference: null, reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    },
    ...(p.instructions_email !== undefined && { instructions_email: p.instructions_email }),
    metadata: mergeMetadata(NO_METADATA, p.metadata),
    payment_intent: charge.payment_intent,
    pending_reason: r.pending ? 'processing' : null,
    reason: p.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: r.pending ? 'pending' : 'succeeded',
    transfer_reversal: null,
  };
}

/**
 * Refunding an uncaptured Charges API charge releases the whole authorization: a refund with no
 * balance transaction (no money had moved), the charge refunded.
 */
function releaseByRefund(ctx: RequestContext, chargeRow: ChargeRow, p: Params<typeof createFields>): Refund {
  const charge = chargeRow.object;
  if (p.amount !== undefined && p.amount !== charge.amount) {
    throw invalidRequest(
      `onerway-sim: charge ${charge.id} is not captured, so a refund releases its whole authorization (${formatMoney(charge.amount, charge.currency)}); leave out amount, or capture first and refund part.`,
      { param: 'amount' },
    );
  }
  const id = ctx.ids.next('re');
  const refund = refundObject(ctx, id, charge, p, { amount: charge.amount, balanceTransaction: null, pending: false });
  ctx.data.collection(REFUNDS).add({ id, created: refund.created, seq: ctx.nextSeq(), object: refund, changesAt: null });
  const released = releaseCharge(ctx, chargeRow).object;
  recordEvent(ctx, 'refund.created', refund);
  recordEvent(ctx, 'charge.refunded', released, { amount_refunded: charge.amount_refunded, refunded: false });
  return refund;
}

/**
 * A refund card's refund changes status (reference §5.4): `pending` → `succeeded`, or `succeeded`
 * → `failed`, when the money comes back: a `refund_failure` transaction re-credits the balance and
 * the charge's refunded amount goes down again.
 */
export function transitionRefund(ctx: RequestContext, refundId: string): void {
  const refunds = ctx.data.collection(REFUNDS);
  const row = refunds.get(refundId);
  if (!row || row.changesAt === null) return;
  const before = row.object;
  let after: Refund;
  if (before.status === 'pending') {
    after = { ...before, status: 'succeeded', pending_reason: null };
  } else {
    const chargeRow = ctx.data.collection(CHARGES).get(before.charge as string)!;
    const charge = chargeRow.object;
    const txn = recordMovement(ctx, {
      amount: before.amount,
      currency: before.currency,
      type: 'refund_failure',
      source: before.id,
      description: `REFUND FAILURE FOR CHARGE (${charge.description ?? 'Payment'})`,
    });
    after = { ...before, status: 'failed', failure_reason: 'expired_or_canceled_card', failure_balance_transaction: txn.id };
    saveCharge(ctx, chargeRow, { ...charge, amount_refunded: charge.amount_refunded - before.amount, refunded: false }, chargeRow.refundedTotal - before.amount);
    recordEvent(ctx, 'refund.failed', after);
  }
  refunds.put({ ...row, object: after, changesAt: null });
  ctx.coverage?.timed.add(after.status === 'failed' ? 'refund_failed' : 'refund_succeeded');
  recordEvent(ctx, 'refund.updated', after, { status: before.status, ...(before.pending_reason !== after.pending_reason && { pending_reason: before.pending_reason }) });
  recordEvent(ctx, 'charge.refund.updated', after, { status: before.status });
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Refund {
  return findOrThrow(ctx, REFUNDS, path['id']!, 'refund', 'id', 404).object;
}

const updateFields = { metadata: metadata() } as const;

function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): Refund {
  const row = findOrThrow(ctx, REFUNDS, path['id']!, 'refund', 'id', 404);
  const after: Refund = { ...row.object, metadata: mergeMetadata(row.object.metadata, p.metadata) };
  const changed = previousAttributes(row.object as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  if (!changed) return row.object;
  ctx.data.collection(REFUNDS).put({ ...row, object: after });
  recordEvent(ctx, 'refund.updated', after, changed);
  return after;
}

function cancel(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Refund {
  findOrThrow(ctx, REFUNDS, path['id']!, 'refund', 'id', 404);
  // Card refunds never wait for an action, so none can be canceled through the API (reference §5.3).
  throw invalidRequest('Canceling this refund is unsupported.');
}

const listRefundFields = { ...listFields, charge: string(), payment_intent: string() } as const;

function list(ctx: RequestContext, p: Params<typeof listRefundFields>): ListObject<Refund> {
  return listOf(ctx, REFUNDS, p, {
    noun: 'refund',
    url: '/v1/refunds',
    filter: ({ object: r }) => (p.charge === undefined || r.charge === p.charge) && (p.payment_intent === undefined || r.payment_intent === p.payment_intent),
  });
}

export const refundRoutes = [
  route({ method: 'POST', path: '/v1/refunds', emits: ['refund.created', 'charge.refunded'], fields: createFields, handler: create, returns: 'refund' }),
  route({ method: 'GET', path: '/v1/refunds', fields: listRefundFields, handler: list, returns: 'refund', list: true }),
  route({ method: 'GET', path: '/v1/refunds/:id', fields: {}, handler: retrieve, returns: 'refund' }),
  route({ method: 'POST', path: '/v1/refunds/:id', emits: ['refund.updated'], fields: updateFields, handler: update, returns: 'refund', update: true }),
  route({ method: 'POST', path: '/v1/refunds/:id/cancel', fields: {}, handler: cancel, returns: 'refund' }),
];
