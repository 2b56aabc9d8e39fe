/** Creating a PaymentIntent (reference §1.2 rows 1–2), confirmed at once with `confirm=true`. */
import type { RequestContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { recordEvent, restateEvent } from '../../events.js';
import { checkChargeAmount, checkCurrency } from '../../money.js';
import { type Params } from '../../params.js';
import { mergeMetadata, NO_METADATA } from '../../metadata.js';
import { deepFreeze } from '../../store.js';
import { defaultsFor } from '../../versions.js';
import { requireCustomer } from '../customers/object.js';
import type { PaymentIntent } from '../objects.js';
import { resolveAttempt } from './attempt.js';
import { confirmIntent } from './confirm.js';
import { CARD_ONLY, NO_CHARGES, NO_TIP, PAYMENT_INTENTS, type PaymentIntentRow } from './object.js';
import { automaticPaymentMethodsOf, shippingOf, withCardOptions, type ConfirmParams, type createFields } from './params.js';
import { applicationFee } from './states.js';

/** The options of a PaymentIntent created without any: one frozen value that all of them share. */
const DEFAULT_OPTIONS: PaymentIntent['payment_method_options'] = deepFreeze({
  card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
});

export function create(ctx: RequestContext, p: Params<typeof createFields>): PaymentIntent {
  const currency = checkCurrency(p.currency);
  checkChargeAmount(p.amount, currency);
  if (!p.confirm) {
    for (const field of ['off_session', 'return_url', 'error_on_requires_action'] as const) {
      if (p[field] !== undefined) throw invalidRequest(`${field} can only be used together with confirm=true.`, { param: field });
    }
  }
  const automaticPaymentMethods = automaticPaymentMethodsOf(p);
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
    application_fee_amount: applicationFee(ctx, p.application_fee_amount, p.amount),
    automatic_payment_methods: automaticPaymentMethods,
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
    payment_method_options: p.payment_method_options?.card ? { card: withCardOptions(DEFAULT_OPTIONS.card, p.payment_method_options.card) } : DEFAULT_OPTIONS,
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
  pi.client_secret = ctx.ids.clientSecret(pi.id);
  if (source && !p.confirm) {
    pi.payment_method = source.materialize('fresh').id;
    pi.status = 'requires_confirmation';
  }
  const id = pi.id;
  const row: PaymentIntentRow = { id, created: pi.created, seq: ctx.nextSeq(), object: pi, authenticated: false, captureBefore: null, charges: NO_CHARGES, increments: 0 };
  ctx.data.collection(PAYMENT_INTENTS).add(row);
  ctx.coverage?.state(null, pi.status);
  const created = recordEvent(ctx, 'payment_intent.created', pi);
  if (!p.confirm) return pi;
  try {
    return confirmIntent(ctx, row, confirm, source);
  } finally {
    // Confirmed at once (a decline included): the event keeps the stored version and what differs.
    const now = ctx.data.collection(PAYMENT_INTENTS).get(id)?.object;
    if (now) restateEvent(ctx, created, now);
  }
}
