/**
 * The Customer object (reference §3): its stored row, how it is found and saved. A deleted
 * customer keeps answering GET with its stub; everywhere else it no longer exists.
 */
import type { RequestContext } from '../../context.js';
import { resourceMissing } from '../../errors.js';
import { registerExpandable, registerResolver } from '../../expand.js';
import { findOrThrow } from '../../lookup.js';
import { collectionKey, type Row } from '../../store.js';
import type { Customer, DeletedCustomer } from '../objects.js';

export type { Customer, DeletedCustomer, InvoiceSettings, Shipping } from '../objects.js';

export interface CustomerRow extends Row<Customer> {
  readonly deleted: boolean;
}

export const CUSTOMERS = collectionKey<CustomerRow>('customers');
export const INVOICE_PREFIXES = 'customers.invoice_prefixes';
/** Customers not deleted, for the quota of SPEC §5. */
export const LIVE_COUNT = 'customers.live';

registerExpandable('customer', { default_source: 'source', 'invoice_settings.default_payment_method': 'payment_method', test_clock: 'test_clock' });
registerResolver('cus', (ctx, id) => {
  const row = ctx.data.collection(CUSTOMERS).get(id);
  return row && (row.deleted ? deletedStub(row.id) : row.object);
});

export function deletedStub(id: string): DeletedCustomer {
  return { id, object: 'customer', deleted: true };
}

/** The customer with `id` in the caller's mode; a deleted one is missing (reference §3.2). */
export function requireCustomer(ctx: RequestContext, id: string, param: string, status: 400 | 404): CustomerRow {
  const row = findOrThrow(ctx, CUSTOMERS, id, 'customer', param, status);
  if (row.deleted) throw resourceMissing('customer', id, param, { status });
  return row;
}

/** Stores a new version of a customer (used by PaymentMethod detach to clear the default). */
export function saveCustomer(ctx: RequestContext, row: CustomerRow, customer: Customer): void {
  ctx.data.collection(CUSTOMERS).put({ ...row, object: customer });
}

