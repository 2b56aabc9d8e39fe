/**
 * `createSimulator`: one independent Onerway in memory. Builds the engine, the pipeline and the
 * fake fetch; holds nothing global, so two simulators in one process share nothing.
 */
import { EventEmitter } from 'eventemitter3';
import { SimulatorSnapshot, snapshotEngine } from './snapshot.js';
import type { SimulatedRequest, SimulatedResponse, SimulatorClock, SimulatorEvents, SimulatorOptions, SimulatorWebhooks } from './simulator-types.js';
import { createFetch, type FetchFunction } from './adapters/fetch.js';
import type { RequestLogEntry, RequestLogFilter } from './engine/request-log.js';
import { parseDuration, SimulatorUsageError } from './engine/clock.js';
import { Engine, engineOptions, DEFAULT_SEED, DEFAULT_START_MS } from './engine/engine.js';
import { DEFAULT_RATE_LIMITS } from './engine/rate-limit.js';
import { IdGenerator } from './engine/ids.js';
import type { Mode } from './engine/errors.js';
import { authenticateIntent } from './engine/resources/payment-intents/authenticate.js';
import { requirePaymentIntent, type PaymentIntent } from './engine/resources/payment-intents/object.js';
import { Random } from './engine/random.js';
import { DEFAULT_API_VERSION, isApiVersion } from './engine/versions.js';
import type { KeyPolicy } from './wire/auth.js';
import { answerWithError, handle, inflightKeyOf } from './wire/pipeline.js';
import { invalidRequest } from './engine/errors.js';
import { parseForm } from './wire/form.js';
import { buildFixtures, type Fixtures, type FixtureSpec } from './fixtures.js';
import {
  pathMatcher,
  FaultInjector,
  faultError,
  faultFromHeader,
  latencyMs,
  SimulatedNetworkError,
  type FaultRule,
  type InjectedFault,
} from './faults.js';
import { Deliverer } from './webhooks/delivery.js';
import { finishAdvance } from './engine/resources/test-clocks.js';
import { createEndpoint, deleteEndpoint, LISTENER_URL } from './engine/resources/webhook-endpoints.js';
import { ATTEMPT_RETENTION_MS } from './engine/webhook-attempts.js';
import { RESOURCE_HOOKS } from './engine/resources/registry.js';
import type { WireRequest, WireResponse } from './wire/types.js';

function toEpochMs(time: Date | number | string, what: string): number {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(ms)) {
    throw new SimulatorUsageError(`onerway-sim: ${what} must be a Date, epoch milliseconds or an ISO date string; got ${String(time)}.`);
  }
  return ms;
}

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
  private engine: Engine;
  private seed: string | number;
  private readonly options: SimulatorOptions;
  private keySet: { secret: string; publishable: string; liveSecret: string; livePublishable: string } | undefined;
  private policy: KeyPolicy | undefined;

  constructor(options: SimulatorOptions = {}) {
    super();
    if (options.apiVersion !== undefined && !isApiVersion(options.apiVersion)) {
      throw new SimulatorUsageError(`onerway-sim: unknown apiVersion '${options.apiVersion}'; known versions are 2024-06-01 and 2024-11-01.`);
    }
    this.options = options;
    this.seed = options.from?.seed ?? options.seed ?? DEFAULT_SEED;
    this.engine = options.from ? this.adopt(options.from) : this.newEngine();
    this.deliverer = new Deliverer(options.webhooks ?? {});
    const origin = (options.baseUrl ?? 'https://api.onerway.com').replace(/\/+$/, '');
    this.fetch = createFetch(() => (req) => this.respond(req), origin, (req) => this.reserve(req));
    const sim = this;
    this.clock = {
      now: () => sim.engine.clock.nowMs,
      advance: async (duration) => sim.runUntil(sim.engine.clock.nowMs + parseDuration(duration)),
      set: async (time) => sim.runUntil(toEpochMs(time, 'clock.set(time)')),
      runAll: async () => {
        await sim.advancing;
        let steps = 0;
        for (let due = sim.engine.scheduler.nextDue(); due !== undefined; due = sim.engine.scheduler.nextDue()) {
          if (++steps > MAX_RUN_ALL_STEPS) {
            throw new SimulatorUsageError(
              `onerway-sim: clock.runAll() stopped after ${MAX_RUN_ALL_STEPS} due times: something keeps scheduling new work (a webhook handler that causes events it then fails?). Advance the clock by a fixed duration instead.`,
            );
          }
          await sim.runUntil(Math.max(due, sim.engine.clock.nowMs));
        }
      },
    };
    this.webhooks = {
      listen: (handler, options = {}) => {
        const ctx = sim.engine.context(options.mode ?? 'test', { id: null, idempotencyKey: null, apiVersion: sim.engine.options.apiVersion });
        const endpoint = createEndpoint(
          ctx,
          { url: LISTENER_URL, enabled_events: [...(options.events ?? ['*'])], ...(options.apiVersion && { api_version: options.apiVersion }) },
          true,
        );
        sim.deliverer.handlers.set(endpoint.id, handler);
        return {
          id: endpoint.id,
          secret: endpoint.secret!,
          close: () => {
            deleteEndpoint(ctx, endpoint.id);
            sim.deliverer.handlers.delete(endpoint.id);
          },
        };
      },
      attempts: (filter = {}) =>
        sim.engine.webhookAttempts.filter(
          (a) =>
            sim.engine.clock.nowMs - a.time < ATTEMPT_RETENTION_MS &&
            (filter.event === undefined || a.event === filter.event) &&
            (filter.endpoint === undefined || a.endpoint === filter.endpoint) &&
            (filter.succeeded === undefined || a.succeeded === filter.succeeded),
        ),
    };
  }

  /** In-process webhook endpoints and the record of delivery attempts. */
  readonly webhooks: SimulatorWebhooks;
  private deliverer: Deliverer;

  /**
   * Delivers every webhook attempt due now (and any that those deliveries cause) and resolves
   * when they are done; first waits for a test-clock advance asked for over HTTP. Call it after
   * the requests whose events you want delivered.
   */
  async flush(): Promise<void> {
    await this.advancing;
    await this.runUntil(this.engine.clock.nowMs);
  }

  /**
   * Whether `flush()` has anything to do: work due now on the simulated clock, or an advance
   * under way. Lets an adapter that flushes after every request skip the ones that made none.
   */
  get hasDueWork(): boolean {
    return this.advancing !== undefined || this.engine.scheduler.peek(this.engine.clock.nowMs) !== undefined;
  }

  /** A test-clock advance under way (asked for over HTTP), if any. */
  private advancing: Promise<void> | undefined;

  /** Performs, after the request that asked for it, a test-clock advance, then marks it ready. */
  private startRequestedAdvance(): void {
    const engine = this.engine;
    const advance = engine.requestedAdvance;
    if (!advance) return;
    engine.requestedAdvance = undefined;
    const previous = this.advancing ?? Promise.resolve();
    this.advancing = previous
      .then(() => this.deliverer.runUntil(engine, advance.targetMs))
      .then(
        () => finishAdvance(engine, advance, false),
        () => finishAdvance(engine, advance, true),
      );
  }

  /** Moves the clock to `targetMs`, performing everything that falls due on the way, in time order. */
  private async runUntil(targetMs: number): Promise<void> {
    // Backwards is refused by the clock itself, with a message saying what to do instead.
    if (targetMs < this.engine.clock.nowMs) this.engine.clock.moveTo(targetMs);
    await this.deliverer.runUntil(this.engine, targetMs);
  }

  private newEngine(): Engine {
    const retry = this.options.webhooks?.retrySchedule;
    const engine = new Engine(
      engineOptions({
        seed: this.seed,
        startMs: this.options.now === undefined ? DEFAULT_START_MS : toEpochMs(this.options.now, 'the now option'),
        apiVersion: this.options.apiVersion ?? DEFAULT_API_VERSION,
        limits: { ...this.options.limits },
        rateLimits: {
          ...(this.options.rateLimits?.mode && { mode: this.options.rateLimits.mode }),
          test: { ...DEFAULT_RATE_LIMITS.test, ...this.options.rateLimits?.test },
          live: { ...DEFAULT_RATE_LIMITS.live, ...this.options.rateLimits?.live },
        },
        ...(retry && { webhookRetryOffsetsMs: retry.map(parseDuration) }),
      }),
      RESOURCE_HOOKS,
    );
    engine.onEvent = (event) => {
      if (this.listenerCount('event') > 0) this.emit('event', event);
    };
    return engine;
  }

  /**
   * Marks a keyed request in flight as soon as an adapter has its headers (before it reads the
   * body), so an overlapping duplicate gets 409. For adapters; call `release` when answered.
   */
  reserve(req: { method: string; headers: Readonly<Record<string, string>> }): { concurrent: boolean; release?: () => void } {
    const key = inflightKeyOf(req, this.keyPolicy());
    const inflight = this.engine.inflight;
    if (key === undefined) return { concurrent: false };
    if (inflight.has(key)) return { concurrent: true };
    inflight.add(key);
    return { concurrent: false, release: () => inflight.delete(key) };
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
    return this.engine.requestLog.read(this.engine.clock.nowMs, filter);
  }

  private keys() {
    if (!this.keySet) {
      const ids = new IdGenerator(new Random(`${this.seed}:keys`));
      const part = ids.token(24);
      this.keySet = {
        secret: `sk_test_${part}`,
        publishable: `pk_test_${part}`,
        liveSecret: `sk_live_${part}`,
        livePublishable: `pk_live_${part}`,
      };
    }
    return this.keySet;
  }

  /** A test-mode secret key of this simulator's account. */
  get secretKey(): string {
    return this.keys().secret;
  }
  /** A test-mode publishable key. */
  get publishableKey(): string {
    return this.keys().publishable;
  }
  /** A live-mode secret key: it addresses the separate live data set. */
  get liveSecretKey(): string {
    return this.keys().liveSecret;
  }
  /** A live-mode publishable key. */
  get livePublishableKey(): string {
    return this.keys().livePublishable;
  }

  private keyPolicy(): KeyPolicy {
    if (!this.policy) {
      const k = this.keys();
      this.policy = {
        acceptAnyKey: (this.options.keys ?? 'any') === 'any',
        keys: new Set([k.secret, k.publishable, k.liveSecret, k.livePublishable]),
      };
    }
    return this.policy;
  }

  /**
   * Answers one plain request, then performs what it asked for before the answer is sent (a
   * clock advance or a webhook flush over HTTP). What the adapters call.
   */
  async handle(req: WireRequest): Promise<WireResponse> {
    return this.faulted(req);
  }

  /**
   * {@link handle} for adapters: the answer itself when nothing makes it wait (no fault to inject,
   * no clock advance or webhook flush asked for over HTTP), so the common request costs no
   * promise; a promise otherwise.
   */
  respond(req: WireRequest): WireResponse | Promise<WireResponse> {
    if (req.headers['onerway-sim-fault'] !== undefined || this.injector.active) return this.faulted(req);
    const res = this.handleWire(req);
    return this.engine.requestedWait ? this.afterRequestedWait(res) : res;
  }

  /** Waits for the advance or flush the request asked for (see {@link handle}). */
  private async afterRequestedWait(res: WireResponse): Promise<WireResponse> {
    const wait = this.engine.requestedWait;
    this.engine.requestedWait = undefined;
    await this.advancing;
    if (wait === 'flush') await this.flush();
    return res;
  }

  private async faulted(req: WireRequest): Promise<WireResponse> {
    const header = req.headers['onerway-sim-fault'];
    let injected: ReturnType<FaultInjector['take']>;
    if (header !== undefined) {
      try {
        injected = faultFromHeader(header);
      } catch (e) {
        return answerWithError(this.engine, req, invalidRequest((e as Error).message));
      }
    } else {
      injected = this.injector.take(req);
    }
    const f = injected?.fault;
    if (f?.kind === 'latency') await this.runUntil(this.engine.clock.nowMs + latencyMs(f));
    if (injected?.when === 'before') {
      if (f?.kind === 'error') return answerWithError(this.engine, req, faultError(f));
      if (f?.kind === 'network') throw new SimulatedNetworkError(f.message ?? 'onerway-sim: injected network error');
    }
    let res = this.handleWire(req);
    if (this.engine.requestedWait) res = await this.afterRequestedWait(res);
    if (injected?.when === 'after') {
      // The request ran and its changes stay; only its answer is lost.
      if (f?.kind === 'error') {
        const error = faultError(f);
        return { ...res, status: error.status, headers: { ...res.headers, ...error.headers }, body: JSON.stringify(error.toBody()) };
      }
      if (f?.kind === 'network') throw new SimulatedNetworkError(f.message ?? 'onerway-sim: injected network error');
    }
    return res;
  }

  private readonly injector = new FaultInjector();

  /**
   * Fault injection: make matching requests fail or take time (docs/faults.md).
   *
   * @example
   * ```ts
   * sim.faults.inject({ method: 'POST', path: '/v1/payment_intents/:id/capture', sequence: [fault.apiError(), fault.apiError()] });
   * ```
   */
  readonly faults = {
    inject: (rule: FaultRule): InjectedFault => this.injector.inject(rule),
    clear: (): void => this.injector.clear(),
  };

  /** Answers one plain request synchronously, emitting `request` and `response`. */
  readonly handleWire = (req: WireRequest): WireResponse => {
    if (this.listenerCount('request') > 0) {
      this.emit('request', { method: req.method, path: req.path, query: req.query, headers: req.headers, body: req.body });
    }
    const res = handle(this.engine, { keyPolicy: this.keyPolicy() }, req);
    this.startRequestedAdvance();
    if (this.listenerCount('response') > 0) this.emit('response', { ...res.log, headers: res.headers, responseBody: res.body });
    return res;
  };

  /**
   * Completes (or fails) the 3D Secure step of a PaymentIntent in `requires_action`, as the
   * customer would in a browser; the same as `POST /v1/test_helpers/payment_intents/:id/authenticate`.
   * Returns the PaymentIntent as it then is.
   */
  authenticatePaymentIntent(id: string, outcome: 'success' | 'failure' = 'success', options: { mode?: Mode } = {}): PaymentIntent {
    const ctx = this.engine.context(options.mode ?? 'test', { id: null, idempotencyKey: null, apiVersion: this.engine.options.apiVersion });
    return authenticateIntent(ctx, requirePaymentIntent(ctx, id), outcome);
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
    const matches = pathMatcher(path);
    return this.requests({ method })
      .filter((r) => matches(r.path))
      .map((r) => ({ ...r, params: paramsOf(r) }));
  }

  /**
   * Builds a starting state in one call, through the API (docs/fixtures.md): customers with
   * saved cards, succeeded, refunded and disputed payments, available funds, a connected account.
   */
  fixtures(spec: FixtureSpec): Fixtures {
    return buildFixtures(this.handleWire, this.secretKey, spec);
  }

  /**
   * The whole state now: objects, events, clock, ids to come, scheduled work (pending webhook
   * deliveries included), idempotency keys, rate-limit buckets and logs. Cheap enough for every
   * `beforeEach`. In-process webhook handlers are functions, not state: they stay registered.
   */
  snapshot(): SimulatorSnapshot {
    return new SimulatorSnapshot(this.engine.clone(), this.seed);
  }

  /** Returns to a snapshot's state (of this simulator or another one). */
  restore(snapshot: SimulatorSnapshot): void {
    this.engine = this.adopt(snapshot);
  }

  private adopt(snapshot: SimulatorSnapshot): Engine {
    const source = snapshotEngine(snapshot);
    if (!source) throw new SimulatorUsageError('onerway-sim: restore() takes a value returned by sim.snapshot().');
    if (snapshot.seed !== this.seed) {
      this.seed = snapshot.seed;
      this.keySet = undefined;
      this.policy = undefined;
    }
    const engine = source.clone();
    engine.onEvent = (event) => {
      if (this.listenerCount('event') > 0) this.emit('event', event);
    };
    return engine;
  }

  /** Forgets everything: back to the state `createSimulator` returned (same seed, same start time). */
  reset(): void {
    this.seed = this.options.from?.seed ?? this.options.seed ?? DEFAULT_SEED;
    this.keySet = undefined;
    this.policy = undefined;
    this.engine = this.options.from ? this.adopt(this.options.from) : this.newEngine();
    this.deliverer.handlers.clear();
  }

  /** The engine, for the simulator's own tests and adapters. Not a stable API. */
  get _engine(): Engine {
    return this.engine;
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

export { SimulatorSnapshot };
export type { SimulatedRequest, SimulatedResponse, SimulatorClock, SimulatorEvents, SimulatorOptions, SimulatorWebhooks };
