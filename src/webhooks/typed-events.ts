/**
 * Events typed by their `type`: `event.data.object` is a PaymentIntent for `payment_intent.*`, a
 * Charge for `charge.*`, and so on, so a webhook handler needs no cast. A discriminated union over
 * every event type the simulator emits (`EVENT_TYPES`).
 */
import type { EventType, OnerwayEvent } from '../engine/event.js';
import type { Balance } from '../engine/resources/balance.js';
import type { Dispute } from '../engine/resources/disputes/object.js';
import type { EarlyFraudWarning } from '../engine/resources/disputes/early-fraud-warnings.js';
import type { Payout } from '../engine/resources/payouts/object.js';
import type { ExternalAccount } from '../engine/resources/payouts/external-accounts.js';
import type { Account } from '../engine/resources/accounts.js';
import type { Charge, Customer, PaymentIntent, PaymentMethod } from '../engine/resources/objects.js';
import type { Refund } from '../engine/resources/refunds.js';
import type { SetupIntent } from '../engine/resources/setup-intents/object.js';
import type { TestClock } from '../engine/resources/test-clocks.js';
import type { Transfer } from '../engine/resources/transfers.js';

/** The object each event type carries in `data.object`. */
export interface EventObjects {
  'account.external_account.created': ExternalAccount;
  'account.external_account.deleted': ExternalAccount;
  'account.external_account.updated': ExternalAccount;
  'account.updated': Account;
  'balance.available': Balance;
  'charge.captured': Charge;
  'charge.dispute.closed': Dispute;
  'charge.dispute.created': Dispute;
  'charge.dispute.funds_reinstated': Dispute;
  'charge.dispute.funds_withdrawn': Dispute;
  'charge.dispute.updated': Dispute;
  'charge.expired': Charge;
  'charge.failed': Charge;
  'charge.pending': Charge;
  'charge.refund.updated': Refund;
  'charge.refunded': Charge;
  'charge.succeeded': Charge;
  'charge.updated': Charge;
  'customer.created': Customer;
  'customer.deleted': Customer;
  'customer.updated': Customer;
  'payment_intent.amount_capturable_updated': PaymentIntent;
  'payment_intent.canceled': PaymentIntent;
  'payment_intent.created': PaymentIntent;
  'payment_intent.payment_failed': PaymentIntent;
  'payment_intent.processing': PaymentIntent;
  'payment_intent.requires_action': PaymentIntent;
  'payment_intent.succeeded': PaymentIntent;
  'payment_method.attached': PaymentMethod;
  'payment_method.detached': PaymentMethod;
  'payment_method.updated': PaymentMethod;
  'payout.canceled': Payout;
  'payout.created': Payout;
  'payout.failed': Payout;
  'payout.paid': Payout;
  'payout.updated': Payout;
  'radar.early_fraud_warning.created': EarlyFraudWarning;
  'refund.created': Refund;
  'refund.failed': Refund;
  'refund.updated': Refund;
  'setup_intent.canceled': SetupIntent;
  'setup_intent.created': SetupIntent;
  'setup_intent.requires_action': SetupIntent;
  'setup_intent.setup_failed': SetupIntent;
  'setup_intent.succeeded': SetupIntent;
  'test_helpers.test_clock.advancing': TestClock;
  'test_helpers.test_clock.created': TestClock;
  'test_helpers.test_clock.deleted': TestClock;
  'test_helpers.test_clock.internal_failure': TestClock;
  'test_helpers.test_clock.ready': TestClock;
  'transfer.created': Transfer;
  'transfer.reversed': Transfer;
  'transfer.updated': Transfer;
}

/** An event of type `T` (or, by default, of any type: narrow it with `event.type`). */
export type TypedEvent<T extends EventType = EventType> = {
  [K in T]: Omit<OnerwayEvent, 'type' | 'data'> & {
    type: K;
    data: { object: EventObjects[K]; previous_attributes?: Partial<EventObjects[K]> & Record<string, unknown> };
  };
}[T];

/** The answer of `GET /v1/events`: a page of typed events (`(await sim.fetch(…)).json() as EventList`). */
export interface EventList {
  object: 'list';
  data: TypedEvent[];
  has_more: boolean;
  url: string;
}

/** Reads an event the simulator recorded as the typed event it is. */
export function typed(event: OnerwayEvent): TypedEvent {
  return event as unknown as TypedEvent;
}

// Every event type has an object: a type error here means EVENT_TYPES grew without EventObjects.
type Assert<T extends true> = T;
export type EveryEventTypeIsTyped = Assert<[Exclude<EventType, keyof EventObjects>] extends [never] ? true : false>;
