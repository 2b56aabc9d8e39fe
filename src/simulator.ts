/**
 * `createSimulator`: one independent Onerway in memory. The public face of a simulator: its fake
 * fetch, clock, webhooks, request log, faults, snapshots and fixtures. The machinery behind it
 * (engine, deliverer, request handling) is in simulator-runtime.ts, reached by the doors through
 * `internalsOf(sim)` and kept off this type. Nothing is global: two simulators share nothing.
 */
import { EventEmitter } from 'eventemitter3';
import { createFetch, type FetchFunction } from './adapters/fetch.js';
import { parseDuration, SimulatorUsageError } from './engine/clock.js';
import type { Mode } from './engine/errors.js';
import type { RequestLogEntry, RequestLogFilter } from './engine/request-log.js';
import { authenticateIntent } from './engine/resources/payment-intents/authenticate.js';
import { requireSetupIntent, type SetupIntent } from './engine/resources/setup-intents/object.js';
import { authenticateSetup } from './engine/resources/setup-intents/routes.js';
import { requirePaymentIntent, type PaymentIntent } from './engine/resources/payment-intents/object.js';
import { createEndpoint, deleteEndpoint, LISTENER_URL } from './engine/resources/webhook-endpoints.js';
import { createRestrictedKey, type Permissions } from './engine/resources/restricted-keys.js';
import { isApiVersion } from './engine/versions.js';
import { ATTEMPT_RETENTION_MS } from './engine/webhook-attempts.js';
import { type FaultRule, type InjectedFault, type UnmatchedFault } from './faults.js';
import { buildFixtures, type Fixtures, type FixtureSpec } from './fixtures.js';
import { creationListeners, INTERNALS } from './internal.js';
import { coverageOf, type Coverage } from './coverage.js';
import { SimulatorRuntime, toEpochMs } from './simulator-runtime.js';
import type { SimulatedRequest, SimulatedResponse, SimulatorClock, SimulatorEvents, SimulatorOptions, SimulatorWebhooks } from './simulator-types.js';
import type { SimulatorSnapshot } from './snapshot.js';
import { parseForm } from './wire/form.js';

const MAX_RUN_ALL_STEPS = 1_000_000;

/** A logged request's parameters: its query and its body (JSON or form), read back. */
function paramsOf(entry: RequestLogEntry): Record<string, unknown> {
  const query = entry.query ? parseForm(entry.query) : {};
  let body: Record<string, unknown> = {};
  if (entry.body) {
    try {
      body = entry.body.trimStart().startsWith('{') ? (JSON.parse(entry.body) as Record<string, unknown>) : parseForm(entry.body);
    } catch {
      body = {};
    }
  }
  return JSON.parse(JSON.stringify({ ...query, ...body })) as Record<string, unknown>;
}

export class Simulator extends EventEmitter<SimulatorEvents> {
  /** The fake WHATWG fetch: pass it to your Onerway client (or the stripe client's fetch HTTP client). */
  readonly fetch: FetchFunction;
  readonly clock: SimulatorClock;
  /** In-process webhook endpoints and the record of delivery attempts. */
  readonly webhooks: SimulatorWebhooks;
  readonly #runtime: SimulatorRuntime;

  constructor(options: SimulatorOptions = {}) {
    super();
    if (options.apiVersion !== undefined && !isApiVersion(options.apiVersion)) {
      throw new SimulatorUsageError(`onerway-sim: unknown apiVersion '${options.apiVersion}'; known versions are 2024-06-01 and 2024-11-01.`);
    }
    const runtime = new SimulatorRuntime(options, this);
    this.#runtime = runtime;
    // The doors' way in, kept off the public type (src/internal.ts).
    Object.defineProperty(this, INTERNALS, { value: runtime, enumerable: false });
    for (const listener of creationListeners()) listener(this);
    const origin = (options.baseUrl ?? 'https://api.onerway.com').replace(/\/+$/, '');
    this.fetch = createFetch(() => (req) => runtime.respond(req), origin, (req) => runtime.reserve(req));
    this.clock = {
      now: () => runtime.engine.clock.nowMs,
      advance: async (duration) => runtime.runUntil(runtime.engine.clock.nowMs + parseDuration(duration)),
      set: async (time) => runtime.runUntil(toEpochMs(time, 'clock.set(time)')),
      runAll: async () => {
        await runtime.advancing;
        let steps = 0;
        for (let due = runtime.engine.scheduler.nextDue(); due !== undefined; due = runtime.engine.scheduler.nextDue()) {
          if (++steps > MAX_RUN_ALL_STEPS) {
            throw new SimulatorUsageError(
              `onerway-sim: clock.runAll() stopped after ${MAX_RUN_ALL_STEPS} due times: something keeps scheduling new work (a webhook handler that causes events it then fails?). Advance the clock by a fixed duration instead.`,
            );
          }
          await runtime.runUntil(Math.max(due, runtime.engine.clock.nowMs));
        }
      },
    };
    this.webhooks = {
      listen: (handler, options = {}) => {
        const engine = runtime.engine;
        const ctx = engine.context(options.mode ?? 'test', { id: null, idempotencyKey: null, apiVersion: engine.options.apiVersion });
        const endpoint = createEndpoint(
          ctx,
          { url: LISTENER_URL, enabled_events: [...(options.events ?? ['*'])], ...(options.apiVersion && { api_version: options.apiVersion }) },
          true,
        );
        runtime.deliverer.handlers.set(endpoint.id, handler);
        return {
          id: endpoint.id,
          secret: endpoint.secret!,
          close: () => {
            deleteEndpoint(ctx, endpoint.id);
            runtime.deliverer.handlers.delete(endpoint.id);
          },
        };
      },
      attempts: (filter = {}) =>
        runtime.engine.webhookAttempts.filter(
          (a) =>
            runtime.engine.clock.nowMs - a.time < ATTEMPT_RETENTION_MS &&
            (filter.event === undefined || a.event === filter.event) &&
            (filter.endpoint === undefined || a.endpoint === filter.endpoint) &&
            (filter.succeeded === undefined || a.succeeded === filter.succeeded),
        ),
    };
  }

  /**
   * Delivers every webhook attempt due now (and any that those deliveries cause) and resolves
   * when they are done; first waits for a test-clock advance asked for over HTTP. Call it after
   * the requests whose events you want delivered.
   */
  async flush(): Promise<void> {
    await this.#runtime.flush();
  }

  /**
   * The requests this simulator answered in the last 90 simulated days, oldest first, filtered by
   * method, path (exact or RegExp), status, mode, idempotency key or replay.
   *
   * @example
   * ```ts
   * expect(sim.requests({ method: 'POST', path: /\/capture$/ })).toHaveLength(1);
   * ```
   */
  requests(filter?: RequestLogFilter): RequestLogEntry[] {
    const engine = this.#runtime.engine;
    return engine.requestLog.read(engine.clock.nowMs, filter);
  }

  /**
   * Issues a restricted key (`rk_test_…`, or `rk_live_…` with `mode: 'live'`) with a permission per
   * resource; resources not named get none. A request outside them is the live API's 403 naming
   * the permission that would allow it. The same as `POST /v1/test_helpers/restricted_keys`.
   *
   * @example
   * ```ts
   * const key = sim.restrictedKey({ customers: 'read' });
   * ```
   */
  restrictedKey(permissions: Partial<Permissions>, options: { mode?: Mode; name?: string } = {}): string {
    const engine = this.#runtime.engine;
    const ctx = engine.context(options.mode ?? 'test', { id: null, idempotencyKey: null, apiVersion: engine.options.apiVersion });
    return createRestrictedKey(ctx, { permissions, ...(options.name !== undefined && { name: options.name }) }).secret;
  }

  /**
   * What this simulator has seen of the payment world: routes and status classes, PaymentIntent
   * states and transitions, test cards, decline codes, error types, events emitted and
   * delivered, webhook outcomes, timed behaviours, faults. Each axis lists what was met and what
   * was not (docs/coverage.md). Kept across `reset()` and `restore()`.
   */
  coverage(): Coverage {
    return coverageOf(this.#runtime.coverage);
  }

  /** A test-mode secret key of this simulator's account. */
  get secretKey(): string {
    return this.#runtime.keys().secret;
  }
  /** A test-mode publishable key. */
  get publishableKey(): string {
    return this.#runtime.keys().publishable;
  }
  /** A live-mode secret key: it addresses the separate live data set. */
  get liveSecretKey(): string {
    return this.#runtime.keys().liveSecret;
  }
  /** A live-mode publishable key. */
  get livePublishableKey(): string {
    return this.#runtime.keys().livePublishable;
  }

  /**
   * Fault injection: make matching requests fail or take time (docs/faults.md).
   *
   * @example
   * ```ts
   * sim.faults.inject({ method: 'POST', path: '/v1/payment_intents/:id/capture', sequence: [fault.apiError(), fault.apiError()] });
   * ```
   */
  readonly faults = {
    inject: (rule: FaultRule): InjectedFault => this.#runtime.injector.inject(rule),
    clear: (): void => this.#runtime.injector.clear(),
    /** The rules no request has matched yet: a mistyped path or method never matches. */
    unmatched: (): UnmatchedFault[] => this.#runtime.injector.unmatched(),
  };

  /** The context a test helper called in process runs in (no request, the simulator's version). */
  #helperContext(options: { mode?: Mode; account?: string }) {
    const engine = this.#runtime.engine;
    return engine.context(options.mode ?? 'test', { id: null, idempotencyKey: null, apiVersion: engine.options.apiVersion, onBehalfOf: options.account ?? null });
  }

  /**
   * Completes (or fails) the 3D Secure step of a PaymentIntent in `requires_action`, as the
   * customer would in a browser; the same as `POST /v1/test_helpers/payment_intents/:id/authenticate`.
   * Returns the PaymentIntent as it then is.
   */
  authenticatePaymentIntent(id: string, outcome: 'success' | 'failure' = 'success', options: { mode?: Mode; account?: string } = {}): PaymentIntent {
    const ctx = this.#helperContext(options);
    return authenticateIntent(ctx, requirePaymentIntent(ctx, id), outcome);
  }

  /**
   * Completes (or fails) the 3D Secure step of a SetupIntent in `requires_action`; the same as
   * `POST /v1/test_helpers/setup_intents/:id/authenticate`. Returns the SetupIntent as it then is.
   */
  authenticateSetupIntent(id: string, outcome: 'success' | 'failure' = 'success', options: { mode?: Mode; account?: string } = {}): SetupIntent {
    const ctx = this.#helperContext(options);
    return authenticateSetup(ctx, requireSetupIntent(ctx, id), outcome);
  }

  /**
   * The answered requests to a route, oldest first, each with its parameters read back (body and
   * query): for assertions such as "exactly one capture, with an idempotency key".
   *
   * @example
   * ```ts
   * const [capture] = sim.requestsTo('POST', '/v1/payment_intents/:id/capture');
   * expect(capture.idempotencyKey).toBeTruthy();
   * expect(capture.params).toEqual({ amount_to_capture: 1500 });
   * ```
   */
  requestsTo(method: string, path: string | RegExp): Array<RequestLogEntry & { params: Record<string, unknown> }> {
    return this.requests({ method, path }).map((r) => ({ ...r, params: paramsOf(r) }));
  }

  /**
   * Builds a starting state in one call, through the API (docs/fixtures.md): customers with
   * saved cards, succeeded, refunded and disputed payments, available funds, a connected account.
   */
  fixtures(spec: FixtureSpec): Fixtures {
    return this.#runtime.atomically(() => buildFixtures(this.#runtime.handleWire, this.secretKey, spec));
  }

  /**
   * The whole state now: objects, events, clock, ids to come, scheduled work (pending webhook
   * deliveries included), idempotency keys, rate-limit buckets and logs. Cheap enough for every
   * `beforeEach`. In-process webhook handlers are functions, not state: they stay registered.
   */
  snapshot(): SimulatorSnapshot {
    return this.#runtime.snapshot();
  }

  /** Returns to a snapshot's state (of this simulator or another one). */
  restore(snapshot: SimulatorSnapshot): void {
    this.#runtime.restore(snapshot);
  }

  /** Forgets everything: back to the state `createSimulator` returned (same seed, same start time). */
  reset(): void {
    this.#runtime.reset();
  }
}

/**
 * Creates an in-memory Onerway. Cheap enough to make one per test.
 *
 * @example
 * ```ts
 * const sim = createSimulator();
 * const res = await sim.fetch('https://api.onerway.com/v1/customers', {
 *   method: 'POST',
 *   headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' },
 *   body: JSON.stringify({ email: 'jenny@example.com' }),
 * });
 * const customer = await res.json(); // { id: 'cus_…', object: 'customer', … }
 * ```
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  return new Simulator(options);
}

export { SimulatorSnapshot } from './snapshot.js';
export type { SimulatedRequest, SimulatedResponse, SimulatorClock, SimulatorEvents, SimulatorOptions, SimulatorWebhooks };
