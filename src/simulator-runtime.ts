/**
 * The machinery behind one simulator: its engine (replaced on restore and reset), keys, webhook
 * deliverer, fault injector, and the way a request is answered and what it waits for. The
 * public `Simulator` delegates here; the doors reach it through `internalsOf(sim)`.
 */
import type { EventEmitter } from 'eventemitter3';
import { MAX_TIME_MS, parseDuration, SimulatorUsageError } from './engine/clock.js';
import { Engine, engineOptions, DEFAULT_SEED, DEFAULT_START_MS } from './engine/engine.js';
import { invalidRequest } from './engine/errors.js';
import { IdGenerator } from './engine/ids.js';
import { Random } from './engine/random.js';
import { DEFAULT_RATE_LIMITS } from './engine/rate-limit.js';
import { RESOURCE_HOOKS } from './engine/resources/registry.js';
import { CoverageRecorder } from './engine/coverage.js';
import { finishAdvance } from './engine/resources/test-clocks.js';
import { DEFAULT_API_VERSION } from './engine/versions.js';
import { FaultInjector, faultError, faultFromHeader, latencyMs, SimulatedNetworkError } from './faults.js';
import type { SimulatorInternals } from './internal.js';
import type { RequestedPower } from './engine/context.js';
import { performPower, type PowerHost } from './simulator-powers.js';
import type { SimulatorEvents, SimulatorOptions } from './simulator-types.js';
import { takeSnapshot, snapshotEngine, type SimulatorSnapshot } from './snapshot.js';
import { Deliverer } from './webhooks/delivery.js';
import { typed } from './webhooks/typed-events.js';
import type { KeyPolicy } from './wire/auth.js';
import { answerWithError, handle, inflightKeyOf } from './wire/pipeline.js';
import type { WireRequest, WireResponse } from './wire/types.js';

export function toEpochMs(time: Date | number | string, what: string): number {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIME_MS) {
    throw new SimulatorUsageError(
      `onerway-sim: ${what} must be a Date, epoch milliseconds or an ISO date string between 1970 and 9999; got ${String(time)}.`,
    );
  }
  return ms;
}

export interface KeySet {
  readonly secret: string;
  readonly publishable: string;
  readonly liveSecret: string;
  readonly livePublishable: string;
}

export class SimulatorRuntime implements SimulatorInternals, PowerHost {
  engine: Engine;
  seed: string | number;
  readonly deliverer: Deliverer;
  readonly injector = new FaultInjector();
  /** What this simulator has seen, kept across resets and restores (`sim.coverage()`). */
  readonly coverage = new CoverageRecorder();
  /** Snapshots taken over HTTP, by name (`POST /v1/test_helpers/snapshots`). */
  readonly snapshots = new Map<string, SimulatorSnapshot>();
  private readonly performPower = (power: RequestedPower): unknown => performPower(this, power);
  /** A test-clock advance under way (asked for over HTTP), if any. */
  advancing: Promise<void> | undefined;
  private keySet: KeySet | undefined;
  private policy: KeyPolicy | undefined;

  constructor(
    private readonly options: SimulatorOptions,
    private readonly emitter: EventEmitter<SimulatorEvents>,
  ) {
    this.seed = options.from?.seed ?? options.seed ?? DEFAULT_SEED;
    this.engine = options.from ? this.adopt(options.from) : this.newEngine();
    this.deliverer = new Deliverer(options.webhooks ?? {});
  }

  get hasDueWork(): boolean {
    return this.advancing !== undefined || this.engine.scheduler.peek(this.engine.clock.nowMs) !== undefined;
  }

  keys(): KeySet {
    if (!this.keySet) {
      const part = new IdGenerator(new Random(`${this.seed}:keys`)).token(24);
      this.keySet = { secret: `sk_test_${part}`, publishable: `pk_test_${part}`, liveSecret: `sk_live_${part}`, livePublishable: `pk_live_${part}` };
    }
    return this.keySet;
  }

  secretKey(): string {
    return this.keys().secret;
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

  /** Moves the clock to `targetMs`, performing everything that falls due on the way, in time order. */
  async runUntil(targetMs: number): Promise<void> {
    // Backwards is refused by the clock itself, with a message saying what to do instead.
    if (targetMs < this.engine.clock.nowMs) this.engine.clock.moveTo(targetMs);
    await this.deliverer.runUntil(this.engine, targetMs);
  }

  /** Delivers what is due now, after any advance asked for over HTTP. */
  async flush(): Promise<void> {
    await this.advancing;
    await this.runUntil(this.engine.clock.nowMs);
  }

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

  reserve(req: { method: string; headers: Readonly<Record<string, string>> }): { concurrent: boolean; release?: () => void } {
    const key = inflightKeyOf(req, this.keyPolicy());
    const inflight = this.engine.inflight;
    if (key === undefined) return { concurrent: false };
    if (inflight.has(key)) return { concurrent: true };
    inflight.add(key);
    return { concurrent: false, release: () => inflight.delete(key) };
  }

  handle(req: WireRequest): Promise<WireResponse> {
    return this.faulted(req);
  }

  /**
   * Answers a request. `settleLater`: the caller (the server door) calls `settle()` once the
   * answer is sent, so the work no answer waits for runs while the client reads it.
   */
  respond(req: WireRequest, settleLater = false): WireResponse | Promise<WireResponse> {
    if (req.headers['onerway-sim-fault'] !== undefined || this.injector.active) return this.faulted(req);
    const res = this.handleWire(req, settleLater);
    return this.engine.requestedWait ? this.afterRequestedWait(res) : res;
  }

  /** Finishes what the last request left for after its answer (see `respond`). */
  settle(): void {
    this.engine.settle();
  }

  readonly handleWire = (req: WireRequest, settleLater = false): WireResponse => {
    const emitter = this.emitter;
    if (emitter.listenerCount('request') > 0) {
      emitter.emit('request', { method: req.method, path: req.path, query: req.query, headers: req.headers, body: req.body });
    }
    // The engine that answers logs the request, even when the answer replaces it (a restore).
    const engine = this.engine;
    const res = handle(engine, { keyPolicy: this.keyPolicy(), performPower: this.performPower }, req);
    // An advance the request asked for starts from the settled state.
    if (!settleLater || engine.requestedAdvance || engine.requestedWait) engine.settle();
    this.startRequestedAdvance();
    if (emitter.listenerCount('response') > 0) {
      // What the request log recorded for it (the log holds it: it was logged last).
      const logged = engine.requestLog.latest();
      if (logged) emitter.emit('response', { ...logged, headers: res.headers, responseBody: res.body });
    }
    return res;
  };

  /** Waits for the advance or flush the request asked for (a clock advance or a webhook flush over HTTP). */
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
      // The faults helper itself is never faulted: a rule for every request could not be cleared.
      injected = req.path.startsWith('/v1/test_helpers/faults') ? undefined : this.injector.take(req);
    }
    const f = injected?.fault;
    if (f && f.kind !== 'pass') this.coverage.faults.add(f.kind !== 'error' ? f.kind : f.type === 'card_error' ? 'decline' : (f.code ?? f.type));
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

  private newEngine(): Engine {
    const options = this.options;
    const retry = options.webhooks?.retrySchedule;
    const engine = new Engine(
      engineOptions({
        seed: this.seed,
        startMs: options.now === undefined ? DEFAULT_START_MS : toEpochMs(options.now, 'the now option'),
        apiVersion: options.apiVersion ?? DEFAULT_API_VERSION,
        limits: { ...options.limits },
        rateLimits: {
          ...(options.rateLimits?.mode && { mode: options.rateLimits.mode }),
          test: { ...DEFAULT_RATE_LIMITS.test, ...options.rateLimits?.test },
          live: { ...DEFAULT_RATE_LIMITS.live, ...options.rateLimits?.live },
        },
        ...(retry && { webhookRetryOffsetsMs: retry.map(parseDuration) }),
        ...(options.requestLog && { requestLog: options.requestLog }),
      }),
      RESOURCE_HOOKS,
    );
    return this.observe(engine);
  }

  private observe(engine: Engine): Engine {
    engine.coverage = this.coverage;
    engine.onEvent = (rowOf) => {
      if (this.emitter.listenerCount('event') > 0) this.emitter.emit('event', typed(rowOf().object));
    };
    return engine;
  }

  /**
   * Runs `work` (several requests, as fixtures make) all or nothing: if it throws, the state
   * returns to what it was, as a failed request changes nothing.
   */
  atomically<T>(work: () => T): T {
    const before = this.engine.clone();
    try {
      return work();
    } catch (e) {
      this.engine = this.observe(before);
      throw e;
    }
  }

  snapshot(): SimulatorSnapshot {
    return takeSnapshot(this.engine.clone(), this.seed);
  }

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
    return this.observe(source.clone());
  }

  reset(): void {
    this.seed = this.options.from?.seed ?? this.options.seed ?? DEFAULT_SEED;
    this.keySet = undefined;
    this.policy = undefined;
    this.engine = this.options.from ? this.adopt(this.options.from) : this.newEngine();
    this.deliverer.handlers.clear();
  }
}
