/** Accounts over the API: create, retrieve, update (with payout settings), list; `GET /v1/account`. */
import type { RequestContext } from '../context.js';
import { listFields, type ListObject } from '../list.js';
import { listOf } from '../lookup.js';
import { checkCurrency } from '../money.js';
import { boolean, enumOf, hash, integer, string, type Params } from '../params.js';
import { mergeMetadata, metadata, NO_METADATA } from '../metadata.js';
import { route } from '../routes.js';
import { invalidRequest } from '../errors.js';
import { recordEvent } from '../events.js';
import { ACCOUNTS, connectedAccount, DEFAULT_SETTINGS, platformAccount, saveSettings, settingsOf, type Account } from './accounts.js';
import { checkedSchedule, updateSchedule } from './payouts/schedule.js';

const createFields = {
  type: enumOf(['custom', 'express', 'standard']),
  country: string({ maxLength: 2 }),
  email: string({ nullable: true, maxLength: 512 }),
  default_currency: string(),
  metadata: metadata(),
} as const;

const scheduleFields = {
  interval: enumOf(['manual', 'daily', 'weekly', 'monthly']),
  delay_days: integer({ min: 2, max: 365 }),
  weekly_anchor: enumOf(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']),
  monthly_anchor: integer({ min: 1, max: 31 }),
} as const;

const updateFields = {
  email: string({ nullable: true, maxLength: 512 }),
  metadata: metadata(),
  settings: hash({ payouts: hash({ schedule: hash(scheduleFields), statement_descriptor: string({ nullable: true, maxLength: 22 }), debit_negative_balances: boolean() }) }),
} as const;

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
    settings: DEFAULT_SETTINGS,
    type: p.type ?? 'custom',
  };
  ctx.data.collection(ACCOUNTS).add({ id, created: account.created, seq: ctx.nextSeq(), object: account });
  return account;
}

/** The account a path names: the platform's own (its id), or a connected one. */
function accountAt(ctx: RequestContext, id: string): Account {
  return id === ctx.platformAccountId ? platformAccount(ctx) : connectedAccount(ctx.platform, id, ctx.key).object;
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Account {
  return accountAt(ctx, path['id']!);
}

/** `GET /v1/account`: the account the request acts for (with `Onerway-Account`, that one). */
function retrieveOwn(ctx: RequestContext): Account {
  return ctx.data.account === null ? platformAccount(ctx) : connectedAccount(ctx.platform, ctx.data.account, ctx.key).object;
}

function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): Account {
  const id = path['id']!;
  const own = id === ctx.platformAccountId;
  if (own && (p.email !== undefined || p.metadata !== undefined)) {
    throw invalidRequest('onerway-sim: the platform\'s own account takes only settings here; email and metadata belong to connected accounts.', {
      param: p.email !== undefined ? 'email' : 'metadata',
    });
  }
  const target = own ? ctx.forAccount(null) : ctx.forAccount(connectedAccount(ctx.platform, id, ctx.key).id);
  // Checked before anything is written.
  const payouts = p.settings?.payouts;
  const schedule = payouts?.schedule ? checkedSchedule(settingsOf(target).payouts.schedule, payouts.schedule) : undefined;
  if (!own) {
    const row = ctx.platform.collection(ACCOUNTS).get(id)!;
    const after: Account = { ...row.object, ...(p.email !== undefined && { email: p.email }), metadata: mergeMetadata(row.object.metadata, p.metadata) };
    ctx.platform.collection(ACCOUNTS).put({ ...row, object: after });
  }
  if (payouts) {
    const current = settingsOf(target).payouts;
    saveSettings(target, {
      payouts: {
        debit_negative_balances: payouts.debit_negative_balances ?? current.debit_negative_balances,
        schedule: current.schedule,
        statement_descriptor: payouts.statement_descriptor === undefined ? current.statement_descriptor : payouts.statement_descriptor,
      },
    });
    if (schedule) updateSchedule(target, schedule);
  }
  const after = accountAt(ctx, id);
  recordEvent(target, 'account.updated', after);
  return after;
}

function list(ctx: RequestContext, p: Params<typeof listFields>): ListObject<Account> {
  return listOf(ctx, ACCOUNTS, p, { noun: 'account', url: '/v1/accounts' });
}

export const accountRoutes = [
  route({ method: 'POST', path: '/v1/accounts', fields: createFields, handler: create, returns: 'account', platformOnly: true }),
  route({ method: 'GET', path: '/v1/accounts', fields: listFields, handler: list, returns: 'account', list: true, platformOnly: true }),
  route({ method: 'GET', path: '/v1/accounts/:id', fields: {}, handler: retrieve, returns: 'account', platformOnly: true }),
  route({ method: 'POST', path: '/v1/accounts/:id', emits: ['account.updated'], fields: updateFields, handler: update, returns: 'account', update: true, platformOnly: true }),
  route({ method: 'GET', path: '/v1/account', fields: {}, handler: retrieveOwn, returns: 'account' }),
];
