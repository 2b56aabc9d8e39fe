/**
 * Customers over the API (reference §3): create (optionally attaching a payment method), retrieve,
 * update, delete (detaching its payment methods) and list.
 */
import { addressFields, addressParam, mergeAddress } from '../../address.js';
import type { RequestContext } from '../../context.js';
import { invalidRequest, limitExceeded, resourceMissing } from '../../errors.js';
import { recordEvent, previousAttributes } from '../../events.js';
import type { Expandable } from '../../expand.js';
import { listFields, type ListObject } from '../../list.js';
import { findOrThrow, listOf } from '../../lookup.js';
import { array, enumOf, hash, required, string, integer, type Params } from '../../params.js';
import { mergeMetadata, metadata, NO_METADATA } from '../../metadata.js';
import { route } from '../../routes.js';
import type { Customer, DeletedCustomer, PaymentMethod } from '../objects.js';
import { detachAllFromCustomer, resolveForAttach } from '../payment-methods/attach.js';
import { isAttachedTo } from '../payment-methods/object.js';
import { CUSTOMERS, INVOICE_PREFIXES, LIVE_COUNT, deletedStub, requireCustomer, saveCustomer } from './object.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const emailParam = string({
  nullable: true,
  maxLength: 512,
  check: (value, param) => {
    if (!EMAIL.test(value)) throw invalidRequest(`Invalid email address: ${value}`, { code: 'email_invalid', param });
  },
});

const invoicePrefixParam = string({
  check: (value, param) => {
    if (!/^[A-Z0-9]{1,12}$/.test(value)) {
      throw invalidRequest('Invoice number prefix must be 1–12 uppercase letters or numbers.', { param });
    }
  },
});

const shippingParam = hash(
  { address: required(hash(addressFields)), name: required(string()), phone: string({ nullable: true }) },
  { nullable: true },
);

const commonFields = {
  address: addressParam,
  balance: integer(),
  description: string({ nullable: true }),
  email: emailParam,
  invoice_prefix: invoicePrefixParam,
  invoice_settings: hash({
    default_payment_method: string({ nullable: true }),
    footer: string({ nullable: true }),
  }),
  metadata: metadata(),
  name: string({ nullable: true, maxLength: 256 }),
  phone: string({ nullable: true, maxLength: 20 }),
  preferred_locales: array(string(), { nullable: true, maxItems: 30 }),
  shipping: shippingParam,
  tax_exempt: enumOf(['none', 'reverse', 'exempt'], { nullable: true }),
} as const;

const createFields = { ...commonFields, payment_method: string() } as const;
const updateFields = commonFields;

type CommonParams = Params<typeof commonFields>;

function checkInvoicePrefixFree(ctx: RequestContext, prefix: string, self: string | null): void {
  const owner = ctx.data.map<string, string>(INVOICE_PREFIXES).get(prefix);
  if (owner !== undefined && owner !== self) {
    throw invalidRequest(`This invoice number prefix is taken by customer: ${owner}. Please enter a different prefix.`, {
      param: 'invoice_prefix',
    });
  }
}

/** Applies the fields shared by create and update to `base` (nested hashes merge leaf by leaf). */
function applyCommon(base: Customer, p: CommonParams): Customer {
  const next: Customer = { ...base };
  if (p.address !== undefined) next.address = p.address === null ? null : mergeAddress(base.address, p.address);
  if (p.balance !== undefined) next.balance = p.balance;
  if (p.description !== undefined) next.description = p.description;
  if (p.email !== undefined) next.email = p.email;
  if (p.invoice_prefix !== undefined) next.invoice_prefix = p.invoice_prefix;
  if (p.invoice_settings !== undefined) next.invoice_settings = { ...base.invoice_settings, ...p.invoice_settings };
  if (p.metadata !== undefined) next.metadata = mergeMetadata(base.metadata, p.metadata);
  if (p.name !== undefined) next.name = p.name;
  if (p.phone !== undefined) next.phone = p.phone;
  if (p.preferred_locales !== undefined) next.preferred_locales = p.preferred_locales ?? [];
  if (p.shipping !== undefined) {
    next.shipping =
      p.shipping === null
        ? null
        : { address: mergeAddress(null, p.shipping.address), name: p.shipping.name, phone: p.shipping.phone ?? null };
  }
  if (p.tax_exempt !== undefined) next.tax_exempt = p.tax_exempt ?? 'none';
  return next;
}

function checkDefaultPaymentMethod(ctx: RequestContext, customerId: string, pm: Expandable<PaymentMethod> | null): void {
  if (typeof pm === 'string' && !isAttachedTo(ctx, pm, customerId)) {
    throw resourceMissing('PaymentMethod', pm, 'invoice_settings[default_payment_method]', { status: 400 });
  }
}

function create(ctx: RequestContext, p: Params<typeof createFields>): Customer {
  const data = ctx.data;
  const count = data.count(LIVE_COUNT);
  if (count >= ctx.limits.customersPerAccount) {
    throw limitExceeded(
      `This account has reached its limit of ${ctx.limits.customersPerAccount} customers (Onerway allows at most ${ctx.limits.customersPerAccount} per account). Delete customers you no longer need.`,
    );
  }
  if (p.invoice_prefix !== undefined) checkInvoicePrefixFree(ctx, p.invoice_prefix, null);
  // Every check runs before the first write: ids are drawn only once the request will succeed.
  const attach = p.payment_method === undefined ? undefined : resolveForAttach(ctx, p.payment_method, 'payment_method', 400);
  const draft = applyCommon(blankCustomer(ctx, ''), p);
  const pendingDefault = draft.invoice_settings.default_payment_method;
  if (typeof pendingDefault === 'string' && pendingDefault !== attach?.id) {
    throw resourceMissing('PaymentMethod', pendingDefault, 'invoice_settings[default_payment_method]', { status: 400 });
  }
  attach?.check(null);

  const id = ctx.ids.next('cus');
  let invoicePrefix = draft.invoice_prefix;
  if (p.invoice_prefix === undefined) {
    do invoicePrefix = ctx.ids.upper(8);
    while (data.map<string, string>(INVOICE_PREFIXES).has(invoicePrefix));
  }
  const customer: Customer = { ...draft, id, invoice_prefix: invoicePrefix };
  data.collection(CUSTOMERS).add({ id, created: customer.created, seq: ctx.nextSeq(), object: customer, deleted: false });
  data.map<string, string>(INVOICE_PREFIXES).set(invoicePrefix, id);
  data.addToCount(LIVE_COUNT, 1);
  recordEvent(ctx, 'customer.created', customer);
  attach?.commit(id);
  return customer;
}

function blankCustomer(ctx: RequestContext, id: string): Customer {
  return {
    id,
    object: 'customer',
    address: null,
    balance: 0,
    created: ctx.now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: '',
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: ctx.mode === 'live',
    metadata: NO_METADATA,
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Customer | DeletedCustomer {
  const row = findOrThrow(ctx, CUSTOMERS, path['id']!, 'customer', 'id', 404);
  return row.deleted ? deletedStub(row.id) : row.object;
}

function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): Customer {
  const row = requireCustomer(ctx, path['id']!, 'id', 404);
  const before = row.object;
  if (p.invoice_prefix !== undefined) checkInvoicePrefixFree(ctx, p.invoice_prefix, before.id);
  const after = applyCommon(before, p);
  if (after.invoice_settings.default_payment_method !== before.invoice_settings.default_payment_method) {
    checkDefaultPaymentMethod(ctx, before.id, after.invoice_settings.default_payment_method);
  }
  const changed = previousAttributes(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  if (!changed) return before;
  saveCustomer(ctx, row, after);
  if (after.invoice_prefix !== before.invoice_prefix) {
    const prefixes = ctx.data.map<string, string>(INVOICE_PREFIXES);
    prefixes.delete(before.invoice_prefix);
    prefixes.set(after.invoice_prefix, after.id);
  }
  recordEvent(ctx, 'customer.updated', after, changed);
  return after;
}

function del(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): DeletedCustomer {
  const row = requireCustomer(ctx, path['id']!, 'id', 404);
  const data = ctx.data;
  data.collection(CUSTOMERS).put({ ...row, deleted: true });
  data.map<string, string>(INVOICE_PREFIXES).delete(row.object.invoice_prefix);
  data.addToCount(LIVE_COUNT, -1);
  detachAllFromCustomer(ctx, row.id);
  // The event carries the customer as it was before deletion, without `deleted` (reference §3.2).
  recordEvent(ctx, 'customer.deleted', row.object);
  return deletedStub(row.id);
}

const listCustomerFields = { ...listFields, email: string({ maxLength: 512 }) } as const;

function list(ctx: RequestContext, p: Params<typeof listCustomerFields>): ListObject<Customer> {
  return listOf(ctx, CUSTOMERS, p, {
    noun: 'customer',
    url: '/v1/customers',
    filter: (row) => !row.deleted && (p.email === undefined || row.object.email === p.email),
  });
}

export const customerRoutes = [
  route({ method: 'POST', path: '/v1/customers', emits: ['customer.created'], fields: createFields, handler: create, returns: 'customer' }),
  route({ method: 'GET', path: '/v1/customers', fields: listCustomerFields, handler: list, returns: 'customer', list: true }),
  route({ method: 'GET', path: '/v1/customers/:id', fields: {}, handler: retrieve, returns: 'customer' }),
  route({ method: 'POST', path: '/v1/customers/:id', emits: ['customer.updated'], fields: updateFields, handler: update, returns: 'customer', update: true }),
  route({ method: 'DELETE', path: '/v1/customers/:id', emits: ['customer.deleted'], fields: {}, handler: del }),
];
