/**
 * `src/request-params.ts`, generated from the route table's parameter declarations: one
 * interface per request, as a JSON body (or query) states it. Generated, so the types merchants
 * import cannot drift from what the simulator accepts, and the API report shows every change.
 */
import { addressFields } from '../src/engine/address.js';
import { listFields } from '../src/engine/list.js';
import type { ParamField, ParamSchema } from '../src/engine/param-schema.js';
import { intentPaymentMethodOptionsParam, paymentMethodOptionsParam, shippingParam } from '../src/engine/resources/payment-intents/params.js';
import { billingFields, paymentMethodDataFields } from '../src/engine/resources/payment-methods/params.js';
import { ROUTES } from '../src/wire/router.js';

type FieldTable = Readonly<Record<string, ParamField>>;

const createdRange = listFields.created.schema.type === 'oneOf' ? listFields.created.schema.of.find((s) => s.type === 'hash') : undefined;
const hashFields = (schema: ParamSchema): FieldTable => (schema.type === 'hash' ? schema.fields : {});
const shipping = shippingParam.schema.type === 'hash' ? shippingParam.schema.fields : undefined;

/**
 * Hashes that several requests share get a name of their own (in `shared.ts`), found by the
 * identity of their declaration: `address` is the same table wherever it is accepted.
 */
const SHARED: ReadonlyArray<readonly [FieldTable, string, string]> = [
  [addressFields, 'AddressParams', 'A postal address.'],
  [createdRange?.type === 'hash' ? createdRange.fields : {}, 'CreatedRangeParams', 'A range of creation times, Unix seconds.'],
  [billingFields, 'BillingDetailsParams', 'A payment method\'s billing details.'],
  [paymentMethodDataFields, 'PaymentMethodDataParams', 'A new card payment method, inline (`payment_method_data`) or on its own.'],
  [shipping ?? {}, 'PaymentIntentShippingParams', 'Shipping details of a payment.'],
  [hashFields(intentPaymentMethodOptionsParam.schema), 'PaymentIntentPaymentMethodOptionsParams', 'How a PaymentIntent uses a card: 3D Secure, incremental authorization.'],
  [hashFields(paymentMethodOptionsParam.schema), 'SetupIntentPaymentMethodOptionsParams', 'How a SetupIntent uses a card: 3D Secure.'],
];
const SHARED_NAMES = new Map(SHARED.map(([fields, name]) => [fields, name]));

/** Every table a request's parameters may extend: the shared hashes, the list base, each request's. */
function candidates(): Array<[FieldTable, string]> {
  const requests = Object.entries(REQUEST_PARAM_TYPES).map(([request, name]): [FieldTable, string] => {
    const [method, path] = request.split(' ');
    return [(ROUTES.find((r) => r.method === method && r.path === path)?.fields ?? {}) as FieldTable, name];
  });
  return [...SHARED.map(([fields, name]): [FieldTable, string] => [fields, name]), [listFields, 'ListParams'], ...requests];
}

/**
 * The declaration `fields` repeats, if any: another table whose every field it has, the same
 * declaration (or, for at most two, redeclared: `amount` required on create). Written as
 * `extends Base` (or `extends Omit<Base, …>`), so a shared field is declared in one place.
 */
function baseOf(fields: FieldTable): { type: string; fields: FieldTable; overridden: string[] } | undefined {
  let best: { type: string; fields: FieldTable; overridden: string[] } | undefined;
  for (const [table, name] of candidates()) {
    const keys = Object.keys(table);
    if (table === fields || keys.length < 3 || !keys.every((k) => k in fields)) continue;
    const overridden = keys.filter((k) => fields[k] !== table[k]);
    if (overridden.length > 2 || keys.length - overridden.length < 3) continue;
    if (best && Object.keys(best.fields).length - best.overridden.length >= keys.length - overridden.length) continue;
    const type = overridden.length ? `Omit<${name}, ${overridden.map((k) => `'${k}'`).join(' | ')}>` : name;
    best = { type, fields: table, overridden };
  }
  return best;
}

/** The requests whose parameters get a named type: `METHOD path` → type name. */
export const REQUEST_PARAM_TYPES: Readonly<Record<string, string>> = {
  'POST /v1/customers': 'CustomerCreateParams',
  'POST /v1/customers/:id': 'CustomerUpdateParams',
  'GET /v1/customers': 'CustomerListParams',
  'POST /v1/payment_methods': 'PaymentMethodCreateParams',
  'POST /v1/payment_methods/:id': 'PaymentMethodUpdateParams',
  'POST /v1/payment_methods/:id/attach': 'PaymentMethodAttachParams',
  'GET /v1/payment_methods': 'PaymentMethodListParams',
  'POST /v1/payment_intents': 'PaymentIntentCreateParams',
  'POST /v1/payment_intents/:id': 'PaymentIntentUpdateParams',
  'POST /v1/payment_intents/:id/confirm': 'PaymentIntentConfirmParams',
  'POST /v1/payment_intents/:id/capture': 'PaymentIntentCaptureParams',
  'POST /v1/payment_intents/:id/cancel': 'PaymentIntentCancelParams',
  'GET /v1/payment_intents': 'PaymentIntentListParams',
  'POST /v1/payment_intents/:id/increment_authorization': 'PaymentIntentIncrementAuthorizationParams',
  'POST /v1/setup_intents': 'SetupIntentCreateParams',
  'POST /v1/setup_intents/:id': 'SetupIntentUpdateParams',
  'POST /v1/setup_intents/:id/confirm': 'SetupIntentConfirmParams',
  'POST /v1/setup_intents/:id/cancel': 'SetupIntentCancelParams',
  'GET /v1/setup_intents': 'SetupIntentListParams',
  'GET /v1/setup_attempts': 'SetupAttemptListParams',
  'POST /v1/charges': 'ChargeCreateParams',
  'POST /v1/charges/:id': 'ChargeUpdateParams',
  'POST /v1/charges/:id/capture': 'ChargeCaptureParams',
  'GET /v1/charges': 'ChargeListParams',
  'POST /v1/customers/:customer/balance_transactions': 'CustomerBalanceTransactionCreateParams',
  'POST /v1/customers/:customer/balance_transactions/:id': 'CustomerBalanceTransactionUpdateParams',
  'POST /v1/refunds': 'RefundCreateParams',
  'POST /v1/refunds/:id': 'RefundUpdateParams',
  'GET /v1/refunds': 'RefundListParams',
  'GET /v1/balance_transactions': 'BalanceTransactionListParams',
  'GET /v1/events': 'EventListParams',
  'POST /v1/webhook_endpoints': 'WebhookEndpointCreateParams',
  'POST /v1/webhook_endpoints/:id': 'WebhookEndpointUpdateParams',
  'POST /v1/accounts': 'AccountCreateParams',
  'POST /v1/accounts/:id': 'AccountUpdateParams',
  'POST /v1/transfers': 'TransferCreateParams',
  'POST /v1/transfers/:id': 'TransferUpdateParams',
  'GET /v1/transfers': 'TransferListParams',
  'POST /v1/transfers/:id/reversals': 'TransferReversalCreateParams',
  'POST /v1/test_helpers/test_clocks': 'TestClockCreateParams',
  'POST /v1/test_helpers/restricted_keys': 'RestrictedKeyCreateParams',
  'GET /v1/customers/search': 'CustomerSearchParams',
  'GET /v1/payment_intents/search': 'PaymentIntentSearchParams',
  'GET /v1/charges/search': 'ChargeSearchParams',
  'GET /v1/application_fees': 'ApplicationFeeListParams',
  'POST /v1/accounts/:account/external_accounts': 'ExternalAccountCreateParams',
  'POST /v1/accounts/:account/external_accounts/:id': 'ExternalAccountUpdateParams',
  'GET /v1/accounts/:account/external_accounts': 'ExternalAccountListParams',
  'POST /v1/payouts': 'PayoutCreateParams',
  'POST /v1/payouts/:id': 'PayoutUpdateParams',
  'GET /v1/payouts': 'PayoutListParams',
  'POST /v1/disputes/:id': 'DisputeUpdateParams',
  'GET /v1/disputes': 'DisputeListParams',
  'GET /v1/radar/early_fraud_warnings': 'EarlyFraudWarningListParams',
};

function typeOf(schema: ParamSchema, indent: string): string {
  const base = ((): string => {
    switch (schema.type) {
      case 'string':
        return 'string';
      case 'enum':
        return schema.values.map((v) => `'${v}'`).join(' | ');
      case 'integer':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'metadata':
        return 'Record<string, string | null>';
      case 'hash':
        return SHARED_NAMES.get(schema.fields) ?? objectType(schema.fields, indent);
      case 'array': {
        const item = typeOf(schema.items, indent);
        return /[|&]/.test(item) && !item.startsWith('{') ? `Array<${item}>` : `${item}[]`;
      }
      case 'oneOf':
        return schema.of.map((s) => typeOf(s, indent)).join(' | ');
    }
  })();
  return schema.nullable ? `${base} | null` : base;
}

function comment(schema: ParamSchema): string | undefined {
  const notes: string[] = [];
  if (schema.type === 'string' && schema.maxLength !== 5000) notes.push(`at most ${schema.maxLength} characters`);
  if (schema.type === 'integer' && schema.min !== undefined) notes.push(`at least ${schema.min}`);
  if (schema.type === 'integer' && schema.max !== undefined) notes.push(`at most ${schema.max}`);
  if (schema.type === 'array') notes.push(`at most ${schema.maxItems} items`);
  if (schema.type === 'metadata') notes.push(`at most ${schema.maxKeys} keys; a key set to null is deleted`);
  return notes.length ? notes.join('; ') : undefined;
}

function objectType(fields: FieldTable, indent: string, omit: readonly string[] = []): string {
  const inner = `${indent}  `;
  const lines = Object.entries(fields).filter(([name]) => !omit.includes(name)).map(([name, field]) => {
    const note = comment(field.schema);
    const doc = note ? `${inner}/** ${note[0]!.toUpperCase()}${note.slice(1)}. */\n` : '';
    return `${doc}${inner}${name}${field.required ? '' : '?'}: ${typeOf(field.schema, inner)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

const HEADER = '// Generated by `npm run docs:generate` from the route table (scripts/request-param-types.ts): do not edit.';

/** The resource a request belongs to: the first path segment after /v1 (`test_helpers/x` → x). */
function resourceOf(path: string): string {
  const parts = path.split('/').slice(2);
  return (parts[0] === 'test_helpers' ? parts[1]! : parts[0]!).replace(/_/g, '-');
}

/** One file per resource under src/request-params/, and an index that re-exports them. */
export function requestParamFiles(): Record<string, string> {
  const files = new Map<string, string[]>();
  for (const [request, name] of Object.entries(REQUEST_PARAM_TYPES)) {
    const [method, path] = request.split(' ') as [string, string];
    const route = ROUTES.find((r) => r.method === method && r.path === path);
    if (!route) throw new Error(`request-param-types: no route ${request}`);
    const file = `src/request-params/${resourceOf(path)}.ts`;
    if (!files.has(file)) files.set(file, [HEADER, `/** The parameters of the ${resourceOf(path).replace(/-/g, ' ')} requests, as a JSON body (or a query string) states them. */`, '']);
    const fields = route.fields as FieldTable;
    const base = baseOf(fields);
    const omit = base ? Object.keys(base.fields) : [];
    const body = objectType(fields, '', omit.filter((k) => !base?.overridden.includes(k)));
    files.get(file)!.push(`/** Parameters of \`${request}\`. */`, `export interface ${name} ${base ? `extends ${base.type} ` : ''}${body}`, '');
  }
  const out: Record<string, string> = {};
  for (const [file, lines] of files) {
    const text = lines.join('\n');
    const used = ['ListParams', ...SHARED.map(([, n]) => n), ...Object.values(REQUEST_PARAM_TYPES)]
      .filter((n) => new RegExp(`\\b${n}\\b`).test(text) && !new RegExp(`export interface ${n}\\b`).test(text));
    const head = used.length ? [`import type { ${used.join(', ')} } from './shared.js';`, ''] : [];
    out[file] = [lines[0], ...head, ...lines.slice(1)].join('\n');
  }
  const shared = [HEADER, '/** Parameter hashes that several requests share. */', ''];
  for (const [fields, name, doc] of SHARED) {
    const base = baseOf(fields);
    const body = objectType(fields, '', base ? Object.keys(base.fields).filter((k) => !base.overridden.includes(k)) : []);
    shared.push(`/** ${doc} */`, `export interface ${name} ${base ? `extends ${base.type} ` : ''}${body}`, '');
  }
  shared.push('/** The pagination parameters of every list (reference §8). */', `export interface ListParams ${objectType(listFields, '')}`, '');
  out['src/request-params/shared.ts'] = shared.join('\n');
  files.set('src/request-params/shared.ts', []);
  out['src/request-params/index.ts'] = [HEADER, ...[...files.keys()].map((f) => `export type * from './${f.slice('src/request-params/'.length, -3)}.js';`), ''].join('\n');
  return out;
}
