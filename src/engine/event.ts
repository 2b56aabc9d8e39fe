/**
 * The Event object and the list of event types: plain data, apart from the event log so that the
 * request context can name an event without importing the log.
 */
import type { Row } from './store.js';

/** The event types of the resources in scope (reference §10.2). */
export const EVENT_TYPES = [
  'account.external_account.created',
  'account.external_account.deleted',
  'account.external_account.updated',
  'account.updated',
  'balance.available',
  'charge.captured',
  'charge.dispute.closed',
  'charge.dispute.created',
  'charge.dispute.funds_reinstated',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.updated',
  'charge.expired',
  'charge.failed',
  'charge.pending',
  'charge.refund.updated',
  'charge.refunded',
  'charge.succeeded',
  'charge.updated',
  'customer.created',
  'customer.deleted',
  'customer.updated',
  'payment_intent.amount_capturable_updated',
  'payment_intent.canceled',
  'payment_intent.created',
  'payment_intent.payment_failed',
  'payment_intent.processing',
  'payment_intent.requires_action',
  'payment_intent.succeeded',
  'payment_method.attached',
  'payment_method.detached',
  'payment_method.updated',
  'payout.canceled',
  'payout.created',
  'payout.failed',
  'payout.paid',
  'payout.updated',
  'radar.early_fraud_warning.created',
  'refund.created',
  'refund.failed',
  'refund.updated',
  'setup_intent.canceled',
  'setup_intent.created',
  'setup_intent.requires_action',
  'setup_intent.setup_failed',
  'setup_intent.succeeded',
  'test_helpers.test_clock.advancing',
  'test_helpers.test_clock.created',
  'test_helpers.test_clock.deleted',
  'test_helpers.test_clock.internal_failure',
  'test_helpers.test_clock.ready',
  'transfer.created',
  'transfer.reversed',
  'transfer.updated',
] as const;

/** Every event type the simulator emits. */
export type EventType = (typeof EVENT_TYPES)[number];

/** An Event as merchants receive it (reference §10.1). */
export interface OnerwayEvent {
  id: string;
  object: 'event';
  /** The connected account the event happened on (only on a connected account's events). */
  account?: string;
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: boolean;
  pending_webhooks: number;
  request: { readonly id: string | null; readonly idempotency_key: string | null };
  type: string;
}

/** An event as the store keeps it: a row whose `object` is the Event. */
export type EventRow = Row<OnerwayEvent>;
