/**
 * Connected accounts (SPEC §5): a minimal `acct_` object that can receive transfers and holds its
 * own balance, readable with `GET /v1/balance` and the `Onerway-Account` header.
 */
import type { RequestContext } from '../context.js';
import { registerExpandable, registerResolver } from '../expand.js';
import { listFields, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { checkCurrency } from '../money.js';
import { accountAccessDenied } from '../errors.js';
import { enumOf, string, type Params } from '../params.js';
import { mergeMetadata, metadata, NO_METADATA } from '../metadata.js';
import { route } from '../routes.js';
import { collectionKey, type DataSet, type Row } from '../store.js';

/** A connected Account, as merchants receive it. */
export interface Account {
  id: string;
  object: 'account';
  business_type: null;
  capabilities: { card_payments: 'active'; transfers: 'active' };
  charges_enabled: boolean;
  country: string;
  created: number;
  default_currency: string;
  details_submitted: boolean;
  email: string | null;
  livemode: boolean;
  metadata: Record<string, string>;
  payouts_enabled: boolean;
  type: 'custom' | 'express' | 'standard';
}

export type AccountRow = Row<Account>;
export const ACCOUNTS = collectionKey<AccountRow>('accounts');

registerExpandable('account', {});
registerResolver('acct', (ctx, id) => ctx.data.collection(ACCOUNTS).get(id)?.object);

const createFields = {
  type: enumOf(['custom', 'express', 'standard']),
  country: string({ maxLength: 2 }),
  email: string({ nullable: true, maxLength: 512 }),
  default_currency: string(),
  metadata: metadata(),
} as const;

const updateFields = { email: string({ nullable: true, maxLength: 512 }), metadata: metadata() } as const;

function create(ctx: RequestContext, p: Params<typeof createFields>): Account {
  const currency = p.default_currency === undefined ? 'usd' : checkCurrency(p.default_currency, 'default_currency');
  const id = ctx.ids.next('acct');
  const account: Account = {
    id,
    object: 'account',
    business_type: null,
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    country: (p.country ?? 'US').toUpperCase(),
    created: ctx.now,
    default_currency: currency,
    details_submitted: true,
    email: p.email ?? null,
    livemode: ctx.mode === 'live',
    metadata: mergeMetadata(NO_METADATA, p.metadata),
    payouts_enabled: true,
    type: p.type ?? 'custom',
  };
  ctx.data.collection(ACCOUNTS).add({ id, created: account.created, seq: ctx.nextSeq(), object: account });
  return account;
}

/** A connected account of the platform, named as a parameter (a transfer's `destination`). */
export function requireAccount(ctx: RequestContext, id: string, noun: string, param: string, status: 400 | 404): AccountRow {
  const row = ctx.platform.peek(ACCOUNTS)?.get(id);
  if (row) return row;
  return findOrThrow(ctx, ACCOUNTS, id, noun, param, status);
}

/** A connected account the key acts for (path or header); else the live API's 403, as for any account it cannot reach. */
export function connectedAccount(platform: DataSet, id: string, key: string | null): AccountRow {
  const row = platform.peek(ACCOUNTS)?.get(id);
  if (!row) throw accountAccessDenied(key, id);
  return row;
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Account {
  return connectedAccount(ctx.platform, path['id']!, ctx.key).object;
}

function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): Account {
  const row = connectedAccount(ctx.platform, path['id']!, ctx.key);
  const after: Account = { ...row.object, ...(p.email !== undefined && { email: p.email }), metadata: mergeMetadata(row.object.metadata, p.metadata) };
  ctx.platform.collection(ACCOUNTS).put({ ...row, object: after });
  return after;
}

function list(ctx: RequestContext, p: Params<typeof listFields>): ListObject<Account> {
  return listOf(ctx, ACCOUNTS, p, { noun: 'account', url: '/v1/accounts' });
}

export const accountRoutes = [
  route({ method: 'POST', path: '/v1/accounts', fields: createFields, handler: create, returns: 'account', platformOnly: true }),
  route({ method: 'GET', path: '/v1/accounts', fields: listFields, handler: list, returns: 'account', list: true, platformOnly: true }),
  route({ method: 'GET', path: '/v1/accounts/:id', fields: {}, handler: retrieve, returns: 'account', platformOnly: true }),
  route({ method: 'POST', path: '/v1/accounts/:id', fields: updateFields, handler: update, returns: 'account', update: true, platformOnly: true }),
];
