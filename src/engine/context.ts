/**
 * What an operation sees of the simulator while it runs: the data set of the caller's mode, the
 * clock, the id stream and the request's identity. Operations receive it; nothing is global.
 */
import type { Clock } from './clock.js';
import type { Mode } from './errors.js';
import type { IdGenerator } from './ids.js';
import type { DataSet } from './store.js';
import type { ApiVersion } from './api-version.js';
import type { Limits } from './limits.js';
import type { Scheduler } from './scheduler.js';
import type { EventRow } from './event.js';
import type { RequestLog } from './request-log.js';
import type { WebhookAttempt } from './webhook-attempts.js';
import type { CoverageRecorder } from './coverage.js';

/**
 * One of the simulator's in-process powers asked for over HTTP (reset, snapshots, fixtures,
 * faults): the simulator performs it with the same code as the in-process call, and its result
 * is the answer.
 */
export interface RequestedPower {
  readonly name: 'reset' | 'snapshot' | 'restore' | 'fixtures' | 'inject_fault' | 'clear_faults' | 'unmatched_faults' | 'trigger' | 'coverage';
  readonly params: Readonly<Record<string, unknown>>;
}

/** An advance asked for over HTTP, performed by the simulator after the request is answered. */
export interface RequestedAdvance {
  /** The test clock that asked, or null for the simulator's own advance helper. */
  readonly clockId: string | null;
  readonly targetMs: number;
}

/**
 * Where the engine core calls into resources. The core sits below the resources and imports none
 * of them; what it must ask of one (which endpoints an event is delivered to) is a hook that the
 * resource registry (`resources/registry.ts`) supplies when an engine is built, as the route
 * table supplies handlers to the pipeline.
 */
export interface EngineHooks {
  /**
   * Schedules the deliveries of a newly recorded event; returns how many (its `pending_webhooks`).
   * `idOf` spells the event's id, which the log keeps packed: called only if a delivery needs it.
   */
  readonly scheduleDeliveries: (ctx: RequestContext, idOf: () => string, eventType: string) => number;
}

/**
 * What a context reads of its engine (engine.ts implements it): named here so that the context
 * does not import the engine that creates it.
 */
export interface EngineState {
  /** The platform's own account id (derived from the seed). */
  readonly accountId: string;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly scheduler: Scheduler;
  readonly hooks: EngineHooks;
  readonly options: { readonly limits: Limits; readonly apiVersion: ApiVersion; readonly startMs: number };
  readonly onEvent: ((event: () => EventRow) => void) | undefined;
  requestedAdvance: RequestedAdvance | undefined;
  requestedWait: 'advance' | 'flush' | undefined;
  requestedPower: RequestedPower | undefined;
  readonly requestLog: RequestLog;
  readonly webhookAttempts: readonly WebhookAttempt[];
  readonly coverage: CoverageRecorder | undefined;
  dataFor(mode: Mode, account?: string | null): DataSet;
  peekDataFor(mode: Mode, account: string | null): DataSet;
  nextSeq(): number;
}

/** What a request names about itself when it asks for a context. */
export interface RequestIdentity {
  readonly id: string | null;
  readonly idempotencyKey: string | null;
  readonly apiVersion: ApiVersion;
  readonly publishable?: boolean;
  readonly onBehalfOf?: string | null;
  /** The API key the request was made with (for the messages that quote it, masked). */
  readonly key?: string | null;
  /** The origin the request came in on, when a door serves pages there (the server's URL). */
  readonly origin?: string | null;
}

/** One per request (a class: its methods are shared, where an object literal made three closures). */
export class RequestContext {
  /** The data the request acts on: the platform's, or the connected account's it names. */
  readonly data: DataSet;
  /** The other mode's data set: only to say "a similar object exists in live mode". */
  readonly otherData: DataSet;
  /** The platform's data of this mode: connected accounts and webhook endpoints live there. */
  readonly platform: DataSet;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly limits: Limits;
  /** Unix seconds now. */
  readonly now: number;
  readonly requestId: string | null;
  readonly idempotencyKey: string | null;
  /** The caller used a publishable key (only client-side endpoints let it through). */
  readonly publishable: boolean;
  /** The connected account named by `Onerway-Account` (or `Stripe-Account`), or null. */
  readonly onBehalfOf: string | null;
  /** The API key of the request, or null (scheduled work, in-process calls). */
  readonly key: string | null;
  /** The origin of the door the request came in on, when it serves pages (the server), else null. */
  readonly origin: string | null;
  /** The version the response is rendered in. */
  readonly apiVersion: ApiVersion;
  /** The account's default version: events are recorded in it (SPEC §3). */
  readonly accountApiVersion: ApiVersion;
  /** Work due later on the simulated clock (webhook attempts, …). */
  readonly scheduler: Scheduler;
  /**
   * Called as every event is recorded (the simulator's `event` emission), with a function that
   * builds its row: rows are built only for a simulator that has listeners.
   */
  readonly onEvent: ((event: () => EventRow) => void) | undefined;
  /** What the core asks of the resources (event deliveries). */
  readonly hooks: EngineHooks;
  /** Every answered request (the request log), for the helper that reads it over HTTP. */
  readonly requestLog: RequestLog;
  /** Every webhook delivery attempt, for the helper that reads them over HTTP. */
  readonly webhookAttempts: readonly WebhookAttempt[];
  /** Notes what the simulator has seen (`sim.coverage()`), when one is attached. */
  readonly coverage: CoverageRecorder | undefined;
  /** The platform's own account id (`acct_…`, derived from the seed). */
  readonly platformAccountId: string;
  /** When the platform's account was made: the simulator's start (Unix seconds). */
  readonly platformCreated: number;

  constructor(
    private readonly engine: EngineState,
    readonly mode: Mode,
    request: RequestIdentity,
  ) {
    this.onBehalfOf = request.onBehalfOf ?? null;
    this.key = request.key ?? null;
    this.origin = request.origin ?? null;
    this.data = engine.dataFor(mode, this.onBehalfOf);
    this.otherData = engine.peekDataFor(mode === 'live' ? 'test' : 'live', this.onBehalfOf);
    this.platform = engine.dataFor(mode);
    this.clock = engine.clock;
    this.ids = engine.ids;
    this.limits = engine.options.limits;
    this.now = engine.clock.nowSeconds;
    this.requestId = request.id;
    this.idempotencyKey = request.idempotencyKey;
    this.publishable = request.publishable ?? false;
    this.apiVersion = request.apiVersion;
    this.accountApiVersion = engine.options.apiVersion;
    this.scheduler = engine.scheduler;
    this.onEvent = engine.onEvent;
    this.hooks = engine.hooks;
    this.requestLog = engine.requestLog;
    this.webhookAttempts = engine.webhookAttempts;
    this.coverage = engine.coverage;
    this.platformAccountId = engine.accountId;
    this.platformCreated = Math.floor(engine.options.startMs / 1000);
  }

  /** The next creation sequence number (tie-break for objects created in the same second). */
  nextSeq(): number {
    return this.engine.nextSeq();
  }

  /**
   * The same request acting on another account's data (null: the platform's): a transfer credits
   * its destination, a direct charge's application fee reaches the platform.
   */
  forAccount(account: string | null): RequestContext {
    return new RequestContext(this.engine, this.mode, {
      id: this.requestId,
      idempotencyKey: this.idempotencyKey,
      apiVersion: this.apiVersion,
      publishable: this.publishable,
      onBehalfOf: account,
      key: this.key,
      origin: this.origin,
    });
  }

  /** Asks the simulator to advance its clock once this request is answered (test clocks over HTTP). */
  requestAdvance(advance: RequestedAdvance): void {
    this.engine.requestedAdvance = advance;
  }

  /** Asks the simulator to perform one of its powers and answer with its result (simulator-powers.ts). */
  requestPower(power: RequestedPower): void {
    this.engine.requestedPower = power;
  }

  /** Asks the simulator to finish an advance, or a webhook flush, before it sends the answer. */
  requestWait(kind: 'advance' | 'flush'): void {
    this.engine.requestedWait = kind;
  }
}
