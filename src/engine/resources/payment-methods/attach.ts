/**
 * Attaching a PaymentMethod to a customer and detaching it (reference §2.3): attach-time
 * declines, the per-customer quota, and the customer's default cleared on detach.
 */
import type { RequestContext } from '../../context.js';
import { cardError, invalidRequest, limitExceeded } from '../../errors.js';
import { findOrThrow } from '../../lookup.js';
import { recordEvent } from '../../events.js';
import { OrderedIndex, type Entry } from '../../list.js';
import type { Params } from '../../params.js';
import { DECLINES } from '../../test-cards.js';
import { requireCustomer, saveCustomer } from '../customers/object.js';
import type { PaymentMethod } from '../objects.js';
import { verifiedChecks } from './card-data.js';
import { BY_CUSTOMER, customerIndex, nextRow, PAYMENT_METHODS, type PaymentMethodRow } from './object.js';
import type { attachFields } from './params.js';
import { resolvePaymentMethod } from './resolve.js';

/**
 * Everything attach needs, checked without writing: `check(customerId)` throws the error an
 * attach would answer (customerId null for a customer still being created) and says whether the
 * attach changes anything; `commit` performs it.
 */
export interface AttachPlan {
  readonly id: string | undefined;
  check(customerId: string | null): 'attach' | 'already_attached';
  commit(customerId: string): PaymentMethod;
}

/** The overview's quota: at most `paymentMethodsPerCustomer` payment methods attached to one customer (SPEC §5). */
export function checkPaymentMethodQuota(ctx: RequestContext, customerId: string): void {
  const count = customerIndex(ctx, customerId)?.size ?? 0;
  if (count >= ctx.limits.paymentMethodsPerCustomer) {
    throw limitExceeded(
      `This customer has reached its limit of ${ctx.limits.paymentMethodsPerCustomer} payment methods (Onerway allows at most ${ctx.limits.paymentMethodsPerCustomer} per customer). Detach payment methods the customer no longer uses.`,
      'customer',
    );
  }
}

export function resolveForAttach(ctx: RequestContext, pmId: string, param: string, status: 400 | 404): AttachPlan {
  const source = resolvePaymentMethod(ctx, pmId, param, status);
  const row = source.row;
  return {
    id: row?.id,
    check(customerId) {
      if (row) {
        if (row.state === 'attached') {
          if (row.object.customer === customerId) return 'already_attached';
          throw invalidRequest('The payment method you provided has already been attached to a customer.');
        }
        if (row.state !== 'fresh') {
          throw invalidRequest(
            'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.',
          );
        }
      }
      if (customerId !== null) checkPaymentMethodQuota(ctx, customerId);
      const decline = source.card.attachDecline;
      if (decline) {
        const d: { code: string; declineCode: string; message: string; param?: string } = DECLINES[decline];
        throw cardError(d.code, d.message, { declineCode: d.declineCode, param: d.param });
      }
      return 'attach';
    },
    commit(customerId) {
      const current = source.materialize('fresh');
      const object: PaymentMethod = {
        ...current.object,
        customer: customerId,
        card: { ...current.object.card, checks: verifiedChecks(current.object, source.card) },
      };
      ctx.data.collection(PAYMENT_METHODS).put(nextRow(current, { object, state: 'attached' }));
      const indexes = ctx.data.map<string, OrderedIndex<Entry>>(BY_CUSTOMER);
      let index = indexes.get(customerId);
      if (!index) indexes.set(customerId, (index = new OrderedIndex<Entry>()));
      index.insert({ id: current.id, created: current.created, seq: current.seq });
      recordEvent(ctx, 'payment_method.attached', object);
      return object;
    },
  };
}

export function attach(ctx: RequestContext, p: Params<typeof attachFields>, path: Readonly<Record<string, string>>): PaymentMethod {
  const plan = resolveForAttach(ctx, path['id']!, 'payment_method', 404);
  const customer = requireCustomer(ctx, p.customer, 'customer', 400);
  if (plan.check(customer.id) === 'already_attached') return ctx.data.collection(PAYMENT_METHODS).get(plan.id!)!.object;
  return plan.commit(customer.id);
}

/** Detaches one PaymentMethod; clears the customer's default if it was this one. */
function detachRow(ctx: RequestContext, row: PaymentMethodRow, emit: boolean): PaymentMethod {
  const customerId = row.object.customer as string;
  const object: PaymentMethod = { ...row.object, customer: null };
  ctx.data.collection(PAYMENT_METHODS).put(nextRow(row, { object, state: 'detached' }));
  customerIndex(ctx, customerId)?.remove(row);
  if (emit) {
    recordEvent(ctx, 'payment_method.detached', object, { customer: customerId });
    const customer = requireCustomer(ctx, customerId, 'customer', 400);
    if (customer.object.invoice_settings.default_payment_method === row.id) {
      const updated = { ...customer.object, invoice_settings: { ...customer.object.invoice_settings, default_payment_method: null } };
      saveCustomer(ctx, customer, updated);
      recordEvent(ctx, 'customer.updated', updated, { invoice_settings: { default_payment_method: row.id } });
    }
  }
  return object;
}

export function detach(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): PaymentMethod {
  const row = findOrThrow(ctx, PAYMENT_METHODS, path['id']!, 'PaymentMethod', 'payment_method', 404);
  if (row.state !== 'attached') {
    throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.');
  }
  return detachRow(ctx, row, true);
}

/** A deleted customer's PaymentMethods are detached (no events: reference §2.3 leaves it open). */
export function detachAllFromCustomer(ctx: RequestContext, customerId: string): void {
  const index = customerIndex(ctx, customerId);
  if (!index) return;
  const pms = ctx.data.collection(PAYMENT_METHODS);
  for (const entry of [...index.values()]) detachRow(ctx, pms.get(entry.id)!, false);
  ctx.data.map<string, OrderedIndex<Entry>>(BY_CUSTOMER).delete(customerId);
}

