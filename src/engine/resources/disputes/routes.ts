/** Disputes over the API: retrieve, list, update (evidence), close. */
import type { RequestContext } from '../../context.js';
import { listFields, type ListObject } from '../../list.js';
import { listOf } from '../../lookup.js';
import { string, type Params } from '../../params.js';
import { route } from '../../routes.js';
import { closeDispute, requireDispute, updateDispute, updateDisputeFields } from './lifecycle.js';
import { DISPUTES, type Dispute } from './object.js';

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): Dispute {
  return requireDispute(ctx, path['id']!).object;
}

const listDisputeFields = { ...listFields, charge: string(), payment_intent: string() } as const;

function list(ctx: RequestContext, p: Params<typeof listDisputeFields>): ListObject<Dispute> {
  return listOf(ctx, DISPUTES, p, {
    noun: 'dispute',
    url: '/v1/disputes',
    filter: ({ object: d }) => (p.charge === undefined || d.charge === p.charge) && (p.payment_intent === undefined || d.payment_intent === p.payment_intent),
  });
}

export const disputeRoutes = [
  route({ method: 'GET', path: '/v1/disputes', fields: listDisputeFields, handler: list, returns: 'dispute', list: true }),
  route({ method: 'GET', path: '/v1/disputes/:id', fields: {}, handler: retrieve, returns: 'dispute' }),
  route({ method: 'POST', path: '/v1/disputes/:id', emits: ['charge.dispute.updated'], fields: updateDisputeFields, handler: updateDispute, returns: 'dispute', update: true }),
  route({ method: 'POST', path: '/v1/disputes/:id/close', emits: ['charge.dispute.closed'], fields: {}, handler: closeDispute, returns: 'dispute' }),
];
