/**
 * The event log. Every state change records an Event in its data set, at the moment of the
 * change, holding the object as it then was (stored objects are immutable, so no copy is needed).
 */
import { collectionKey } from './store.js';
import type { RequestContext } from './context.js';
import type { EventRow, OnerwayEvent } from './event.js';

export { EVENT_TYPES, type EventRow, type EventType, type OnerwayEvent } from './event.js';

/** Events are kept 30 days of simulated time (reference §10.1). */
export const EVENT_RETENTION_SECONDS = 30 * 86_400;

export const EVENTS = collectionKey<EventRow>('events');

/**
 * A recorded event as the store keeps it: what the event says, in one object. The public Event
 * (with its `data` hash) is built each time it is read — most events never are, and every object
 * a simulator keeps is copied and traced by the garbage collector on the requests that follow
 * (docs/decisions.md, "Events are built when read").
 */
class StoredEvent implements EventRow {
  constructor(
    readonly id: string,
    readonly created: number,
    readonly seq: number,
    private readonly type: string,
    private readonly subject: unknown,
    private readonly previousAttributes: Record<string, unknown> | undefined,
    /** Attributes the subject had when the event happened, where it has changed since (see `recordEventAsWas`). */
    private readonly asWas: Readonly<Record<string, unknown>> | undefined,
    private readonly requestId: string | null,
    private readonly idempotencyKey: string | null,
    private readonly apiVersion: string,
    private readonly livemode: boolean,
    private readonly account: string | null,
    private readonly pendingWebhooks: number,
  ) {}

  /** The Event, in the live API's field order (a connected account's names it after `object`). */
  get object(): OnerwayEvent {
    // Spread then overwritten: the keys keep the subject's order, as the object had them then.
    const object = this.asWas ? { ...(this.subject as object), ...this.asWas } : this.subject;
    const data = this.previousAttributes ? { object, previous_attributes: this.previousAttributes } : { object };
    const { id, created, type, livemode } = this;
    const request = { id: this.requestId, idempotency_key: this.idempotencyKey };
    const api_version = this.apiVersion;
    const pending_webhooks = this.pendingWebhooks;
    if (this.account === null) return { id, object: 'event', api_version, created, data, livemode, pending_webhooks, request, type };
    return { id, object: 'event', account: this.account, api_version, created, data, livemode, pending_webhooks, request, type };
  }

  /**
   * This event restated against `newer`, a later version of its subject with the same keys in
   * the same order: it keeps `newer` and the attributes whose values differ, so the earlier
   * version is not kept for this event alone. Undefined when the shapes differ (or it already is).
   */
  restatedAgainst(newer: object): StoredEvent | undefined {
    const subject = this.subject;
    if (this.asWas !== undefined || this.previousAttributes !== undefined || subject === newer || typeof subject !== 'object' || subject === null) return undefined;
    const was = subject as Record<string, unknown>;
    const now = newer as Record<string, unknown>;
    const count = readKeys(was);
    let asWas: Record<string, unknown> | undefined;
    let i = 0;
    for (const key in now) {
      if (i === count || KEYS[i++] !== key) return undefined;
      if (was[key] !== now[key]) (asWas ??= {})[key] = was[key];
    }
    if (i !== count) return undefined;
    return this.copy(newer, asWas ?? NOTHING_CHANGED, this.pendingWebhooks);
  }

  /** This event once one of its webhook deliveries has succeeded: `pending_webhooks` one lower. */
  deliveredOnce(): StoredEvent {
    return this.copy(this.subject, this.asWas, Math.max(0, this.pendingWebhooks - 1));
  }

  /** The same event with another subject, attributes as it was, or count of pending deliveries. */
  private copy(subject: unknown, asWas: Readonly<Record<string, unknown>> | undefined, pendingWebhooks: number): StoredEvent {
    return new StoredEvent(
      this.id,
      this.created,
      this.seq,
      this.type,
      subject,
      this.previousAttributes,
      asWas,
      this.requestId,
      this.idempotencyKey,
      this.apiVersion,
      this.livemode,
      this.account,
      pendingWebhooks,
    );
  }

  /** What a dump of the store shows: the row as every other collection's, with its Event. */
  toJSON(): { id: string; created: number; seq: number; object: OnerwayEvent } {
    return { id: this.id, created: this.created, seq: this.seq, object: this.object };
  }
}

const NOTHING_CHANGED: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * The keys of the object `readKeys` read last, in order, in its first `count` places: one array
 * reused from call to call, where `Object.keys` would allocate a 40-entry array for every
 * PaymentIntent confirmed at once. Entries past the count are left over from earlier calls.
 */
const KEYS: string[] = [];
function readKeys(object: object): number {
  let count = 0;
  for (const key in object) KEYS[count++] = key;
  return count;
}

/**
 * Records an event of `type` about `object` (and, for `*.updated`, the attributes it had).
 * Returns the stored row, for `restateEvent`.
 */
export function recordEvent(ctx: RequestContext, type: string, object: unknown, previousAttributes?: Record<string, unknown>): EventRow {
  return record(ctx, type, object, previousAttributes, undefined);
}

/**
 * Restates an event recorded earlier in this request against the current version of its
 * subject (a PaymentIntent created and confirmed at once: `payment_intent.created` keeps the
 * confirmed PaymentIntent and the few attributes it had before, rather than a second copy).
 * What the event says does not change.
 */
export function restateEvent(ctx: RequestContext, row: EventRow, newer: object): void {
  if (!(row instanceof StoredEvent)) return;
  const events = ctx.data.collection(EVENTS);
  // The restated event says what the event said: it can wait until the answer is sent.
  ctx.later(() => {
    const restated = row.restatedAgainst(newer);
    if (restated) events.put(restated);
  });
}

/**
 * The event `row` once one of its webhook deliveries has succeeded (`pending_webhooks` one lower),
 * kept as every recorded event is: its Event built when read.
 */
export function deliveredOnce(row: EventRow): EventRow {
  if (row instanceof StoredEvent) return row.deliveredOnce();
  return { ...row, object: { ...row.object, pending_webhooks: Math.max(0, row.object.pending_webhooks - 1) } };
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
  object: unknown,
  previousAttributes: Record<string, unknown> | undefined,
  asWas: Readonly<Record<string, unknown>> | undefined,
): StoredEvent {
  const id = ctx.ids.next('evt');
  ctx.coverage?.emitted.add(type);
  const pending = ctx.hooks.scheduleDeliveries(ctx, id, type);
  const row = new StoredEvent(
    id,
    ctx.now,
    ctx.nextSeq(),
    type,
    object,
    previousAttributes,
    asWas,
    ctx.requestId,
    ctx.idempotencyKey,
    ctx.accountApiVersion,
    ctx.data.mode === 'live',
    ctx.data.account,
    pending,
  );
  ctx.data.collection(EVENTS).add(row);
  ctx.onEvent?.(row);
  return row;
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
