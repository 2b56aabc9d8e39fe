/**
 * The balance and its transactions (reference §4.4). Every movement of money is a balance
 * transaction; the balance is their running sum per currency, split into pending (not yet at
 * `available_on`) and available.
 */
import type { RequestContext } from '../context.js';
import { registerExpandable, registerResolver } from '../expand.js';
import { listFields, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { enumOf, string, type Params } from '../params.js';
import { route } from '../routes.js';
import { collectionKey, sharedFrozen, type Row } from '../store.js';
import { recordEvent } from '../events.js';
import { invalidRequest } from '../errors.js';
import type { BalanceAmount } from '../money.js';
import { ACCOUNTS } from './accounts.js';

export type BalanceTransactionType =
  | 'charge'
  | 'refund'
  | 'refund_failure'
  | 'transfer'
  | 'transfer_refund'
  | 'payment'
  | 'payment_refund'
  | 'adjustment'
  | 'application_fee'
  | 'payout'
  | 'payout_failure'
  | 'payout_cancel';

export interface FeeDetail {
  amount: number;
  application: string | null;
  currency: string;
  description: string;
  type: 'stripe_fee' | 'application_fee';
}

/** A BalanceTransaction, as merchants receive it. */
export interface BalanceTransaction {
  id: string;
  object: 'balance_transaction';
  amount: number;
  available_on: number;
  created: number;
  currency: string;
  description: string | null;
  exchange_rate: null;
  fee: number;
  fee_details: FeeDetail[];
  net: number;
  reporting_category: string;
  source: string | null;
  status: 'available' | 'pending';
  type: BalanceTransactionType;
}

export type { BalanceAmount } from '../money.js';

/** The Balance, as merchants receive it. */
export interface Balance {
  object: 'balance';
  available: BalanceAmount[];
  connect_reserved: BalanceAmount[];
  livemode: boolean;
  pending: BalanceAmount[];
}

export type BalanceTransactionRow = Row<BalanceTransaction>;
export const BALANCE_TRANSACTIONS = collectionKey<BalanceTransactionRow>('balance_transactions');
const TOTALS = 'balance.totals';
/** Pending transaction ids by `available_on` (Unix seconds): one settlement task per distinct day. */
const PENDING_BY_DAY = 'balance.pending_by_day';

interface Totals {
  available: number;
  pending: number;
}

registerExpandable('balance_transaction', { source: '*' });
registerResolver('txn', (ctx, id) => ctx.data.collection(BALANCE_TRANSACTIONS).get(id)?.object);

const REPORTING_CATEGORY: Record<BalanceTransactionType, string> = {
  charge: 'charge',
  payment: 'charge',
  refund: 'refund',
  payment_refund: 'refund',
  refund_failure: 'refund_failure',
  transfer: 'transfer',
  transfer_refund: 'transfer_reversal',
  adjustment: 'other_adjustment',
  application_fee: 'platform_earning',
  payout: 'payout',
  payout_failure: 'payout_reversal',
  payout_cancel: 'payout_reversal',
};

export interface Movement {
  amount: number;
  currency: string;
  type: BalanceTransactionType;
  source: string;
  description: string | null;
  fee?: number;
  /** Of which the platform's application fee (a direct charge on a connected account). */
  applicationFee?: number;
  /** Unix seconds; now (available at once) when omitted. */
  availableOn?: number;
  /** What the fee is, when it is not the processing fee (`Dispute fee`, `Instant Payout fee`). */
  feeDescription?: string;
  /** The reporting category, when it is not the type's own (a dispute's `adjustment` is `dispute`). */
  reportingCategory?: string;
}

/** Records a movement of money and updates the balance. Returns the transaction. */
export function recordMovement(ctx: RequestContext, m: Movement): BalanceTransaction {
  const fee = m.fee ?? 0;
  const availableOn = m.availableOn ?? ctx.now;
  const pending = availableOn > ctx.now;
  const txn: BalanceTransaction = {
    id: ctx.ids.next('txn'),
    object: 'balance_transaction',
    amount: m.amount,
    available_on: availableOn,
    created: ctx.now,
    currency: m.currency,
    description: m.description,
    exchange_rate: null,
    fee,
    fee_details: fee ? feeDetails(fee, m.applicationFee ?? 0, m.currency, m.feeDescription) : [],
    net: m.amount - fee,
    reporting_category: m.reportingCategory ?? REPORTING_CATEGORY[m.type],
    source: m.source,
    status: pending ? 'pending' : 'available',
    type: m.type,
  };
  ctx.data.collection(BALANCE_TRANSACTIONS).add({ id: txn.id, created: txn.created, seq: ctx.nextSeq(), object: txn });
  addToTotals(ctx, m.currency, pending ? { available: 0, pending: txn.net } : { available: txn.net, pending: 0 });
  if (pending) {
    const byDay = ctx.data.map<number, string[]>(PENDING_BY_DAY);
    const ids = byDay.get(availableOn);
    if (ids) ids.push(txn.id);
    else {
      byDay.set(availableOn, [txn.id]);
      ctx.scheduler.schedule(availableOn * 1000, { kind: 'funds_available', mode: ctx.mode, account: ctx.data.account, availableOn });
    }
  }
  return txn;
}

/** The processing-fee-only details most charges have, shared by fee, currency and description. */
const SHARED_FEE_DETAILS = new Map<string, FeeDetail[]>();

function feeDetails(fee: number, applicationFee: number, currency: string, description = 'Onerway processing fees'): FeeDetail[] {
  if (applicationFee === 0) {
    return sharedFrozen(SHARED_FEE_DETAILS, `${fee} ${currency} ${description}`, () => [{ amount: fee, application: null, currency, description, type: 'stripe_fee' }], 1024);
  }
  const processing: FeeDetail = { amount: fee - applicationFee, application: null, currency, description, type: 'stripe_fee' };
  return [{ amount: applicationFee, application: 'ca_onerway_sim', currency, description: 'Application fee', type: 'application_fee' }, processing];
}

function addToTotals(ctx: RequestContext, currency: string, delta: Totals): void {
  const totals = ctx.data.map<string, Totals>(TOTALS);
  const current = totals.get(currency) ?? { available: 0, pending: 0 };
  totals.set(currency, { available: current.available + delta.available, pending: current.pending + delta.pending });
}

/**
 * The clock reached `availableOn`: that day's pending transactions become available, the balance
 * moves from pending to available, and one `balance.available` event says so.
 */
export function settleFunds(ctx: RequestContext, availableOn: number): void {
  const byDay = ctx.data.map<number, string[]>(PENDING_BY_DAY);
  const ids = byDay.get(availableOn);
  if (!ids) return;
  byDay.delete(availableOn);
  const txns = ctx.data.collection(BALANCE_TRANSACTIONS);
  for (const id of ids) {
    const row = txns.get(id)!;
    txns.put({ ...row, object: { ...row.object, status: 'available' } });
    addToTotals(ctx, row.object.currency, { available: row.object.net, pending: -row.object.net });
  }
  ctx.coverage?.timed.add('funds_available');
  recordEvent(ctx, 'balance.available', retrieveBalance(ctx));
}

/** Per-currency totals (for the balance endpoint and money-conservation checks). */
export function balanceTotals(ctx: RequestContext): ReadonlyMap<string, Totals> {
  return ctx.data.map<string, Totals>(TOTALS);
}

function amounts(ctx: RequestContext, pick: (t: Totals) => number): BalanceAmount[] {
  const totals = [...balanceTotals(ctx)].sort(([a], [b]) => (a < b ? -1 : 1));
  if (totals.length === 0) {
    // An empty balance shows the account's currency: the platform's usd, a connected account's own.
    const account = ctx.data.account === null ? undefined : ctx.platform.peek(ACCOUNTS)?.get(ctx.data.account);
    const currency = account?.object.default_currency ?? 'usd';
    return [{ amount: 0, currency, source_types: { card: 0 } }];
  }
  return totals.map(([currency, t]) => ({ amount: pick(t), currency, source_types: { card: pick(t) } }));
}

export function retrieveBalance(ctx: RequestContext): Balance {
  return {
    object: 'balance',
    available: amounts(ctx, (t) => t.available),
    connect_reserved: [],
    livemode: ctx.mode === 'live',
    pending: amounts(ctx, (t) => t.pending),
  };
}

const listTxnFields = {
  ...listFields,
  type: enumOf(['charge', 'refund', 'refund_failure', 'transfer', 'transfer_refund', 'payment', 'payment_refund', 'adjustment', 'application_fee', 'payout', 'payout_failure', 'payout_cancel']),
  source: string(),
  currency: string(),
} as const;

/** Lists balance transactions; `url` is the path asked (`/v1/balance/history` is the older name). */
const listAt = (url: string) => (ctx: RequestContext, p: Params<typeof listTxnFields>): ListObject<BalanceTransaction> => {
  const currency = p.currency?.toLowerCase();
  return listOf(ctx, BALANCE_TRANSACTIONS, p, {
    noun: 'balance transaction',
    url,
    filter: ({ object: t }) =>
      (p.type === undefined || t.type === p.type) && (p.source === undefined || t.source === p.source) && (currency === undefined || t.currency === currency),
  });
};

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): BalanceTransaction {
  return findOrThrow(ctx, BALANCE_TRANSACTIONS, path['id']!, 'balance transaction', 'id', 404).object;
}

export const balanceRoutes = [
  route({ method: 'GET', path: '/v1/balance', fields: {}, handler: retrieveBalance }),
  route({ method: 'GET', path: '/v1/balance_transactions', fields: listTxnFields, handler: listAt('/v1/balance_transactions'), returns: 'balance_transaction', list: true }),
  route({ method: 'GET', path: '/v1/balance_transactions/:id', fields: {}, handler: retrieve, returns: 'balance_transaction' }),
  // The older names of the same list and object, which older clients still call.
  route({ method: 'GET', path: '/v1/balance/history', fields: listTxnFields, handler: listAt('/v1/balance/history'), returns: 'balance_transaction', list: true }),
  route({ method: 'GET', path: '/v1/balance/history/:id', fields: {}, handler: retrieve, returns: 'balance_transaction' }),
];
