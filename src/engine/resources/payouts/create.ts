/** Creating a payout (by request, or by the payout schedule) and what the clock then does to it. */
import type { RequestContext } from '../../context.js';
import { invalidRequest, resourceMissing } from '../../errors.js';
import { recordEvent } from '../../events.js';
import { mergeMetadata, metadata, NO_METADATA } from '../../metadata.js';
import { checkCurrency } from '../../money.js';
import { enumOf, integer, required, string, type Params } from '../../params.js';
import { PAYOUT_FAILURES } from '../../test-banks.js';
import { balanceTotals, recordMovement } from '../balance.js';
import { accountIdOf, defaultExternalAccount, EXTERNAL_ACCOUNTS, type ExternalAccountRow } from './external-accounts.js';
import { instantFee, INSTANT_SECONDS, PAYOUTS, savePayout, standardTimes, type Payout, type PayoutRow } from './object.js';

export const createPayoutFields = {
  amount: required(integer({ min: 1 })),
  currency: required(string()),
  method: enumOf(['standard', 'instant']),
  destination: string(),
  description: string({ nullable: true }),
  metadata: metadata(),
  statement_descriptor: string({ nullable: true, maxLength: 22 }),
  source_type: enumOf(['card', 'bank_account', 'fpx']),
} as const;

export const INSUFFICIENT_FOR_PAYOUT =
  'You have insufficient funds in your Onerway account for this payout. One likely reason is that your funds are still pending: advance the clock to their available_on, or charge the 4000000000000077 test card, whose funds are available at once.';

/** The external account a payout goes to: the one named, or the default for its currency. */
function destinationOf(ctx: RequestContext, currency: string, id: string | undefined): ExternalAccountRow {
  if (id !== undefined) {
    const row = ctx.data.collection(EXTERNAL_ACCOUNTS).get(id);
    if (!row || row.deleted) throw resourceMissing('external account', id, 'destination', { status: 400 });
    if (row.object.currency !== currency) {
      throw invalidRequest(`The currency of the payout (${currency}) does not match the currency of the destination ${id} (${row.object.currency}).`, { param: 'currency' });
    }
    return row;
  }
  const row = defaultExternalAccount(ctx, currency);
  if (!row) {
    throw invalidRequest(
      `This account has no external account in ${currency}, so the payout has nowhere to go. Add one with POST /v1/accounts/${accountIdOf(ctx)}/external_accounts (external_account=btok_us_verified, for example), or pass destination.`,
      { param: 'destination' },
    );
  }
  return row;
}

export function createPayout(ctx: RequestContext, p: Params<typeof createPayoutFields>, automatic = false): Payout {
  const currency = checkCurrency(p.currency);
  if (p.source_type !== undefined && p.source_type !== 'card') {
    throw invalidRequest(`onerway-sim: payouts draw on the card balance only (source_type=card); the ${p.source_type} balance is not simulated.`, { param: 'source_type' });
  }
  const destination = destinationOf(ctx, currency, p.destination);
  const method = p.method ?? 'standard';
  if (method === 'instant' && !destination.object.available_payout_methods.includes('instant')) {
    throw invalidRequest(`The destination ${destination.id} does not support instant payouts: use method=standard, or a debit card (tok_visa_debit) as the destination.`, { param: 'method' });
  }
  const fee = method === 'instant' ? instantFee(p.amount) : 0;
  if ((balanceTotals(ctx).get(currency)?.available ?? 0) < p.amount + fee) throw invalidRequest(INSUFFICIENT_FOR_PAYOUT, { code: 'balance_insufficient' });

  const id = ctx.ids.next('po');
  const txn = recordMovement(ctx, {
    amount: -p.amount,
    currency,
    type: 'payout',
    source: id,
    description: p.description ?? 'ONERWAY PAYOUT',
    ...(fee > 0 && { fee, feeDescription: 'Instant Payout fee' }),
  });
  const times = standardTimes(ctx.now);
  const payout: Payout = {
    id,
    object: 'payout',
    amount: p.amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: method === 'instant' ? ctx.now : times.arrival,
    automatic,
    balance_transaction: txn.id,
    created: ctx.now,
    currency,
    description: p.description ?? null,
    destination: destination.id,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: ctx.mode === 'live',
    metadata: mergeMetadata(NO_METADATA, p.metadata),
    method,
    original_payout: null,
    reconciliation_status: 'not_applicable',
    reversed_by: null,
    source_type: 'card',
    statement_descriptor: p.statement_descriptor ?? null,
    status: 'pending',
    type: destination.object.object === 'card' ? 'card' : 'bank_account',
  };
  const row: PayoutRow = { id, created: ctx.now, seq: ctx.nextSeq(), object: payout, failure: destination.failure };
  ctx.data.collection(PAYOUTS).add(row);
  schedulePayoutSteps(ctx, payout);
  recordEvent(ctx, 'payout.created', payout);
  return payout;
}

/** When the clock moves a payout on: in transit the next midnight (standard), then arrived. */
export function schedulePayoutSteps(ctx: RequestContext, payout: Payout): void {
  const task = { kind: 'payout_step' as const, mode: ctx.mode, account: ctx.data.account, payoutId: payout.id };
  if (payout.method === 'instant') {
    ctx.scheduler.schedule((payout.created + INSTANT_SECONDS) * 1000, task);
    return;
  }
  const times = standardTimes(payout.created);
  ctx.scheduler.schedule(times.inTransit * 1000, task);
  ctx.scheduler.schedule(times.arrival * 1000, task);
}

/** The clock reached a payout's next step: pending → in transit, in transit → paid or failed. */
export function advancePayout(ctx: RequestContext, payoutId: string): void {
  const row = ctx.data.collection(PAYOUTS).get(payoutId);
  if (!row) return;
  const before = row.object;
  if (before.status === 'pending' && before.method === 'standard' && ctx.now < before.arrival_date) {
    const moving: Payout = { ...before, status: 'in_transit' };
    savePayout(ctx, row, moving);
    recordEvent(ctx, 'payout.updated', moving, { status: 'pending' });
    return;
  }
  if (before.status !== 'pending' && before.status !== 'in_transit') return;
  if (row.failure === null) {
    const paid: Payout = { ...before, status: 'paid' };
    savePayout(ctx, row, paid);
    recordEvent(ctx, 'payout.paid', paid);
    ctx.coverage?.timed.add('payout_paid');
    return;
  }
  // The bank sends it back: the amount returns to the available balance.
  const txn = recordMovement(ctx, { amount: before.amount, currency: before.currency, type: 'payout_failure', source: before.id, description: `Payout failure (${row.failure})` });
  const failed: Payout = { ...before, status: 'failed', failure_balance_transaction: txn.id, failure_code: row.failure, failure_message: PAYOUT_FAILURES[row.failure] };
  savePayout(ctx, row, failed);
  recordEvent(ctx, 'payout.failed', failed);
  ctx.coverage?.timed.add('payout_failed');
}
