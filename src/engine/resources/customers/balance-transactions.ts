/**
 * A customer's credit balance (`balance`) and its ledger, `/v1/customers/:id/balance_transactions`:
 * manual adjustments only (invoices and credit notes are outside the simulator). A negative
 * balance is credit the customer has; a positive one is owed. The first transaction sets the
 * customer's currency; later ones must use it.
 */
import type { RequestContext } from '../../context.js';
import { invalidRequest, resourceMissing } from '../../errors.js';
import { recordEvent } from '../../events.js';
import { registerExpandable, registerResolver, type Expandable } from '../../expand.js';
import { listFields, type ListObject } from '../../list.js';
import { listOf } from '../../lookup.js';
import { mergeMetadata, metadata, NO_METADATA } from '../../metadata.js';
import { checkCurrency } from '../../money.js';
import { integer, required, string, type Params } from '../../params.js';
import { route } from '../../routes.js';
import { collectionKey, type Row } from '../../store.js';
import type { Customer } from '../objects.js';
import { requireCustomer, saveCustomer } from './object.js';

/** A CustomerBalanceTransaction, as merchants receive it. */
export interface CustomerBalanceTransaction {
  id: string;
  object: 'customer_balance_transaction';
  amount: number;
  created: number;
  credit_note: null;
  currency: string;
  customer: Expandable<Customer>;
  description: string | null;
  ending_balance: number;
  invoice: null;
  livemode: boolean;
  metadata: Record<string, string>;
  type: 'adjustment';
}

const CUSTOMER_BALANCE_TRANSACTIONS = collectionKey<Row<CustomerBalanceTransaction>>('customer_balance_transactions');

registerExpandable('customer_balance_transaction', { customer: 'customer' });
registerResolver('cbtxn', (ctx, id) => ctx.data.collection(CUSTOMER_BALANCE_TRANSACTIONS).get(id)?.object);

const createFields = { amount: required(integer()), currency: required(string()), description: string({ nullable: true }), metadata: metadata() } as const;
const updateFields = { description: string({ nullable: true }), metadata: metadata() } as const;

function create(ctx: RequestContext, p: Params<typeof createFields>, path: Readonly<Record<string, string>>): CustomerBalanceTransaction {
  const row = requireCustomer(ctx, path['customer']!, 'customer', 404);
  const customer = row.object;
  const currency = checkCurrency(p.currency);
  if (customer.currency !== null && customer.currency !== currency) {
    throw invalidRequest(`The currency of a customer balance transaction (${currency}) must match the customer's currency (${customer.currency}).`, { param: 'currency' });
  }
  if (p.amount === 0) throw invalidRequest('The amount of a customer balance transaction must not be zero.', { param: 'amount' });
  const txn: CustomerBalanceTransaction = {
    id: ctx.ids.next('cbtxn'),
    object: 'customer_balance_transaction',
    amount: p.amount,
    created: ctx.now,
    credit_note: null,
    currency,
    customer: customer.id,
    description: p.description ?? null,
    ending_balance: customer.balance + p.amount,
    invoice: null,
    livemode: ctx.mode === 'live',
    metadata: mergeMetadata(NO_METADATA, p.metadata),
    type: 'adjustment',
  };
  ctx.data.collection(CUSTOMER_BALANCE_TRANSACTIONS).add({ id: txn.id, created: txn.created, seq: ctx.nextSeq(), object: txn });
  const after: Customer = { ...customer, balance: txn.ending_balance, currency };
  saveCustomer(ctx, row, after);
  recordEvent(ctx, 'customer.updated', after, { balance: customer.balance, ...(customer.currency === null && { currency: null }) });
  return txn;
}

function requireTransaction(ctx: RequestContext, path: Readonly<Record<string, string>>): Row<CustomerBalanceTransaction> {
  const customer = requireCustomer(ctx, path['customer']!, 'customer', 404);
  const row = ctx.data.collection(CUSTOMER_BALANCE_TRANSACTIONS).get(path['id']!);
  if (!row || row.object.customer !== customer.id) throw resourceMissing('customer balance transaction', path['id']!, 'id');
  return row;
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): CustomerBalanceTransaction {
  return requireTransaction(ctx, path).object;
}

function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): CustomerBalanceTransaction {
  const row = requireTransaction(ctx, path);
  const before = row.object;
  const after: CustomerBalanceTransaction = {
    ...before,
    description: p.description === undefined ? before.description : p.description,
    metadata: mergeMetadata(before.metadata, p.metadata),
  };
  ctx.data.collection(CUSTOMER_BALANCE_TRANSACTIONS).put({ ...row, object: after });
  return after;
}

function list(ctx: RequestContext, p: Params<typeof listFields>, path: Readonly<Record<string, string>>): ListObject<CustomerBalanceTransaction> {
  const customer = requireCustomer(ctx, path['customer']!, 'customer', 404).id;
  return listOf(ctx, CUSTOMER_BALANCE_TRANSACTIONS, p, {
    noun: 'customer_balance_transaction',
    url: `/v1/customers/${customer}/balance_transactions`,
    filter: ({ object }) => object.customer === customer,
  });
}

const base = '/v1/customers/:customer/balance_transactions';
export const customerBalanceRoutes = [
  route({ method: 'POST', path: base, emits: ['customer.updated'], fields: createFields, handler: create, returns: 'customer_balance_transaction' }),
  route({ method: 'GET', path: base, fields: listFields, handler: list, returns: 'customer_balance_transaction', list: true }),
  route({ method: 'GET', path: `${base}/:id`, fields: {}, handler: retrieve, returns: 'customer_balance_transaction' }),
  route({ method: 'POST', path: `${base}/:id`, fields: updateFields, handler: update, returns: 'customer_balance_transaction', update: true }),
];
