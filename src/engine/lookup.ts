/** Finding rows by id, with Stripe's `resource_missing` answers (reference §9.3). */
import type { RequestContext } from './context.js';
import { resourceMissing } from './errors.js';
import { paginate, type Entry, type ListObject, type OrderedIndex, type PageRequest } from './list.js';
import type { CollectionKey, Row } from './store.js';

/**
 * The row with `id` in the caller's mode, or a `resource_missing` error naming `noun` and
 * `param` (404 for ids in the path, 400 for parameters), with the cross-mode sentence when the
 * other mode has it.
 */
export function findOrThrow<R extends Entry>(
  ctx: RequestContext,
  key: CollectionKey<R>,
  id: string,
  noun: string,
  param: string,
  status: 400 | 404,
): R {
  const row = ctx.data.collection(key).get(id);
  if (row) return row;
  throw resourceMissing(noun, id, param, {
    status,
    mode: ctx.mode,
    otherModeHasIt: ctx.otherData.peek(key)?.get(id) !== undefined,
  });
}

/**
 * One page of a collection as a list object: newest first, `filter` on the current rows,
 * `render` for what each item shows (default: the stored object). `index` lists a subset in the
 * collection's order (a customer's payment methods); cursors may be any row of the collection.
 */
export function listOf<R extends Row<unknown>, T = R['object']>(
  ctx: RequestContext,
  key: CollectionKey<R>,
  page: PageRequest,
  options: { noun: string; url: string; filter?: (row: R) => boolean; render?: (row: R) => T; index?: OrderedIndex<Entry> },
): ListObject<T> {
  const rows = ctx.data.collection(key);
  const filter = options.filter;
  const { rows: entries, hasMore } = paginate(options.index ?? rows.order, page, {
    noun: options.noun,
    lookup: (id) => rows.get(id),
    filter: filter && ((entry) => filter(rows.get(entry.id)!)),
  });
  const render = options.render ?? ((row: R) => row.object as T);
  return { object: 'list', data: entries.map((e) => render(rows.get(e.id)!)), has_more: hasMore, url: options.url };
}
