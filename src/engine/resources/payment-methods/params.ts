/** The parameters of the PaymentMethod endpoints, and of inline `payment_method_data`. */
import { addressParam } from '../../address.js';
import { listFields } from '../../list.js';
import { enumOf, hash, integer, required, string } from '../../params.js';
import { metadata } from '../../metadata.js';

export const billingFields = {
  address: addressParam,
  email: string({ nullable: true }),
  name: string({ nullable: true }),
  phone: string({ nullable: true }),
} as const;

/** The fields of a new card PaymentMethod: `POST /v1/payment_methods` and inline `payment_method_data`. */
export const paymentMethodDataFields = {
  type: required(enumOf(['card'])),
  card: hash({ number: string(), exp_month: integer(), exp_year: integer(), cvc: string(), token: string() }),
  billing_details: hash(billingFields),
  metadata: metadata(),
  allow_redisplay: enumOf(['always', 'limited', 'unspecified']),
} as const;

export const createFields = { ...paymentMethodDataFields, customer: string() } as const;

export const updateFields = {
  billing_details: hash(billingFields),
  card: hash({ exp_month: integer(), exp_year: integer() }),
  metadata: metadata(),
  allow_redisplay: enumOf(['always', 'limited', 'unspecified']),
} as const;

export const attachFields = { customer: required(string()) } as const;

export const listPmFields = { ...listFields, customer: string(), type: enumOf(['card']) } as const;

export const customerListFields = { ...listFields, type: enumOf(['card']) } as const;
