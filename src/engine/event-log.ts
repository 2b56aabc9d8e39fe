/**
 * Where the event log keeps its events: columns, one per field, not one object per event. A
 * simulator records several events per request and keeps them for 30 simulated days, and every
 * object (or string) a simulator keeps is copied and traced by the garbage collector on the
 * requests that follow: in a long-running simulator the events' objects and id strings were the
 * largest part of what a payment cost (docs/decisions.md, "Events are kept in columns"). The
 * columns hold what an event points at (its subject, type and request) and small integers: an id
 * is kept as the numbers `idDigits` packs it into. Columns come in chunks allocated whole
 * (event-chunks.ts), so an append never copies one. Rows are built when read (event-row.ts).
 */
import { Collection } from './store.js';
import type { OrderedIndex } from './list.js';
import { Chunk, chunkOf, FIRST_SIZES, SIZE, startOf } from './event-chunks.js';
import { ID_NUMBERS, idDigits } from './ids.js';
import { EVENT_ID_PREFIX, EventOrder, EventView, fieldsOf, type EventFields } from './event-row.js';
import type { EventRow } from './event.js';

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
 * The attributes a restatement kept last, frozen: the next one that would keep the same keys and
 * values keeps these instead (every PaymentIntent created and confirmed at once the same way keeps
 * the same few attributes: one object for all of them rather than one each).
 */
let lastAsWas: Readonly<Record<string, unknown>> = NOTHING_CHANGED;
function sameAsLast(asWas: Record<string, unknown>): Readonly<Record<string, unknown>> {
  const last = lastAsWas;
  let count = 0;
  for (const key in asWas) {
    if (!Object.hasOwn(last, key) || last[key] !== asWas[key]) return (lastAsWas = Object.freeze(asWas));
    count++;
  }
  for (const _key in last) count--;
  return count === 0 ? last : (lastAsWas = Object.freeze(asWas));
}

/** How many of the last events a lookup checks before it indexes them all. */
const RECENT = 8;

/** The id a lookup looks for, packed (lookups are synchronous: one buffer serves them all). */
const WANTED: number[] = new Array<number>(ID_NUMBERS).fill(0);

/** The events of one data set, oldest first (by created, then seq). */
export class EventLog extends Collection<EventRow> {
  private chunks: Chunk[] = [];
  private count = 0;
  /** First packed number of an id → its position (or positions); built when a lookup needs it. */
  private positions = new Map<number, number | number[]>();
  private indexed = 0;
  override readonly order: OrderedIndex<EventRow> = new EventOrder(this);

  constructor(
    private readonly livemode: boolean,
    private readonly account: string | null,
  ) {
    super();
  }

  override get size(): number {
    return this.count;
  }

  /** Records an event whose id is `packed[0…]` (`idDigits`). */
  append(packed: readonly number[], f: EventFields): void {
    const n = this.count;
    if (n > 0 && !this.before(n - 1, f.created, f.seq)) {
      this.insertOutOfOrder(packed, f);
      return;
    }
    const k = chunkOf(n);
    if (k === this.chunks.length) this.chunks.push(new Chunk(FIRST_SIZES[k] ?? SIZE));
    const c = this.chunks[k]!;
    const i = n - startOf(k);
    for (let g = 0; g < ID_NUMBERS; g++) c.digits[i * ID_NUMBERS + g] = packed[g]!;
    c.createds[i] = f.created;
    c.seqs[i] = f.seq;
    c.types[i] = f.type;
    c.subjects[i] = f.subject;
    c.previous[i] = f.previousAttributes;
    c.asWas[i] = f.asWas;
    c.requestIds[i] = f.requestId;
    c.keys[i] = f.idempotencyKey;
    c.versions[i] = f.apiVersion;
    c.pending[i] = f.pendingWebhooks;
    this.count = n + 1;
  }

  /** The row at a position, as it is now. */
  rowAt(at: number): EventRow {
    const k = chunkOf(at);
    const c = this.chunks[k]!;
    const i = at - startOf(k);
    const fields: EventFields = {
      created: c.createds[i]!,
      seq: c.seqs[i]!,
      type: c.types[i]!,
      subject: c.subjects[i],
      previousAttributes: c.previous[i],
      asWas: c.asWas[i],
      requestId: c.requestIds[i]!,
      idempotencyKey: c.keys[i]!,
      apiVersion: c.versions[i]!,
      pendingWebhooks: c.pending[i]!,
    };
    return new EventView(fields, c.digits.slice(i * ID_NUMBERS, (i + 1) * ID_NUMBERS), this.livemode, this.account);
  }

  /** The row of the event whose sequence number is `seq`, or undefined. */
  rowOfSeq(seq: number): EventRow | undefined {
    const at = this.positionOfSeq(seq);
    return at < 0 ? undefined : this.rowAt(at);
  }

  override get(id: string): EventRow | undefined {
    const at = this.positionOf(id);
    return at < 0 ? undefined : this.rowAt(at);
  }

  override add(row: EventRow): void {
    if (!idDigits(row.id, EVENT_ID_PREFIX, WANTED, 0)) throw new Error(`onerway-sim: an event id is evt_ and 24 base62 characters, not ${row.id}`);
    this.append(WANTED.slice(), fieldsOf(row));
  }

  override put(row: EventRow): void {
    const at = this.positionOf(row.id);
    if (at < 0) return;
    const f = fieldsOf(row);
    this.write(at, (c, i) => {
      c.types[i] = f.type;
      c.subjects[i] = f.subject;
      c.previous[i] = f.previousAttributes;
      c.asWas[i] = undefined;
      c.requestIds[i] = f.requestId;
      c.keys[i] = f.idempotencyKey;
      c.versions[i] = f.apiVersion;
      c.pending[i] = f.pendingWebhooks;
    });
  }

  /**
   * The event of sequence number `seq` restated against `newer`, a later version of its subject
   * with the same keys in the same order: it keeps `newer` and the attributes whose values
   * differ, so the earlier version is not kept for this event alone. What the event says does
   * not change. Nothing happens when the shapes differ (or it is restated, or says what changed).
   */
  restate(seq: number, newer: object): void {
    const at = this.positionOfSeq(seq);
    if (at < 0) return;
    this.write(at, (c, i) => {
      const subject = c.subjects[i];
      if (c.asWas[i] !== undefined || c.previous[i] !== undefined || subject === newer || typeof subject !== 'object' || subject === null) return;
      const was = subject as Record<string, unknown>;
      const now = newer as Record<string, unknown>;
      const count = readKeys(was);
      let asWas: Record<string, unknown> | undefined;
      let k = 0;
      for (const key in now) {
        if (k === count || KEYS[k++] !== key) return;
        if (was[key] !== now[key]) (asWas ??= {})[key] = was[key];
      }
      if (k !== count) return;
      c.subjects[i] = newer;
      c.asWas[i] = asWas ? sameAsLast(asWas) : NOTHING_CHANGED;
    });
  }

  /** One of event `id`'s webhook deliveries has succeeded: its `pending_webhooks` one lower. */
  delivered(id: string): void {
    const at = this.positionOf(id);
    if (at >= 0) this.write(at, (c, i) => (c.pending[i] = Math.max(0, c.pending[i]! - 1)));
  }

  override clone(): EventLog {
    const copy = new EventLog(this.livemode, this.account);
    copy.chunks = this.chunks.map((c) => new Chunk(0, c));
    copy.count = this.count;
    return copy;
  }

  /** First position whose event is not before (created, seq). */
  lowerBound(created: number, seq: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.before(mid, created, seq)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether the event at `at` comes before (created, seq). */
  private before(at: number, created: number, seq: number): boolean {
    const k = chunkOf(at);
    const c = this.chunks[k]!;
    const i = at - startOf(k);
    const mine = c.createds[i]!;
    return mine < created || (mine === created && c.seqs[i]! < seq);
  }

  private write(at: number, change: (c: Chunk, i: number) => void): void {
    const k = chunkOf(at);
    change(this.chunks[k]!, at - startOf(k));
  }

  /** Where event `id` is, or -1. */
  private positionOf(id: string): number {
    if (!idDigits(id, EVENT_ID_PREFIX, WANTED, 0)) return -1;
    const n = this.count;
    for (let at = n - 1; at >= Math.max(0, n - RECENT); at--) if (this.isAt(at)) return at;
    for (; this.indexed < n; this.indexed++) {
      const k = chunkOf(this.indexed);
      const key = this.chunks[k]!.digits[(this.indexed - startOf(k)) * ID_NUMBERS]!;
      const there = this.positions.get(key);
      if (there === undefined) this.positions.set(key, this.indexed);
      else if (typeof there === 'number') this.positions.set(key, [there, this.indexed]);
      else there.push(this.indexed);
    }
    const there = this.positions.get(WANTED[0]!);
    if (there === undefined) return -1;
    if (typeof there === 'number') return this.isAt(there) ? there : -1;
    for (const at of there) if (this.isAt(at)) return at;
    return -1;
  }

  /** Where the event of sequence number `seq` is (one of the last ones, as a rule), or -1. */
  private positionOfSeq(seq: number): number {
    for (let at = this.count - 1; at >= 0; at--) {
      const k = chunkOf(at);
      if (this.chunks[k]!.seqs[at - startOf(k)] === seq) return at;
    }
    return -1;
  }

  /** Whether the id in `WANTED` is the one at position `at`. */
  private isAt(at: number): boolean {
    const k = chunkOf(at);
    const d = this.chunks[k]!.digits;
    const from = (at - startOf(k)) * ID_NUMBERS;
    for (let g = 0; g < ID_NUMBERS; g++) if (d[from + g] !== WANTED[g]) return false;
    return true;
  }

  /** An event that sorts before the last one (rare): the events after it are appended again. */
  private insertOutOfOrder(packed: readonly number[], f: EventFields): void {
    const at = this.lowerBound(f.created, f.seq);
    const moved: { packed: number[]; fields: EventFields }[] = [];
    for (let j = at; j < this.count; j++) {
      const row = this.rowAt(j) as EventView;
      moved.push({ packed: row.packedId(), fields: row.recorded() });
    }
    this.count = at;
    this.positions = new Map();
    this.indexed = 0;
    this.append(packed, f);
    for (const m of moved) this.append(m.packed, m.fields);
  }
}
