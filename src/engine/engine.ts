/**
 * One simulator's engine: the clock, the id streams, the two data sets and the options. Pure
 * and synchronous: operations run to completion inside one call, with no I/O and no real time.
 */
import { Clock } from './clock.js';
import { RequestContext, type EngineHooks, type EngineState, type RequestedAdvance, type RequestedPower, type RequestIdentity } from './context.js';
import type { Mode } from './errors.js';
import { IdGenerator } from './ids.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { Random } from './random.js';
import { DataSet } from './store.js';
import { IdempotencyStore } from './idempotency.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { DEFAULT_REQUEST_LOG, RequestLog, type RequestLogOptions } from './request-log.js';
import { Scheduler } from './scheduler.js';
import type { EventRow } from './event.js';
import type { WebhookAttempt } from './webhook-attempts.js';
import type { CoverageRecorder } from './coverage.js';
import { DEFAULT_API_VERSION, type ApiVersion } from './api-version.js';

export interface EngineOptions {
  /** Seeds every id; same seed and same calls give the same bytes. */
  seed: string | number;
  /** Simulated start time, epoch milliseconds. */
  startMs: number;
  /** The account's default API version. */
  apiVersion: ApiVersion;
  limits: Limits;
  rateLimits: RateLimitOptions;
  /**
   * When failed webhook attempts are retried, as offsets from the event (SPEC §11): 1 min, 5 min,
   * 30 min, 2 h, 5 h, 10 h, then every 12 h until 3 days.
   */
  webhookRetryOffsetsMs: readonly number[];
  /** How much the request log keeps. */
  requestLog: RequestLogOptions;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
export const DEFAULT_WEBHOOK_RETRY_OFFSETS_MS: readonly number[] = [
  MIN, 5 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR, 10 * HOUR, 22 * HOUR, 34 * HOUR, 46 * HOUR, 58 * HOUR, 70 * HOUR,
];

export const DEFAULT_SEED = 'onerway-sim';
/** 2025-01-01T00:00:00Z: a fixed start, so timestamps replay too (see docs/decisions.md). */
export const DEFAULT_START_MS = 1_735_689_600_000;

export function engineOptions(
  partial: Partial<Omit<EngineOptions, 'limits' | 'rateLimits' | 'requestLog'>> & {
    limits?: Partial<Limits>;
    rateLimits?: Partial<RateLimitOptions>;
    requestLog?: Partial<RequestLogOptions>;
  } = {},
): EngineOptions {
  return {
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...partial.rateLimits },
    webhookRetryOffsetsMs: partial.webhookRetryOffsetsMs ?? DEFAULT_WEBHOOK_RETRY_OFFSETS_MS,
    seed: partial.seed ?? DEFAULT_SEED,
    startMs: partial.startMs ?? DEFAULT_START_MS,
    apiVersion: partial.apiVersion ?? DEFAULT_API_VERSION,
    limits: { ...DEFAULT_LIMITS, ...partial.limits },
    requestLog: { ...DEFAULT_REQUEST_LOG, ...partial.requestLog },
  };
}

export class Engine implements EngineState {
  clock: Clock;
  /** Object ids: drawn only by requests that succeed. */
  ids: IdGenerator;
  /** Request ids and keys: drawn by every request, kept apart so they never shift object ids. */
  requestIds: IdGenerator;
  test = new DataSet('test');
  live = new DataSet('live');
  /** Each connected account's own data, by `mode:acct_…`, made on first use. */
  connected = new Map<string, DataSet>();
  /** Idempotency keys per mode: kept apart from the data sets (a refused request may store one). */
  idempotency = { test: new IdempotencyStore(), live: new IdempotencyStore() };
  /** Keys of requests still being answered (`mode:key`), for the 409 of a concurrent duplicate. */
  readonly inflight = new Set<string>();
  rateLimiter: RateLimiter;
  requestLog: RequestLog;
  scheduler = new Scheduler();
  /** Every webhook attempt, oldest first (read through the simulator, kept 30 days). */
  webhookAttempts: WebhookAttempt[] = [];
  /** Observer of every recorded event, given a function that builds its row (set by the simulator for its `event` emission). */
  onEvent: ((event: () => EventRow) => void) | undefined;
  /** An advance asked for over HTTP, for the simulator to perform after the request. */
  requestedAdvance: RequestedAdvance | undefined;
  /** Work the simulator must finish before it answers the current request. */
  requestedWait: 'advance' | 'flush' | undefined;
  /** Notes what the simulator has seen (set by the simulator; kept across resets and restores). */
  coverage: CoverageRecorder | undefined;
  /** A power asked for over HTTP, for the simulator to perform before it answers. */
  requestedPower: RequestedPower | undefined;
  private seq = 0;
  /** The platform account's own id (`acct_…`), derived from the seed: the live API's messages name it. */
  readonly accountId: string;

  constructor(
    readonly options: EngineOptions,
    /** What the core asks of the resources: supplied by the resource registry. */
    readonly hooks: EngineHooks,
  ) {
    this.clock = new Clock(options.startMs);
    this.ids = new IdGenerator(new Random(`${options.seed}:objects`));
    this.requestIds = new IdGenerator(new Random(`${options.seed}:requests`));
    this.rateLimiter = new RateLimiter(options.rateLimits);
    this.requestLog = new RequestLog(options.requestLog);
    this.accountId = `acct_${new IdGenerator(new Random(`${options.seed}:account`)).token(16)}`;
  }

  /**
   * An independent copy of the whole state: data, clock, ids to come, scheduled work (pending
   * deliveries included), idempotency keys, buckets and logs. Stored objects are immutable and
   * shared; only their containers are copied, so the cost is one pass over the state.
   */
  clone(): Engine {
    const copy = new Engine(this.options, this.hooks);
    copy.clock = new Clock(this.clock.nowMs);
    copy.ids = this.ids.clone();
    copy.requestIds = this.requestIds.clone();
    copy.test = this.test.clone();
    copy.live = this.live.clone();
    for (const [key, data] of this.connected) copy.connected.set(key, data.clone());
    copy.idempotency = { test: this.idempotency.test.clone(), live: this.idempotency.live.clone() };
    copy.rateLimiter = this.rateLimiter.clone();
    copy.requestLog = this.requestLog.clone();
    copy.scheduler = this.scheduler.clone();
    copy.webhookAttempts = [...this.webhookAttempts];
    copy.seq = this.seq;
    return copy;
  }

  /** The data of `mode`: the platform's, or a connected account's (made on first use). */
  dataFor(mode: Mode, account: string | null = null): DataSet {
    if (account === null) return mode === 'live' ? this.live : this.test;
    const key = `${mode}:${account}`;
    let data = this.connected.get(key);
    if (!data) this.connected.set(key, (data = new DataSet(mode, account)));
    return data;
  }

  /** The data of `mode` if it exists, else an empty one that is not kept (reads must create nothing). */
  peekDataFor(mode: Mode, account: string | null): DataSet {
    return account === null ? this.dataFor(mode) : (this.connected.get(`${mode}:${account}`) ?? new DataSet(mode, account));
  }

  /** The context one operation runs in. */
  context(mode: Mode, request: RequestIdentity): RequestContext {
    return new RequestContext(this, mode, request);
  }

  /** Writes the last request's request-log entry, which waits until its answer is sent (see `RequestLog.settle`). */
  settle(): void {
    this.requestLog.settle();
  }

  /** The next creation sequence number (see {@link RequestContext.nextSeq}). */
  nextSeq(): number {
    return this.seq++;
  }

}

