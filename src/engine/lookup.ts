/** Finding rows by id, with Stripe's `resource_missing` answers (reference §9.3). */
import type { RequestContext } from './context.js';
import { resourceMissing } from './errors.js';
import type { Entry } from './list.js';
import type { CollectionKey } from './store.js';

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
