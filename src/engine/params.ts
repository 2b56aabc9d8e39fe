/**
 * Declared parameter types. Every endpoint states its parameters with these builders; the same
 * declaration coerces form strings (`"12"` → 12), checks JSON values, names the offending
 * parameter in bracket notation (`card[exp_month]`) and types the handler's input.
 *
 * Unset rules (reference §9.5, decided for JSON in docs/decisions.md): `""` in a form and `null`
 * in JSON both mean "unset"; a parameter that cannot be unset answers `parameter_invalid_empty`.
 */
import type { ParamSchema } from './param-schema.js';
import { characterCount, longerThan } from './text.js';
import { describeRaw, invalidEmpty, invalidInteger, invalidRequest, missingParam, unknownParams } from './errors.js';

export interface Spec<T, R extends boolean = boolean> {
  readonly required: R;
  /** What it accepts, as data (param-schema.ts). */
  readonly schema: ParamSchema;
  /** Parses a value that is present. Throws ApiError naming `param`. */
  parse(raw: unknown, param: string): T;
}

export type Fields = Readonly<Record<string, Spec<unknown>>>;
type OutOf<S> = S extends Spec<infer T> ? T : never;

/** The typed value of an object of fields: required fields present, the others optional. */
export type Params<F extends Fields> = {
  -readonly [K in keyof F as F[K]['required'] extends true ? K : never]: OutOf<F[K]>;
} & {
  -readonly [K in keyof F as F[K]['required'] extends true ? never : K]?: OutOf<F[K]>;
};

export function isUnset(raw: unknown): boolean {
  return raw === '' || raw === null;
}

export function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/** Sets a key chosen by the caller (metadata) as an own property, even `__proto__`. */
export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  // Only `__proto__` needs defineProperty (plain assignment would set the prototype); it is slow.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Form arrays arrive as `a[0]=x&a[1]=y` and become `{0: x, 1: y}`: an object whose keys are all
 * indexes is an array, in index order.
 */
function asArray(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) return raw;
  if (!isPlainObject(raw)) return undefined;
  const keys = Object.keys(raw);
  if (keys.length === 0 || !keys.every((k) => /^\d{1,6}$/.test(k))) return undefined;
  return keys.sort((a, b) => Number(a) - Number(b)).map((k) => raw[k]);
}

/** `a, b, or c` — the enum wording of Stripe's "must be one of" messages. */
function oneOf(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  if (values.length === 2) return `${values[0]} or ${values[1]}`;
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}

/** Marks a spec as required (missing → `parameter_missing`). */
export function required<T>(spec: Spec<T>): Spec<Exclude<T, null>, true> {
  return {
    required: true,
    schema: spec.schema,
    parse: (raw, param) => {
      if (isUnset(raw)) throw invalidEmpty(param);
      return spec.parse(raw, param) as Exclude<T, null>;
    },
  };
}

interface Nullable<N extends boolean> {
  /** Whether `""`/`null` unsets the field (gives null). */
  nullable?: N;
}

export function emptyOr<T, N extends boolean>(
  nullable: N | undefined,
  schema: ParamSchema,
  parse: (raw: unknown, param: string) => T,
): Spec<N extends true ? T | null : T, false> {
  return {
    required: false,
    schema,
    parse: (raw, param) => {
      if (isUnset(raw)) {
        if (nullable) return null as N extends true ? T | null : T;
        throw invalidEmpty(param);
      }
      return parse(raw, param);
    },
  };
}

export function scalarText(raw: unknown, param: string): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw invalidRequest(`Invalid string: ${describeRaw(raw)}`, { param });
}

export interface StringOptions<N extends boolean> extends Nullable<N> {
  maxLength?: number;
  /** Extra validation on the text; throw ApiError to refuse it. */
  check?: (value: string, param: string) => void;
}

const DEFAULT_MAX_LENGTH = 5000;

export function string<N extends boolean = false>(options: StringOptions<N> = {}) {
  const max = options.maxLength ?? DEFAULT_MAX_LENGTH;
  return emptyOr(options.nullable, { type: 'string', nullable: options.nullable ?? false, maxLength: max }, (raw, param) => {
    const value = scalarText(raw, param);
    if (longerThan(value, max)) {
      throw invalidRequest(`Invalid ${param}: must be at most ${max} characters long (got ${characterCount(value)}).`, { param });
    }
    options.check?.(value, param);
    return value;
  });
}

export function enumOf<const V extends string, N extends boolean = false>(values: readonly V[], options: Nullable<N> = {}) {
  return emptyOr(options.nullable, { type: 'enum', nullable: options.nullable ?? false, values }, (raw, param): V => {
    const value = typeof raw === 'string' ? raw : describeRaw(raw);
    if (!(values as readonly string[]).includes(value)) {
      throw invalidRequest(`Invalid ${param}: must be one of ${oneOf(values)}`, { param });
    }
    return value as V;
  });
}

export interface IntegerOptions<N extends boolean> extends Nullable<N> {
  min?: number;
  max?: number;
}

const INTEGER_TEXT = /^-?\d{1,16}$/;

/** Reads an integer from a JSON number or a form string; anything else is `Invalid integer`. */
export function toInteger(raw: unknown, param: string): number {
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && INTEGER_TEXT.test(raw)) value = Number(raw);
  else throw invalidInteger(param, raw);
  if (!Number.isSafeInteger(value)) throw invalidInteger(param, raw);
  return value;
}

export function integer<N extends boolean = false>(options: IntegerOptions<N> = {}) {
  const schema: ParamSchema = { type: 'integer', nullable: options.nullable ?? false, min: options.min, max: options.max };
  return emptyOr(options.nullable, schema, (raw, param) => {
    const value = toInteger(raw, param);
    if (options.min !== undefined && value < options.min) {
      throw invalidRequest(`This value must be greater than or equal to ${options.min}.`, {
        code: 'parameter_invalid_integer',
        param,
      });
    }
    if (options.max !== undefined && value > options.max) {
      throw invalidRequest(`This value must be less than or equal to ${options.max}.`, {
        code: 'parameter_invalid_integer',
        param,
      });
    }
    return value;
  });
}

export function boolean() {
  return emptyOr(false, { type: 'boolean', nullable: false }, (raw, param) => {
    // `True`/`False`: what stripe-python before 12 sends, and the live API accepts.
    if (raw === true || raw === 'true' || raw === 'True') return true;
    if (raw === false || raw === 'false' || raw === 'False') return false;
    throw invalidRequest(`Invalid boolean: ${describeRaw(raw)}`, { param });
  });
}

/** Checks the keys of `raw` against `fields` and parses each present one. */
/** A field table as parsing reads it, worked out once: tables are constants, parsed per request. */
interface FieldTable {
  readonly names: readonly string[];
  /** Declared position of each name. */
  readonly position: ReadonlyMap<string, number>;
  /** Positions of the required fields. */
  readonly required: readonly number[];
}

const FIELD_TABLES = new WeakMap<Fields, FieldTable>();

function tableOf(fields: Fields): FieldTable {
  let table = FIELD_TABLES.get(fields);
  if (!table) {
    const names = Object.keys(fields);
    table = {
      names,
      position: new Map(names.map((name, i) => [name, i])),
      required: names.flatMap((name, i) => (fields[name]!.required ? [i] : [])),
    };
    FIELD_TABLES.set(fields, table);
  }
  return table;
}

/**
 * Puts `n` into the ascending `list` in place. A request sends a handful of fields: shifting a
 * few numbers costs less than `Array.prototype.sort`, which allocates a work copy on every call.
 */
function insertSorted(list: number[], n: number): void {
  let i = list.length;
  list.push(n);
  while (i > 0 && list[i - 1]! > n) {
    list[i] = list[i - 1]!;
    i--;
  }
  list[i] = n;
}

/**
 * Reads the declared fields from `raw`: unknown names are refused together, then the fields sent
 * and the required ones are read in declared order (so the first error is the first field's),
 * and the result lists them in declared order too, whatever the order sent: fingerprints of
 * equal requests compare equal. Only the names present are visited, not the whole table.
 */
export function parseFields<F extends Fields>(fields: F, raw: Record<string, unknown>, prefix: string): Params<F> {
  const table = tableOf(fields);
  let unknown: string[] | undefined;
  const visit: number[] = table.required.slice();
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) continue;
    const at = table.position.get(key);
    if (at === undefined) (unknown ??= []).push(prefix ? `${prefix}[${key}]` : key);
    else if (!fields[key]!.required) insertSorted(visit, at);
  }
  if (unknown) throw unknownParams(unknown, table.names);
  const out: Record<string, unknown> = {};
  for (const at of visit) {
    const key = table.names[at]!;
    const value = raw[key];
    if (value === undefined) {
      if (fields[key]!.required) throw missingParam(prefix ? `${prefix}[${key}]` : key);
      continue;
    }
    out[key] = fields[key]!.parse(value, prefix ? `${prefix}[${key}]` : key);
  }
  return out as Params<F>;
}

export function hash<F extends Fields, N extends boolean = false>(fields: F, options: Nullable<N> = {}) {
  const schema: ParamSchema = { type: 'hash', nullable: options.nullable ?? false, fields };
  return emptyOr(options.nullable, schema, (raw, param): Params<F> => {
    if (!isPlainObject(raw)) throw invalidRequest(`Invalid hash`, { param });
    return parseFields(fields, raw, param);
  });
}

/**
 * A parameter that is either an id (a string) or a hash of fields, as `external_account` is: a
 * hash arrives as a plain object, anything else is read as the string.
 */
export function stringOrHash<F extends Fields>(fields: F): Spec<string | Params<F>, false> {
  const text = string();
  const asHash = hash(fields);
  return {
    required: false,
    schema: { type: 'oneOf', nullable: false, of: [text.schema, asHash.schema] },
    parse: (raw, param) => (isPlainObject(raw) ? asHash.parse(raw, param) : text.parse(raw, param)),
  };
}

/** Arrays arrive as JSON arrays, `a[]=x` or `a[0]=x` (the bracket parser makes them arrays). */
export function array<T, N extends boolean = false>(of: Spec<T>, options: Nullable<N> & { maxItems?: number } = {}) {
  const maxItems = options.maxItems ?? 100;
  return emptyOr(options.nullable, { type: 'array', nullable: options.nullable ?? false, items: of.schema, maxItems }, (raw, param): T[] => {
    const items = asArray(raw);
    if (!items) throw invalidRequest(`Invalid array`, { param });
    if (items.length > maxItems) {
      throw invalidRequest(`Invalid ${param}: an array of at most ${maxItems} items is allowed (got ${items.length}).`, { param });
    }
    return items.map((item, i) => of.parse(item, `${param}[${i}]`));
  });
}

