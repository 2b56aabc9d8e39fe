/**
 * The route table's row type. Each resource module exports its rows; `wire/router.ts` joins them
 * into one table. A row is data: method, path pattern, declared parameters, handler.
 */
import type { RequestContext } from './context.js';
import type { Fields, Params } from './params.js';

export type Method = 'GET' | 'POST' | 'DELETE';

export interface Route<F extends Fields = Fields> {
  readonly method: Method;
  /** `/v1/customers/:id` — `:name` segments are captured. */
  readonly path: string;
  readonly fields: F;
  readonly handler: (ctx: RequestContext, params: Params<F>, path: Readonly<Record<string, string>>) => unknown;
  /** Publishable keys may call it (reference §14). */
  readonly publishable?: boolean;
  /** An update: also answers PUT (the overview lists PUT for updates). */
  readonly update?: boolean;
  /** The `object` type it answers with, which `expand[]` paths are checked against before it runs. */
  readonly returns?: string;
  /** It answers a list of `returns` objects. */
  readonly list?: boolean;
  /**
   * It acts on the platform's own data only (accounts, webhook endpoints, the simulator's clock):
   * the `Onerway-Account` header is refused there rather than silently ignored.
   */
  readonly platformOnly?: boolean;
  /** The event types it can emit (the reference and the OpenAPI description list them). */
  readonly emits?: readonly string[];
  /** It can answer 402 `card_error` (a card is charged, attached or set up). */
  readonly declines?: boolean;
  /** `POST /v1/customers`: how coverage names it (made once, by {@link route}). */
  readonly key?: string;
}

/** Declares a route with its parameter types checked against its handler. */
export function route<F extends Fields>(r: Route<F>): Route {
  return { ...r, key: `${r.method} ${r.path}` } as unknown as Route;
}
