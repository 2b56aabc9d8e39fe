/** PaymentIntents over the API (reference §1): the route table, with retrieve, list and confirm. */
import type { RequestContext } from '../../context.js';
import type { ListObject } from '../../list.js';
import { listOf } from '../../lookup.js';
import type { Params } from '../../params.js';
import { route } from '../../routes.js';
import { requireCustomer } from '../customers/object.js';
import type { PaymentIntent } from '../objects.js';
import { authenticate, authenticateFields } from './authenticate.js';
import { cancel } from './cancel.js';
import { capture } from './capture.js';
import { asCaller, checkClientSecret, forCaller } from './client-access.js';
import { confirmIntent } from './confirm.js';
import { create } from './create.js';
import { PAYMENT_INTENTS, requirePaymentIntent } from './object.js';
import { cancelFields, captureFields, confirmFields, createFields, listIntentFields, retrieveFields, updateFields } from './params.js';
import { update } from './update.js';
import { incrementAuthorization, incrementFields } from './increment.js';

function retrieve(ctx: RequestContext, p: Params<typeof retrieveFields>, path: Readonly<Record<string, string>>) {
  const pi = requirePaymentIntent(ctx, path['id']!).object;
  checkClientSecret(ctx, pi, p.client_secret);
  return forCaller(ctx, pi);
}

function confirm(ctx: RequestContext, p: Params<typeof confirmFields>, path: Readonly<Record<string, string>>) {
  const row = requirePaymentIntent(ctx, path['id']!);
  const { client_secret, ...rest } = p;
  checkClientSecret(ctx, row.object, client_secret);
  return forCaller(ctx, asCaller(ctx, () => confirmIntent(ctx, row, rest)));
}

function list(ctx: RequestContext, p: Params<typeof listIntentFields>): ListObject<PaymentIntent> {
  if (p.customer !== undefined) requireCustomer(ctx, p.customer, 'customer', 400);
  return listOf(ctx, PAYMENT_INTENTS, p, {
    noun: 'payment_intent',
    url: '/v1/payment_intents',
    filter: ({ object: pi }) => (p.customer === undefined || pi.customer === p.customer) && (p.status === undefined || pi.status === p.status),
  });
}

export const paymentIntentRoutes = [
  route({ method: 'POST', path: '/v1/payment_intents', emits: ['payment_intent.created', 'payment_intent.requires_action', 'payment_intent.succeeded', 'payment_intent.amount_capturable_updated', 'payment_intent.payment_failed', 'charge.succeeded', 'charge.failed', 'charge.updated', 'payment_method.attached', 'charge.dispute.created', 'charge.dispute.funds_withdrawn', 'radar.early_fraud_warning.created'], declines: true, fields: createFields, handler: create, returns: 'payment_intent' }),
  route({ method: 'GET', path: '/v1/payment_intents', fields: listIntentFields, handler: list, returns: 'payment_intent', list: true }),
  route({ method: 'GET', path: '/v1/payment_intents/:id', fields: retrieveFields, handler: retrieve, returns: 'payment_intent', publishable: true }),
  route({ method: 'POST', path: '/v1/payment_intents/:id', fields: updateFields, handler: update, returns: 'payment_intent', update: true }),
  route({ method: 'POST', path: '/v1/payment_intents/:id/confirm', emits: ['payment_intent.requires_action', 'payment_intent.succeeded', 'payment_intent.amount_capturable_updated', 'payment_intent.payment_failed', 'charge.succeeded', 'charge.failed', 'charge.updated', 'payment_method.attached', 'charge.dispute.created', 'charge.dispute.funds_withdrawn', 'radar.early_fraud_warning.created'], declines: true, fields: confirmFields, handler: confirm, returns: 'payment_intent', publishable: true }),
  route({ method: 'POST', path: '/v1/payment_intents/:id/capture', emits: ['charge.captured', 'payment_intent.succeeded', 'charge.dispute.created', 'charge.dispute.funds_withdrawn', 'radar.early_fraud_warning.created'], fields: captureFields, handler: capture, returns: 'payment_intent' }),
  route({ method: 'POST', path: '/v1/payment_intents/:id/increment_authorization', emits: ['charge.updated', 'payment_intent.amount_capturable_updated'], fields: incrementFields, handler: incrementAuthorization, returns: 'payment_intent' }),
  route({ method: 'POST', path: '/v1/payment_intents/:id/cancel', emits: ['payment_intent.canceled', 'charge.refunded'], fields: cancelFields, handler: cancel, returns: 'payment_intent' }),
  route({ method: 'POST', path: '/v1/test_helpers/payment_intents/:id/authenticate', emits: ['payment_intent.requires_action', 'payment_intent.succeeded', 'payment_intent.amount_capturable_updated', 'payment_intent.payment_failed', 'charge.succeeded', 'charge.failed', 'charge.updated', 'payment_method.attached', 'charge.dispute.created', 'charge.dispute.funds_withdrawn', 'radar.early_fraud_warning.created'], fields: authenticateFields, handler: authenticate, returns: 'payment_intent' }),
];
