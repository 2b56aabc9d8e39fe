/**
 * PaymentIntents (reference §1): the object, its parameters, create / retrieve / update / list /
 * capture / cancel, and the version change of SPEC §3. Confirmation and 3D Secure live in
 * confirm.ts. Wrong-state calls answer `payment_intent_unexpected_state` with the PaymentIntent
 * embedded and change nothing.
 */
import type { Address } from '../address.js';
import type { RequestContext } from '../context.js';
import { ApiError, invalidRequest, missingParam } from '../errors.js';
import { recordEvent } from '../events.js';
import { registerExpandable, registerResolver } from '../expand.js';
import { listFields, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { checkChargeAmount, checkCurrency } from '../money.js';
import { array, boolean, enumOf, hash, integer, mergeMetadata, metadata, required, string, type Params, NO_METADATA } from '../params.js';
import { route } from '../routes.js';
import { collectionKey, deepFreeze, type Row } from '../store.js';
import { defaultsFor, registerVersionChange } from '../versions.js';
import { CHARGES, captureCharge, chargesOf, releaseCharge, type Charge } from './charges.js';
import { openDisputeIfAny } from './disputes.js';
import { checkOwnership, confirmIntent, resolveAttempt } from './confirm.js';
import { confirmFields, paymentMethodOptionsParam, receiptEmailParam, shippingOf, shippingParam, type ConfirmParams } from './payment-intent-params.js';
import type { Customer, Expandable } from './customers.js';
import { requireCustomer } from './customers.js';
import type { PaymentMethod } from './payment-methods.js';
import { paymentMethodDataFields } from './payment-methods.js';

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export type CaptureMethod = 'automatic' | 'automatic_async' | 'manual';

/** `last_payment_error`: the error of the last failed attempt (reference §1.7). */
export interface PaymentError {
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code?: string;
  message: string;
  charge?: string;
  payment_method?: PaymentMethod;
  payment_method_type?: 'card';
}

export type NextAction =
  | { type: 'use_stripe_sdk'; use_stripe_sdk: { type: 'three_d_secure_redirect'; source: string; stripe_js: string } }
  | { type: 'redirect_to_url'; redirect_to_url: { url: string; return_url: string } };

export interface PaymentIntentShipping {
  address: Address;
  carrier: string | null;
  name: string;
  phone: string | null;
  tracking_number: string | null;
}

/** A PaymentIntent, as merchants receive it (version 2024-11-01). */
export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_details: { tip: Record<string, never> };
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: { enabled: boolean; allow_redirects: 'always' | 'never' } | null;
  canceled_at: number | null;
  cancellation_reason: 'abandoned' | 'automatic' | 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
  capture_method: CaptureMethod;
  client_secret: string;
  confirmation_method: 'automatic' | 'manual';
  created: number;
  currency: string;
  customer: Expandable<Customer> | null;
  description: string | null;
  invoice: null;
  last_payment_error: PaymentError | null;
  latest_charge: Expandable<Charge> | null;
  livemode: boolean;
  metadata: Record<string, string>;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: Expandable<PaymentMethod> | null;
  payment_method_configuration_details: null;
  payment_method_options: { card: { installments: null; mandate_options: null; network: null; request_three_d_secure: 'automatic' | 'any' | 'challenge' } };
  payment_method_types: string[];
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: 'on_session' | 'off_session' | null;
  shipping: PaymentIntentShipping | null;
  source: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
  transfer_data: null;
  transfer_group: string | null;
}

export interface PaymentIntentRow extends Row<PaymentIntent> {
  /** 3D Secure was completed for the current payment method (manual confirmation confirms next). */
  readonly authenticated: boolean;
  /** When an uncaptured authorization expires (Unix seconds), or null. */
  readonly captureBefore: number | null;
  /** Ids of its charges, oldest first (one per confirmation attempt that reached the card). */
  readonly charges: readonly string[];
}

export const PAYMENT_INTENTS = collectionKey<PaymentIntentRow>('payment_intents');

registerExpandable('payment_intent', {
  customer: 'customer',
  payment_method: 'payment_method',
  latest_charge: 'charge',
  invoice: 'invoice',
  review: 'review',
  on_behalf_of: 'account',
});
registerResolver('pi', (ctx, id) => ctx.data.collection(PAYMENT_INTENTS).get(id)?.object);

registerVersionChange({
  version: '2024-11-01',
  object: 'payment_intent',
  description: 'PaymentIntents no longer embed their `charges` list; read `latest_charge` (or list charges by payment_intent).',
  downgrade: (pi, ctx) => {
    const id = pi['id'] as string;
    const charges = chargesOf(ctx, ctx.data.collection(PAYMENT_INTENTS).get(id)?.charges ?? []);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(pi)) {
      out[key] = value;
      if (key === 'capture_method') {
        out['charges'] = { object: 'list', data: charges, has_more: false, total_count: charges.length, url: `/v1/charges?payment_intent=${id}` };
      }
    }
    return out;
  },
});

/** Statuses in which amount, payment method and most fields may change (reference §1.3). */
export const EDITABLE: readonly PaymentIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export function unexpectedState(pi: PaymentIntent, message: string, param?: string): ApiError {
  return new ApiError({
    status: 400,
    type: 'invalid_request_error',
    code: 'payment_intent_unexpected_state',
    message,
    param,
    extra: { payment_intent: pi },
  });
}

const descriptor = string({ nullable: true, maxLength: 22 });

const sharedFields = {
  amount: integer(),
  currency: string(),
  capture_method: enumOf(['automatic', 'automatic_async', 'manual']),
  customer: string({ nullable: true }),
  description: string({ nullable: true }),
  metadata: metadata(),
  payment_method: string({ nullable: true }),
  payment_method_data: hash(paymentMethodDataFields),
  payment_method_options: paymentMethodOptionsParam,
  payment_method_types: array(enumOf(['card'])),
  receipt_email: receiptEmailParam,
  setup_future_usage: enumOf(['on_session', 'off_session'], { nullable: true }),
  shipping: shippingParam,
  statement_descriptor: descriptor,
  statement_descriptor_suffix: descriptor,
  transfer_group: string({ nullable: true }),
} as const;

const createFields = {
  ...sharedFields,
  amount: required(integer()),
  currency: required(string()),
  automatic_payment_methods: hash({ enabled: required(boolean()), allow_redirects: enumOf(['always', 'never']) }),
  confirm: boolean(),
  confirmation_method: enumOf(['automatic', 'manual']),
  error_on_requires_action: boolean(),
  off_session: boolean(),
  return_url: string(),
  use_stripe_sdk: boolean(),
} as const;

/** Defaults shared by every PaymentIntent that takes them (frozen: stored objects are never mutated). */
const NO_TIP: PaymentIntent['amount_details'] = deepFreeze({ tip: {} });
const CARD_ONLY: PaymentIntent['payment_method_types'] = deepFreeze(['card']);
const NO_CHARGES: readonly string[] = Object.freeze([]);

function clientSecretOf(ctx: RequestContext, id: string): string {
  return `${id}_secret_${ctx.ids.token(24)}`;
}

export function savePaymentIntent(ctx: RequestContext, row: PaymentIntentRow, pi: PaymentIntent, changes: Partial<Omit<PaymentIntentRow, 'object'>> = {}): PaymentIntentRow {
  // Field by field: one shape for every version of a row.
  const next: PaymentIntentRow = {
    id: row.id,
    created: row.created,
    seq: row.seq,
    object: pi,
    authenticated: changes.authenticated ?? row.authenticated,
    captureBefore: changes.captureBefore === undefined ? row.captureBefore : changes.captureBefore,
    charges: changes.charges ?? row.charges,
  };
  ctx.data.collection(PAYMENT_INTENTS).put(next);
  return next;
}

function create(ctx: RequestContext, p: Params<typeof createFields>): PaymentIntent {
  const currency = checkCurrency(p.currency);
  checkChargeAmount(p.amount, currency);
  if (!p.confirm) {
    for (const field of ['off_session', 'return_url', 'error_on_requires_action'] as const) {
      if (p[field] !== undefined) throw invalidRequest(`${field} can only be used together with confirm=true.`, { param: field });
    }
  }
  if (p.payment_method_types && p.automatic_payment_methods?.enabled) {
    throw invalidRequest('You may only specify one of these parameters: automatic_payment_methods, payment_method_types.', {
      param: 'automatic_payment_methods',
    });
  }
  const customer = p.customer ? requireCustomer(ctx, p.customer, 'customer', 400).id : null;
  const confirm: ConfirmParams = {
    payment_method: p.payment_method ?? undefined,
    payment_method_data: p.payment_method_data,
    off_session: p.off_session,
    return_url: p.return_url,
    error_on_requires_action: p.error_on_requires_action,
  };
  const draft: PaymentIntent = {
    id: '',
    object: 'payment_intent',
    amount: p.amount,
    amount_capturable: 0,
    amount_details: NO_TIP,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: p.automatic_payment_methods
      ? { enabled: p.automatic_payment_methods.enabled, allow_redirects: p.automatic_payment_methods.allow_redirects ?? 'always' }
      : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: p.capture_method ?? defaultsFor(ctx.apiVersion).capture_method,
    client_secret: '',
    confirmation_method: p.confirmation_method ?? 'automatic',
    created: ctx.now,
    currency,
    customer,
    description: p.description ?? null,
    invoice: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: ctx.mode === 'live',
    metadata: mergeMetadata(NO_METADATA, p.metadata),
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: p.payment_method_options?.card?.request_three_d_secure ?? 'automatic' },
    },
    payment_method_types: p.payment_method_types ?? CARD_ONLY,
    processing: null,
    receipt_email: p.receipt_email ?? null,
    review: null,
    setup_future_usage: p.setup_future_usage ?? null,
    shipping: p.shipping ? shippingOf(p.shipping) : null,
    source: null,
    statement_descriptor: p.statement_descriptor ?? null,
    statement_descriptor_suffix: p.statement_descriptor_suffix ?? null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: p.transfer_group ?? null,
  };
  // Every check before the first write: the payment method is resolved and checked here and
  // materialised (given an id) only once the PaymentIntent is created.
  const source = resolveAttempt(ctx, confirm, draft, { allowNone: !p.confirm });
  // The draft is still this request's own (nothing stored holds it): completed in place.
  const pi = draft;
  pi.id = ctx.ids.next('pi');
  pi.client_secret = clientSecretOf(ctx, pi.id);
  if (source && !p.confirm) {
    pi.payment_method = source.materialize('fresh').id;
    pi.status = 'requires_confirmation';
  }
  const id = pi.id;
  const row: PaymentIntentRow = { id, created: pi.created, seq: ctx.nextSeq(), object: pi, authenticated: false, captureBefore: null, charges: NO_CHARGES };
  ctx.data.collection(PAYMENT_INTENTS).add(row);
  recordEvent(ctx, 'payment_intent.created', pi);
  return p.confirm ? confirmIntent(ctx, row, confirm, source) : pi;
}


/** The PaymentIntent with `id` in the path (`param: intent`, reference §1.4). */
export function requirePaymentIntent(ctx: RequestContext, id: string): PaymentIntentRow {
  if (/_secret_/.test(id)) {
    throw invalidRequest(
      'You passed a string that looks like a client secret as the PaymentIntent ID, but you must provide a valid PaymentIntent ID. Please use the value in the `id` field of the PaymentIntent.',
      { code: 'resource_missing', param: 'intent', status: 404 },
    );
  }
  return findOrThrow(ctx, PAYMENT_INTENTS, id, 'payment_intent', 'intent', 404);
}

/** With a publishable key, the client secret is required and must match (reference §14). */
export function checkClientSecret(ctx: RequestContext, pi: PaymentIntent, secret: string | undefined): void {
  if (secret === undefined) {
    if (ctx.publishable) throw missingParam('client_secret');
    return;
  }
  if (secret !== pi.client_secret) {
    throw invalidRequest('The client_secret provided does not match the client_secret associated with the PaymentIntent.', {
      param: 'client_secret',
    });
  }
}

/** The fields a publishable key sees (reference §14): no customer, no metadata. */
const CLIENT_FIELDS = [
  'id', 'object', 'amount', 'amount_details', 'automatic_payment_methods', 'canceled_at', 'cancellation_reason', 'capture_method',
  'client_secret', 'confirmation_method', 'created', 'currency', 'description', 'last_payment_error', 'livemode', 'next_action',
  'payment_method', 'payment_method_types', 'processing', 'receipt_email', 'setup_future_usage', 'shipping', 'source', 'status',
] as const;

export function forCaller(ctx: RequestContext, pi: PaymentIntent): PaymentIntent | Partial<PaymentIntent> {
  if (!ctx.publishable) return pi;
  const out: Record<string, unknown> = {};
  for (const key of CLIENT_FIELDS) out[key] = pi[key];
  return out as Partial<PaymentIntent>;
}

const retrieveFields = { client_secret: string() } as const;

function retrieve(ctx: RequestContext, p: Params<typeof retrieveFields>, path: Readonly<Record<string, string>>) {
  const pi = requirePaymentIntent(ctx, path['id']!).object;
  checkClientSecret(ctx, pi, p.client_secret);
  return forCaller(ctx, pi);
}

const updateFields = sharedFields;

/** Which update fields may change in any status (reference §1.3). */
const ALWAYS_UPDATABLE = new Set(['metadata', 'description']);

function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): PaymentIntent {
  const row = requirePaymentIntent(ctx, path['id']!);
  const before = row.object;
  for (const field of Object.keys(p)) {
    if (!ALWAYS_UPDATABLE.has(field) && !EDITABLE.includes(before.status)) {
      throw unexpectedState(
        before,
        `This PaymentIntent's ${field} could not be updated because it has a status of ${before.status}. You may only update the ${field} of a PaymentIntent with one of the following statuses: ${EDITABLE.join(', ')}.`,
        field,
      );
    }
  }
  const after: PaymentIntent = { ...before, last_payment_error: null };
  if (p.currency !== undefined) after.currency = checkCurrency(p.currency);
  if (p.amount !== undefined) after.amount = p.amount;
  if (p.amount !== undefined || p.currency !== undefined) checkChargeAmount(after.amount, after.currency);
  if (p.customer !== undefined) after.customer = p.customer === null ? null : requireCustomer(ctx, p.customer, 'customer', 400).id;
  if (p.description !== undefined) after.description = p.description;
  if (p.metadata !== undefined) after.metadata = mergeMetadata(before.metadata, p.metadata);
  if (p.capture_method !== undefined) after.capture_method = p.capture_method;
  if (p.payment_method_types !== undefined) after.payment_method_types = p.payment_method_types;
  if (p.payment_method_options?.card?.request_three_d_secure !== undefined) {
    after.payment_method_options = { card: { ...before.payment_method_options.card, request_three_d_secure: p.payment_method_options.card.request_three_d_secure } };
  }
  if (p.receipt_email !== undefined) after.receipt_email = p.receipt_email;
  if (p.setup_future_usage !== undefined) after.setup_future_usage = p.setup_future_usage;
  if (p.shipping !== undefined) {
    after.shipping = p.shipping === null ? null : shippingOf(p.shipping);
  }
  if (p.statement_descriptor !== undefined) after.statement_descriptor = p.statement_descriptor;
  if (p.statement_descriptor_suffix !== undefined) after.statement_descriptor_suffix = p.statement_descriptor_suffix;
  if (p.transfer_group !== undefined) after.transfer_group = p.transfer_group;

  let changes: Partial<PaymentIntentRow> = {};
  const pmChange = p.payment_method !== undefined || p.payment_method_data !== undefined;
  if (pmChange) {
    const attempt: ConfirmParams = { payment_method: p.payment_method ?? undefined, payment_method_data: p.payment_method_data };
    const source = p.payment_method === null ? undefined : resolveAttempt(ctx, attempt, after, { allowNone: true });
    // Changing the payment method asks for a new confirmation (reference §1.2 row 4).
    after.payment_method = source ? source.materialize('fresh').id : null;
    after.status = after.payment_method ? 'requires_confirmation' : 'requires_payment_method';
    after.next_action = null;
    changes = { authenticated: false };
  } else if (before.customer !== after.customer && typeof after.payment_method === 'string') {
    checkOwnership(ctx, after.payment_method, after.customer as string | null);
  }
  return savePaymentIntent(ctx, row, after, changes).object;
}

const captureFields = {
  amount_to_capture: integer({ min: 1 }),
  metadata: metadata(),
  statement_descriptor: descriptor,
  statement_descriptor_suffix: descriptor,
} as const;

function capture(ctx: RequestContext, p: Params<typeof captureFields>, path: Readonly<Record<string, string>>): PaymentIntent {
  const row = requirePaymentIntent(ctx, path['id']!);
  const pi = row.object;
  if (pi.status !== 'requires_capture') {
    const released = pi.status === 'succeeded' && pi.amount_received < pi.amount;
    throw unexpectedState(
      pi,
      released
        ? 'The remaining amount on this PaymentIntent could not be captured because the remainder of the authorized amount has been released.'
        : `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
    );
  }
  const amount = p.amount_to_capture ?? pi.amount_capturable;
  if (amount > pi.amount_capturable) {
    throw invalidRequest(
      'The payment could not be captured because the requested capture amount is greater than the amount you can capture for this charge.',
      { code: 'amount_too_large', param: 'amount_to_capture' },
    );
  }
  const chargeRow = ctx.data.collection(CHARGES).get(pi.latest_charge as string)!;
  const charge = captureCharge(ctx, chargeRow, amount).object;
  recordEvent(ctx, 'charge.captured', charge);
  const after: PaymentIntent = {
    ...pi,
    status: 'succeeded',
    amount_received: amount,
    amount_capturable: 0,
    metadata: mergeMetadata(pi.metadata, p.metadata),
    statement_descriptor: p.statement_descriptor === undefined ? pi.statement_descriptor : p.statement_descriptor,
    statement_descriptor_suffix: p.statement_descriptor_suffix === undefined ? pi.statement_descriptor_suffix : p.statement_descriptor_suffix,
  };
  savePaymentIntent(ctx, row, after, { captureBefore: null });
  recordEvent(ctx, 'payment_intent.succeeded', after);
  openDisputeIfAny(ctx, ctx.data.collection(CHARGES).get(charge.id)!);
  return after;
}

const CANCELABLE: readonly PaymentIntentStatus[] = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];

const cancelFields = { cancellation_reason: enumOf(['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned']) } as const;

function cancel(ctx: RequestContext, p: Params<typeof cancelFields>, path: Readonly<Record<string, string>>): PaymentIntent {
  const row = requirePaymentIntent(ctx, path['id']!);
  return cancelIntent(ctx, row, p.cancellation_reason ?? null);
}

/** Cancels a PaymentIntent, releasing an uncaptured authorization (also used by expiry). */
export function cancelIntent(ctx: RequestContext, row: PaymentIntentRow, reason: PaymentIntent['cancellation_reason']): PaymentIntent {
  const pi = row.object;
  if (!CANCELABLE.includes(pi.status)) {
    throw unexpectedState(
      pi,
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_reauthorization, requires_confirmation, requires_action, processing.`,
    );
  }
  if (pi.status === 'requires_capture') {
    const charge = releaseCharge(ctx, ctx.data.collection(CHARGES).get(pi.latest_charge as string)!).object;
    recordEvent(ctx, reason === 'automatic' ? 'charge.expired' : 'charge.refunded', charge);
  }
  const after: PaymentIntent = { ...pi, status: 'canceled', canceled_at: ctx.now, cancellation_reason: reason, amount_capturable: 0, next_action: null };
  savePaymentIntent(ctx, row, after, { captureBefore: null });
  recordEvent(ctx, 'payment_intent.canceled', after);
  return after;
}

/** The clock reached an authorization's 7 days: if still uncaptured, it is canceled (reference §1.2 row 15). */
export function expireAuthorization(ctx: RequestContext, paymentIntentId: string): void {
  const row = ctx.data.collection(PAYMENT_INTENTS).get(paymentIntentId);
  if (!row || row.object.status !== 'requires_capture' || row.captureBefore === null || row.captureBefore > ctx.now) return;
  cancelIntent(ctx, row, 'automatic');
}

function confirm(ctx: RequestContext, p: Params<typeof confirmFields>, path: Readonly<Record<string, string>>) {
  const row = requirePaymentIntent(ctx, path['id']!);
  const { client_secret, ...rest } = p;
  checkClientSecret(ctx, row.object, client_secret);
  return forCaller(ctx, confirmIntent(ctx, row, rest));
}

const listIntentFields = {
  ...listFields,
  customer: string(),
  status: enumOf(['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'canceled', 'succeeded']),
} as const;

function list(ctx: RequestContext, p: Params<typeof listIntentFields>): ListObject<PaymentIntent> {
  if (p.customer !== undefined) requireCustomer(ctx, p.customer, 'customer', 400);
  return listOf(ctx, PAYMENT_INTENTS, p, {
    noun: 'payment_intent',
    url: '/v1/payment_intents',
    filter: ({ object: pi }) => (p.customer === undefined || pi.customer === p.customer) && (p.status === undefined || pi.status === p.status),
  });
}

export const paymentIntentRoutes = [
  route({ method: 'POST', path: '/v1/payment_intents', fields: createFields, handler: create, returns: 'payment_intent' }),
  route({ method: 'GET', path: '/v1/payment_intents', fields: listIntentFields, handler: list, returns: 'payment_intent', list: true }),
  route({ method: 'GET', path: '/v1/payment_intents/:id', fields: retrieveFields, handler: retrieve, returns: 'payment_intent', publishable: true }),
  route({ method: 'POST', path: '/v1/payment_intents/:id', fields: updateFields, handler: update, returns: 'payment_intent', update: true }),
  route({ method: 'POST', path: '/v1/payment_intents/:id/confirm', fields: confirmFields, handler: confirm, returns: 'payment_intent', publishable: true }),
  route({ method: 'POST', path: '/v1/payment_intents/:id/capture', fields: captureFields, handler: capture, returns: 'payment_intent' }),
  route({ method: 'POST', path: '/v1/payment_intents/:id/cancel', fields: cancelFields, handler: cancel, returns: 'payment_intent' }),
];
