/**
 * Transfers and their reversals (reference §4): money from the platform's available balance (or
 * from a charge's pending money with `source_transaction`) to a connected account, and back.
 */
import type { RequestContext } from '../context.js';
import { invalidRequest, resourceMissing } from '../errors.js';
import { previousAttributes, recordEvent } from '../events.js';
import { registerExpandable, registerResolver } from '../expand.js';
import { listFields, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { checkCurrency, formatMoney } from '../money.js';
import { boolean, enumOf, integer, required, string, type Params } from '../params.js';
import { mergeMetadata, metadata, NO_METADATA } from '../metadata.js';
import { route } from '../routes.js';
import { collectionKey, type Row } from '../store.js';
import { requireAccount, type Account } from './accounts.js';
import { BALANCE_TRANSACTIONS, balanceTotals, recordMovement, type BalanceTransaction } from './balance.js';
import { CHARGES, type Charge } from './charges/object.js';
import type { Expandable } from '../expand.js';

export interface TransferReversal {
  id: string;
  object: 'transfer_reversal';
  amount: number;
  balance_transaction: Expandable<BalanceTransaction> | null;
  created: number;
  currency: string;
  destination_payment_refund: string;
  metadata: Record<string, string>;
  source_refund: null;
  transfer: string;
}

/** A Transfer, as merchants receive it. */
export interface Transfer {
  id: string;
  object: 'transfer';
  amount: number;
  amount_reversed: number;
  balance_transaction: Expandable<BalanceTransaction> | null;
  created: number;
  currency: string;
  description: string | null;
  destination: Expandable<Account>;
  destination_payment: string;
  livemode: boolean;
  metadata: Record<string, string>;
  reversals: ListObject<TransferReversal> & { total_count: number };
  reversed: boolean;
  source_transaction: Expandable<Charge> | null;
  source_type: 'card';
  transfer_group: string | null;
}

export type TransferRow = Row<Transfer>;
export type ReversalRow = Row<TransferReversal>;
export const TRANSFERS = collectionKey<TransferRow>('transfers');
export const REVERSALS = collectionKey<ReversalRow>('transfer_reversals');
/** How much of each charge has been sent on by transfers with `source_transaction`. */
const FROM_CHARGE = 'transfers.from_charge';

registerExpandable('transfer', { balance_transaction: 'balance_transaction', destination: 'account', source_transaction: 'charge' });
registerExpandable('transfer_reversal', { balance_transaction: 'balance_transaction', transfer: 'transfer' });
registerResolver('tr', (ctx, id) => ctx.data.collection(TRANSFERS).get(id)?.object);
registerResolver('trr', (ctx, id) => ctx.data.collection(REVERSALS).get(id)?.object);

const INSUFFICIENT =
  'You have insufficient available funds in your Onerway account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card. See: https://stripe.com/docs/testing#available-balance';

const createFields = {
  amount: required(integer({ min: 1 })),
  currency: required(string()),
  destination: required(string()),
  description: string({ nullable: true }),
  metadata: metadata(),
  source_transaction: string(),
  source_type: enumOf(['card']),
  transfer_group: string({ nullable: true }),
} as const;

/** The charge whose pending money funds a transfer; checked, and how much of it remains. */
function sourceCharge(ctx: RequestContext, id: string, currency: string, amount: number) {
  const row = findOrThrow(ctx, CHARGES, id, 'charge', 'source_transaction', 400);
  const charge = row.object;
  if (charge.status !== 'succeeded' || !charge.captured) {
    throw invalidRequest(`The source_transaction ${id} must be a captured, succeeded charge.`, { param: 'source_transaction' });
  }
  if (charge.currency !== currency) {
    throw invalidRequest(
      `The currency of source_transaction's balance transaction (${charge.currency}) must be the same as the transfer currency (${currency})`,
      { param: 'currency' },
    );
  }
  const sent = ctx.data.map<string, number>(FROM_CHARGE).get(id) ?? 0;
  const remaining = charge.amount_captured - row.refundedTotal - sent;
  if (amount > remaining) {
    throw invalidRequest(
      `The transfer amount (${formatMoney(amount, currency)}) is greater than what remains of the source_transaction ${id} (${formatMoney(remaining, currency)}).`,
      { param: 'amount' },
    );
  }
  const txn = ctx.data.collection(BALANCE_TRANSACTIONS).get(charge.balance_transaction as string)!.object;
  return { charge, sent, availableOn: txn.status === 'pending' ? txn.available_on : ctx.now };
}

function create(ctx: RequestContext, p: Params<typeof createFields>): Transfer {
  const currency = checkCurrency(p.currency);
  const account = requireAccount(ctx, p.destination, 'destination', 'destination', 400);
  const source = p.source_transaction === undefined ? undefined : sourceCharge(ctx, p.source_transaction, currency, p.amount);
  if (!source && (balanceTotals(ctx).get(currency)?.available ?? 0) < p.amount) {
    throw invalidRequest(INSUFFICIENT, { code: 'balance_insufficient' });
  }
  return sendTransfer(ctx, { amount: p.amount, currency, destination: account.id, source, description: p.description ?? null, metadata: p.metadata, transferGroup: p.transfer_group ?? null });
}

/** A checked transfer: money out of this balance, into the destination's as a `payment`. */
export interface TransferOrder {
  readonly amount: number;
  readonly currency: string;
  readonly destination: string;
  /** The charge whose pending money it is sent from, and how much of it was already sent. */
  readonly source: { readonly charge: Charge; readonly sent: number; readonly availableOn: number } | undefined;
  readonly description: string | null;
  readonly metadata?: Record<string, string | null> | null | undefined;
  readonly transferGroup: string | null;
}

/** Sends a transfer whose checks have passed (also a destination charge's, when it is captured). */
export function sendTransfer(ctx: RequestContext, t: TransferOrder): Transfer {
  const { amount, currency, source } = t;
  const id = ctx.ids.next('tr');
  const txn = recordMovement(ctx, {
    amount: -amount,
    currency,
    type: 'transfer',
    source: id,
    description: t.description,
    ...(source && { availableOn: source.availableOn }),
  });
  if (source) ctx.data.map<string, number>(FROM_CHARGE).set(source.charge.id, source.sent + amount);
  // The destination receives it as a payment in its own balance, pending as long as the source is.
  const payment = ctx.ids.next('py');
  recordMovement(ctx.forAccount(t.destination), {
    amount,
    currency,
    type: 'payment',
    source: payment,
    description: t.description,
    ...(source && { availableOn: source.availableOn }),
  });
  const transfer: Transfer = {
    id,
    object: 'transfer',
    amount,
    amount_reversed: 0,
    balance_transaction: txn.id,
    created: ctx.now,
    currency,
    description: t.description,
    destination: t.destination,
    destination_payment: payment,
    livemode: ctx.mode === 'live',
    metadata: mergeMetadata(NO_METADATA, t.metadata),
    reversals: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/transfers/${id}/reversals` },
    reversed: false,
    source_transaction: source ? source.charge.id : null,
    source_type: 'card',
    transfer_group: t.transferGroup,
  };
  ctx.data.collection(TRANSFERS).add({ id, created: transfer.created, seq: ctx.nextSeq(), object: transfer });
  recordEvent(ctx, 'transfer.created', transfer);
  return transfer;
}

function requireTransfer(ctx: RequestContext, id: string, param = 'id'): TransferRow {
  return findOrThrow(ctx, TRANSFERS, id, 'transfer', param, 404);
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Transfer {
  return requireTransfer(ctx, path['id']!).object;
}

const updateFields = { description: string({ nullable: true }), metadata: metadata() } as const;

function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): Transfer {
  const row = requireTransfer(ctx, path['id']!);
  const before = row.object;
  const after: Transfer = { ...before, ...(p.description !== undefined && { description: p.description }), metadata: mergeMetadata(before.metadata, p.metadata) };
  const changed = previousAttributes(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  if (!changed) return before;
  ctx.data.collection(TRANSFERS).put({ ...row, object: after });
  recordEvent(ctx, 'transfer.updated', after, changed);
  return after;
}

const listTransferFields = { ...listFields, destination: string(), transfer_group: string() } as const;

function list(ctx: RequestContext, p: Params<typeof listTransferFields>): ListObject<Transfer> {
  return listOf(ctx, TRANSFERS, p, {
    noun: 'transfer',
    url: '/v1/transfers',
    filter: ({ object: t }) => (p.destination === undefined || t.destination === p.destination) && (p.transfer_group === undefined || t.transfer_group === p.transfer_group),
  });
}

// ---- Reversals ----

const reversalFields = { amount: integer({ min: 1 }), description: string({ nullable: true }), metadata: metadata(), refund_application_fee: boolean() } as const;

/** The newest reversals embedded in a transfer (the first page of its reversals list). */
function embeddedReversals(ctx: RequestContext, transferId: string): Transfer['reversals'] {
  const reversals = ctx.data.collection(REVERSALS);
  const all = reversals.order.values().filter((r) => reversals.get(r.id)!.object.transfer === transferId);
  const data = all.slice(-10).reverse().map((r) => reversals.get(r.id)!.object);
  return { object: 'list', data, has_more: all.length > 10, total_count: all.length, url: `/v1/transfers/${transferId}/reversals` };
}

function reverse(ctx: RequestContext, p: Params<typeof reversalFields>, path: Readonly<Record<string, string>>): TransferReversal {
  const row = requireTransfer(ctx, path['id']!);
  const transfer = row.object;
  const remaining = transfer.amount - transfer.amount_reversed;
  if (remaining === 0) throw invalidRequest(`Transfer ${transfer.id} has already been reversed.`);
  const amount = p.amount ?? remaining;
  if (amount > remaining) throw invalidRequest('The reversal amount exceeds the amount remaining on the transfer.', { param: 'amount' });
  const id = ctx.ids.next('trr');
  const txn = recordMovement(ctx, { amount, currency: transfer.currency, type: 'transfer_refund', source: id, description: p.description ?? null });
  const refund = ctx.ids.next('pyr');
  recordMovement(ctx.forAccount(transfer.destination as string), { amount: -amount, currency: transfer.currency, type: 'payment_refund', source: refund, description: p.description ?? null });
  const reversal: TransferReversal = {
    id,
    object: 'transfer_reversal',
    amount,
    balance_transaction: txn.id,
    created: ctx.now,
    currency: transfer.currency,
    destination_payment_refund: refund,
    metadata: mergeMetadata(NO_METADATA, p.metadata),
    source_refund: null,
    transfer: transfer.id,
  };
  ctx.data.collection(REVERSALS).add({ id, created: reversal.created, seq: ctx.nextSeq(), object: reversal });
  const reversed = transfer.amount_reversed + amount;
  const after: Transfer = { ...transfer, amount_reversed: reversed, reversed: reversed === transfer.amount, reversals: embeddedReversals(ctx, transfer.id) };
  ctx.data.collection(TRANSFERS).put({ ...row, object: after });
  recordEvent(ctx, 'transfer.reversed', after, { amount_reversed: transfer.amount_reversed, ...(after.reversed !== transfer.reversed && { reversed: transfer.reversed }) });
  return reversal;
}

function requireReversal(ctx: RequestContext, transferId: string, id: string): ReversalRow {
  requireTransfer(ctx, transferId);
  const row = findOrThrow(ctx, REVERSALS, id, 'transfer reversal', 'id', 404);
  if (row.object.transfer !== transferId) throw resourceMissing('transfer reversal', id, 'id', { status: 404 });
  return row;
}

function listReversals(ctx: RequestContext, p: Params<typeof listFields>, path: Readonly<Record<string, string>>): ListObject<TransferReversal> {
  const transferId = requireTransfer(ctx, path['id']!).id;
  return listOf(ctx, REVERSALS, p, {
    noun: 'transfer reversal',
    url: `/v1/transfers/${transferId}/reversals`,
    filter: (row) => row.object.transfer === transferId,
  });
}

function retrieveReversal(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): TransferReversal {
  return requireReversal(ctx, path['id']!, path['reversal']!).object;
}

function updateReversal(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): TransferReversal {
  const row = requireReversal(ctx, path['id']!, path['reversal']!);
  const after: TransferReversal = { ...row.object, metadata: mergeMetadata(row.object.metadata, p.metadata) };
  ctx.data.collection(REVERSALS).put({ ...row, object: after });
  return after;
}

export const transferRoutes = [
  route({ method: 'POST', path: '/v1/transfers', emits: ['transfer.created'], fields: createFields, handler: create, returns: 'transfer' }),
  route({ method: 'GET', path: '/v1/transfers', fields: listTransferFields, handler: list, returns: 'transfer', list: true }),
  route({ method: 'GET', path: '/v1/transfers/:id', fields: {}, handler: retrieve, returns: 'transfer' }),
  route({ method: 'POST', path: '/v1/transfers/:id', emits: ['transfer.updated'], fields: updateFields, handler: update, returns: 'transfer', update: true }),
  route({ method: 'POST', path: '/v1/transfers/:id/reversals', emits: ['transfer.reversed'], fields: reversalFields, handler: reverse, returns: 'transfer_reversal' }),
  route({ method: 'GET', path: '/v1/transfers/:id/reversals', fields: listFields, handler: listReversals, returns: 'transfer_reversal', list: true }),
  route({ method: 'GET', path: '/v1/transfers/:id/reversals/:reversal', fields: {}, handler: retrieveReversal, returns: 'transfer_reversal' }),
  route({ method: 'POST', path: '/v1/transfers/:id/reversals/:reversal', fields: updateFields, handler: updateReversal, returns: 'transfer_reversal', update: true }),
];
