/**
 * The event log. Every state change records an Event in its data set, at the moment of the
 * change, holding the object as it then was (stored objects are immutable, so no copy is needed).
 */
import type { Row } from './store.js';
import { collectionKey } from './store.js';
import type { RequestContext } from './context.js';
import { listFields, type ListObject } from './list.js';
import { findOrThrow, listOf } from './lookup.js';
import { resourceMissing } from './errors.js';
import { array, string, type Params } from './params.js';
import { route } from './routes.js';
import { renderForVersion, type ApiVersion } from './versions.js';
import { scheduleDeliveries } from './resources/webhook-endpoints.js';

/** The event types of the resources in scope (reference §10.2). */
export const EVENT_TYPES = [
  'balance.available',
  'charge.captured',
  'charge.dispute.created',
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
  'refund.created',
  'refund.failed',
  'refund.updated',
  'test_helpers.test_clock.advancing',
  'test_helpers.test_clock.created',
  'test_helpers.test_clock.deleted',
  'test_helpers.test_clock.internal_failure',
  'test_helpers.test_clock.ready',
  'transfer.created',
  'transfer.reversed',
  'transfer.updated',
] as const;

/** Events are kept 30 days of simulated time (reference §10.1). */
export const EVENT_RETENTION_SECONDS = 30 * 86_400;

/** An Event as merchants receive it (reference §10.1). */
export interface OnerwayEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: boolean;
  pending_webhooks: number;
  request: { readonly id: string | null; readonly idempotency_key: string | null };
  type: string;
}

export type EventRow = Row<OnerwayEvent>;
export const EVENTS = collectionKey<EventRow>('events');

/** Records an event of `type` about `object` (and, for `*.updated`, the attributes it had). */
export function recordEvent(
  ctx: RequestContext,
  type: string,
  object: unknown,
  previousAttributes?: Record<string, unknown>,
): OnerwayEvent {
  const id = ctx.ids.next('evt');
  const event: OnerwayEvent = {
    id,
    object: 'event',
    api_version: ctx.accountApiVersion,
    created: ctx.now,
    data: previousAttributes ? { object, previous_attributes: previousAttributes } : { object },
    livemode: ctx.data.mode === 'live',
    pending_webhooks: 0,
    request: ctx.eventRequest,
    type,
  };
  event.pending_webhooks = scheduleDeliveries(ctx, event);
  ctx.data.collection(EVENTS).add({ id: event.id, created: event.created, seq: ctx.nextSeq(), object: event });
  ctx.onEvent?.(event);
  return event;
}

/**
 * `previous_attributes` of an update: for each changed top-level key, its old value; nested
 * hashes (metadata, address…) list only their changed keys, a key that did not exist as null.
 */
export function previousAttributes(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(after)) {
    const diff = diffValue(before[key], after[key]);
    if (diff !== NO_CHANGE) (out ??= {})[key] = diff;
  }
  return out;
}

const NO_CHANGE = Symbol('no change');

function diffValue(old: unknown, now: unknown): unknown {
  if (old === now) return NO_CHANGE;
  const isHash = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isHash(old) && isHash(now)) {
    let out: Record<string, unknown> | undefined;
    for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
      const d = diffValue(old[key], now[key]);
      if (d !== NO_CHANGE) (out ??= {})[key] = old[key] ?? null;
    }
    return out ?? NO_CHANGE;
  }
  if (JSON.stringify(old) === JSON.stringify(now)) return NO_CHANGE;
  return old === undefined ? null : old;
}

// ---- The Events API ----

function visible(ctx: RequestContext, event: OnerwayEvent): boolean {
  return ctx.now - event.created < EVENT_RETENTION_SECONDS;
}

/** An event as the API shows it: rendered in its own `api_version`. */
function render(ctx: RequestContext, event: OnerwayEvent): OnerwayEvent {
  return renderForVersion(event, event.api_version as ApiVersion, ctx) as OnerwayEvent;
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): OnerwayEvent {
  const row = findOrThrow(ctx, EVENTS, path['id']!, 'event', 'id', 404);
  // Past its 30 days an event is gone, as in the API.
  if (!visible(ctx, row.object)) throw resourceMissing('event', row.id, 'id', { status: 404 });
  return render(ctx, row.object);
}

/** `charge.*` matches every charge event; without `*` the type must be equal. */
function typeMatcher(pattern: string): (type: string) => boolean {
  if (!pattern.includes('*')) return (type) => type === pattern;
  const re = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (type) => re.test(type);
}

const listEventFields = { ...listFields, type: string(), types: array(string(), { maxItems: 20 }) } as const;

function list(ctx: RequestContext, p: Params<typeof listEventFields>): ListObject<OnerwayEvent> {
  const one = p.type === undefined ? undefined : typeMatcher(p.type);
  const any = p.types?.map(typeMatcher);
  // Only the last 30 days: the window starts after the retention horizon.
  const created = { ...p.created, gt: Math.max(p.created?.gt ?? -Infinity, ctx.now - EVENT_RETENTION_SECONDS) };
  return listOf(ctx, EVENTS, { ...p, created }, {
    noun: 'event',
    url: '/v1/events',
    filter: ({ object: { type } }) => (one === undefined || one(type)) && (any === undefined || any.some((m) => m(type))),
    render: (row) => render(ctx, row.object),
  });
}

export const eventRoutes = [
  route({ method: 'GET', path: '/v1/events', fields: listEventFields, handler: list, returns: 'event', list: true }),
  route({ method: 'GET', path: '/v1/events/:id', fields: {}, handler: retrieve, returns: 'event' }),
];
