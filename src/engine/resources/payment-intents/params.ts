/**
 * The parameters of the PaymentIntent endpoints, shared by create, update and confirm, and the
 * `shipping` hash they build.
 */
import { addressFields, mergeAddress } from '../../address.js';
import { listFields } from '../../list.js';
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
export const paymentMethodOptionsParam = hash({ card: hash({ request_three_d_secure: enumOf(['automatic', 'any', 'challenge']) }) });

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
  payment_method_options: paymentMethodOptionsParam,
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
  payment_method_options: paymentMethodOptionsParam,
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
