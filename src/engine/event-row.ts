/**
 * A recorded event as the event log hands it out: a row whose Event is built when read, and the
 * log's order as lists walk it. The log itself keeps no object per event (event-log.ts).
 */
import { idFromDigits } from './ids.js';
import { OrderedIndex } from './list.js';
import type { EventRow, OnerwayEvent } from './event.js';

/** Event ids: `evt_` and 24 base62 characters, kept packed (`idDigits`). */
export const EVENT_ID_PREFIX = 'evt_';

/** What an event says, as recorded: one row of the log, without its id. */
export interface EventFields {
  readonly created: number;
  readonly seq: number;
  readonly type: string;
  readonly subject: unknown;
  readonly previousAttributes: Record<string, unknown> | undefined;
  /** Attributes the subject had when the event happened, where it has changed since. */
  readonly asWas: Readonly<Record<string, unknown>> | undefined;
  readonly requestId: string | null;
  readonly idempotencyKey: string | null;
  readonly apiVersion: string;
  readonly pendingWebhooks: number;
}

/** The row of one event, as it was when read. */
export class EventView implements EventRow {
  private spelled: string | undefined;

  constructor(
    private readonly fields: EventFields,
    /** The id, packed (`idDigits`): spelled out when first read. */
    private readonly packed: readonly number[],
    private readonly livemode: boolean,
    private readonly account: string | null,
  ) {}

  get id(): string {
    return (this.spelled ??= idFromDigits(EVENT_ID_PREFIX, this.packed, 0));
  }

  get created(): number {
    return this.fields.created;
  }

  get seq(): number {
    return this.fields.seq;
  }

  /** The Event, in the live API's field order (a connected account's names it after `object`). */
  get object(): OnerwayEvent {
    const f = this.fields;
    // Spread then overwritten: the keys keep the subject's order, as the object had them then.
    const object = f.asWas ? { ...(f.subject as object), ...f.asWas } : f.subject;
    const data = f.previousAttributes ? { object, previous_attributes: f.previousAttributes } : { object };
    const { id, created } = this;
    const type = f.type;
    const livemode = this.livemode;
    const request = { id: f.requestId, idempotency_key: f.idempotencyKey };
    const api_version = f.apiVersion;
    const pending_webhooks = f.pendingWebhooks;
    if (this.account === null) return { id, object: 'event', api_version, created, data, livemode, pending_webhooks, request, type };
    return { id, object: 'event', account: this.account, api_version, created, data, livemode, pending_webhooks, request, type };
  }

  /** The id, packed, and the fields: what the log needs to record this event again. */
  packedId(): number[] {
    return [...this.packed];
  }

  recorded(): EventFields {
    return this.fields;
  }

  /** What a dump of the store shows: the row as every other collection's, with its Event. */
  toJSON(): { id: string; created: number; seq: number; object: OnerwayEvent } {
    return { id: this.id, created: this.created, seq: this.seq, object: this.object };
  }
}

/** The fields of an Event built elsewhere (a row added through the collection's generic `add`). */
export function fieldsOf(row: EventRow): EventFields {
  const e = row.object;
  return {
    created: row.created,
    seq: row.seq,
    type: e.type,
    subject: e.data.object,
    previousAttributes: e.data.previous_attributes,
    asWas: undefined,
    requestId: e.request.id,
    idempotencyKey: e.request.idempotency_key,
    apiVersion: e.api_version,
    pendingWebhooks: e.pending_webhooks,
  };
}

/** What `EventOrder` reads of the log. */
export interface OrderedEvents {
  readonly size: number;
  rowAt(at: number): EventRow;
  add(row: EventRow): void;
  put(row: EventRow): void;
  lowerBound(created: number, seq: number): number;
}

/** The log's order, as lists walk an ordered index: positions are the log's own. */
export class EventOrder extends OrderedIndex<EventRow> {
  constructor(private readonly log: OrderedEvents) {
    super();
  }

  override get size(): number {
    return this.log.size;
  }

  override at(i: number): EventRow | undefined {
    return i >= 0 && i < this.log.size ? this.log.rowAt(i) : undefined;
  }

  override insert(row: EventRow): void {
    this.log.add(row);
  }

  override replace(row: EventRow): void {
    this.log.put(row);
  }

  override remove(): void {
    throw new Error('onerway-sim: events are never removed from the log');
  }

  override lowerBound(created: number, seq: number): number {
    return this.log.lowerBound(created, seq);
  }

  override firstCreatedAtLeast(created: number): number {
    return this.log.lowerBound(created, -Infinity);
  }

  override values(): readonly EventRow[] {
    const rows: EventRow[] = [];
    for (let i = 0; i < this.log.size; i++) rows.push(this.log.rowAt(i));
    return rows;
  }

  override clone(): OrderedIndex<EventRow> {
    throw new Error('onerway-sim: the event log is copied whole (EventLog.clone)');
  }
}
