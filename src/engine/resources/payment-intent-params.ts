/**
 * Parameters shared by the PaymentIntent endpoints. They sit apart from payment-intents.ts and
 * confirm.ts, which import each other: constants read while a module loads must not sit on an
 * import cycle.
 */
import { addressFields, mergeAddress } from '../address.js';
import { array, boolean, enumOf, hash, required, string, type Params } from '../params.js';
import { paymentMethodDataFields } from './payment-methods.js';
import type { PaymentIntentShipping } from './payment-intents.js';

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
