/**
 * The event log. Every state change records an Event in its data set, at the moment of the
 * change, holding the object as it then was (stored objects are immutable, so no copy is needed).
 */
import type { Row } from './store.js';
import { collectionKey } from './store.js';
import type { RequestContext } from './context.js';
import type { OnerwayEvent } from './event.js';

export { EVENT_TYPES, type EventType, type OnerwayEvent } from './event.js';

/** Events are kept 30 days of simulated time (reference §10.1). */
export const EVENT_RETENTION_SECONDS = 30 * 86_400;

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
  let event: OnerwayEvent = {
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
  // A connected account's event names the account, after `object` as the live API shows it.
  const account = ctx.data.account;
  if (account !== null) event = Object.assign({ id, object: 'event' as const, account }, event);
  ctx.coverage?.emitted.add(type);
  event.pending_webhooks = ctx.hooks.scheduleDeliveries(ctx, event);
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
