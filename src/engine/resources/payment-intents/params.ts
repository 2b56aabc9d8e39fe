/**
 * The parameters of the PaymentIntent endpoints, shared by create, update and confirm, and the
 * `shipping` hash they build.
 */
import { addressFields, mergeAddress } from '../../address.js';
import { listFields } from '../../list.js';
import { invalidRequest } from '../../errors.js';
import { array, boolean, enumOf, hash, integer, required, string, type Params } from '../../params.js';
import { metadata } from '../../metadata.js';
import type { PaymentIntentShipping } from '../objects.js';
import { paymentMethodDataFields } from '../payment-methods/params.js';

export const shippingParam = hash(
  {
    address: required(hash(addressFields)),
    carrier: string({ nullable: true }),
    name: required(string()),
    phone: string({ nullable: true }),
    tracking_number: string({ nullable: true }),
  },
  { nullable: true },
);
export const receiptEmailParam = string({ nullable: true, maxLength: 512 });
const threeDSecureParam = enumOf(['automatic', 'any', 'challenge']);
/** A SetupIntent's `payment_method_options`. */
export const paymentMethodOptionsParam = hash({ card: hash({ request_three_d_secure: threeDSecureParam }) });
/** A PaymentIntent's `payment_method_options`: also incremental authorization. */
export const intentPaymentMethodOptionsParam = hash({
  card: hash({ request_incremental_authorization: enumOf(['if_available', 'never']), request_three_d_secure: threeDSecureParam }),
});

type AutomaticPaymentMethodsParam = { enabled: boolean; allow_redirects?: 'always' | 'never' | undefined } | undefined;

/**
 * An intent's `automatic_payment_methods` from its create parameters (null when not asked for);
 * it excludes `payment_method_types`, as the live API says.
 */
export function automaticPaymentMethodsOf(p: { automatic_payment_methods?: AutomaticPaymentMethodsParam; payment_method_types?: unknown }) {
  const apm = p.automatic_payment_methods;
  if (p.payment_method_types && apm?.enabled) {
    throw invalidRequest('You may only specify one of these parameters: automatic_payment_methods, payment_method_types.', { param: 'automatic_payment_methods' });
  }
  return apm ? { enabled: apm.enabled, allow_redirects: apm.allow_redirects ?? ('always' as const) } : null;
}

/**
 * An intent that accepts redirecting payment methods needs a `return_url` to confirm (the live
 * API's refusal, naming the PaymentIntent or SetupIntent).
 */
export function checkReturnUrl(apm: { enabled: boolean; allow_redirects: 'always' | 'never' } | null, returnUrl: string | undefined, noun: 'PaymentIntent' | 'SetupIntent'): void {
  if (!apm?.enabled || apm.allow_redirects !== 'always' || returnUrl) return;
  throw invalidRequest(
    `This ${noun} is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a \`return_url\`. If you don't want to accept redirect-based payment methods, set \`automatic_payment_methods[enabled]\` to \`true\` and \`automatic_payment_methods[allow_redirects]\` to \`never\` when creating Setup Intents and Payment Intents.`,
    { param: 'return_url' },
  );
}

/** Card options with the ones a request gives laid over (a field not given keeps its value). */
export function withCardOptions<C extends object>(current: C, given: Partial<C> | undefined): C {
  if (!given) return current;
  let next = current;
  for (const [key, value] of Object.entries(given)) if (value !== undefined) next = { ...next, [key]: value };
  return next;
}

const descriptor = string({ nullable: true, maxLength: 22 });

const sharedFields = {
  amount: integer(),
  application_fee_amount: integer({ min: 0, nullable: true }),
  currency: string(),
  capture_method: enumOf(['automatic', 'automatic_async', 'manual']),
  customer: string({ nullable: true }),
  description: string({ nullable: true }),
  metadata: metadata(),
  payment_method: string({ nullable: true }),
  payment_method_data: hash(paymentMethodDataFields),
  payment_method_options: intentPaymentMethodOptionsParam,
  payment_method_types: array(enumOf(['card'])),
  receipt_email: receiptEmailParam,
  setup_future_usage: enumOf(['on_session', 'off_session'], { nullable: true }),
  shipping: shippingParam,
  statement_descriptor: descriptor,
  statement_descriptor_suffix: descriptor,
  transfer_group: string({ nullable: true }),
} as const;

export const createFields = {
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

export const confirmFields = {
  payment_method: string(),
  payment_method_data: hash(paymentMethodDataFields),
  off_session: boolean(),
  return_url: string(),
  error_on_requires_action: boolean(),
  payment_method_options: intentPaymentMethodOptionsParam,
  payment_method_types: array(enumOf(['card'])),
  receipt_email: receiptEmailParam,
  setup_future_usage: enumOf(['on_session', 'off_session'], { nullable: true }),
  shipping: shippingParam,
  capture_method: enumOf(['automatic', 'automatic_async', 'manual']),
  use_stripe_sdk: boolean(),
  client_secret: string(),
} as const;

export type ConfirmParams = Omit<Params<typeof confirmFields>, 'client_secret'>;

/** A PaymentIntent's `shipping` from its parameter: every documented field, null when not given. */
export function shippingOf(p: NonNullable<ReturnType<typeof shippingParam.parse>>): PaymentIntentShipping {
  return { carrier: null, phone: null, tracking_number: null, ...p, address: mergeAddress(null, p.address) };
}

export const updateFields = sharedFields;

export const captureFields = {
  amount_to_capture: integer({ min: 1 }),
  metadata: metadata(),
  statement_descriptor: descriptor,
  statement_descriptor_suffix: descriptor,
} as const;

export const cancelFields = { cancellation_reason: enumOf(['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned']) } as const;

export const listIntentFields = {
  ...listFields,
  customer: string(),
  status: enumOf(['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'canceled', 'succeeded']),
} as const;

export const retrieveFields = { client_secret: string() } as const;
