/** Charges over the API: retrieve, list (by PaymentIntent or customer), and the Charges API of charges/legacy.ts. */
import type { RequestContext } from '../../context.js';
import { listFields, type ListObject } from '../../list.js';
import { findOrThrow, listOf } from '../../lookup.js';
import { string, type Params } from '../../params.js';
import { route } from '../../routes.js';
import { requireCustomer } from '../customers/object.js';
import type { Charge } from '../objects.js';
import { CHARGES } from './object.js';
import { captureChargeFields, captureLegacyCharge, createChargeFields, createLegacyCharge, updateCharge, updateChargeFields } from './legacy.js';

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Charge {
  return findOrThrow(ctx, CHARGES, path['id']!, 'charge', 'id', 404).object;
}

const listChargeFields = { ...listFields, payment_intent: string(), customer: string() } as const;

function list(ctx: RequestContext, p: Params<typeof listChargeFields>): ListObject<Charge> {
  if (p.customer !== undefined) requireCustomer(ctx, p.customer, 'customer', 400);
  return listOf(ctx, CHARGES, p, {
    noun: 'charge',
    url: '/v1/charges',
    filter: ({ object: c }) => (p.payment_intent === undefined || c.payment_intent === p.payment_intent) && (p.customer === undefined || c.customer === p.customer),
  });
}

export const chargeRoutes = [
  route({ method: 'POST', path: '/v1/charges', emits: ['charge.succeeded', 'charge.failed', 'transfer.created', 'charge.dispute.created', 'charge.dispute.funds_withdrawn', 'radar.early_fraud_warning.created'], declines: true, fields: createChargeFields, handler: createLegacyCharge, returns: 'charge' }),
  route({ method: 'GET', path: '/v1/charges', fields: listChargeFields, handler: list, returns: 'charge', list: true }),
  route({ method: 'GET', path: '/v1/charges/:id', fields: {}, handler: retrieve, returns: 'charge' }),
  route({ method: 'POST', path: '/v1/charges/:id', emits: ['charge.updated'], fields: updateChargeFields, handler: updateCharge, returns: 'charge', update: true }),
  route({ method: 'POST', path: '/v1/charges/:id/capture', emits: ['charge.captured', 'transfer.created', 'charge.dispute.created', 'charge.dispute.funds_withdrawn', 'radar.early_fraud_warning.created'], fields: captureChargeFields, handler: captureLegacyCharge, returns: 'charge' }),
];
