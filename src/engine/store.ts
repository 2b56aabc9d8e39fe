/**
 * The in-memory store. Each mode (test, live) has its own DataSet; collections inside it are
 * created on first use, so a fresh simulator allocates almost nothing.
 *
 * Stored objects are never mutated: an update stores a new object. That makes "a failed
 * request changes nothing" a matter of not committing, lets events hold the object as it was
 * without copying it, and keeps snapshots cheap.
 */
import type { Mode } from './errors.js';
import { OrderedIndex, type Entry } from './list.js';

/**
 * Freezes a value shared by many stored objects (a constant sub-hash), so that a mutation, which
 * the store's design forbids anyway, fails loudly instead of changing every object that holds it.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * A part many stored objects have alike, shared: the frozen value cached under `key`, built by
 * `build` the first time. Each object a simulator keeps costs the garbage collector on every
 * request after, and stored objects are never mutated, so identical parts can be one object. The
 * cache is bounded: past `max` entries it starts again, so it never grows with a simulator.
 */
export function sharedFrozen<K, V>(cache: Map<K, V>, key: K, build: () => V, max = 256): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= max) cache.clear();
    value = deepFreeze(build());
    cache.set(key, value);
  }
  return value;
}

/** A stored row: the public object plus its place in creation order. */
export interface Row<T> extends Entry {
  readonly object: T;
}

/** How many of the last rows added a lookup checks before it indexes them all. */
const RECENT_ROWS = 8;

export class Collection<R extends Entry> {
  /** id → current version of each row indexed so far. */
  private readonly byId = new Map<string, R>();
  /**
   * Rows added and not yet indexed by id, oldest first. Indexing waits until a lookup needs it:
   * a long-running simulator holds hundreds of thousands of objects that are listed but seldom
   * looked up by id, and inserting into a hash map that large is the costliest step of a write.
   * Lookups of the last few rows added (a request reading back what it just wrote) are answered
   * from here.
   */
  private unindexed: R[] = [];
  readonly order = new OrderedIndex<R>();

  get size(): number {
    return this.byId.size + this.unindexed.length;
  }

  get(id: string): R | undefined {
    const recent = this.recent(id);
    if (recent >= 0) return this.unindexed[recent];
    if (this.unindexed.length > 0) this.index();
    return this.byId.get(id);
  }

  add(row: R): void {
    this.unindexed.push(row);
    this.order.insert(row);
  }

  clone(): Collection<R> {
    this.index();
    const copy = new Collection<R>();
    for (const [id, row] of this.byId) copy.byId.set(id, row);
    (copy as { order: OrderedIndex<R> }).order = this.order.clone();
    return copy;
  }

  /**
   * Stores a new version of a row (same id, same place in order). The order index holds the
   * current version too: an outdated one would keep alive what only it referenced (a long-running
   * simulator's memory). Readers still look the current row up by id.
   */
  put(row: R): void {
    const recent = this.recent(row.id);
    if (recent >= 0) this.unindexed[recent] = row;
    else {
      if (this.unindexed.length > 0) this.index();
      this.byId.set(row.id, row);
    }
    this.order.replace(row);
  }

  /** Where `id` is among the last rows added and not yet indexed, or -1. */
  private recent(id: string): number {
    const rows = this.unindexed;
    const stop = Math.max(0, rows.length - RECENT_ROWS);
    for (let i = rows.length - 1; i >= stop; i--) if (rows[i]!.id === id) return i;
    return -1;
  }

  private index(): void {
    for (const row of this.unindexed) this.byId.set(row.id, row);
    this.unindexed = [];
  }
}

/** The ids of the last `count` rows of an index, newest first (read one by one: the event log builds its rows when read). */
function newestIds(order: OrderedIndex<Entry>, count: number): string[] {
  const ids: string[] = [];
  for (let i = order.size - 1; i >= 0 && ids.length < count; i--) ids.push(order.at(i)!.id);
  return ids;
}

/** A typed name for a collection, declared by the resource module that owns it. */
export interface CollectionKey<R extends Entry> {
  readonly name: string;
  /** A collection that keeps its rows its own way (the event log's columns); a plain one otherwise. */
  readonly create?: (data: DataSet) => Collection<R>;
  /** Phantom field: carries the row type. */
  readonly __row?: R;
}

export function collectionKey<R extends Entry>(name: string, create?: (data: DataSet) => Collection<R>): CollectionKey<R> {
  return create ? { name, create } : { name };
}

export class DataSet {
  private readonly collections = new Map<string, Collection<Entry>>();
  private readonly maps = new Map<string, Map<unknown, unknown>>();
  private readonly counters = new Map<string, number>();

  /** `account`: the connected account whose data this is, or null for the platform's own. */
  constructor(
    readonly mode: Mode,
    readonly account: string | null = null,
  ) {}

  collection<R extends Entry>(key: CollectionKey<R>): Collection<R> {
    let c = this.collections.get(key.name);
    if (!c) {
      c = (key.create?.(this) ?? new Collection<R>()) as unknown as Collection<Entry>;
      this.collections.set(key.name, c);
    }
    return c as unknown as Collection<R>;
  }

  /** A copy for snapshots: containers are copied, the immutable rows inside them shared. */
  clone(): DataSet {
    const copy = new DataSet(this.mode, this.account);
    for (const [name, c] of this.collections) copy.collections.set(name, c.clone());
    for (const [name, n] of this.counters) copy.counters.set(name, n);
    for (const [name, m] of this.maps) {
      const values = new Map<unknown, unknown>();
      for (const [k, v] of m) values.set(k, v instanceof OrderedIndex ? v.clone() : Array.isArray(v) ? [...v] : v);
      copy.maps.set(name, values);
    }
    return copy;
  }

  /** The collection if it exists: reads of the other mode must not create anything. */
  peek<R extends Entry>(key: CollectionKey<R>): Collection<R> | undefined {
    return this.collections.get(key.name) as Collection<R> | undefined;
  }

  /** A named count (e.g. live customers, for the quota). */
  count(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  addToCount(name: string, delta: number): void {
    this.counters.set(name, this.count(name) + delta);
  }

  /** A named side index (e.g. invoice prefix → customer), created on first use. */
  map<K, V>(name: string): Map<K, V> {
    let m = this.maps.get(name);
    if (!m) {
      m = new Map();
      this.maps.set(name, m);
    }
    return m as Map<K, V>;
  }

  /** Each collection with rows: its name, its size and the ids of its newest rows (the explorer's state panel). */
  summary(newest: number): { name: string; count: number; newest: string[] }[] {
    return [...this.collections]
      .filter(([, c]) => c.size > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, c]) => ({ name, count: c.size, newest: newestIds(c.order, newest) }));
  }

  /** Every stored row by collection in creation order, and every side index (for digests and tests). */
  dump(): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {};
    for (const [name, c] of [...this.collections].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (c.size === 0) continue;
      out[name] = c.order.values().map((row) => c.get(row.id) ?? row);
    }
    for (const [name, m] of [...this.maps].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (m.size > 0) out[`map:${name}`] = [...m];
    }
    for (const [name, n] of [...this.counters].sort(([a], [b]) => (a < b ? -1 : 1))) out[`count:${name}`] = [n];
    return out;
  }
}
