/**
 * Webhook endpoints (reference §10.3, SPEC §11) and the engine's half of delivery: which
 * endpoints an event goes to, what each attempt sends, and what its outcome changes. Sending
 * itself is I/O and lives in src/webhooks/; this module only decides and records.
 */
import type { RequestContext } from '../context.js';
import type { Engine } from '../engine.js';
import { invalidRequest, resourceMissing, type Mode } from '../errors.js';
import { EVENT_TYPES, EVENTS, markDelivered } from '../events.js';
import type { WebhookAttempt } from '../webhook-attempts.js';
import { listFields, type ListObject } from '../list.js';
import { findOrThrow, listOf } from '../lookup.js';
import { array, boolean, enumOf, required, string, type Params } from '../params.js';
import { mergeMetadata, metadata, NO_METADATA } from '../metadata.js';
import { route } from '../routes.js';
import type { Task } from '../scheduler.js';
import { collectionKey, type Row } from '../store.js';
import { API_VERSIONS, renderForVersion, type ApiVersion } from '../versions.js';

/** A WebhookEndpoint, as merchants receive it (`secret` only in the answer to create). */
export interface WebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  api_version: string | null;
  application: null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: boolean;
  metadata: Record<string, string>;
  secret?: string;
  status: 'enabled' | 'disabled';
  url: string;
}

export interface WebhookEndpointRow extends Row<WebhookEndpoint> {
  readonly secret: string;
  readonly deleted: boolean;
  /** Receives the events of connected accounts (and only those), as `connect: true` asks. */
  readonly connect: boolean;
}

export const WEBHOOK_ENDPOINTS = collectionKey<WebhookEndpointRow>('webhook_endpoints');

/** The URL of endpoints registered in process with `sim.webhooks.listen`. */
export const LISTENER_URL = 'https://onerway-sim.invalid/webhooks/';

const eventTypeParam = string({
  check: (value, param) => {
    if (value !== '*' && !(EVENT_TYPES as readonly string[]).includes(value)) {
      throw invalidRequest(`Invalid ${param}: must be '*' or one of ${EVENT_TYPES.join(', ')}`, { param });
    }
  },
});

const urlParam = string({
  maxLength: 2048,
  check: (value, param) => {
    if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(value)) throw invalidRequest(`Invalid URL: ${value}. The URL must be an http or https URL.`, { code: 'url_invalid', param });
  },
});

const createFields = {
  url: required(urlParam),
  enabled_events: required(array(eventTypeParam, { maxItems: 100 })),
  api_version: enumOf(API_VERSIONS),
  description: string({ nullable: true }),
  metadata: metadata(),
  connect: boolean(),
} as const;

const updateFields = {
  url: urlParam,
  enabled_events: array(eventTypeParam, { maxItems: 100 }),
  disabled: boolean(),
  description: string({ nullable: true }),
  metadata: metadata(),
} as const;

/** Creates an endpoint; also how `sim.webhooks.listen` registers an in-process handler. */
export function createEndpoint(ctx: RequestContext, p: Params<typeof createFields>, listener = false): WebhookEndpoint {
  if (p.enabled_events.length === 0) throw invalidRequest('Invalid enabled_events: must contain at least one event type.', { param: 'enabled_events' });
  const id = ctx.ids.next('we');
  const secret = `whsec_${ctx.ids.token(32)}`;
  const endpoint: WebhookEndpoint = {
    id,
    object: 'webhook_endpoint',
    api_version: p.api_version ?? null,
    application: null,
    created: ctx.now,
    description: p.description ?? null,
    enabled_events: p.enabled_events,
    livemode: ctx.mode === 'live',
    metadata: mergeMetadata(NO_METADATA, p.metadata),
    status: 'enabled',
    url: listener ? `${LISTENER_URL}${id}` : p.url,
  };
  ctx.data.collection(WEBHOOK_ENDPOINTS).add({ id, created: endpoint.created, seq: ctx.nextSeq(), object: endpoint, secret, deleted: false, connect: p.connect ?? false });
  return { ...endpoint, secret };
}

function requireEndpoint(ctx: RequestContext, id: string): WebhookEndpointRow {
  const row = findOrThrow(ctx, WEBHOOK_ENDPOINTS, id, 'webhook endpoint', 'id', 404);
  if (row.deleted) throw resourceMissing('webhook endpoint', id, 'id', { status: 404 });
  return row;
}

function retrieve(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>): WebhookEndpoint {
  return requireEndpoint(ctx, path['id']!).object;
}

function update(ctx: RequestContext, p: Params<typeof updateFields>, path: Readonly<Record<string, string>>): WebhookEndpoint {
  const row = requireEndpoint(ctx, path['id']!);
  const before = row.object;
  const after: WebhookEndpoint = { ...before };
  if (p.url !== undefined && !before.url.startsWith(LISTENER_URL)) after.url = p.url;
  if (p.enabled_events !== undefined) after.enabled_events = p.enabled_events;
  if (p.disabled !== undefined) after.status = p.disabled ? 'disabled' : 'enabled';
  if (p.description !== undefined) after.description = p.description;
  if (p.metadata !== undefined) after.metadata = mergeMetadata(before.metadata, p.metadata);
  ctx.data.collection(WEBHOOK_ENDPOINTS).put({ ...row, object: after });
  return after;
}

/** Deleting stops the endpoint's retries: attempts due later find it gone and are dropped. */
export function deleteEndpoint(ctx: RequestContext, id: string): { id: string; object: 'webhook_endpoint'; deleted: true } {
  const row = requireEndpoint(ctx, id);
  ctx.data.collection(WEBHOOK_ENDPOINTS).put({ ...row, deleted: true });
  return { id: row.id, object: 'webhook_endpoint', deleted: true };
}

function del(ctx: RequestContext, _p: unknown, path: Readonly<Record<string, string>>) {
  return deleteEndpoint(ctx, path['id']!);
}

function list(ctx: RequestContext, p: Params<typeof listFields>): ListObject<WebhookEndpoint> {
  return listOf(ctx, WEBHOOK_ENDPOINTS, p, { noun: 'webhook endpoint', url: '/v1/webhook_endpoints', filter: (row) => !row.deleted });
}

export const webhookEndpointRoutes = [
  route({ method: 'POST', path: '/v1/webhook_endpoints', fields: createFields, handler: (ctx, p) => createEndpoint(ctx, p), returns: 'webhook_endpoint', platformOnly: true }),
  route({ method: 'GET', path: '/v1/webhook_endpoints', fields: listFields, handler: list, returns: 'webhook_endpoint', list: true, platformOnly: true }),
  route({ method: 'GET', path: '/v1/webhook_endpoints/:id', fields: {}, handler: retrieve, returns: 'webhook_endpoint', platformOnly: true }),
  route({ method: 'POST', path: '/v1/webhook_endpoints/:id', fields: updateFields, handler: update, returns: 'webhook_endpoint', update: true, platformOnly: true }),
  route({ method: 'DELETE', path: '/v1/webhook_endpoints/:id', fields: {}, handler: del, platformOnly: true }),
];

// ---- Delivery: the engine's decisions ----

function matches(endpoint: WebhookEndpoint, type: string): boolean {
  return endpoint.status === 'enabled' && (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type));
}

/**
 * Schedules the first attempt of `event` to every matching endpoint; returns how many. Endpoints
 * are the platform's: a connected account's events go to those created with `connect: true`, the
 * platform's own events to the others.
 */
export function scheduleDeliveries(ctx: RequestContext, idOf: () => string, eventType: string): number {
  const endpoints = ctx.platform.peek(WEBHOOK_ENDPOINTS);
  if (!endpoints) return 0;
  const account = ctx.data.account;
  let count = 0;
  let eventId: string | undefined;
  for (const entry of endpoints.order.values()) {
    const row = endpoints.get(entry.id)!;
    if (row.deleted || row.connect !== (account !== null) || !matches(row.object, eventType)) continue;
    eventId ??= idOf();
    ctx.scheduler.schedule(ctx.clock.nowMs, { kind: 'webhook', mode: ctx.mode, account, eventId, endpointId: row.id, attempt: 1 });
    count++;
  }
  return count;
}

/** What one attempt sends. */
export interface DeliveryPlan {
  readonly endpointId: string;
  readonly url: string;
  readonly secret: string;
  readonly body: string;
  readonly eventId: string;
  readonly attempt: number;
  /** An in-process listener rather than a URL. */
  readonly listener: boolean;
}

type WebhookTask = Extract<Task, { kind: 'webhook' }>;

/**
 * The attempt a due task makes, or undefined when the endpoint was deleted or disabled since
 * (its retries stop) or the event is gone.
 */
export function planDelivery(engine: Engine, task: WebhookTask): DeliveryPlan | undefined {
  const row = engine.dataFor(task.mode).peek(WEBHOOK_ENDPOINTS)?.get(task.endpointId);
  const event = engine.dataFor(task.mode, task.account).peek(EVENTS)?.get(task.eventId)?.object;
  if (!row || row.deleted || row.object.status !== 'enabled' || !event) return undefined;
  const version = (row.object.api_version ?? event.api_version) as ApiVersion;
  const ctx = engine.context(task.mode, { id: null, idempotencyKey: null, apiVersion: version, onBehalfOf: task.account });
  const rendered = renderForVersion({ ...event, api_version: version }, version, ctx);
  return {
    endpointId: row.id,
    url: row.object.url,
    secret: row.secret,
    body: JSON.stringify(rendered),
    eventId: event.id,
    attempt: task.attempt,
    listener: row.object.url.startsWith(LISTENER_URL),
  };
}

/** Records an attempt's outcome: success settles `pending_webhooks`; failure schedules the retry. */
export function recordAttempt(engine: Engine, task: WebhookTask, outcome: { status: number | null; error: string | null; signature?: string | null }): WebhookAttempt {
  const data = engine.dataFor(task.mode, task.account);
  const succeeded = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  const nowMs = engine.clock.nowMs;
  let nextAttemptAt: number | null = null;
  const eventRow = data.collection(EVENTS).get(task.eventId)!;
  if (succeeded) {
    markDelivered(data, task.eventId);
  } else {
    const offset = engine.options.webhookRetryOffsetsMs[task.attempt - 1];
    if (offset !== undefined) {
      nextAttemptAt = eventRow.created * 1000 + offset;
      engine.scheduler.schedule(Math.max(nextAttemptAt, nowMs), { ...task, attempt: task.attempt + 1 });
    }
  }
  const attempt: WebhookAttempt = {
    event: task.eventId,
    endpoint: task.endpointId,
    mode: task.mode,
    attempt: task.attempt,
    time: nowMs,
    status: outcome.status,
    error: outcome.error,
    signature: outcome.signature ?? null,
    succeeded,
    nextAttemptAt,
  };
  engine.webhookAttempts.push(attempt);
  const coverage = engine.coverage;
  if (coverage) {
    if (succeeded) coverage.delivered.add(eventRow.object.type);
    coverage.webhookOutcomes.add(succeeded ? 'succeeded' : nextAttemptAt !== null ? 'retried' : 'gave_up');
    if (!succeeded) coverage.webhookOutcomes.add('failed');
  }
  return attempt;
}
