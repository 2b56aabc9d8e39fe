/**
 * Connected accounts (SPEC §5): a minimal `acct_` object that can receive transfers and holds its
 * own balance, readable with `GET /v1/balance` and the `Onerway-Account` header.
 */
import type { RequestContext } from '../context.js';
import { registerExpandable, registerResolver } from '../expand.js';
import { listFields, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { checkCurrency, type BalanceAmount } from '../money.js';
import { enumOf, string, type Params } from '../params.js';
import { mergeMetadata, metadata, NO_METADATA } from '../metadata.js';
import { route } from '../routes.js';
import { collectionKey, type Row } from '../store.js';

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
const BALANCES = 'accounts.balances';

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

export function requireAccount(ctx: RequestContext, id: string, noun: string, param: string, status: 400 | 404): AccountRow {
  return findOrThrow(ctx, ACCOUNTS, id, noun, param, status);
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Account {
  return requireAccount(ctx, path['id']!, 'account', 'id', 404).object;
}

function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): Account {
  const row = requireAccount(ctx, path['id']!, 'account', 'id', 404);
  const after: Account = { ...row.object, ...(p.email !== undefined && { email: p.email }), metadata: mergeMetadata(row.object.metadata, p.metadata) };
  ctx.data.collection(ACCOUNTS).put({ ...row, object: after });
  return after;
}

function list(ctx: RequestContext, p: Params<typeof listFields>): ListObject<Account> {
  return listOf(ctx, ACCOUNTS, p, { noun: 'account', url: '/v1/accounts' });
}

/** Credits (or, negative, debits) a connected account's available balance. */
export function creditAccount(ctx: RequestContext, accountId: string, currency: string, amount: number): void {
  const balances = ctx.data.map<string, number>(BALANCES);
  const key = `${accountId}:${currency}`;
  balances.set(key, (balances.get(key) ?? 0) + amount);
}

/** A connected account's available balance per currency. */
export function accountBalance(ctx: RequestContext, accountId: string): BalanceAmount[] {
  const out: BalanceAmount[] = [];
  for (const [key, amount] of ctx.data.map<string, number>(BALANCES)) {
    const [id, currency] = key.split(':') as [string, string];
    if (id === accountId) out.push({ amount, currency, source_types: { card: amount } });
  }
  return out.sort((a, b) => (a.currency < b.currency ? -1 : 1));
}

/** Every connected account's balance, summed per currency (for money-conservation checks). */
export function connectedTotals(ctx: RequestContext): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [key, amount] of ctx.data.map<string, number>(BALANCES)) {
    const currency = key.split(':')[1]!;
    totals.set(currency, (totals.get(currency) ?? 0) + amount);
  }
  return totals;
}

export const accountRoutes = [
  route({ method: 'POST', path: '/v1/accounts', fields: createFields, handler: create, returns: 'account' }),
  route({ method: 'GET', path: '/v1/accounts', fields: listFields, handler: list, returns: 'account', list: true }),
  route({ method: 'GET', path: '/v1/accounts/:id', fields: {}, handler: retrieve, returns: 'account' }),
  route({ method: 'POST', path: '/v1/accounts/:id', fields: updateFields, handler: update, returns: 'account', update: true }),
];
