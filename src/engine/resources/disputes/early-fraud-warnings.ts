/**
 * Early fraud warnings (`radar.early_fraud_warning`): the issuer's report that a charge looks
 * fraudulent, before any dispute. `pm_card_createIssuerFraudRecord` (4000000000005423) raises one
 * when its charge is captured; `GET /v1/radar/early_fraud_warnings` reads them.
 */
import type { RequestContext } from '../../context.js';
import { recordEvent } from '../../events.js';
import { registerExpandable, registerResolver } from '../../expand.js';
import { listFields, type ListObject } from '../../list.js';
import { findOrThrow, listOf } from '../../lookup.js';
import { string, type Params } from '../../params.js';
import { route } from '../../routes.js';
import { collectionKey, type Row } from '../../store.js';
import type { Charge } from '../objects.js';

/** An EarlyFraudWarning, as merchants receive it. */
export interface EarlyFraudWarning {
  id: string;
  object: 'radar.early_fraud_warning';
  /** Whether a refund or a dispute can still follow: true until the charge is refunded or disputed. */
  actionable: boolean;
  charge: string;
  created: number;
  fraud_type: 'made_with_stolen_card';
  livemode: boolean;
  payment_intent: string | null;
}

const EARLY_FRAUD_WARNINGS = collectionKey<Row<EarlyFraudWarning>>('early_fraud_warnings');

registerExpandable('radar.early_fraud_warning', { charge: 'charge', payment_intent: 'payment_intent' });
registerResolver('issfr', (ctx, id) => ctx.data.collection(EARLY_FRAUD_WARNINGS).get(id)?.object);

export function openEarlyFraudWarning(ctx: RequestContext, charge: Charge): EarlyFraudWarning {
  const warning: EarlyFraudWarning = {
    id: ctx.ids.next('issfr'),
    object: 'radar.early_fraud_warning',
    actionable: true,
    charge: charge.id,
    created: ctx.now,
    fraud_type: 'made_with_stolen_card',
    livemode: ctx.mode === 'live',
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
  };
  ctx.data.collection(EARLY_FRAUD_WARNINGS).add({ id: warning.id, created: warning.created, seq: ctx.nextSeq(), object: warning });
  recordEvent(ctx, 'radar.early_fraud_warning.created', warning);
  return warning;
}

const listWarningFields = { ...listFields, charge: string(), payment_intent: string() } as const;

function list(ctx: RequestContext, p: Params<typeof listWarningFields>): ListObject<EarlyFraudWarning> {
  return listOf(ctx, EARLY_FRAUD_WARNINGS, p, {
    noun: 'early fraud warning',
    url: '/v1/radar/early_fraud_warnings',
    filter: ({ object: w }) => (p.charge === undefined || w.charge === p.charge) && (p.payment_intent === undefined || w.payment_intent === p.payment_intent),
  });
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): EarlyFraudWarning {
  return findOrThrow(ctx, EARLY_FRAUD_WARNINGS, path['id']!, 'early fraud warning', 'id', 404).object;
}

export const earlyFraudWarningRoutes = [
  route({ method: 'GET', path: '/v1/radar/early_fraud_warnings', fields: listWarningFields, handler: list, returns: 'radar.early_fraud_warning', list: true }),
  route({ method: 'GET', path: '/v1/radar/early_fraud_warnings/:id', fields: {}, handler: retrieve, returns: 'radar.early_fraud_warning' }),
];
