/**
 * The Payout object: money out of an account's available balance to one of its external
 * accounts, and the row behind it (how the test number behind the destination makes it end).
 */
import type { RequestContext } from '../../context.js';
import { registerExpandable, registerResolver, type Expandable } from '../../expand.js';
import { findOrThrow } from '../../lookup.js';
import { collectionKey, type Row } from '../../store.js';
import type { PayoutFailure } from '../../test-banks.js';
import type { BalanceTransaction } from '../balance.js';
import type { ExternalAccount } from './external-accounts.js';

export type PayoutStatus = 'pending' | 'in_transit' | 'paid' | 'failed' | 'canceled';

/** A Payout, as merchants receive it. */
export interface Payout {
  id: string;
  object: 'payout';
  amount: number;
  application_fee: null;
  application_fee_amount: null;
  /** When the money reaches (or reached) the bank: Unix seconds. */
  arrival_date: number;
  /** Made by the payout schedule rather than by a request. */
  automatic: boolean;
  balance_transaction: Expandable<BalanceTransaction>;
  created: number;
  currency: string;
  description: string | null;
  destination: Expandable<ExternalAccount>;
  failure_balance_transaction: Expandable<BalanceTransaction> | null;
  failure_code: PayoutFailure | null;
  failure_message: string | null;
  livemode: boolean;
  metadata: Record<string, string>;
  method: 'standard' | 'instant';
  original_payout: Expandable<Payout> | null;
  reconciliation_status: 'not_applicable';
  reversed_by: Expandable<Payout> | null;
  source_type: 'card';
  statement_descriptor: string | null;
  status: PayoutStatus;
  type: 'bank_account' | 'card';
}

export interface PayoutRow extends Row<Payout> {
  /** How it ends once it arrives: null for paid. */
  readonly failure: PayoutFailure | null;
}

export const PAYOUTS = collectionKey<PayoutRow>('payouts');

registerExpandable('payout', {
  balance_transaction: 'balance_transaction',
  failure_balance_transaction: 'balance_transaction',
  original_payout: 'payout',
  reversed_by: 'payout',
  destination: 'bank_account',
});
registerResolver('po', (ctx, id) => ctx.data.collection(PAYOUTS).get(id)?.object);

export function requirePayout(ctx: RequestContext, id: string): PayoutRow {
  return findOrThrow(ctx, PAYOUTS, id, 'payout', 'id', 404);
}

export function savePayout(ctx: RequestContext, row: PayoutRow, payout: Payout): PayoutRow {
  const next: PayoutRow = { id: row.id, created: row.created, seq: row.seq, object: payout, failure: row.failure };
  ctx.data.collection(PAYOUTS).put(next);
  return next;
}

const DAY = 86_400;
/** Midnight UTC of the day `seconds` falls in. */
export const dayOf = (seconds: number): number => Math.floor(seconds / DAY) * DAY;

/** A standard payout is in transit the next midnight and arrives the one after (docs/money-out.md). */
export function standardTimes(created: number): { inTransit: number; arrival: number } {
  return { inTransit: dayOf(created) + DAY, arrival: dayOf(created) + 2 * DAY };
}

/** An instant payout arrives 30 minutes after it is made. */
export const INSTANT_SECONDS = 30 * 60;

/** The fee of an instant payout: 1% of the amount, at least 50 minor units. */
export function instantFee(amount: number): number {
  return Math.max(50, Math.round(amount / 100));
}
