/**
 * `expand[]` (reference §8.5): replaces id-valued fields with the objects they name, along dotted
 * paths up to four levels. Which fields expand is data that each resource module declares.
 * Expansion copies along the path; stored objects are never touched.
 */
import { invalidRequest } from './errors.js';
import type { RequestContext } from './context.js';

/** Finds an object by id in the caller's data set (deleted customers resolve to their stub). */
export type Resolver = (ctx: RequestContext, id: string) => unknown;

const EXPANDABLE = new Map<string, readonly string[]>();
const RESOLVERS = new Map<string, Resolver>();

/** Declares the expandable fields (dotted for nested ones) of an object type. */
export function registerExpandable(objectType: string, fields: readonly string[]): void {
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

function cannotExpand(path: string, listHint: boolean): never {
  const hint = listHint ? ` You may want to try expanding 'data.${path}' instead.` : '';
  throw invalidRequest(`This property cannot be expanded (${path}).${hint}`);
}

/** Applies every path of `paths` to a response value (an object or a list object). */
export function expandResponse(ctx: RequestContext, value: unknown, paths: readonly string[]): unknown {
  let out = value;
  for (const path of paths) {
    if (path.split('.').length > MAX_EXPAND_DEPTH + (isList(out) ? 1 : 0)) {
      throw invalidRequest(`You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`);
    }
    out = expandPath(ctx, out, path, path);
  }
  return out;
}

function isList(v: unknown): v is Json & { data: unknown[] } {
  return typeof v === 'object' && v !== null && (v as Json)['object'] === 'list';
}

function expandPath(ctx: RequestContext, value: unknown, path: string, fullPath: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as Json;
  if (isList(obj)) {
    if (!path.startsWith('data.')) {
      const itemType = (obj.data[0] as Json | undefined)?.['object'];
      const works = typeof itemType === 'string' && fieldFor(itemType, path) !== undefined;
      cannotExpand(fullPath, works);
    }
    const rest = path.slice('data.'.length);
    return { ...obj, data: obj.data.map((item) => expandPath(ctx, item, rest, fullPath)) };
  }
  const type = obj['object'];
  const field = typeof type === 'string' ? fieldFor(type, path) : undefined;
  if (field === undefined) cannotExpand(fullPath, false);
  const keys = field.split('.');
  const current = getPath(obj, keys);
  let expanded: unknown = current;
  if (typeof current === 'string') expanded = resolveId(ctx, current) ?? current;
  const rest = path.length > field.length ? path.slice(field.length + 1) : '';
  if (rest) expanded = expandPath(ctx, expanded, rest, fullPath);
  return expanded === current ? obj : setPath(obj, keys, expanded);
}

/** The longest expandable field of `type` that `path` starts with. */
function fieldFor(type: string, path: string): string | undefined {
  let best: string | undefined;
  for (const f of EXPANDABLE.get(type) ?? []) {
    if ((path === f || path.startsWith(`${f}.`)) && (!best || f.length > best.length)) best = f;
  }
  return best;
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
