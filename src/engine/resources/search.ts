/**
 * Search (`GET /v1/{customers,payment_intents,charges}/search`): the live API's query language
 * (search-query.ts) over the caller's objects, newest first, paged with `page` / `next_page`.
 * The live API indexes new objects within about a minute; the simulator's results are immediate
 * (docs/decisions.md). Its routes come before the resources' own `/:id` routes in the table.
 */
import type { RequestContext } from '../context.js';
import { invalidRequest } from '../errors.js';
import { integer, required, string, type Params } from '../params.js';
import { route } from '../routes.js';
import { matches, parseQuery } from '../search-query.js';
import type { CollectionKey, Row } from '../store.js';
import { CHARGES } from './charges/object.js';
import { CUSTOMERS } from './customers/object.js';
import { PAYMENT_INTENTS } from './payment-intents/object.js';

/** A page of search results, as merchants receive it. */
export interface SearchResult<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
}

const searchFields = { query: required(string()), limit: integer({ min: 1, max: 100 }), page: string() } as const;

/** The fields each searchable object can be searched by (the live API's lists). */
export const SEARCHABLE = {
  customers: ['created', 'email', 'metadata', 'name', 'phone'],
  payment_intents: ['amount', 'created', 'currency', 'customer', 'metadata', 'status'],
  charges: [
    'amount',
    'billing_details.address.postal_code',
    'created',
    'currency',
    'customer',
    'disputed',
    'metadata',
    'payment_method_details.card.brand',
    'payment_method_details.card.exp_month',
    'payment_method_details.card.exp_year',
    'payment_method_details.card.fingerprint',
    'payment_method_details.card.last4',
    'refunded',
    'status',
  ],
} as const satisfies Record<string, readonly string[]>;

/** `page` tokens: the id of the last result of the previous page, opaque to clients. */
function pageToken(id: string): string {
  let hex = '';
  for (let i = 0; i < id.length; i++) hex += id.charCodeAt(i).toString(16).padStart(2, '0');
  return `page_${hex}`;
}

function afterId(page: string): string {
  const hex = page.slice(5);
  if (page.startsWith('page_') && /^(?:[0-9a-f]{2}){1,200}$/.test(hex)) {
    let id = '';
    for (let i = 0; i < hex.length; i += 2) id += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
    return id;
  }
  throw invalidRequest(`Invalid page: ${page.slice(0, 100)}. Pass the next_page value of a previous search result.`, { param: 'page' });
}

function search<R extends Row<unknown> & { deleted?: boolean }>(resource: keyof typeof SEARCHABLE, key: CollectionKey<R>) {
  return (ctx: RequestContext, p: Params<typeof searchFields>): SearchResult<R['object']> => {
    const query = parseQuery(p.query, resource, SEARCHABLE[resource]);
    const limit = p.limit ?? 10;
    const rows = ctx.data.collection(key);
    const order = rows.order.values();
    let start = order.length - 1;
    if (p.page !== undefined) {
      const after = afterId(p.page);
      const at = order.findIndex((e) => e.id === after);
      if (at < 0) throw invalidRequest(`Invalid page: ${p.page.slice(0, 100)}. Pass the next_page value of a previous search result.`, { param: 'page' });
      start = at - 1;
    }
    const data: R['object'][] = [];
    let last: string | undefined;
    let i = start;
    for (; i >= 0 && data.length < limit; i--) {
      const row = rows.get(order[i]!.id)!;
      if (row.deleted || !matches(row.object as Record<string, unknown>, query)) continue;
      data.push(row.object);
      last = row.id;
    }
    let hasMore = false;
    for (; i >= 0 && !hasMore; i--) {
      const row = rows.get(order[i]!.id)!;
      hasMore = !row.deleted && matches(row.object as Record<string, unknown>, query);
    }
    return { object: 'search_result', data, has_more: hasMore, next_page: hasMore && last ? pageToken(last) : null, url: `/v1/${resource}/search` };
  };
}

export const searchRoutes = [
  route({ method: 'GET', path: '/v1/customers/search', fields: searchFields, handler: search('customers', CUSTOMERS), returns: 'customer', list: true }),
  route({ method: 'GET', path: '/v1/payment_intents/search', fields: searchFields, handler: search('payment_intents', PAYMENT_INTENTS), returns: 'payment_intent', list: true }),
  route({ method: 'GET', path: '/v1/charges/search', fields: searchFields, handler: search('charges', CHARGES), returns: 'charge', list: true }),
];
