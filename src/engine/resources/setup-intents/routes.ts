/** SetupIntents over the API: the route table, with retrieve, list, confirm, cancel and the 3D Secure helper. */
import type { RequestContext } from '../../context.js';
import { recordEvent } from '../../events.js';
import type { ListObject } from '../../list.js';
import { listOf } from '../../lookup.js';
import { enumOf, type Params } from '../../params.js';
import { route } from '../../routes.js';
import { requireCustomer } from '../customers/object.js';
import { asCaller, checkClientSecret, viewFor } from '../payment-intents/client-access.js';
import type { PaymentError, PaymentMethod } from '../objects.js';
import { AUTHENTICATION_FAILED_MESSAGE, notAwaitingAuthentication } from '../authentication.js';
import { PAYMENT_METHODS } from '../payment-methods/object.js';
import { settleAttempt } from './attempts.js';
import { completeSetup, confirmSetup } from './confirm.js';
import { createSetupIntent, updateSetupIntent } from './create.js';
import { notOpen, OPEN, requireSetupIntent, saveSetupIntent, SETUP_INTENTS, unexpectedSetupState, type SetupIntent, type SetupIntentRow } from './object.js';
import { cancelSetupFields, confirmSetupFields, createSetupFields, listSetupFields, retrieveSetupFields, updateSetupFields } from './params.js';

/** The fields a publishable key sees of a SetupIntent: no customer, no metadata. */
export const SETUP_INTENT_CLIENT_FIELDS = [
  'id', 'object', 'automatic_payment_methods', 'cancellation_reason', 'client_secret', 'created', 'description', 'last_setup_error',
  'livemode', 'next_action', 'payment_method', 'payment_method_types', 'status', 'usage',
] as const;

const clientView = (ctx: RequestContext, si: SetupIntent) => viewFor(ctx, si, SETUP_INTENT_CLIENT_FIELDS);

function retrieve(ctx: RequestContext, p: Params<typeof retrieveSetupFields>, path: Readonly<Record<string, string>>) {
  const si = requireSetupIntent(ctx, path['id']!).object;
  checkClientSecret(ctx, si, p.client_secret, 'SetupIntent');
  return clientView(ctx, si);
}

function confirm(ctx: RequestContext, p: Params<typeof confirmSetupFields>, path: Readonly<Record<string, string>>) {
  const row = requireSetupIntent(ctx, path['id']!);
  const { client_secret, ...rest } = p;
  checkClientSecret(ctx, row.object, client_secret, 'SetupIntent');
  return clientView(ctx, asCaller(ctx, () => confirmSetup(ctx, row, rest), 'setup_intent', clientView));
}

function cancel(ctx: RequestContext, p: Params<typeof cancelSetupFields>, path: Readonly<Record<string, string>>): SetupIntent {
  const row = requireSetupIntent(ctx, path['id']!);
  const si = row.object;
  if (!OPEN.includes(si.status)) throw notOpen(si, 'cancel');
  const canceled: SetupIntent = { ...si, status: 'canceled', cancellation_reason: p.cancellation_reason ?? null, next_action: null };
  if (si.status === 'requires_action' && typeof si.latest_attempt === 'string') {
    settleAttempt(ctx, si.latest_attempt, { status: 'abandoned' });
  }
  saveSetupIntent(ctx, row, canceled);
  recordEvent(ctx, 'setup_intent.canceled', canceled);
  return canceled;
}

function list(ctx: RequestContext, p: Params<typeof listSetupFields>): ListObject<SetupIntent> {
  if (p.customer !== undefined) requireCustomer(ctx, p.customer, 'customer', 400);
  return listOf(ctx, SETUP_INTENTS, p, {
    noun: 'setup_intent',
    url: '/v1/setup_intents',
    filter: ({ object: si }) => (p.customer === undefined || si.customer === p.customer) && (p.payment_method === undefined || si.payment_method === p.payment_method),
  });
}

const AUTHENTICATION_FAILED = (pm: PaymentMethod): PaymentError => ({
  type: 'invalid_request_error',
  code: 'setup_intent_authentication_failure',
  message: AUTHENTICATION_FAILED_MESSAGE,
  payment_method: pm,
  payment_method_type: 'card',
});

/**
 * Completes (or fails) the 3D Secure step of a SetupIntent, as the customer would in a browser:
 * `POST /v1/test_helpers/setup_intents/:id/authenticate` and `sim.authenticateSetupIntent`.
 */
export function authenticateSetup(ctx: RequestContext, row: SetupIntentRow, outcome: 'success' | 'failure'): SetupIntent {
  const si = row.object;
  if (si.status !== 'requires_action') {
    throw unexpectedSetupState(si, notAwaitingAuthentication('SetupIntent', si.status, 'pm_card_authenticationRequiredOnSetup'));
  }
  const pmId = si.payment_method as string;
  const attemptId = si.latest_attempt as string;
  if (outcome === 'failure') {
    const error = AUTHENTICATION_FAILED(ctx.data.collection(PAYMENT_METHODS).get(pmId)!.object);
    settleAttempt(ctx, attemptId, { status: 'failed', error });
    const failed: SetupIntent = { ...si, status: 'requires_payment_method', payment_method: null, next_action: null, last_setup_error: error };
    saveSetupIntent(ctx, row, failed);
    recordEvent(ctx, 'setup_intent.setup_failed', failed);
    return failed;
  }
  return completeSetup(ctx, row, si, pmId, attemptId);
}

const authenticateFields = { outcome: enumOf(['success', 'failure']) } as const;

function authenticate(ctx: RequestContext, p: Params<typeof authenticateFields>, path: Readonly<Record<string, string>>): SetupIntent {
  return authenticateSetup(ctx, requireSetupIntent(ctx, path['id']!), p.outcome ?? 'success');
}

export const setupIntentRoutes = [
  route({ method: 'POST', path: '/v1/setup_intents', emits: ['setup_intent.created', 'setup_intent.requires_action', 'setup_intent.succeeded', 'setup_intent.setup_failed', 'payment_method.attached'], declines: true, fields: createSetupFields, handler: createSetupIntent, returns: 'setup_intent' }),
  route({ method: 'GET', path: '/v1/setup_intents', fields: listSetupFields, handler: list, returns: 'setup_intent', list: true }),
  route({ method: 'GET', path: '/v1/setup_intents/:id', fields: retrieveSetupFields, handler: retrieve, returns: 'setup_intent', publishable: true }),
  route({ method: 'POST', path: '/v1/setup_intents/:id', fields: updateSetupFields, handler: updateSetupIntent, returns: 'setup_intent', update: true }),
  route({ method: 'POST', path: '/v1/setup_intents/:id/confirm', emits: ['setup_intent.requires_action', 'setup_intent.succeeded', 'setup_intent.setup_failed', 'payment_method.attached'], declines: true, fields: confirmSetupFields, handler: confirm, returns: 'setup_intent', publishable: true }),
  route({ method: 'POST', path: '/v1/setup_intents/:id/cancel', emits: ['setup_intent.canceled'], fields: cancelSetupFields, handler: cancel, returns: 'setup_intent' }),
  route({ method: 'POST', path: '/v1/test_helpers/setup_intents/:id/authenticate', emits: ['setup_intent.succeeded', 'setup_intent.setup_failed', 'payment_method.attached'], fields: authenticateFields, handler: authenticate, returns: 'setup_intent' }),
];
