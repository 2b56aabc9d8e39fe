/**
 * The PaymentMethod object (reference §2): its stored row and life-cycle state, the index of a
 * customer's payment methods, and the lookups other resources make.
 */
import type { RequestContext } from '../../context.js';
import { registerExpandable, registerResolver } from '../../expand.js';
import { OrderedIndex, type Entry } from '../../list.js';
import { collectionKey, type Row } from '../../store.js';
import type { TestCard } from '../../test-cards.js';
import type { PaymentMethod } from '../objects.js';

export type { BillingDetails, CheckValue, PaymentMethod, PaymentMethodCard } from '../objects.js';

/**
 * `fresh`: never attached; `attached`; `detached` and `consumed` (used without a customer) may
 * not be attached again (reference §2.3).
 */
export type PaymentMethodState = 'fresh' | 'attached' | 'detached' | 'consumed';

export interface PaymentMethodRow extends Row<PaymentMethod> {
  /** The catalogue row that decides how this card behaves. */
  readonly card: TestCard;
  readonly state: PaymentMethodState;
  /** Saved for off-session use by a PaymentIntent with `setup_future_usage` (reference §6.4). */
  readonly setUp?: boolean;
}

export const PAYMENT_METHODS = collectionKey<PaymentMethodRow>('payment_methods');
export const BY_CUSTOMER = 'payment_methods.by_customer';

registerExpandable('payment_method', { customer: 'customer' });
registerResolver('pm', (ctx, id) => ctx.data.collection(PAYMENT_METHODS).get(id)?.object);

/**
 * A new version of a PaymentMethod row, written out field by field: every version then has the
 * same shape, where spreads of rows with and without `setUp` made a new one for each row.
 */
export function nextRow(row: PaymentMethodRow, changes: Partial<Pick<PaymentMethodRow, 'object' | 'state' | 'setUp'>>): PaymentMethodRow {
  return {
    id: row.id,
    created: row.created,
    seq: row.seq,
    object: changes.object ?? row.object,
    card: row.card,
    state: changes.state ?? row.state,
    setUp: changes.setUp ?? row.setUp ?? false,
  };
}

export function customerIndex(ctx: RequestContext, customerId: string): OrderedIndex<Entry> | undefined {
  return ctx.data.map<string, OrderedIndex<Entry>>(BY_CUSTOMER).get(customerId);
}

export function isAttachedTo(ctx: RequestContext, pmId: string, customerId: string): boolean {
  const row = ctx.data.collection(PAYMENT_METHODS).get(pmId);
  return row !== undefined && row.state === 'attached' && row.object.customer === customerId;
}

