/** The route table: every resource's rows, compiled once, matched by segments. */
import { invalidRequest } from '../engine/errors.js';
import type { Route } from '../engine/routes.js';
import { RESOURCE_ROUTES } from '../engine/resources/registry.js';

export const ROUTES: readonly Route[] = RESOURCE_ROUTES;

interface Compiled {
  readonly route: Route;
  /** Literal segment, or null where a `:name` captures. */
  readonly segments: readonly (string | null)[];
  readonly names: readonly string[];
}

const TABLE = new Map<string, Compiled[]>();
for (const route of ROUTES) {
  const parts = route.path.split('/').slice(1);
  const compiled: Compiled = {
    route,
    segments: parts.map((p) => (p.startsWith(':') ? null : p)),
    names: parts.filter((p) => p.startsWith(':')).map((p) => p.slice(1)),
  };
  const methods = route.update ? [route.method, 'PUT'] : [route.method];
  for (const method of methods) {
    const key = `${method} ${parts.length}`;
    TABLE.set(key, [...(TABLE.get(key) ?? []), compiled]);
  }
}

export interface Match {
  readonly route: Route;
  readonly params: Record<string, string>;
}

export function matchRoute(method: string, path: string): Match | undefined {
  return STATIC.get(method)?.get(path) ?? matchSegments(method, path);
}

function matchSegments(method: string, path: string): Match | undefined {
  const parts = path.split('/').slice(1);
  const candidates = TABLE.get(`${method} ${parts.length}`);
  if (!candidates) return undefined;
  outer: for (const c of candidates) {
    let n = 0;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const seg = c.segments[i];
      const part = parts[i]!;
      if (seg === null) {
        if (part === '') continue outer;
        params[c.names[n++]!] = part;
      } else if (seg !== part) continue outer;
    }
    return { route: c.route, params };
  }
  return undefined;
}

export function unrecognized(method: string, path: string): never {
  const head = `Unrecognized request URL (${method}: ${path.slice(0, 1000)}).`;
  const hint = path.endsWith('/')
    ? ' If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code.'
    : '';
  throw invalidRequest(`${head}${hint}`, { status: 404 });
}

/**
 * Paths without parameters (`POST /v1/payment_intents`), answered by one lookup. A path is here
 * only when matching segment by segment finds the same route, so the table's order still decides.
 */
const STATIC = new Map<string, Map<string, Match>>();
const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;
for (const route of ROUTES) {
  if (route.path.includes(':')) continue;
  for (const method of route.update ? [route.method, 'PUT'] : [route.method]) {
    if (matchSegments(method, route.path)?.route !== route) continue;
    let paths = STATIC.get(method);
    if (!paths) STATIC.set(method, (paths = new Map()));
    paths.set(route.path, { route, params: NO_PARAMS });
  }
}
