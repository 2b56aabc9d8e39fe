/** The parameters of the SetupIntent endpoints. */
import { listFields } from '../../list.js';
import { metadata } from '../../metadata.js';
import { array, boolean, enumOf, hash, required, string } from '../../params.js';
import { paymentMethodOptionsParam } from '../payment-intents/params.js';
import { paymentMethodDataFields } from '../payment-methods/params.js';

const sharedFields = {
  customer: string({ nullable: true }),
  description: string({ nullable: true }),
  metadata: metadata(),
  payment_method: string({ nullable: true }),
  payment_method_data: hash(paymentMethodDataFields),
  payment_method_options: paymentMethodOptionsParam,
  payment_method_types: array(enumOf(['card'])),
} as const;

export const createSetupFields = {
  ...sharedFields,
  automatic_payment_methods: hash({ enabled: required(boolean()), allow_redirects: enumOf(['always', 'never']) }),
  confirm: boolean(),
  return_url: string(),
  usage: enumOf(['off_session', 'on_session']),
  use_stripe_sdk: boolean(),
} as const;

export const updateSetupFields = sharedFields;

export const confirmSetupFields = {
  payment_method: string(),
  payment_method_data: hash(paymentMethodDataFields),
  payment_method_options: paymentMethodOptionsParam,
  return_url: string(),
  use_stripe_sdk: boolean(),
  client_secret: string(),
} as const;

export const cancelSetupFields = { cancellation_reason: enumOf(['abandoned', 'duplicate', 'requested_by_customer']) } as const;

export const listSetupFields = { ...listFields, customer: string(), payment_method: string() } as const;

export const retrieveSetupFields = { client_secret: string() } as const;
