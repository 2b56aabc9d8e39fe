/**
 * External accounts: where payouts go. Bank accounts (the live API's test routing and account
 * numbers, test IBANs, `btok_*` tokens) and debit cards (`tok_visa_debit`, `tok_mastercard_debit`),
 * on the platform's own account (`/v1/accounts/<platform id>/external_accounts`, the id
 * `GET /v1/account` gives) and on each connected account. One is the default for its currency.
 */
import type { RequestContext } from '../../context.js';
import { invalidRequest, missingParam, resourceMissing, unknownParams } from '../../errors.js';
import { recordEvent } from '../../events.js';
import { registerExpandable, registerResolver } from '../../expand.js';
import { digest62 } from '../../ids.js';
import { listFields, type ListObject } from '../../list.js';
import { listOf } from '../../lookup.js';
import { mergeMetadata, metadata, NO_METADATA } from '../../metadata.js';
import { checkCurrency } from '../../money.js';
import { boolean, enumOf, string, stringOrHash, type Params } from '../../params.js';
import { route } from '../../routes.js';
import { collectionKey, type Row } from '../../store.js';
import { BANKS_BY_NUMBER, BANKS_BY_TOKEN, PAYOUT_DEBIT_CARDS, TEST_ROUTING_NUMBER, type PayoutFailure } from '../../test-banks.js';
import { connectedAccount } from '../accounts.js';

/** A bank account that receives payouts, as merchants receive it. */
export interface BankAccount {
  id: string;
  object: 'bank_account';
  account: string;
  account_holder_name: string | null;
  account_holder_type: 'individual' | 'company' | null;
  account_type: null;
  available_payout_methods: ('standard' | 'instant')[];
  bank_name: string;
  country: string;
  currency: string;
  default_for_currency: boolean;
  fingerprint: string;
  last4: string;
  metadata: Record<string, string>;
  routing_number: string | null;
  status: 'new';
}

/** A debit card that receives payouts, as merchants receive it. */
export interface ExternalCard {
  id: string;
  object: 'card';
  account: string;
  available_payout_methods: ('standard' | 'instant')[];
  brand: string;
  country: string;
  currency: string;
  default_for_currency: boolean;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: 'debit';
  last4: string;
  metadata: Record<string, string>;
}

export type ExternalAccount = BankAccount | ExternalCard;

/** An external account before it has an id and a default flag. */
type Draft = Omit<BankAccount, 'id' | 'default_for_currency'> | Omit<ExternalCard, 'id' | 'default_for_currency'>;

export interface ExternalAccountRow extends Row<ExternalAccount> {
  /** How a payout to it ends (the test numbers' behaviour). */
  readonly failure: PayoutFailure | null;
  /** Deleted: gone from lists and lookups; kept so payouts can still name it. */
  readonly deleted: boolean;
}

export const EXTERNAL_ACCOUNTS = collectionKey<ExternalAccountRow>('external_accounts');

registerExpandable('bank_account', { account: 'account' });
registerExpandable('external_account', { account: 'account' });
registerResolver('ba', (ctx, id) => ctx.data.collection(EXTERNAL_ACCOUNTS).get(id)?.object);

/** The context of the account a path names: the platform's own (its id) or a connected one's. */
export function accountContext(ctx: RequestContext, id: string): RequestContext {
  if (id === ctx.platformAccountId) return ctx;
  return ctx.forAccount(connectedAccount(ctx.platform, id, ctx.key).id);
}

/** The id the current account goes by (the platform's, or the connected account's). */
export const accountIdOf = (ctx: RequestContext): string => ctx.data.account ?? ctx.platformAccountId;

const bankFields = {
  object: enumOf(['bank_account']),
  country: string({ maxLength: 2 }),
  currency: string(),
  account_number: string(),
  routing_number: string(),
  account_holder_name: string({ nullable: true }),
  account_holder_type: enumOf(['individual', 'company']),
} as const;

const createFields = {
  external_account: stringOrHash(bankFields),
  default_for_currency: boolean(),
  metadata: metadata(),
} as const;

const updateFields = {
  default_for_currency: boolean(),
  metadata: metadata(),
  account_holder_name: string({ nullable: true }),
  account_holder_type: enumOf(['individual', 'company']),
} as const;

/** A new bank account or card from a token or bank details, checked; no id yet. */
function newExternalAccount(ctx: RequestContext, given: Params<typeof createFields>['external_account']): { object: Draft; failure: PayoutFailure | null } {
  if (given === undefined) throw missingParam('external_account');
  const account = accountIdOf(ctx);
  if (typeof given === 'string') {
    const bank = BANKS_BY_TOKEN.get(given);
    if (bank) return { object: bankAccount(ctx, account, bank.country, bank.currency, bank.routingNumber, bank.accountNumber, null, null), failure: bank.failure };
    const card = PAYOUT_DEBIT_CARDS.get(given);
    if (card) {
      return {
        object: {
          object: 'card', account, available_payout_methods: ['standard', 'instant'], brand: card.brand, country: 'US', currency: 'usd',
          exp_month: 12, exp_year: 2034, fingerprint: digest62(`${ctx.mode}:${given}`, 16), funding: 'debit', last4: card.last4, metadata: NO_METADATA,
        },
        failure: null,
      };
    }
    throw resourceMissing('token', given, 'external_account', {
      status: 400,
      hint: `. onerway-sim: external accounts are made from a btok_* bank token (btok_us_verified, btok_us_verified_noAccount, …), a debit card token (tok_visa_debit, tok_mastercard_debit) or bank details; docs/money-out.md lists them.`,
    });
  }
  if (given.account_number === undefined) throw missingParam('external_account[account_number]');
  const country = (given.country ?? 'US').toUpperCase();
  const currency = checkCurrency(given.currency ?? (country === 'US' ? 'usd' : 'eur'), 'external_account[currency]');
  const number = given.account_number.replace(/\s/g, '');
  if (country === 'US') {
    if (given.routing_number === undefined) throw missingParam('external_account[routing_number]');
    if (!/^\d{9}$/.test(given.routing_number)) throw invalidRequest(`Routing number must have 9 digits`, { param: 'external_account[routing_number]' });
    if (!/^\d{4,17}$/.test(number)) throw invalidRequest('You must use a test bank account number in test mode. Try 000123456789 or see more options at https://stripe.com/docs/connect/testing#account-numbers.', { param: 'external_account[account_number]' });
  } else if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(number)) {
    throw invalidRequest(`The IBAN you provided (${number.slice(0, 40)}) is invalid.`, { param: 'external_account[account_number]' });
  }
  const bank = BANKS_BY_NUMBER.get(number);
  const failure = bank && (bank.routingNumber === null || bank.routingNumber === given.routing_number) ? bank.failure : null;
  return { object: bankAccount(ctx, account, country, currency, country === 'US' ? given.routing_number! : null, number, given.account_holder_name ?? null, given.account_holder_type ?? null), failure };
}

function bankAccount(
  ctx: RequestContext, account: string, country: string, currency: string, routing: string | null, number: string, holder: string | null, holderType: BankAccount['account_holder_type'],
): Omit<BankAccount, 'id' | 'default_for_currency'> {
  return {
    object: 'bank_account',
    account,
    account_holder_name: holder,
    account_holder_type: holderType,
    account_type: null,
    available_payout_methods: ['standard'],
    bank_name: routing === TEST_ROUTING_NUMBER || routing === null ? 'ONERWAY TEST BANK' : 'TEST BANK',
    country,
    currency,
    fingerprint: digest62(`${ctx.mode}:${routing}:${number}`, 16),
    last4: number.slice(-4),
    metadata: NO_METADATA,
    routing_number: routing,
    status: 'new',
  };
}

function rows(ctx: RequestContext): ExternalAccountRow[] {
  const all = ctx.data.collection(EXTERNAL_ACCOUNTS);
  return all.order.values().map((e) => all.get(e.id)!).filter((r) => !r.deleted);
}

/** The account's default external account for `currency`, if it has one. */
export function defaultExternalAccount(ctx: RequestContext, currency: string): ExternalAccountRow | undefined {
  return rows(ctx).find((r) => r.object.currency === currency && r.object.default_for_currency);
}

/** The object with its fields in the live API's order: `id`, `object`, then alphabetical. */
function inOrder<T extends ExternalAccount>(o: T): T {
  const { id, object, ...rest } = o;
  const out: Record<string, unknown> = { id, object };
  for (const key of Object.keys(rest).sort()) out[key] = (rest as Record<string, unknown>)[key];
  return out as T;
}

function save(ctx: RequestContext, row: ExternalAccountRow, object: ExternalAccount): ExternalAccountRow {
  const next: ExternalAccountRow = { id: row.id, created: row.created, seq: row.seq, object: inOrder(object), failure: row.failure, deleted: row.deleted };
  ctx.data.collection(EXTERNAL_ACCOUNTS).put(next);
  return next;
}

/** Makes `row` the default for its currency; the previous default stops being it. */
function makeDefault(ctx: RequestContext, row: ExternalAccountRow): ExternalAccount {
  const previous = defaultExternalAccount(ctx, row.object.currency);
  if (previous && previous.id !== row.id) save(ctx, previous, { ...previous.object, default_for_currency: false });
  return save(ctx, row, { ...row.object, default_for_currency: true }).object;
}

function create(ctx: RequestContext, p: Params<typeof createFields>, path: Readonly<Record<string, string>>): ExternalAccount {
  const target = accountContext(ctx, path['account']!);
  const { object, failure } = newExternalAccount(target, p.external_account);
  const first = defaultExternalAccount(target, object.currency) === undefined;
  const id = target.ids.next(object.object === 'card' ? 'card' : 'ba');
  const stored = inOrder({ id, ...object, default_for_currency: false, metadata: mergeMetadata(NO_METADATA, p.metadata) } as ExternalAccount);
  const row: ExternalAccountRow = { id, created: target.now, seq: target.nextSeq(), object: stored, failure, deleted: false };
  target.data.collection(EXTERNAL_ACCOUNTS).add(row);
  // The first external account in a currency is its default, as the live API makes it.
  const result = first || p.default_for_currency ? makeDefault(target, row) : stored;
  recordEvent(target, 'account.external_account.created', result);
  return result;
}

function requireExternal(target: RequestContext, id: string): ExternalAccountRow {
  const row = target.data.collection(EXTERNAL_ACCOUNTS).get(id);
  if (!row || row.deleted) throw resourceMissing('external account', id, 'id');
  return row;
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): ExternalAccount {
  return requireExternal(accountContext(ctx, path['account']!), path['id']!).object;
}

function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): ExternalAccount {
  const target = accountContext(ctx, path['account']!);
  const row = requireExternal(target, path['id']!);
  const before = row.object;
  // A card has no account holder: those two are the bank account's own parameters.
  if (before.object === 'card' && (p.account_holder_name !== undefined || p.account_holder_type !== undefined)) {
    throw unknownParams([p.account_holder_name !== undefined ? 'account_holder_name' : 'account_holder_type'], ['default_for_currency', 'metadata']);
  }
  if (p.default_for_currency === false && before.default_for_currency) {
    throw invalidRequest('You cannot unset the default external account for a currency: make another external account the default with default_for_currency=true.', { param: 'default_for_currency' });
  }
  let after: ExternalAccount = { ...before, metadata: mergeMetadata(before.metadata, p.metadata) };
  if (after.object === 'bank_account') {
    if (p.account_holder_name !== undefined) after = { ...after, account_holder_name: p.account_holder_name };
    if (p.account_holder_type !== undefined) after = { ...after, account_holder_type: p.account_holder_type };
  }
  const saved = save(target, row, after);
  const result = p.default_for_currency ? makeDefault(target, saved) : saved.object;
  recordEvent(target, 'account.external_account.updated', result);
  return result;
}

function remove(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): { id: string; object: ExternalAccount['object']; deleted: true } {
  const target = accountContext(ctx, path['account']!);
  const row = requireExternal(target, path['id']!);
  const others = rows(target).filter((r) => r.id !== row.id && r.object.currency === row.object.currency);
  if (row.object.default_for_currency && others.length > 0) {
    throw invalidRequest(
      'You cannot delete the default external account for a currency. Please make another external account the default using the `default_for_currency` param, and then delete this one.',
    );
  }
  target.data.collection(EXTERNAL_ACCOUNTS).put({ ...row, deleted: true });
  recordEvent(target, 'account.external_account.deleted', { ...row.object, default_for_currency: false });
  return { id: row.id, object: row.object.object, deleted: true };
}

const listExternalFields = { ...listFields, object: enumOf(['bank_account', 'card']) } as const;

function list(ctx: RequestContext, p: Params<typeof listExternalFields>, path: Readonly<Record<string, string>>): ListObject<ExternalAccount> {
  const target = accountContext(ctx, path['account']!);
  return listOf(target, EXTERNAL_ACCOUNTS, p, {
    noun: 'external account',
    url: `/v1/accounts/${path['account']}/external_accounts`,
    filter: (row) => !row.deleted && (p.object === undefined || row.object.object === p.object),
  });
}

const base = '/v1/accounts/:account/external_accounts';
export const externalAccountRoutes = [
  route({ method: 'POST', path: base, emits: ['account.external_account.created'], fields: createFields, handler: create, returns: 'external_account', platformOnly: true }),
  route({ method: 'GET', path: base, fields: listExternalFields, handler: list, returns: 'external_account', list: true, platformOnly: true }),
  route({ method: 'GET', path: `${base}/:id`, fields: {}, handler: retrieve, returns: 'external_account', platformOnly: true }),
  route({ method: 'POST', path: `${base}/:id`, emits: ['account.external_account.updated'], fields: updateFields, handler: update, returns: 'external_account', update: true, platformOnly: true }),
  route({ method: 'DELETE', path: `${base}/:id`, emits: ['account.external_account.deleted'], fields: {}, handler: remove, platformOnly: true }),
];
