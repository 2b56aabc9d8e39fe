/**
 * SetupAttempts: one per confirmation of a SetupIntent that reached the card (`latest_attempt`),
 * listed by `GET /v1/setup_attempts?setup_intent=…`.
 */
import type { RequestContext } from '../../context.js';
import { missingParam } from '../../errors.js';
import type { Expandable } from '../../expand.js';
import { registerExpandable, registerResolver } from '../../expand.js';
import { listFields, type ListObject } from '../../list.js';
import { listOf } from '../../lookup.js';
import { string, type Params } from '../../params.js';
import { route } from '../../routes.js';
import { collectionKey, type Row } from '../../store.js';
import { AUTHENTICATED, cardSummary } from '../charges/create.js';
import type { ChargeCardDetails, Customer, PaymentError, PaymentMethod } from '../objects.js';

/** A SetupAttempt, as merchants receive it. */
export interface SetupAttempt {
  id: string;
  object: 'setup_attempt';
  application: null;
  created: number;
  customer: Expandable<Customer> | null;
  flow_directions: null;
  livemode: boolean;
  on_behalf_of: null;
  payment_method: Expandable<PaymentMethod>;
  payment_method_details: {
    card: Pick<ChargeCardDetails, 'brand' | 'checks' | 'country' | 'exp_month' | 'exp_year' | 'fingerprint' | 'funding' | 'last4' | 'network' | 'three_d_secure'>;
    type: 'card';
  };
  setup_error: PaymentError | null;
  setup_intent: string;
  status: 'requires_action' | 'succeeded' | 'failed' | 'abandoned';
  usage: 'off_session' | 'on_session';
}

export const SETUP_ATTEMPTS = collectionKey<Row<SetupAttempt>>('setup_attempts');

registerExpandable('setup_attempt', { customer: 'customer', payment_method: 'payment_method', setup_intent: 'setup_intent' });
registerResolver('setatt', (ctx, id) => ctx.data.collection(SETUP_ATTEMPTS).get(id)?.object);

/** Records a new attempt of `intent` with `pm`. */
export function recordAttempt(
  ctx: RequestContext,
  intent: { id: string; customer: Expandable<Customer> | null; usage: SetupAttempt['usage'] },
  pm: PaymentMethod,
  status: SetupAttempt['status'],
  setupError: PaymentError | null = null,
): SetupAttempt {
  const card = pm.card;
  const attempt: SetupAttempt = {
    id: ctx.ids.next('setatt'),
    object: 'setup_attempt',
    application: null,
    created: ctx.now,
    customer: typeof intent.customer === 'string' ? intent.customer : (intent.customer?.id ?? null),
    flow_directions: null,
    livemode: ctx.mode === 'live',
    on_behalf_of: null,
    payment_method: pm.id,
    payment_method_details: {
      card: { brand: card.brand, ...cardSummary(card), three_d_secure: null },
      type: 'card',
    },
    setup_error: setupError,
    setup_intent: intent.id,
    status,
    usage: intent.usage,
  };
  ctx.data.collection(SETUP_ATTEMPTS).add({ id: attempt.id, created: attempt.created, seq: ctx.nextSeq(), object: attempt });
  return attempt;
}

/** Settles the attempt that waited for 3D Secure: succeeded (authenticated), failed, or abandoned (canceled). */
export function settleAttempt(ctx: RequestContext, id: string, outcome: { status: 'succeeded' } | { status: 'abandoned' } | { status: 'failed'; error: PaymentError }): void {
  const attempts = ctx.data.collection(SETUP_ATTEMPTS);
  const row = attempts.get(id);
  if (!row) return;
  const a = row.object;
  const object: SetupAttempt =
    outcome.status === 'succeeded'
      ? { ...a, status: 'succeeded', payment_method_details: { card: { ...a.payment_method_details.card, three_d_secure: AUTHENTICATED }, type: 'card' } }
      : outcome.status === 'abandoned'
        ? { ...a, status: 'abandoned' }
        : { ...a, status: 'failed', setup_error: outcome.error };
  attempts.put({ id: row.id, created: row.created, seq: row.seq, object });
}

const listAttemptFields = { ...listFields, setup_intent: string() } as const;

function list(ctx: RequestContext, p: Params<typeof listAttemptFields>): ListObject<SetupAttempt> {
  if (p.setup_intent === undefined) throw missingParam('setup_intent');
  return listOf(ctx, SETUP_ATTEMPTS, p, { noun: 'setup_attempt', url: '/v1/setup_attempts', filter: ({ object }) => object.setup_intent === p.setup_intent });
}

export const setupAttemptRoutes = [route({ method: 'GET', path: '/v1/setup_attempts', fields: listAttemptFields, handler: list, returns: 'setup_attempt', list: true })];
