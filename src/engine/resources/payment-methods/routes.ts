/**
 * PaymentMethods over the API (reference §2): created from raw test numbers, `tok_*` tokens, or
 * `pm_card_*` ids (each use of a `pm_card_*` id makes a new PaymentMethod); retrieve, update,
 * attach, detach, list, and a customer's payment methods.
 */
import type { RequestContext } from '../../context.js';
import { invalidRequest, resourceMissing } from '../../errors.js';
import { OrderedIndex, type Entry, type ListObject, type listFields } from '../../list.js';
import { listOf } from '../../lookup.js';
import type { Params } from '../../params.js';
import { route } from '../../routes.js';
import { requireCustomer } from '../customers/object.js';
import type { PaymentMethod } from '../objects.js';
import { attach, detach } from './attach.js';
import { customerIndex, isAttachedTo, PAYMENT_METHODS } from './object.js';
import { attachFields, createFields, customerListFields, listPmFields, updateFields } from './params.js';
import { paymentMethodFromData, resolvePaymentMethod } from './resolve.js';
import { update } from './update.js';

function create(ctx: RequestContext, p: Params<typeof createFields>): PaymentMethod {
  if (p.customer !== undefined) {
    throw invalidRequest(
      'You cannot attach a PaymentMethod to a Customer during PaymentMethod creation. Please instead create the PaymentMethod and then attach it using the attachment method of the PaymentMethods API.',
      { param: 'customer' },
    );
  }
  return paymentMethodFromData(ctx, p).materialize('fresh').object;
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): PaymentMethod {
  return resolvePaymentMethod(ctx, path['id']!, 'payment_method', 404).materialize('fresh').object;
}

function listFor(ctx: RequestContext, customerId: string, p: Params<typeof listFields>, url: string): ListObject<PaymentMethod> {
  return listOf(ctx, PAYMENT_METHODS, p, { noun: 'PaymentMethod', url, index: customerIndex(ctx, customerId) ?? new OrderedIndex<Entry>() });
}

function list(ctx: RequestContext, p: Params<typeof listPmFields>): ListObject<PaymentMethod> {
  // Without a customer the list is empty: unattached PaymentMethods are never listed (reference §2.2).
  if (p.customer === undefined) return { object: 'list', data: [], has_more: false, url: '/v1/payment_methods' };
  const customer = requireCustomer(ctx, p.customer, 'customer', 400);
  return listFor(ctx, customer.id, p, '/v1/payment_methods');
}

function listForCustomer(ctx: RequestContext, p: Params<typeof customerListFields>, path: Readonly<Record<string, string>>): ListObject<PaymentMethod> {
  const customer = requireCustomer(ctx, path['customer']!, 'id', 404);
  return listFor(ctx, customer.id, p, `/v1/customers/${customer.id}/payment_methods`);
}

function retrieveForCustomer(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): PaymentMethod {
  const customer = requireCustomer(ctx, path['customer']!, 'id', 404);
  const id = path['id']!;
  if (!isAttachedTo(ctx, id, customer.id)) throw resourceMissing('PaymentMethod', id, 'payment_method', { status: 404 });
  return ctx.data.collection(PAYMENT_METHODS).get(id)!.object;
}

export const paymentMethodRoutes = [
  route({ method: 'POST', path: '/v1/payment_methods', declines: true, fields: createFields, handler: create, returns: 'payment_method', publishable: true }),
  route({ method: 'GET', path: '/v1/payment_methods', fields: listPmFields, handler: list, returns: 'payment_method', list: true }),
  route({ method: 'GET', path: '/v1/payment_methods/:id', fields: {}, handler: retrieve, returns: 'payment_method' }),
  route({ method: 'POST', path: '/v1/payment_methods/:id', emits: ['payment_method.updated'], fields: updateFields, handler: update, returns: 'payment_method', update: true }),
  route({ method: 'POST', path: '/v1/payment_methods/:id/attach', emits: ['payment_method.attached'], declines: true, fields: attachFields, handler: attach, returns: 'payment_method' }),
  route({ method: 'POST', path: '/v1/payment_methods/:id/detach', emits: ['payment_method.detached', 'customer.updated'], fields: {}, handler: detach, returns: 'payment_method' }),
  route({ method: 'GET', path: '/v1/customers/:customer/payment_methods', fields: customerListFields, handler: listForCustomer, returns: 'payment_method', list: true }),
  route({ method: 'GET', path: '/v1/customers/:customer/payment_methods/:id', fields: {}, handler: retrieveForCustomer, returns: 'payment_method' }),
];
