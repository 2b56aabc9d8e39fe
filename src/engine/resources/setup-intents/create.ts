/** Creating a SetupIntent (confirmed at once with `confirm=true`) and updating one. */
import type { RequestContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { recordEvent } from '../../events.js';
import { mergeMetadata, NO_METADATA } from '../../metadata.js';
import type { Params } from '../../params.js';
import { requireCustomer } from '../customers/object.js';
import { checkOwnership } from '../payment-intents/attempt.js';
import { CARD_ONLY } from '../payment-intents/object.js';
import { automaticPaymentMethodsOf, withCardOptions } from '../payment-intents/params.js';
import { confirmSetup, resolveSetupMethod } from './confirm.js';
import { notOpen, OPEN, requireSetupIntent, saveSetupIntent, SETUP_INTENTS, type SetupIntent, type SetupIntentRow } from './object.js';
import type { createSetupFields, updateSetupFields } from './params.js';

export function createSetupIntent(ctx: RequestContext, p: Params<typeof createSetupFields>): SetupIntent {
  if (!p.confirm && p.return_url !== undefined) throw invalidRequest('return_url can only be used together with confirm=true.', { param: 'return_url' });
  const automaticPaymentMethods = automaticPaymentMethodsOf(p);
  const customer = p.customer ? requireCustomer(ctx, p.customer, 'customer', 400).id : null;
  const draft: SetupIntent = {
    id: '',
    object: 'setup_intent',
    application: null,
    automatic_payment_methods: automaticPaymentMethods,
    cancellation_reason: null,
    client_secret: '',
    created: ctx.now,
    customer,
    description: p.description ?? null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: ctx.mode === 'live',
    mandate: null,
    metadata: mergeMetadata(NO_METADATA, p.metadata),
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: withCardOptions<SetupIntent['payment_method_options']['card']>({ mandate_options: null, network: null, request_three_d_secure: 'automatic' }, p.payment_method_options?.card),
    },
    payment_method_types: p.payment_method_types ?? (CARD_ONLY as string[]),
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: p.usage ?? 'off_session',
  };
  const confirm = { payment_method: p.payment_method ?? undefined, payment_method_data: p.payment_method_data, return_url: p.return_url };
  // Every check before the first write; the payment method is stored once the intent is.
  const source = resolveSetupMethod(ctx, confirm, draft, !p.confirm);
  const si = draft;
  si.id = ctx.ids.next('seti');
  si.client_secret = ctx.ids.clientSecret(si.id);
  if (source && !p.confirm) {
    si.payment_method = source.materialize('fresh').id;
    si.status = 'requires_confirmation';
  }
  const row: SetupIntentRow = { id: si.id, created: si.created, seq: ctx.nextSeq(), object: si, authenticated: false };
  ctx.data.collection(SETUP_INTENTS).add(row);
  recordEvent(ctx, 'setup_intent.created', si);
  return p.confirm ? confirmSetup(ctx, row, confirm, source) : si;
}

const ALWAYS_UPDATABLE = new Set(['metadata', 'description']);

export function updateSetupIntent(ctx: RequestContext, p: Params<typeof updateSetupFields>, path: Readonly<Record<string, string>>): SetupIntent {
  const row = requireSetupIntent(ctx, path['id']!);
  const before = row.object;
  if (!OPEN.includes(before.status) && Object.keys(p).some((field) => !ALWAYS_UPDATABLE.has(field))) throw notOpen(before, 'update');
  const after: SetupIntent = { ...before };
  if (p.customer !== undefined) after.customer = p.customer === null ? null : requireCustomer(ctx, p.customer, 'customer', 400).id;
  if (p.description !== undefined) after.description = p.description;
  if (p.metadata !== undefined) after.metadata = mergeMetadata(before.metadata, p.metadata);
  if (p.payment_method_types !== undefined) after.payment_method_types = p.payment_method_types;
  if (p.payment_method_options?.card) after.payment_method_options = { card: withCardOptions(before.payment_method_options.card, p.payment_method_options.card) };
  if (p.payment_method !== undefined || p.payment_method_data !== undefined) {
    const source = p.payment_method === null ? undefined : resolveSetupMethod(ctx, { payment_method: p.payment_method, payment_method_data: p.payment_method_data }, after, true);
    after.payment_method = source ? source.materialize('fresh').id : null;
    after.status = after.payment_method ? 'requires_confirmation' : 'requires_payment_method';
    after.next_action = null;
    return saveSetupIntent(ctx, row, after).object;
  }
  if (before.customer !== after.customer && typeof after.payment_method === 'string') checkOwnership(ctx, after.payment_method, after.customer as string | null, 'SetupIntent');
  return saveSetupIntent(ctx, row, after, row.authenticated).object;
}
