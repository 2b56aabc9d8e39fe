/**
 * onerway-sim: an embeddable, deterministic, in-process simulator of the Onerway payments API.
 * @packageDocumentation
 */
export {
  createSimulator,
  Simulator,
  type SimulatorOptions,
  type SimulatorClock,
  type SimulatorEvents,
  type SimulatedRequest,
  type SimulatedResponse,
  type SimulatorWebhooks,
  SimulatorSnapshot,
} from './simulator.js';
export type { RequestLogEntry, RequestLogFilter, RequestLogOptions } from './engine/request-log.js';
export type { RateLimit, RateLimitMode } from './engine/rate-limit.js';
export type { FetchFunction } from './adapters/fetch.js';
export { SimulatorUsageError, parseDuration, type Duration } from './engine/clock.js';
export { ApiError, type ApiErrorBody, type ApiErrorInit, type ApiErrorType, type Mode } from './engine/errors.js';
export { API_VERSIONS, DEFAULT_API_VERSION, type ApiVersion } from './engine/versions.js';
export type { Limits } from './engine/limits.js';
export { DEFAULT_LIMITS } from './engine/limits.js';
export {
  TEST_CARDS,
  DECLINES,
  type TestCard,
  type CardBrand,
  type CardFunding,
  type CheckResult,
  type Decline,
  type DeclineName,
  type ThreeDS,
} from './engine/test-cards.js';
export type { Address } from './engine/address.js';
export type { Customer, DeletedCustomer, InvoiceSettings, Shipping } from './engine/resources/customers/object.js';
export type { Expandable } from './engine/expand.js';
export type { PaymentMethod, PaymentMethodCard, BillingDetails, CheckValue } from './engine/resources/payment-methods/object.js';
export type {
  PaymentIntent,
  PaymentIntentStatus,
  PaymentError,
  NextAction,
  CaptureMethod,
  PaymentIntentShipping,
} from './engine/resources/payment-intents/object.js';
export type { Charge, ChargeOutcome, ChargeCardDetails, ThreeDSecureDetails } from './engine/resources/charges/object.js';
export type { SourceCard } from './engine/resources/charges/source-card.js';
export type { SetupIntent, SetupIntentStatus } from './engine/resources/setup-intents/object.js';
export type { SetupAttempt } from './engine/resources/setup-intents/attempts.js';
export type { CustomerBalanceTransaction } from './engine/resources/customers/balance-transactions.js';
export type { Refund } from './engine/resources/refunds.js';
export type { Balance, BalanceAmount, BalanceTransaction, BalanceTransactionType, FeeDetail } from './engine/resources/balance.js';
export type { ListObject } from './engine/list.js';
export { EVENT_TYPES, type EventType, type OnerwayEvent } from './engine/event.js';
export { constructEvent, generateTestHeader, WebhookSignatureError, SIGNATURE_HEADER, DEFAULT_TOLERANCE_SECONDS } from './webhooks/signature.js';
export type { WebhookHandler, DeliveryOptions } from './webhooks/delivery.js';
export type { EventList, EventObjects, TypedEvent } from './webhooks/typed-events.js';
export type { WebhookEndpoint } from './engine/resources/webhook-endpoints.js';
export type { WebhookAttempt } from './engine/webhook-attempts.js';
export { fault, SimulatedNetworkError, type Fault, type FaultRule, type InjectedFault, type UnmatchedFault } from './faults.js';
export type { Fixtures, FixtureSpec } from './fixtures.js';
export type { Coverage, CoverageAxis } from './coverage.js';
export type { Transfer, TransferReversal } from './engine/resources/transfers.js';
export type { Dispute, DisputeEvidence, DisputeStatus } from './engine/resources/disputes/object.js';
export type { EarlyFraudWarning } from './engine/resources/disputes/early-fraud-warnings.js';
export type { Payout, PayoutStatus } from './engine/resources/payouts/object.js';
export type { BankAccount, ExternalAccount, ExternalCard } from './engine/resources/payouts/external-accounts.js';
export type { Account, AccountSettings, PayoutSchedule } from './engine/resources/accounts.js';
export type { TestClock } from './engine/resources/test-clocks.js';
export type { Permission, PermissionResource, Permissions, RestrictedKey } from './engine/resources/restricted-keys.js';
export type { SearchResult } from './engine/resources/search.js';
export type { ApplicationFee } from './engine/resources/application-fees.js';

// The parameters of each request, as a JSON body states them (generated from the route table).
export type * from './request-params/index.js';
