/**
 * `onerway-sim trigger <event>` and `POST /v1/test_helpers/events/trigger`: makes an event happen
 * from real state, as the Stripe CLI's `trigger` does, by making the API calls that cause it
 * (creating what they need). Every event of the recipe's calls is recorded and delivered, so a
 * handler sees the same sequence a real payment produces.
 */
import type { TriggerableEvent } from './engine/resources/simulator-powers.js';
import { apiCaller } from './fixtures.js';
import type { WireRequest, WireResponse } from './wire/types.js';

/** An API call as the account; `alsoAccept` is a status the recipe expects besides 200. */
type Call = <T>(method: string, path: string, body?: unknown, alsoAccept?: number) => T;
type Recipe = (call: Call) => void;

interface Created {
  id: string;
  latest_charge?: string;
}

const pay = (call: Call, card = 'pm_card_visa', extra: object = {}) =>
  call<Created>('POST', '/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: card, confirm: true, ...extra });

const customer = (call: Call) => call<Created>('POST', '/v1/customers', { email: 'trigger@example.com', name: 'Triggered Customer' });

/** The calls that make each event type of `TRIGGERABLE_EVENTS` happen. */
const TRIGGERS: Readonly<Record<TriggerableEvent, Recipe>> = {
  'customer.created': (call) => void customer(call),
  'customer.updated': (call) => void call('POST', `/v1/customers/${customer(call).id}`, { metadata: { triggered: 'yes' } }),
  'customer.deleted': (call) => void call('DELETE', `/v1/customers/${customer(call).id}`),
  'payment_method.attached': (call) => void call('POST', '/v1/payment_methods/pm_card_visa/attach', { customer: customer(call).id }),
  'payment_method.detached': (call) => {
    const pm = call<Created>('POST', '/v1/payment_methods/pm_card_visa/attach', { customer: customer(call).id });
    call('POST', `/v1/payment_methods/${pm.id}/detach`);
  },
  'payment_intent.created': (call) => void call('POST', '/v1/payment_intents', { amount: 2000, currency: 'usd' }),
  'payment_intent.succeeded': (call) => void pay(call),
  'charge.succeeded': (call) => void pay(call),
  'payment_intent.payment_failed': (call) => {
    const pi = call<Created>('POST', '/v1/payment_intents', { amount: 2000, currency: 'usd' });
    call('POST', `/v1/payment_intents/${pi.id}/confirm`, { payment_method: 'pm_card_visa_chargeDeclined' }, 402);
  },
  'charge.failed': (call) => TRIGGERS['payment_intent.payment_failed']!(call),
  'payment_intent.requires_action': (call) => void pay(call, 'pm_card_threeDSecure2Required'),
  'payment_intent.amount_capturable_updated': (call) => void pay(call, 'pm_card_visa', { capture_method: 'manual' }),
  'charge.captured': (call) => void call('POST', `/v1/payment_intents/${pay(call, 'pm_card_visa', { capture_method: 'manual' }).id}/capture`),
  'payment_intent.canceled': (call) => void call('POST', `/v1/payment_intents/${call<Created>('POST', '/v1/payment_intents', { amount: 2000, currency: 'usd' }).id}/cancel`),
  'charge.refunded': (call) => void call('POST', '/v1/refunds', { payment_intent: pay(call).id }),
  'refund.created': (call) => void call('POST', '/v1/refunds', { payment_intent: pay(call).id }),
  'charge.dispute.created': (call) => void pay(call, 'pm_card_createDispute'),
  'transfer.created': (call) => {
    pay(call, 'pm_card_bypassPending', { amount: 10_000 });
    const account = call<Created>('POST', '/v1/accounts', { type: 'custom' });
    call('POST', '/v1/transfers', { amount: 1000, currency: 'usd', destination: account.id });
  },
};

/** Makes `event` happen; answers with the objects' and events' ids, for the caller to follow. */
export function trigger(send: (req: WireRequest) => WireResponse, secretKey: string, event: TriggerableEvent): { object: 'test_helpers.trigger'; event: string; id: string | null } {
  const recipe = TRIGGERS[event];
  const call: Call = apiCaller(send, secretKey, `trigger ${event}`);
  recipe(call);
  const newest = call<{ data: Array<{ id: string }> }>('GET', `/v1/events?type=${event}&limit=1`);
  return { object: 'test_helpers.trigger', event, id: newest.data[0]?.id ?? null };
}
