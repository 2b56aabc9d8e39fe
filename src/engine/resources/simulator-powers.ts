/**
 * The simulator's in-process powers over HTTP, for suites in other processes and languages: reset,
 * named snapshots, fixtures, fault injection and the request log (test mode only). Each route
 * checks its parameters, then asks the simulator to perform the power with the very code
 * `sim.reset()`, `sim.snapshot()`, `sim.fixtures()` and `sim.faults.inject()` run, so the two
 * ways cannot drift; the power's result is the answer (simulator-runtime.ts).
 */
import type { RequestContext, RequestedPower } from '../context.js';
import { ATTEMPT_RETENTION_MS } from '../webhook-attempts.js';
import type { EventType } from '../event.js';
import { invalidRequest } from '../errors.js';
import { metadata } from '../metadata.js';
import { array, boolean, enumOf, hash, integer, required, string, type Params } from '../params.js';
import type { RequestLogEntry } from '../request-log.js';
import { route } from '../routes.js';

function testModeOnly(ctx: RequestContext): void {
  if (ctx.mode !== 'test') throw invalidRequest("onerway-sim: the simulator's test helpers work with test keys only.");
}

const nameParam = string({
  maxLength: 100,
  check: (value, param) => {
    if (!/^[A-Za-z0-9_.-]+$/.test(value)) throw invalidRequest('onerway-sim: a snapshot name is letters, digits, `_`, `-` and `.`.', { param });
  },
});

const snapshotFields = { name: required(nameParam) } as const;

const faultFields = {
  kind: required(enumOf(['api_error', 'lock_timeout', 'rate_limit', 'decline', 'network', 'latency'])),
  declineCode: string({ maxLength: 64 }),
  duration: string({ maxLength: 40 }),
  retry: boolean(),
} as const;

const injectFields = {
  method: enumOf(['GET', 'POST', 'DELETE', 'PUT']),
  path: string({ maxLength: 500 }),
  fault: hash(faultFields),
  sequence: array(hash(faultFields), { maxItems: 100 }),
  times: integer({ min: 1, max: 10_000 }),
  when: enumOf(['before', 'after']),
} as const;

const fixtureFields = {
  customers: array(hash({ email: string(), name: string(), metadata: metadata(), cards: array(string(), { maxItems: 20 }) }), { maxItems: 1000 }),
  payments: array(
    hash({
      customer: integer({ min: 0 }),
      card: string(),
      amount: integer({ min: 1 }),
      currency: string(),
      capture: enumOf(['automatic', 'manual']),
      disputed: boolean(),
      refunded: integer({ min: 0 }),
      refunded_fully: boolean(),
      metadata: metadata(),
    }),
    { maxItems: 1000 },
  ),
  available_funds: integer({ min: 0 }),
  currency: string(),
  connected_account: boolean(),
} as const;

/** The event types `POST /v1/test_helpers/events/trigger` (and `onerway-sim trigger`) can make happen. */
export const TRIGGERABLE_EVENTS = [
  'charge.captured',
  'charge.dispute.created',
  'charge.failed',
  'charge.refunded',
  'charge.succeeded',
  'customer.created',
  'customer.deleted',
  'customer.updated',
  'payment_intent.amount_capturable_updated',
  'payment_intent.canceled',
  'payment_intent.created',
  'payment_intent.payment_failed',
  'payment_intent.requires_action',
  'payment_intent.succeeded',
  'payment_method.attached',
  'payment_method.detached',
  'refund.created',
  'transfer.created',
] as const satisfies readonly EventType[];
export type TriggerableEvent = (typeof TRIGGERABLE_EVENTS)[number];

const triggerFields = { event: required(enumOf(TRIGGERABLE_EVENTS)) } as const;

const attemptFields = { endpoint: string(), event: string() } as const;

/** `GET /v1/test_helpers/webhook_attempts`: the delivery attempts, as `sim.webhooks.attempts()` lists them. */
function attempts(ctx: RequestContext, p: Params<typeof attemptFields>): { object: 'list'; data: unknown[]; has_more: false; url: string } {
  testModeOnly(ctx);
  const data = ctx.webhookAttempts.filter(
    (a) => ctx.clock.nowMs - a.time < ATTEMPT_RETENTION_MS && (p.endpoint === undefined || a.endpoint === p.endpoint) && (p.event === undefined || a.event === p.event),
  );
  return { object: 'list', data, has_more: false, url: '/v1/test_helpers/webhook_attempts' };
}

export type FixtureParams = Params<typeof fixtureFields>;
export type InjectParams = Params<typeof injectFields>;

function power(name: RequestedPower['name']) {
  return (ctx: RequestContext, params: Readonly<Record<string, unknown>>, path: Readonly<Record<string, string>>): null => {
    testModeOnly(ctx);
    // The answer is the power's result, made after the request: a replay could not repeat it.
    if (ctx.idempotencyKey !== null) throw invalidRequest("onerway-sim: the simulator's test helpers take no Idempotency-Key; send this request without one.");
    ctx.requestPower({ name, params: { ...params, ...path } });
    return null;
  };
}

const requestLogFields = {
  method: enumOf(['GET', 'POST', 'DELETE', 'PUT']),
  path: string({ maxLength: 500 }),
  status: integer({ min: 100, max: 599 }),
  idempotency_key: string(),
  replayed: boolean(),
} as const;

/** `GET /v1/test_helpers/requests`: the request log, as `sim.requests(filter)` reads it. */
function requests(ctx: RequestContext, p: Params<typeof requestLogFields>): { object: 'list'; data: RequestLogEntry[]; has_more: false; url: string } {
  testModeOnly(ctx);
  const data = ctx.requestLog.read(ctx.clock.nowMs, {
    ...(p.method !== undefined && { method: p.method }),
    ...(p.path !== undefined && { path: p.path }),
    ...(p.status !== undefined && { status: p.status }),
    ...(p.idempotency_key !== undefined && { idempotencyKey: p.idempotency_key }),
    ...(p.replayed !== undefined && { replayed: p.replayed }),
  });
  return { object: 'list', data, has_more: false, url: '/v1/test_helpers/requests' };
}

export const simulatorPowerRoutes = [
  route({ method: 'POST', path: '/v1/test_helpers/reset', fields: {}, handler: power('reset'), platformOnly: true }),
  route({ method: 'POST', path: '/v1/test_helpers/snapshots', fields: snapshotFields, handler: power('snapshot'), platformOnly: true }),
  route({ method: 'POST', path: '/v1/test_helpers/snapshots/:name/restore', fields: {}, handler: power('restore'), platformOnly: true }),
  route({ method: 'POST', path: '/v1/test_helpers/fixtures', fields: fixtureFields, handler: power('fixtures'), platformOnly: true }),
  route({ method: 'POST', path: '/v1/test_helpers/faults', fields: injectFields, handler: power('inject_fault'), platformOnly: true }),
  route({ method: 'DELETE', path: '/v1/test_helpers/faults', fields: {}, handler: power('clear_faults'), platformOnly: true }),
  route({ method: 'GET', path: '/v1/test_helpers/faults/unmatched', fields: {}, handler: power('unmatched_faults'), platformOnly: true }),
  route({ method: 'GET', path: '/v1/test_helpers/requests', fields: requestLogFields, handler: requests, platformOnly: true }),
  route({ method: 'POST', path: '/v1/test_helpers/events/trigger', fields: triggerFields, handler: power('trigger'), platformOnly: true }),
  route({ method: 'GET', path: '/v1/test_helpers/coverage', fields: {}, handler: power('coverage'), platformOnly: true }),
  route({ method: 'GET', path: '/v1/test_helpers/webhook_attempts', fields: attemptFields, handler: attempts, platformOnly: true }),
];
