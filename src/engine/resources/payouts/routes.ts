/** Payouts over the API: create, retrieve, update, list, cancel, reverse. */
import type { RequestContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { recordEvent } from '../../events.js';
import { createdFilter, listFields, type CreatedFilter, type ListObject } from '../../list.js';
import { listOf } from '../../lookup.js';
import { mergeMetadata, metadata } from '../../metadata.js';
import { enumOf, string, type Params } from '../../params.js';
import { route } from '../../routes.js';
import { recordMovement } from '../balance.js';
import { createPayout, createPayoutFields, schedulePayoutSteps } from './create.js';
import { PAYOUTS, requirePayout, savePayout, standardTimes, type Payout, type PayoutRow } from './object.js';

function create(ctx: RequestContext, p: Params<typeof createPayoutFields>): Payout {
  return createPayout(ctx, p);
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Payout {
  return requirePayout(ctx, path['id']!).object;
}

const updateFields = { metadata: metadata() } as const;

function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): Payout {
  const row = requirePayout(ctx, path['id']!);
  const after: Payout = { ...row.object, metadata: mergeMetadata(row.object.metadata, p.metadata) };
  savePayout(ctx, row, after);
  recordEvent(ctx, 'payout.updated', after, { metadata: row.object.metadata });
  return after;
}

const inRange = (value: number, f: CreatedFilter | undefined): boolean =>
  f === undefined || ((f.gt === undefined || value > f.gt) && (f.gte === undefined || value >= f.gte) && (f.lt === undefined || value < f.lt) && (f.lte === undefined || value <= f.lte));

const listPayoutFields = {
  ...listFields,
  status: enumOf(['pending', 'in_transit', 'paid', 'failed', 'canceled']),
  arrival_date: createdFilter,
  destination: string(),
} as const;

function list(ctx: RequestContext, p: Params<typeof listPayoutFields>): ListObject<Payout> {
  return listOf(ctx, PAYOUTS, p, {
    noun: 'payout',
    url: '/v1/payouts',
    filter: ({ object: po }) =>
      (p.status === undefined || po.status === p.status) && (p.destination === undefined || po.destination === p.destination) && inRange(po.arrival_date, p.arrival_date),
  });
}

function cancel(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Payout {
  const row = requirePayout(ctx, path['id']!);
  const po = row.object;
  if (po.automatic) throw invalidRequest(`Payout ${po.id} was made by the payout schedule; automatic payouts cannot be canceled.`);
  if (po.status !== 'pending' || po.method !== 'standard') {
    throw invalidRequest(`Payout ${po.id} cannot be canceled: only a standard payout that is still pending can be, and its status is ${po.status}.`);
  }
  recordMovement(ctx, { amount: po.amount, currency: po.currency, type: 'payout_cancel', source: po.id, description: 'Payout canceled' });
  const canceled: Payout = { ...po, status: 'canceled' };
  savePayout(ctx, row, canceled);
  recordEvent(ctx, 'payout.canceled', canceled);
  return canceled;
}

const reverseFields = { metadata: metadata() } as const;

/** Reverses a paid standard payout to a bank account: a new payout brings the money back. */
function reverse(ctx: RequestContext, p: Params<typeof reverseFields>, path: Readonly<Record<string, string>>): Payout {
  const row = requirePayout(ctx, path['id']!);
  const po = row.object;
  if (po.status !== 'paid' || po.method !== 'standard' || po.type !== 'bank_account') {
    throw invalidRequest(`Payout ${po.id} cannot be reversed: only a paid standard payout to a bank account can be, and it is ${po.status === 'paid' ? `a ${po.method} payout to a ${po.type}` : po.status}.`);
  }
  if (po.reversed_by !== null) throw invalidRequest(`Payout ${po.id} has already been reversed by ${po.reversed_by as string}.`);
  if (po.original_payout !== null) throw invalidRequest(`Payout ${po.id} is itself a reversal and cannot be reversed.`);
  const id = ctx.ids.next('po');
  const txn = recordMovement(ctx, { amount: po.amount, currency: po.currency, type: 'payout', source: id, description: `Reversal of ${po.id}` });
  const reversal: Payout = {
    ...po,
    id,
    arrival_date: standardTimes(ctx.now).arrival,
    automatic: false,
    balance_transaction: txn.id,
    created: ctx.now,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    metadata: mergeMetadata(po.metadata, p.metadata),
    original_payout: po.id,
    reversed_by: null,
    status: 'pending',
  };
  const reversalRow: PayoutRow = { id, created: ctx.now, seq: ctx.nextSeq(), object: reversal, failure: null };
  ctx.data.collection(PAYOUTS).add(reversalRow);
  schedulePayoutSteps(ctx, reversal);
  const original: Payout = { ...po, reversed_by: id };
  savePayout(ctx, row, original);
  recordEvent(ctx, 'payout.created', reversal);
  recordEvent(ctx, 'payout.updated', original, { reversed_by: null });
  return reversal;
}

export const payoutRoutes = [
  route({ method: 'POST', path: '/v1/payouts', emits: ['payout.created'], fields: createPayoutFields, handler: create, returns: 'payout' }),
  route({ method: 'GET', path: '/v1/payouts', fields: listPayoutFields, handler: list, returns: 'payout', list: true }),
  route({ method: 'GET', path: '/v1/payouts/:id', fields: {}, handler: retrieve, returns: 'payout' }),
  route({ method: 'POST', path: '/v1/payouts/:id', emits: ['payout.updated'], fields: updateFields, handler: update, returns: 'payout', update: true }),
  route({ method: 'POST', path: '/v1/payouts/:id/cancel', emits: ['payout.canceled'], fields: {}, handler: cancel, returns: 'payout' }),
  route({ method: 'POST', path: '/v1/payouts/:id/reverse', emits: ['payout.created', 'payout.updated'], fields: reverseFields, handler: reverse, returns: 'payout' }),
];
