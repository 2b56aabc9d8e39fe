/**
 * `expand[]` (reference §8.5): replaces id-valued fields with the objects they name, along dotted
 * paths up to four levels. Each resource declares its expandable fields and the object type each
 * one expands to, so every path is checked against the route's declared result *before* the
 * operation runs: a bad path is refused without anything having been written, and expanding
 * afterwards cannot fail. Expansion copies along the path; stored objects are never touched.
 */
import { invalidRequest } from './errors.js';
import type { RequestContext } from './context.js';

/** A field that holds an id, or the object itself when expanded with `expand[]`. */
export type Expandable<T> = string | T;

/** Finds an object by id in the caller's data set (deleted customers resolve to their stub). */
export type Resolver = (ctx: RequestContext, id: string) => unknown;

/** The object type a field expands to; `*` when it can be several (a transaction's source). */
type Target = string;

const EXPANDABLE = new Map<string, Readonly<Record<string, Target>>>();
const RESOLVERS = new Map<string, Resolver>();

/** Declares the expandable fields (dotted for nested ones) of an object type, with their targets. */
export function registerExpandable(objectType: string, fields: Readonly<Record<string, Target>>): void {
  EXPANDABLE.set(objectType, fields);
}

/** Declares how ids with `prefix_` are resolved. */
export function registerResolver(prefix: string, resolver: Resolver): void {
  RESOLVERS.set(prefix, resolver);
}

export function resolveId(ctx: RequestContext, id: string): unknown {
  const prefix = id.slice(0, id.indexOf('_'));
  return RESOLVERS.get(prefix)?.(ctx, id);
}

export const MAX_EXPAND_DEPTH = 4;

type Json = Record<string, unknown>;

/** The longest expandable field of `type` that `path` starts with. */
function fieldFor(type: string, path: string): string | undefined {
  let best: string | undefined;
  for (const f of Object.keys(EXPANDABLE.get(type) ?? {})) {
    if ((path === f || path.startsWith(`${f}.`)) && (!best || f.length > best.length)) best = f;
  }
  return best;
}

function pathWorks(types: readonly string[], path: string, depth: number): boolean {
  if (depth > MAX_EXPAND_DEPTH) return false;
  return types.some((type) => {
    const field = fieldFor(type, path);
    if (field === undefined) return false;
    if (path === field) return true;
    const target = EXPANDABLE.get(type)![field]!;
    return pathWorks(target === '*' ? [...EXPANDABLE.keys()] : [target], path.slice(field.length + 1), depth + 1);
  });
}

/**
 * Refuses, before the operation runs, any path the route's result cannot expand. `returns` is the
 * object type the route answers with (undefined: nothing expands); `list` when it is a list.
 */
export function checkExpandPaths(paths: readonly string[], returns: string | undefined, list: boolean): void {
  for (const path of paths) {
    if (path.split('.').length > MAX_EXPAND_DEPTH + (list ? 1 : 0)) {
      throw invalidRequest(`You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`);
    }
    const types = returns ? [returns] : [];
    if (list) {
      if (path.startsWith('data.') && pathWorks(types, path.slice(5), 1)) continue;
      const hint = pathWorks(types, path, 1) ? ` You may want to try expanding 'data.${path}' instead.` : '';
      throw invalidRequest(`This property cannot be expanded (${path}).${hint}`);
    }
    if (!pathWorks(types, path, 1)) throw invalidRequest(`This property cannot be expanded (${path}).`);
  }
}

/** Applies checked paths to a response value (an object or a list object). Never throws. */
export function expandResponse(ctx: RequestContext, value: unknown, paths: readonly string[]): unknown {
  let out = value;
  for (const path of paths) out = expandPath(ctx, out, path);
  return out;
}

function expandPath(ctx: RequestContext, value: unknown, path: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as Json;
  if (obj['object'] === 'list' && Array.isArray(obj['data']) && path.startsWith('data.')) {
    const rest = path.slice('data.'.length);
    return { ...obj, data: (obj['data'] as unknown[]).map((item) => expandPath(ctx, item, rest)) };
  }
  const type = obj['object'];
  const field = typeof type === 'string' ? fieldFor(type, path) : undefined;
  // A `*` target may be of a type without this field: it stays as it is.
  if (field === undefined) return obj;
  const keys = field.split('.');
  const current = getPath(obj, keys);
  let expanded: unknown = current;
  if (typeof current === 'string') expanded = resolveId(ctx, current) ?? current;
  const rest = path.length > field.length ? path.slice(field.length + 1) : '';
  if (rest) expanded = expandPath(ctx, expanded, rest);
  return expanded === current ? obj : setPath(obj, keys, expanded);
}

function getPath(obj: Json, keys: readonly string[]): unknown {
  let v: unknown = obj;
  for (const k of keys) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Json)[k];
  }
  return v;
}

function setPath(obj: Json, keys: readonly string[], value: unknown): Json {
  const [head, ...rest] = keys as [string, ...string[]];
  if (rest.length === 0) return { ...obj, [head]: value };
  const child = obj[head];
  if (typeof child !== 'object' || child === null) return obj;
  return { ...obj, [head]: setPath(child as Json, rest, value) };
}
