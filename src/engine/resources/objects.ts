/**
 * The objects merchants receive that name one another: a customer's default payment method, a
 * payment method's customer, a PaymentIntent's latest charge, a charge's PaymentIntent. Their
 * shapes sit in one module that each of the four resources imports (and re-exports from its
 * `object.ts`), because shapes that refer to each other from two modules are an import circle,
 * even when only types cross it. Behaviour stays in each resource's folder.
 */
import type { Address } from '../address.js';
import type { Expandable } from '../expand.js';
import type { CardBrand, CardFunding, CheckResult } from '../test-cards.js';
import type { ApplicationFee } from './application-fees.js';
import type { BalanceTransaction } from './balance.js';
import type { SourceCard } from './charges/source-card.js';

// ---- Customer (reference §3) ----

export interface Shipping {
  address: Address;
  name: string;
  phone: string | null;
}

export interface InvoiceSettings {
  custom_fields: null;
  default_payment_method: Expandable<PaymentMethod> | null;
  footer: string | null;
  rendering_options: null;
}

/** A Customer, as merchants receive it. */
export interface Customer {
  id: string;
  object: 'customer';
  address: Address | null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: string | null;
  delinquent: boolean;
  description: string | null;
  discount: null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: InvoiceSettings;
  livemode: boolean;
  metadata: Record<string, string>;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: Shipping | null;
  tax_exempt: 'none' | 'exempt' | 'reverse';
  test_clock: string | null;
}

/** What GET and DELETE answer for a deleted customer. */
export interface DeletedCustomer {
  id: string;
  object: 'customer';
  deleted: true;
}

// ---- PaymentMethod (reference §2) ----

export type CheckValue = CheckResult | 'unchecked' | null;

export interface BillingDetails {
  address: Address;
  email: string | null;
  name: string | null;
  phone: string | null;
  tax_id: string | null;
}

export interface PaymentMethodCard {
  brand: CardBrand;
  checks: { address_line1_check: CheckValue; address_postal_code_check: CheckValue; cvc_check: CheckValue };
  country: string;
  display_brand: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: CardFunding;
  generated_from: null;
  last4: string;
  networks: { available: string[]; preferred: string | null };
  regulated_status: 'regulated' | 'unregulated';
  three_d_secure_usage: { supported: boolean };
  wallet: null;
}

/** A PaymentMethod, as merchants receive it. */
export interface PaymentMethod {
  id: string;
  object: 'payment_method';
  allow_redisplay: 'always' | 'limited' | 'unspecified';
  billing_details: BillingDetails;
  card: PaymentMethodCard;
  created: number;
  customer: Expandable<Customer> | null;
  livemode: boolean;
  metadata: Record<string, string>;
  type: 'card';
}

// ---- PaymentIntent (reference §1) ----

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
  /** The platform's fee on a direct charge on a connected account, or null. */
  application_fee_amount: number | null;
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
  /** `request_incremental_authorization` is present once asked for (`if_available` lets `increment_authorization` raise an uncaptured amount). */
  payment_method_options: { card: { installments: null; mandate_options: null; network: null; request_incremental_authorization?: 'if_available' | 'never'; request_three_d_secure: 'automatic' | 'any' | 'challenge' } };
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
  /** A destination charge's transfer (Charges API `transfer_data`); absent otherwise. */
  transfer?: string;
  transfer_data: { amount: number | null; destination: string } | null;
  transfer_group: string | null;
}

// ---- Charge (reference §1.2, §6.3) ----

export interface ChargeOutcome {
  network_status: 'approved_by_network' | 'declined_by_network' | 'not_sent_to_network';
  reason: string | null;
  risk_level: 'normal' | 'elevated' | 'highest';
  risk_score: number;
  rule?: string;
  seller_message: string;
  type: 'authorized' | 'issuer_declined' | 'blocked';
}

export interface ThreeDSecureDetails {
  authentication_flow: 'challenge';
  result: 'authenticated';
  result_reason: null;
  version: '2.2.0';
}

export interface ChargeCardDetails {
  amount_authorized: number | null;
  brand: string;
  /** Present only while the authorization awaits capture: when it expires (Unix seconds). */
  capture_before?: number;
  checks: PaymentMethodCard['checks'];
  country: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: string;
  /** Whether `increment_authorization` may raise this authorization. */
  incremental_authorization: { status: 'available' | 'unavailable' };
  last4: string;
  network: string;
  three_d_secure: ThreeDSecureDetails | null;
}

/** A Charge, as merchants receive it. */
export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: null;
  application_fee: Expandable<ApplicationFee> | null;
  application_fee_amount: number | null;
  balance_transaction: Expandable<BalanceTransaction> | null;
  billing_details: BillingDetails;
  calculated_statement_descriptor: string;
  captured: boolean;
  created: number;
  currency: string;
  customer: Expandable<Customer> | null;
  description: string | null;
  disputed: boolean;
  failure_balance_transaction: null;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: { stripe_report?: 'fraudulent'; user_report?: 'fraudulent' | 'safe' };
  livemode: boolean;
  metadata: Record<string, string>;
  on_behalf_of: null;
  outcome: ChargeOutcome;
  paid: boolean;
  payment_intent: Expandable<PaymentIntent> | null;
  payment_method: string;
  payment_method_details: { card: ChargeCardDetails; type: 'card' };
  receipt_email: string | null;
  receipt_number: null;
  refunded: boolean;
  review: null;
  shipping: PaymentIntent['shipping'];
  /** The card a Charges API request paid with a `tok_*` token; null for PaymentMethods. */
  source: SourceCard | null;
  source_transfer: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: 'succeeded' | 'failed' | 'pending';
  /** A destination charge's transfer (Charges API `transfer_data`); absent otherwise. */
  transfer?: string;
  transfer_data: { amount: number | null; destination: string } | null;
  transfer_group: string | null;
}
