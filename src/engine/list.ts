/**
 * Lists (SPEC §8, reference §8): newest first, ties broken by creation sequence; cursors found by
 * binary search on (created, seq), so the cost of a page never grows with the objects a cursor
 * skips, and a `created` range narrows the walk the same way.
 */
import { invalidRequest, resourceMissing } from './errors.js';
import { hash, integer, isPlainObject, string, toInteger, type Spec } from './params.js';

/** What every listed row carries: its id and its position in creation order. */
export interface Entry {
  readonly id: string;
  readonly created: number;
  readonly seq: number;
}

function before(a: Entry, created: number, seq: number): boolean {
  return a.created < created || (a.created === created && a.seq < seq);
}

/** Rows kept in ascending (created, seq) order. Appends, the common case, cost O(1). */
export class OrderedIndex<E extends Entry> {
  private readonly items: E[] = [];

  get size(): number {
    return this.items.length;
  }

  at(i: number): E | undefined {
    return this.items[i];
  }

  insert(row: E): void {
    const last = this.items[this.items.length - 1];
    if (!last || before(last, row.created, row.seq)) {
      this.items.push(row);
      return;
    }
    this.items.splice(this.lowerBound(row.created, row.seq), 0, row);
  }

  /**
   * Puts a new version of a row where its first version stands (same id, created and seq), so
   * the index does not keep an outdated version, and what only that version held, alive.
   */
  replace(row: E): void {
    // Most updates are of a row just added: look at the last few before searching.
    const items = this.items;
    for (let i = items.length - 1; i >= 0 && i >= items.length - 4; i--) {
      if (items[i]!.id === row.id) {
        items[i] = row;
        return;
      }
    }
    const i = this.lowerBound(row.created, row.seq);
    if (items[i]?.id === row.id) items[i] = row;
  }

  remove(row: Entry): void {
    const i = this.lowerBound(row.created, row.seq);
    if (this.items[i]?.id === row.id) this.items.splice(i, 1);
  }

  /** First index whose row is not before (created, seq). */
  lowerBound(created: number, seq: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.items[mid]!, created, seq)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose `created` is ≥ `created`. */
  firstCreatedAtLeast(created: number): number {
    return this.lowerBound(created, -Infinity);
  }

  values(): readonly E[] {
    return this.items;
  }

  /** A copy (rows are immutable, so the array is all there is to copy). */
  clone(): OrderedIndex<E> {
    const copy = new OrderedIndex<E>();
    copy.items.push(...this.items);
    return copy;
  }
}

/** `created` as an exact integer or a range (`created[gt]`, `[gte]`, `[lt]`, `[lte]`). */
export interface CreatedFilter {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

const createdRange = hash({ gt: integer(), gte: integer(), lt: integer(), lte: integer() });

/** `created=<unix seconds>` means exactly that second. */
const toIntegerSchema = { type: 'integer', nullable: false } as const;

export const createdFilter: Spec<CreatedFilter, false> = {
  required: false,
  schema: { type: 'oneOf', nullable: false, of: [toIntegerSchema, createdRange.schema] },
  parse(raw, param) {
    if (isPlainObject(raw)) return createdRange.parse(raw, param);
    const exact = toInteger(raw, param);
    return { gte: exact, lte: exact };
  },
};

/** The pagination parameters every list endpoint accepts. */
export const listFields = {
  limit: integer({ min: 1, max: 100 }),
  starting_after: string(),
  ending_before: string(),
  created: createdFilter,
} as const;

export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export interface PageRequest {
  limit?: number | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
  created?: CreatedFilter | undefined;
}

export const DEFAULT_LIMIT = 10;

/**
 * One page of `index`, newest first. `lookup` finds a cursor row by id (anywhere in the
 * collection, even if it is no longer in this index); `noun` names the resource in the
 * "No such …" error of an unknown cursor.
 */
export function paginate<E extends Entry>(
  index: OrderedIndex<E>,
  page: PageRequest,
  options: { noun: string; lookup: (id: string) => Entry | undefined; filter?: ((row: E) => boolean) | undefined },
): { rows: E[]; hasMore: boolean } {
  const limit = page.limit ?? DEFAULT_LIMIT;
  const cursorOf = (id: string | undefined, param: string): Entry | undefined => {
    if (id === undefined) return undefined;
    const row = options.lookup(id);
    if (!row) throw resourceMissing(options.noun, id, param, { status: 400 });
    return row;
  };
  const after = cursorOf(page.starting_after, 'starting_after');
  const beforeCursor = cursorOf(page.ending_before, 'ending_before');
  if (after && beforeCursor) {
    throw invalidRequest('Received both starting_after and ending_before parameters. Please pass in only one.');
  }

  // [lo, hi) is the window of rows the created filter admits.
  let lo = 0;
  let hi = index.size;
  const c = page.created;
  if (c) {
    const min = Math.max(c.gte ?? -Infinity, c.gt === undefined ? -Infinity : c.gt + 1);
    const max = Math.min(c.lte ?? Infinity, c.lt === undefined ? Infinity : c.lt - 1);
    if (min > -Infinity) lo = index.firstCreatedAtLeast(min);
    if (max < Infinity) hi = index.firstCreatedAtLeast(max + 1);
  }
  if (after) hi = Math.min(hi, index.lowerBound(after.created, after.seq));
  if (beforeCursor) lo = Math.max(lo, index.lowerBound(beforeCursor.created, beforeCursor.seq + 1));

  // Walk away from the cursor: towards older rows by default, towards newer ones for
  // ending_before (the rows closest to the cursor), collecting `limit` rows and one to spare.
  const step = beforeCursor ? 1 : -1;
  const rows: E[] = [];
  let hasMore = false;
  for (let i = step > 0 ? lo : hi - 1; i >= lo && i < hi; i += step) {
    const row = index.at(i)!;
    if (options.filter && !options.filter(row)) continue;
    if (rows.length === limit) {
      hasMore = true;
      break;
    }
    rows.push(row);
  }
  if (beforeCursor) rows.reverse();
  return { rows, hasMore };
}
