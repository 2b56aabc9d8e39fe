/**
 * The search query language of the live API's `/search` endpoints: `field:value`, `field~"part"`,
 * `field>n` (and `<`, `>=`, `<=`), `-` negation, `null`, `metadata['key']:'value'`, and clauses
 * joined by `AND` or by `OR` (not both), at most 10. Parsed into data; matched against objects by
 * reading their fields. Malformed queries are the live API's 400 with `param: query`.
 */
import { invalidRequest, type ApiError } from './errors.js';

export type Operator = ':' | '~' | '>' | '<' | '>=' | '<=';

export interface Clause {
  readonly field: string;
  /** The metadata key of `metadata['key']`, else null. */
  readonly metadataKey: string | null;
  readonly operator: Operator;
  /** A string, a number, or null for `field:null`. */
  readonly value: string | number | null;
  readonly negated: boolean;
}

export interface Query {
  readonly clauses: readonly Clause[];
  readonly join: 'AND' | 'OR';
}

const MAX_CLAUSES = 10;

function parseError(detail: string): ApiError {
  return invalidRequest(`There was an error parsing your query: ${detail}. See https://docs.onerway.com/search#search-query-language for the query language.`, {
    param: 'query',
  });
}

const CLAUSE =
  /^\s*(-?)([a-z_][a-z0-9_.]*)(?:\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\])?\s*(>=|<=|:|~|>|<)\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|(null))/i;

/** Parses `text`; `fields` are the fields the resource can be searched by. */
export function parseQuery(text: string, resource: string, fields: readonly string[]): Query {
  const clauses: Clause[] = [];
  const joins = new Set<'AND' | 'OR'>();
  let rest = text.trim();
  if (rest === '') throw parseError('the query is empty');
  while (rest !== '') {
    const m = CLAUSE.exec(rest);
    if (!m) throw parseError(`unexpected text at '${rest.slice(0, 40)}'`);
    const [, neg, field, keySingle, keyDouble, operator, single, double, number, nul] = m;
    const name = field!.toLowerCase();
    const metadataKey = keySingle ?? keyDouble ?? null;
    if (!fields.includes(name)) {
      throw invalidRequest(
        `Field \`${name}\` is an unsupported search field for resource \`${resource}\`. See https://docs.onerway.com/search#query-fields-for-${resource.replace(/_/g, '-')} for a list of supported fields.`,
        { param: 'query' },
      );
    }
    if (name === 'metadata' && metadataKey === null) throw parseError("metadata needs a key: metadata['key']:'value'");
    const value = nul !== undefined ? null : number !== undefined ? Number(number) : (single ?? double)!.replace(/\\(.)/g, '$1');
    const op = operator as Operator;
    if (op === '~' && (typeof value !== 'string' || value.length < 3)) throw parseError('a substring search (~) needs a quoted value of at least 3 characters');
    if (value === null && op !== ':') throw parseError('null can only be matched with :');
    clauses.push({ field: name, metadataKey, operator: op, value, negated: neg === '-' });
    if (clauses.length > MAX_CLAUSES) throw parseError(`a query may have at most ${MAX_CLAUSES} clauses`);
    rest = rest.slice(m[0].length);
    const join = /^\s+(AND|OR)\s+/i.exec(rest);
    if (join) {
      joins.add(join[1]!.toUpperCase() as 'AND' | 'OR');
      rest = rest.slice(join[0].length);
      if (rest.trim() === '') throw parseError(`the query ends with ${join[1]}`);
    } else if (rest.trim() !== '') {
      throw parseError(`clauses must be joined with AND or OR, at '${rest.trim().slice(0, 40)}'`);
    } else rest = '';
  }
  if (joins.size > 1) throw parseError('a query cannot combine AND and OR');
  return { clauses, join: joins.has('OR') ? 'OR' : 'AND' };
}

/** The value of a dotted field of an object (`payment_method_details.card.last4`). */
function read(object: Record<string, unknown>, field: string): unknown {
  let value: unknown = object;
  for (const part of field.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

function matchClause(object: Record<string, unknown>, c: Clause): boolean {
  let actual = c.metadataKey !== null ? (object['metadata'] as Record<string, string> | undefined)?.[c.metadataKey] : read(object, c.field);
  if (typeof actual === 'object' && actual !== null && 'id' in actual) actual = (actual as { id: unknown }).id;
  let hit: boolean;
  if (c.value === null) hit = actual === null || actual === undefined;
  else if (actual === null || actual === undefined) hit = false;
  else if (c.operator === ':') hit = typeof c.value === 'number' ? Number(actual) === c.value : String(actual).toLowerCase() === c.value.toLowerCase();
  else if (c.operator === '~') hit = String(actual).toLowerCase().includes(String(c.value).toLowerCase());
  else {
    const a = Number(actual);
    const v = Number(c.value);
    hit = c.operator === '>' ? a > v : c.operator === '<' ? a < v : c.operator === '>=' ? a >= v : a <= v;
  }
  return c.negated ? !hit : hit;
}

export function matches(object: Record<string, unknown>, query: Query): boolean {
  return query.join === 'AND' ? query.clauses.every((c) => matchClause(object, c)) : query.clauses.some((c) => matchClause(object, c));
}
