/**
 * The event log. Every state change records an Event in its data set, at the moment of the
 * change, holding the object as it then was (stored objects are immutable, so no copy is needed).
 * The log keeps its events in columns (event-log.ts).
 */
import { collectionKey, type DataSet } from './store.js';
import { EventLog } from './event-log.js';
import { EVENT_ID_PREFIX } from './event-row.js';
import { ID_NUMBERS, idFromDigits } from './ids.js';
import type { RequestContext } from './context.js';
import type { EventRow } from './event.js';

export { EVENT_TYPES, type EventRow, type EventType, type OnerwayEvent } from './event.js';

/** Events are kept 30 days of simulated time (reference §10.1). */
export const EVENT_RETENTION_SECONDS = 30 * 86_400;

export const EVENTS = collectionKey<EventRow>('events', (data) => new EventLog(data.mode === 'live', data.account));

function logOf(data: DataSet): EventLog {
  return data.collection(EVENTS) as EventLog;
}

/** The id of the event being recorded, packed (`idDigits`): recording is synchronous. */
const PACKED: number[] = new Array<number>(ID_NUMBERS).fill(0);
const spelledId = (): string => idFromDigits(EVENT_ID_PREFIX, PACKED, 0);

/** An event recorded in this request, for `restateEvent`. */
export type RecordedEvent = number & { readonly __recordedEvent?: never };

/**
 * Records an event of `type` about `object` (and, for `*.updated`, the attributes it had).
 * Returns a handle on it, for `restateEvent`.
 */
export function recordEvent(ctx: RequestContext, type: string, object: unknown, previousAttributes?: Record<string, unknown>): RecordedEvent {
  return record(ctx, type, object, previousAttributes, undefined);
}

/**
 * Restates an event recorded earlier in this request against the current version of its
 * subject (a PaymentIntent created and confirmed at once: `payment_intent.created` keeps the
 * confirmed PaymentIntent and the few attributes it had before, rather than a second copy).
 * What the event says does not change.
 */
export function restateEvent(ctx: RequestContext, event: RecordedEvent, newer: object): void {
  logOf(ctx.data).restate(event, newer);
}

/** One of event `eventId`'s webhook deliveries has succeeded: its `pending_webhooks` is one lower. */
export function markDelivered(data: DataSet, eventId: string): void {
  logOf(data).delivered(eventId);
}

/**
 * Records an event about `object` as it was before `asWas` changed within the same request (a
 * charge announced before its balance transaction was linked): the event keeps the newer object
 * and those attributes, not a second copy of the whole object.
 */
export function recordEventAsWas(ctx: RequestContext, type: string, object: object, asWas: Readonly<Record<string, unknown>>): void {
  record(ctx, type, object, undefined, asWas);
}

function record(
  ctx: RequestContext,
  type: string,
  subject: unknown,
  previousAttributes: Record<string, unknown> | undefined,
  asWas: Readonly<Record<string, unknown>> | undefined,
): RecordedEvent {
  // The id's draws, without the string: the log keeps the id packed, and spells it only if asked.
  ctx.ids.nextPacked(PACKED, 0);
  ctx.coverage?.emitted.add(type);
  const pendingWebhooks = ctx.hooks.scheduleDeliveries(ctx, spelledId, type);
  const log = logOf(ctx.data);
  const seq = ctx.nextSeq();
  log.append(PACKED, {
    created: ctx.now,
    seq,
    type,
    subject,
    previousAttributes,
    asWas,
    requestId: ctx.requestId,
    idempotencyKey: ctx.idempotencyKey,
    apiVersion: ctx.accountApiVersion,
    pendingWebhooks,
  });
  ctx.onEvent?.(() => log.rowOfSeq(seq)!);
  return seq;
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
