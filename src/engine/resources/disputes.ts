/**
 * Disputes, minimally (reference §6.5): the dispute cards' charges succeed and a dispute opens at
 * once (`charge.dispute.created`, charge `disputed: true`). Readable; evidence, closing and the
 * withdrawal of funds are not simulated.
 */
import type { RequestContext } from '../context.js';
import { recordEvent } from '../events.js';
import { registerExpandable, registerResolver } from '../expand.js';
import { listFields, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { type Params } from '../params.js';
import { NO_METADATA } from '../metadata.js';
import { route } from '../routes.js';
import { collectionKey, type Row } from '../store.js';
import { saveCharge, type ChargeRow } from './charges/object.js';

/** A Dispute, as merchants receive it. */
export interface Dispute {
  id: string;
  object: 'dispute';
  amount: number;
  balance_transactions: [];
  charge: string;
  created: number;
  currency: string;
  evidence: Record<string, never>;
  evidence_details: { due_by: number; has_evidence: boolean; past_due: boolean; submission_count: number };
  is_charge_refundable: boolean;
  livemode: boolean;
  metadata: Record<string, string>;
  payment_intent: string | null;
  reason: 'fraudulent' | 'product_not_received' | 'general';
  status: 'needs_response' | 'warning_needs_response';
}

const DISPUTES = collectionKey<Row<Dispute>>('disputes');
const EVIDENCE_DAYS = 7;

registerExpandable('dispute', { charge: 'charge', payment_intent: 'payment_intent' });
registerResolver('dp', (ctx, id) => ctx.data.collection(DISPUTES).get(id)?.object);

/** Opens the dispute a dispute card asks for, once its charge is captured. */
export function openDisputeIfAny(ctx: RequestContext, row: ChargeRow): ChargeRow {
  const kind = row.card.dispute;
  if (!kind || kind === 'early_fraud_warning' || !row.object.captured) return row;
  const charge = row.object;
  const dispute: Dispute = {
    id: ctx.ids.next('dp'),
    object: 'dispute',
    amount: charge.amount_captured,
    balance_transactions: [],
    charge: charge.id,
    created: ctx.now,
    currency: charge.currency,
    evidence: {},
    // Evidence is due 7 days after the dispute opens (docs/decisions.md).
    evidence_details: { due_by: ctx.now + EVIDENCE_DAYS * 86_400, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false,
    livemode: ctx.mode === 'live',
    metadata: NO_METADATA,
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    reason: kind === 'fraudulent' ? 'fraudulent' : kind === 'product_not_received' ? 'product_not_received' : 'general',
    status: kind === 'inquiry' ? 'warning_needs_response' : 'needs_response',
  };
  ctx.data.collection(DISPUTES).add({ id: dispute.id, created: dispute.created, seq: ctx.nextSeq(), object: dispute });
  const disputed = saveCharge(ctx, row, { ...charge, disputed: true });
  recordEvent(ctx, 'charge.dispute.created', dispute);
  return disputed;
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Dispute {
  return findOrThrow(ctx, DISPUTES, path['id']!, 'dispute', 'id', 404).object;
}

function list(ctx: RequestContext, p: Params<typeof listFields>): ListObject<Dispute> {
  return listOf(ctx, DISPUTES, p, { noun: 'dispute', url: '/v1/disputes' });
}

export const disputeRoutes = [
  route({ method: 'GET', path: '/v1/disputes', fields: listFields, handler: list, returns: 'dispute', list: true }),
  route({ method: 'GET', path: '/v1/disputes/:id', fields: {}, handler: retrieve, returns: 'dispute' }),
];
