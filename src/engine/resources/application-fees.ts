/**
 * Application fees (reference §4): what a platform collects on a direct charge, one made on a
 * connected account (with `Onerway-Account`) and `application_fee_amount`. The fee is taken from
 * the connected account's charge (its balance transaction shows it beside the processing fee)
 * and reaches the platform's balance as an `application_fee` transaction, on the same schedule.
 */
import type { RequestContext } from '../context.js';
import { registerExpandable, registerResolver, type Expandable } from '../expand.js';
import { listFields, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { string, type Params } from '../params.js';
import { route } from '../routes.js';
import { collectionKey, type Row } from '../store.js';
import { recordMovement, type BalanceTransaction } from './balance.js';

/** An ApplicationFee, as the platform receives it. */
export interface ApplicationFee {
  id: string;
  object: 'application_fee';
  account: string;
  amount: number;
  amount_refunded: number;
  application: string;
  balance_transaction: Expandable<BalanceTransaction>;
  charge: string;
  created: number;
  currency: string;
  livemode: boolean;
  originating_transaction: null;
  refunded: boolean;
}

const APPLICATION_FEES = collectionKey<Row<ApplicationFee>>('application_fees');

registerExpandable('application_fee', { balance_transaction: 'balance_transaction', account: 'account' });
registerResolver('fee', (ctx, id) => ctx.platform.collection(APPLICATION_FEES).get(id)?.object);

/**
 * Collects `amount` for the platform on the connected account's charge `chargeId` (`ctx` is the
 * connected account's): records the fee on the platform and its balance transaction there.
 */
export function collectApplicationFee(ctx: RequestContext, chargeId: string, amount: number, currency: string, availableOn: number): ApplicationFee {
  const platform = ctx.forAccount(null);
  const id = ctx.ids.next('fee');
  const txn = recordMovement(platform, { amount, currency, type: 'application_fee', source: id, description: null, availableOn });
  const fee: ApplicationFee = {
    id,
    object: 'application_fee',
    account: ctx.data.account!,
    amount,
    amount_refunded: 0,
    application: 'ca_onerway_sim',
    balance_transaction: txn.id,
    charge: chargeId,
    created: ctx.now,
    currency,
    livemode: ctx.mode === 'live',
    originating_transaction: null,
    refunded: false,
  };
  platform.data.collection(APPLICATION_FEES).add({ id, created: fee.created, seq: ctx.nextSeq(), object: fee });
  return fee;
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): ApplicationFee {
  return findOrThrow(ctx, APPLICATION_FEES, path['id']!, 'application fee', 'id', 404).object;
}

const listFeeFields = { ...listFields, charge: string() } as const;

function list(ctx: RequestContext, p: Params<typeof listFeeFields>): ListObject<ApplicationFee> {
  return listOf(ctx, APPLICATION_FEES, p, { noun: 'application fee', url: '/v1/application_fees', filter: ({ object: f }) => p.charge === undefined || f.charge === p.charge });
}

export const applicationFeeRoutes = [
  route({ method: 'GET', path: '/v1/application_fees', fields: listFeeFields, handler: list, returns: 'application_fee', list: true, platformOnly: true }),
  route({ method: 'GET', path: '/v1/application_fees/:id', fields: {}, handler: retrieve, returns: 'application_fee', platformOnly: true }),
];
