/**
 * Restricted keys (reference §14): `rk_` keys with a permission per resource (none, read, write).
 * Onerway issues them from its dashboard; the simulator issues them in process
 * (`sim.restrictedKey`) and over HTTP (`POST /v1/test_helpers/restricted_keys`). A request outside
 * a key's permissions is the live API's 403, naming the permission that would allow it. A
 * well-formed `rk_` key the simulator did not issue acts as a secret key (docs/decisions.md).
 */
import type { RequestContext } from '../context.js';
import { invalidRequest, maskKey } from '../errors.js';
import { enumOf, hash, required, string, type Params } from '../params.js';
import { route } from '../routes.js';
import { collectionKey, type DataSet, type Row } from '../store.js';

export type Permission = 'none' | 'read' | 'write';

/** The resources a permission is given for, and the permission names of the live API's messages. */
const PERMISSION_NAMES = {
  customers: 'customer',
  payment_methods: 'payment_method',
  payment_intents: 'payment_intent',
  setup_intents: 'setup_intent',
  setup_attempts: 'setup_intent',
  charges: 'charge',
  refunds: 'refund',
  balance: 'balance',
  events: 'event',
  disputes: 'dispute',
  balance_transactions: 'balance',
  transfers: 'transfer',
  payouts: 'payout',
  radar: 'radar_early_fraud_warning',
  account: 'account',
  accounts: 'connected_account',
  webhook_endpoints: 'webhook',
  test_helpers: 'test_helpers',
} as const;

export type PermissionResource = keyof typeof PERMISSION_NAMES;
export type Permissions = { [R in PermissionResource]: Permission };

/** A restricted key, as `POST /v1/test_helpers/restricted_keys` answers it. */
export interface RestrictedKey {
  id: string;
  object: 'test_helpers.restricted_key';
  created: number;
  livemode: boolean;
  name: string | null;
  permissions: Permissions;
  /** The key itself, to send as `Authorization: Bearer …`. */
  secret: string;
}

const RESTRICTED_KEYS = collectionKey<Row<RestrictedKey>>('restricted_keys');

const permission = enumOf(['none', 'read', 'write']);
const createFields = {
  permissions: required(hash(Object.fromEntries(Object.keys(PERMISSION_NAMES).map((r) => [r, permission])) as Record<PermissionResource, typeof permission>)),
  name: string({ nullable: true, maxLength: 100 }),
} as const;

export type RestrictedKeyParams = Params<typeof createFields>;

/** Issues a key with `permissions` (resources not named get none). */
export function createRestrictedKey(ctx: RequestContext, p: RestrictedKeyParams): RestrictedKey {
  const secret = `rk_${ctx.mode}_${ctx.ids.token(99)}`;
  const permissions = Object.fromEntries(Object.keys(PERMISSION_NAMES).map((r) => [r, p.permissions[r as PermissionResource] ?? 'none'])) as Permissions;
  const key: RestrictedKey = {
    id: secret,
    object: 'test_helpers.restricted_key',
    created: ctx.now,
    livemode: ctx.mode === 'live',
    name: p.name ?? null,
    permissions,
    secret,
  };
  ctx.platform.collection(RESTRICTED_KEYS).add({ id: secret, created: key.created, seq: ctx.nextSeq(), object: key });
  return key;
}

/** Whether the simulator issued `key` (in the platform data of its mode). */
export function isIssued(platform: DataSet, key: string): boolean {
  return platform.peek(RESTRICTED_KEYS)?.get(key) !== undefined;
}

/** The resource a route's path acts on, for permissions: `/v1/payment_intents/…` → payment_intents. */
function resourceOf(path: string): PermissionResource {
  const parts = path.split('/');
  const first = parts[2] === 'test_helpers' && parts[3] !== undefined && parts[3] in PERMISSION_NAMES ? parts[3] : parts[2];
  if (first === 'balance_transactions') return 'balance';
  return (first && first in PERMISSION_NAMES ? first : 'test_helpers') as PermissionResource;
}

/**
 * Refuses a request that an issued restricted key may not make: GET needs read, anything else
 * write. Keys the simulator did not issue are not checked.
 */
export function checkPermission(platform: DataSet, key: string, accountId: string, method: string, path: string): void {
  const row = platform.peek(RESTRICTED_KEYS)?.get(key);
  if (!row) return;
  const resource = resourceOf(path);
  const needed = method === 'GET' ? 'read' : 'write';
  const has = row.object.permissions[resource];
  if (has === 'write' || has === needed) return;
  throw invalidRequest(
    `The provided key '${maskKey(key)}' does not have the required permissions for this endpoint on account '${accountId}'. Having the 'rak_${PERMISSION_NAMES[resource]}_${needed}' permission would allow this request to continue.`,
    { status: 403 },
  );
}

export const restrictedKeyRoutes = [
  route({
    method: 'POST',
    path: '/v1/test_helpers/restricted_keys',
    fields: createFields,
    handler: createRestrictedKey,
    returns: 'test_helpers.restricted_key',
    platformOnly: true,
  }),
];
