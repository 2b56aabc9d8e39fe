/**
 * Accounts (SPEC §5): the connected `acct_` object that receives transfers and holds its own
 * balance (readable with `GET /v1/balance` and the `Onerway-Account` header), the platform's own
 * account, and each account's settings (its payout schedule). Routes: account-routes.ts.
 */
import type { RequestContext } from '../context.js';
import { registerExpandable, registerResolver } from '../expand.js';
import { findOrThrow } from '../lookup.js';
import { accountAccessDenied } from '../errors.js';
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
  settings: AccountSettings;
  type: 'custom' | 'express' | 'standard';
}

/** When payouts happen: `manual` (the simulator's default), or automatically on a schedule. */
export interface PayoutSchedule {
  /** Days a charge's funds stay pending before they are available (at least 2). */
  delay_days: number;
  interval: 'manual' | 'daily' | 'weekly' | 'monthly';
  /** With `monthly`: the day of the month (1–31; a shorter month pays on its last day). */
  monthly_anchor?: number;
  /** With `weekly`: the day of the week. */
  weekly_anchor?: 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
}

/** An account's settings: its payouts. */
export interface AccountSettings {
  payouts: { debit_negative_balances: boolean; schedule: PayoutSchedule; statement_descriptor: string | null };
}

export const DEFAULT_SETTINGS: AccountSettings = Object.freeze({
  payouts: Object.freeze({ debit_negative_balances: true, schedule: Object.freeze({ delay_days: 2, interval: 'manual' as const }), statement_descriptor: null }),
});

/** The platform's own settings (a connected account's live in its Account object). */
const PLATFORM_SETTINGS = 'account.settings';

/** The settings of the account `ctx` acts for. */
export function settingsOf(ctx: RequestContext): AccountSettings {
  if (ctx.data.account === null) return ctx.platform.map<string, AccountSettings>(PLATFORM_SETTINGS).get('self') ?? DEFAULT_SETTINGS;
  return ctx.platform.peek(ACCOUNTS)?.get(ctx.data.account)?.object.settings ?? DEFAULT_SETTINGS;
}

/** Stores new settings for the account `ctx` acts for. */
export function saveSettings(ctx: RequestContext, settings: AccountSettings): void {
  if (ctx.data.account === null) {
    ctx.platform.map<string, AccountSettings>(PLATFORM_SETTINGS).set('self', settings);
    return;
  }
  const row = ctx.platform.collection(ACCOUNTS).get(ctx.data.account)!;
  ctx.platform.collection(ACCOUNTS).put({ ...row, object: { ...row.object, settings } });
}

/** The platform's own Account (`GET /v1/account` without `Onerway-Account`). */
export function platformAccount(ctx: RequestContext): Account {
  return {
    id: ctx.platformAccountId,
    object: 'account',
    business_type: null,
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    country: 'US',
    created: ctx.platformCreated,
    default_currency: 'usd',
    details_submitted: true,
    email: null,
    livemode: ctx.mode === 'live',
    metadata: {},
    payouts_enabled: true,
    settings: settingsOf(ctx.forAccount(null)),
    type: 'standard',
  };
}

export type AccountRow = Row<Account>;
export const ACCOUNTS = collectionKey<AccountRow>('accounts');

registerExpandable('account', {});
registerResolver('acct', (ctx, id) => ctx.data.collection(ACCOUNTS).get(id)?.object);

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
