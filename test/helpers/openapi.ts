/**
 * The OpenAPI description as a test oracle: every request the simulator answered with 2xx, and
 * every answer, must match it. Contract suites attach it to each simulator they open, so the
 * description cannot say something the doors do not do.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Simulator } from '../../src/index.js';
import { parseForm } from '../../src/wire/form.js';

type Json = Record<string, any>;
export const DESCRIPTION: Json = JSON.parse(readFileSync(new URL('../../src/adapters/explorer/openapi.json', import.meta.url), 'utf8'));

const ID = 'https://onerway-sim.test/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: false, coerceTypes: 'array', validateFormats: false });
ajv.addSchema({ $id: ID, components: DESCRIPTION['components'] });
/** Compiled once per schema object: the description's own, or one made once per operation below. */
const compiled = new WeakMap<Json, ValidateFunction>();
function validator(schema: Json): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${ID}#/components/`)))));
  return v;
}

const ERROR_SCHEMA: Json = { $ref: '#/components/schemas/Error' };
/** An operation's query parameters as one object schema, made once per operation. */
const querySchemas = new WeakMap<Json, Json>();
function querySchemaOf(op: Json): Json {
  let schema = querySchemas.get(op);
  if (!schema) {
    const declared = (op['parameters'] as Json[]).filter((x) => x['in'] === 'query');
    querySchemas.set(op, (schema = { type: 'object', properties: Object.fromEntries(declared.map((x) => [x['name'], x['schema']])), additionalProperties: false }));
  }
  return schema;
}

/** The operations, most specific paths first (`/v1/customers/search` before `/v1/customers/{id}`). */
const OPERATIONS = Object.entries(DESCRIPTION['paths'] as Record<string, Json>)
  .map(([path, ops]) => ({ path, ops, pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`), params: (path.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);

export function operationFor(method: string, path: string): Json | undefined {
  return OPERATIONS.find((o) => o.pattern.test(path))?.ops[method.toLowerCase()];
}

function check(where: string, schema: Json, value: unknown): string | undefined {
  const v = validator(schema);
  if (v(value)) return undefined;
  const e = v.errors?.[0];
  return `${where}: ${ajv.errorsText(v.errors, { separator: '; ' })} ${JSON.stringify(e?.params ?? {})} in ${JSON.stringify(value).slice(0, 300)}`;
}

/**
 * Form values as the simulator reads them: `a[0]=x` is an array, and the stripe clients' `True`
 * and `False` are booleans (docs/stripe-clients.md).
 */
function asDeclared(value: unknown): unknown {
  if (value === 'True' || value === 'False') return value.toLowerCase();
  if (Array.isArray(value)) return value.map(asDeclared);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => asDeclared(v));
    return Object.fromEntries(entries.map(([k, v]) => [k, asDeclared(v)]));
  }
  return value;
}

/** What a request sent, as the description's parameters name it (form bodies and query strings parsed). */
function sentParams(headers: Record<string, string>, body: string): unknown {
  if (!body) return {};
  return (headers['content-type'] ?? '').includes('json') ? JSON.parse(body) : asDeclared(parseForm(body));
}

/** Attaches the oracle to `sim`; `violations()` lists what did not match. */
export function watchAgainstDescription(sim: Simulator): { violations: () => string[] } {
  const violations: string[] = [];
  const pending = new Map<string, { headers: Record<string, string>; body: string; query: string }>();
  let seq = 0;
  const order: string[] = [];
  sim.on('request', (req) => {
    const key = `${seq++}`;
    order.push(key);
    pending.set(key, { headers: req.headers as Record<string, string>, body: typeof req.body === 'string' ? req.body : '', query: req.query });
  });
  sim.on('response', (res) => {
    // A power (fixtures, trigger) answers after the requests it makes itself: the last request is this answer's.
    const key = order.pop();
    const req = key === undefined ? undefined : pending.get(key);
    if (key !== undefined) pending.delete(key);
    if (!res.path.startsWith('/v1/')) return;
    const op = operationFor(res.method, res.path);
    const where = `${res.method} ${res.path} → ${res.status}`;
    if (!op) {
      if (res.status < 400) violations.push(`${where}: no operation in the description`);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(res.responseBody);
    } catch {
      violations.push(`${where}: the answer is not JSON`);
      return;
    }
    const response = op['responses'][String(res.status)] ?? (res.status >= 400 ? { $ref: '#/components/responses/InvalidRequest' } : undefined);
    if (!response) {
      violations.push(`${where}: status not in the description`);
      return;
    }
    const schema = response.$ref ? ERROR_SCHEMA : response.content['application/json'].schema;
    const problem = check(`${where} answer`, schema, body);
    if (problem) violations.push(problem);
    if (res.status >= 300 || !req) return;
    // The request, when it was honoured: its parameters as the description declares them.
    if (op['requestBody']) {
      const requestSchema = op['requestBody'].content['application/json'].schema;
      const p = check(`${where} request body`, requestSchema, sentParams(req.headers, req.body));
      if (p) violations.push(p);
    }
    if (req.query) {
      const p = check(`${where} query`, querySchemaOf(op), asDeclared(parseForm(req.query)));
      if (p) violations.push(p);
    }
  });
  return { violations: () => violations };
}
