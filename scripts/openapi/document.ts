/**
 * The OpenAPI 3.1 description of the simulator, built from its own tables: every route of the
 * route table (method, path, declared parameters, result type, events, whether it declines), the
 * object schemas read from the exported TypeScript types (object-schemas.ts), the error envelope,
 * the headers, and the API versions with their changes. `npm run docs:generate` writes it to
 * src/adapters/explorer/openapi.json; a test fails when that file is stale.
 */
import { API_VERSIONS, DEFAULT_API_VERSION, versionChanges } from '../../src/engine/versions.js';
import { EVENT_TYPES } from '../../src/engine/event.js';
import type { ParamField, ParamSchema } from '../../src/engine/param-schema.js';
import type { Route } from '../../src/engine/routes.js';
import { RESOURCE_ROUTES } from '../../src/engine/resources/registry.js';
import { objectSchemas, type JsonSchema } from './object-schemas.js';
import { PAYMENT_INTENT_CLIENT_FIELDS } from '../../src/engine/resources/payment-intents/client-access.js';
import { SETUP_INTENT_CLIENT_FIELDS } from '../../src/engine/resources/setup-intents/routes.js';

/** The `object` a route answers with → the exported type that describes it. */
export const OBJECT_TYPES: Readonly<Record<string, string>> = {
  account: 'Account',
  application_fee: 'ApplicationFee',
  balance_transaction: 'BalanceTransaction',
  charge: 'Charge',
  customer: 'Customer',
  customer_balance_transaction: 'CustomerBalanceTransaction',
  dispute: 'Dispute',
  event: 'OnerwayEvent',
  external_account: 'ExternalAccount',
  payment_intent: 'PaymentIntent',
  payment_method: 'PaymentMethod',
  payout: 'Payout',
  'radar.early_fraud_warning': 'EarlyFraudWarning',
  refund: 'Refund',
  setup_attempt: 'SetupAttempt',
  setup_intent: 'SetupIntent',
  'test_helpers.restricted_key': 'RestrictedKey',
  'test_helpers.test_clock': 'TestClock',
  transfer: 'Transfer',
  transfer_reversal: 'TransferReversal',
  webhook_endpoint: 'WebhookEndpoint',
};

/** The result of the routes that name no `object` (or answer something else), by route. */
const RESULTS: Readonly<Record<string, string>> = {
  'GET /v1/balance': 'Balance',
  'DELETE /v1/customers/:id': 'DeletedCustomer',
  'GET /v1/customers/search': 'CustomerSearchResult',
  'GET /v1/payment_intents/search': 'PaymentIntentSearchResult',
  'GET /v1/charges/search': 'ChargeSearchResult',
};

/** Types that appear only inside others or as results, and still get a component. */
const EXTRA_TYPES = ['Balance', 'DeletedCustomer', 'BankAccount', 'ExternalCard', 'SourceCard', 'Coverage', 'WebhookAttempt'];

const isHelper = (r: Route) => r.path.startsWith('/v1/test_helpers/');
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
const operationId = (r: Route) =>
  `${r.method.toLowerCase()}${r.path.replace(/^\/v1/, '').replace(/:(\w+)/g, 'By_$1').split(/[/_.]/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`;
/** The tag a route is grouped under: its resource (the test helpers' own resource under "test helpers: …"). */
export function tagOf(path: string): string {
  const parts = path.split('/').slice(2);
  return parts[0] === 'test_helpers' ? `test_helpers.${parts[1]}` : parts[0] === 'radar' ? `radar.${parts[1]}` : parts[0] === 'accounts' && parts[2] === 'external_accounts' ? 'external_accounts' : parts[0] === 'customers' && parts[2] === 'balance_transactions' ? 'customer_balance_transactions' : parts[0]!;
}

/** A declared parameter as a JSON Schema (with its limits). */
function paramSchema(schema: ParamSchema): JsonSchema {
  const base = ((): JsonSchema => {
    switch (schema.type) {
      case 'string':
        return { type: 'string', maxLength: schema.maxLength };
      case 'enum':
        return { type: 'string', enum: [...schema.values] };
      case 'integer':
        return { type: 'integer', ...(schema.min !== undefined && { minimum: schema.min }), ...(schema.max !== undefined && { maximum: schema.max }) };
      case 'boolean':
        return { type: 'boolean' };
      case 'metadata':
        return {
          type: 'object',
          maxProperties: schema.maxKeys,
          propertyNames: { maxLength: schema.keyLength },
          additionalProperties: { type: ['string', 'null'], maxLength: schema.valueLength },
          description: `At most ${schema.maxKeys} keys; a key set to null (or "") is deleted.`,
        };
      case 'hash':
        return fieldsSchema(schema.fields);
      case 'array':
        return { type: 'array', items: paramSchema(schema.items), maxItems: schema.maxItems };
      case 'oneOf':
        return { anyOf: schema.of.map(paramSchema) };
    }
  })();
  if (!schema.nullable) return base;
  return typeof base['type'] === 'string' ? { ...base, type: [base['type'], 'null'], ...(base['enum'] ? { enum: [...(base['enum'] as unknown[]), null] } : {}) } : { anyOf: [base, { type: 'null' }] };
}

function fieldsSchema(fields: Readonly<Record<string, ParamField>>): JsonSchema {
  const required = Object.entries(fields).filter(([, f]) => f.required).map(([k]) => k);
  return { type: 'object', properties: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, paramSchema(f.schema)])), ...(required.length && { required }), additionalProperties: false };
}

const EXPAND = { name: 'expand', in: 'query', style: 'deepObject', explode: true, description: 'Expandable fields to expand in the answer (`expand[]=customer`).', schema: { type: 'array', items: { type: 'string', maxLength: 5000 }, maxItems: 100 } } as const;

function resultSchema(r: Route): JsonSchema {
  const key = `${r.method} ${r.path}`;
  const named = RESULTS[key] ?? (r.returns ? OBJECT_TYPES[r.returns] : undefined);
  if (r.method === 'DELETE' && !named && r.path.includes(':')) {
    return { type: 'object', properties: { id: { type: 'string' }, object: { type: 'string' }, deleted: { type: 'boolean', const: true } }, required: ['id', 'object', 'deleted'] };
  }
  const full: JsonSchema = named ? { $ref: `#/components/schemas/${named}` } : { type: 'object', description: 'An answer of the simulator itself (see docs/doors.md).' };
  // A publishable key sees the narrower view of an intent.
  const item: JsonSchema = r.publishable && (named === 'PaymentIntent' || named === 'SetupIntent') ? { anyOf: [full, { $ref: `#/components/schemas/${named}Publishable` }] } : full;
  if (!r.list || RESULTS[key]) return item;
  return {
    type: 'object',
    properties: { object: { type: 'string', const: 'list' }, data: { type: 'array', items: item }, has_more: { type: 'boolean' }, url: { type: 'string' } },
    required: ['object', 'data', 'has_more', 'url'],
  };
}

const RESPONSE_HEADERS = {
  'Request-Id': { $ref: '#/components/headers/Request-Id' },
  'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/X-RateLimit-Remaining' },
  'X-RateLimit-Reset': { $ref: '#/components/headers/X-RateLimit-Reset' },
};

/** Request bodies, one component per operation (form and JSON share it). */
const BODIES: Record<string, JsonSchema> = {};

function operation(r: Route): JsonSchema {
  const pathParams = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string', maxLength: 5000 } }));
  const fields = Object.entries(r.fields) as [string, { required: boolean; schema: ParamSchema }][];
  const isGet = r.method === 'GET' || r.method === 'DELETE';
  const query = isGet ? fields.map(([name, f]) => ({ name, in: 'query', required: f.required, ...(f.schema.type === 'hash' || f.schema.type === 'oneOf' || f.schema.type === 'array' ? { style: 'deepObject', explode: true } : {}), schema: paramSchema(f.schema) })) : [];
  const headers = [{ $ref: '#/components/parameters/Onerway-Version' }, { $ref: '#/components/parameters/Onerway-Account' }, ...(r.method === 'POST' ? [{ $ref: '#/components/parameters/Idempotency-Key' }] : [])];
  const body = fieldsSchema(Object.fromEntries(fields.map(([k, f]) => [k, f])));
  const key = `${r.method} ${r.path}`;
  const errors: Record<string, JsonSchema> = {
    '400': { $ref: '#/components/responses/InvalidRequest' },
    '401': { $ref: '#/components/responses/Unauthorized' },
    '403': { $ref: '#/components/responses/Forbidden' },
    ...(r.path.includes(':') && { '404': { $ref: '#/components/responses/NotFound' } }),
    ...(r.declines && { '402': { $ref: '#/components/responses/CardError' } }),
    '429': { $ref: '#/components/responses/RateLimited' },
    '500': { $ref: '#/components/responses/ApiError' },
  };
  return {
    operationId: operationId(r),
    summary: key,
    tags: [tagOf(r.path)],
    ...(isHelper(r) && { 'x-onerway-simulator': true, description: "A test helper of the simulator's own: the live API does not have it." }),
    ...(r.publishable && { 'x-onerway-publishable': true }),
    ...(r.platformOnly && { 'x-onerway-platform-only': true }),
    'x-onerway-events': [...(r.emits ?? [])],
    parameters: [...pathParams, ...query, ...(r.returns && isGet ? [EXPAND] : []), ...headers],
    ...(!isGet && {
      requestBody: {
        required: fields.some(([, f]) => f.required),
        content: {
          'application/x-www-form-urlencoded': { schema: bodyRef(r, body) },
          'application/json': { schema: bodyRef(r, body) },
        },
      },
    }),
    responses: {
      '200': { description: 'OK', headers: RESPONSE_HEADERS, content: { 'application/json': { schema: resultSchema(r) } } },
      ...errors,
    },
  };
}

function bodyRef(r: Route, body: JsonSchema): JsonSchema {
  const name = `${operationId(r)[0]!.toUpperCase()}${operationId(r).slice(1)}Body`;
  BODIES[name] = { ...body, properties: { ...(body['properties'] as object), ...(r.returns && { expand: EXPAND.schema }) } };
  return { $ref: `#/components/schemas/${name}` };
}

const errorResponse = (description: string) => ({ description, headers: RESPONSE_HEADERS, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function buildDocument(): JsonSchema {
  const names = [...new Set([...Object.values(OBJECT_TYPES), ...Object.values(RESULTS).filter((n) => !n.endsWith('SearchResult')), ...EXTRA_TYPES])];
  const schemas = objectSchemas(new URL('../../src/index.ts', import.meta.url).pathname, names);
  // Search results: a page of one object type.
  for (const [key, type] of [['CustomerSearchResult', 'Customer'], ['PaymentIntentSearchResult', 'PaymentIntent'], ['ChargeSearchResult', 'Charge']] as const) {
    schemas[key] = {
      type: 'object',
      properties: {
        object: { type: 'string', const: 'search_result' },
        data: { type: 'array', items: { $ref: `#/components/schemas/${type}` } },
        has_more: { type: 'boolean' },
        next_page: { type: ['string', 'null'] },
        url: { type: 'string' },
      },
      required: ['object', 'data', 'has_more', 'next_page', 'url'],
    };
  }
  // Fields only the older API versions show.
  for (const change of versionChanges()) {
    const type = OBJECT_TYPES[change.object];
    if (!type || !change.olderField) continue;
    const schema = schemas[type] as { properties: Record<string, JsonSchema> };
    schema.properties[change.olderField.name] = {
      type: 'object',
      description: `Only with Onerway-Version before ${change.version}: ${change.description}`,
      properties: { object: { const: 'list' }, data: { type: 'array', items: { $ref: `#/components/schemas/${OBJECT_TYPES[change.olderField.listOf]}` } }, has_more: { type: 'boolean' }, total_count: { type: 'integer' }, url: { type: 'string' } },
    };
  }
  // What a publishable key sees: the client fields only.
  for (const [type, fields] of [['PaymentIntent', PAYMENT_INTENT_CLIENT_FIELDS], ['SetupIntent', SETUP_INTENT_CLIENT_FIELDS]] as const) {
    const full = schemas[type] as { properties: Record<string, JsonSchema> };
    schemas[`${type}Publishable`] = {
      type: 'object',
      description: `A ${type} as a publishable key sees it (with its client secret): no customer, no metadata.`,
      properties: Object.fromEntries(fields.map((f) => [f, full.properties[f]!])),
      required: [...fields],
      additionalProperties: false,
    };
  }
  schemas['Error'] = {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: {
          type: { type: 'string', enum: ['api_error', 'card_error', 'idempotency_error', 'invalid_request_error', 'authentication_error', 'permission_error', 'rate_limit_error'] },
          code: { type: 'string' },
          decline_code: { type: 'string' },
          message: { type: 'string' },
          param: { type: 'string' },
          charge: { type: 'string' },
          payment_intent: { anyOf: [{ $ref: '#/components/schemas/PaymentIntent' }, { $ref: '#/components/schemas/PaymentIntentPublishable' }] },
          payment_method: { $ref: '#/components/schemas/PaymentMethod' },
          payment_method_type: { type: 'string' },
          setup_intent: { anyOf: [{ $ref: '#/components/schemas/SetupIntent' }, { $ref: '#/components/schemas/SetupIntentPublishable' }] },
          doc_url: { type: 'string' },
          request_log_url: { type: 'string' },
        },
        required: ['type', 'message'],
      },
    },
    required: ['error'],
  };

  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of RESOURCE_ROUTES) {
    const p = (paths[openApiPath(r.path)] ??= {});
    p[r.method.toLowerCase()] = operation(r);
    if (r.update) p['put'] = { ...operation(r), operationId: `${operationId(r)}Put`, description: 'PUT answers as POST does (the overview lists PUT for updates).' };
  }

  Object.assign(schemas, BODIES);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Onerway API, as onerway-sim simulates it',
      version: DEFAULT_API_VERSION,
      description: [
        'Generated from the simulator\'s route table and parameter declarations (`npm run docs:generate`).',
        `API versions: ${API_VERSIONS.join(', ')} (default ${DEFAULT_API_VERSION}), chosen per request with the Onerway-Version header.`,
        ...versionChanges().map((c) => `Changed in ${c.version} (${c.object}): ${c.description}`),
        'Operations marked `x-onerway-simulator` are the simulator\'s own test helpers, absent from the live API.',
      ].join('\n\n'),
    },
    servers: [{ url: 'https://api.onerway.com', description: 'the fake fetch and nock doors answer this origin' }, { url: 'http://127.0.0.1:12111', description: 'the server door (onerway-sim serve)' }],
    security: [{ bearer: [] }, { basic: [] }],
    tags: [...new Set(RESOURCE_ROUTES.map((r) => tagOf(r.path)))].map((name) => ({ name, ...(name.startsWith('test_helpers.') && { 'x-onerway-simulator': true }) })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A secret key (sk_test_…, sk_live_…), a restricted key (rk_…) or, where allowed, a publishable key (pk_…).' },
        basic: { type: 'http', scheme: 'basic', description: 'The key as the user name, no password.' },
      },
      parameters: {
        'Onerway-Version': { name: 'Onerway-Version', in: 'header', schema: { type: 'string', enum: [...API_VERSIONS] }, description: 'The API version the request and its answer follow (Stripe-Version is read too).' },
        'Onerway-Account': { name: 'Onerway-Account', in: 'header', schema: { type: 'string', pattern: '^acct_' }, description: 'Act as this connected account (Stripe-Account is read too).' },
        'Idempotency-Key': { name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 255 }, description: 'Replays the first answer for 24 simulated hours.' },
      },
      headers: {
        'Request-Id': { schema: { type: 'string' }, description: 'The request id (req_…), also in events.' },
        'X-RateLimit-Limit': { schema: { type: 'integer' } },
        'X-RateLimit-Remaining': { schema: { type: 'integer' } },
        'X-RateLimit-Reset': { schema: { type: 'integer' } },
      },
      responses: {
        InvalidRequest: errorResponse('invalid_request_error (or idempotency_error): the offending `param` is named.'),
        Unauthorized: errorResponse('authentication_error: no key, or an unknown one.'),
        Forbidden: errorResponse('permission_error: a restricted or publishable key without the permission, or an account the key cannot reach.'),
        NotFound: errorResponse('resource_missing: the id in the path does not exist.'),
        CardError: errorResponse('card_error: the card was declined (decline_code), with the PaymentIntent or SetupIntent embedded.'),
        RateLimited: errorResponse('rate_limit_error: too many requests; Retry-After says when to retry.'),
        ApiError: errorResponse('api_error: a bug in the simulator (its message says so).'),
      },
    },
    'x-onerway-events': [...EVENT_TYPES],
  };
}
