/** The public types of a simulator: its options, its clock, its events, its webhooks. */
import type { Duration } from './engine/clock.js';
import type { Mode } from './engine/errors.js';
import type { Limits } from './engine/limits.js';
import type { RateLimit, RateLimitMode } from './engine/rate-limit.js';
import type { RequestLogEntry, RequestLogOptions } from './engine/request-log.js';
import type { WebhookAttempt } from './engine/webhook-attempts.js';
import type { ApiVersion } from './engine/versions.js';
import type { SimulatorSnapshot } from './snapshot.js';
import type { DeliveryOptions, WebhookHandler } from './webhooks/delivery.js';
import type { TypedEvent } from './webhooks/typed-events.js';

export interface SimulatorOptions {
  /** Seeds every id and key. Same seed and same calls give byte-identical responses. Default `'onerway-sim'`. */
  seed?: string | number;
  /** Simulated start time: a Date, epoch milliseconds or an ISO string. Default 2025-01-01T00:00:00Z. */
  now?: Date | number | string;
  /** The account's default API version (`Onerway-Version` overrides it per request). Default `2024-11-01`. */
  apiVersion?: ApiVersion;
  /**
   * `'any'` (default): any well-formed `sk_test_…`/`pk_test_…`/`sk_live_…` key is this account's key,
   * so suites with hard-coded keys work. `'own'`: only `sim.secretKey`, `sim.publishableKey`,
   * `sim.liveSecretKey` and `sim.livePublishableKey`.
   */
  keys?: 'any' | 'own';
  /** Object quotas (SPEC §5); lower them to test your handling of `resource_limit_exceeded`. */
  limits?: Partial<Limits>;
  /** The origin `sim.fetch` answers. Default `https://api.onerway.com`. */
  baseUrl?: string;
  /**
   * Rate limits (docs/rate-limits.md). `mode: 'observe'` (default) reports the buckets in the
   * headers and marks over-limit requests in the log but answers them; `'enforce'` answers 429;
   * `'off'` keeps no buckets. `test`/`live` set the sustained rate and burst per key.
   */
  rateLimits?: { mode?: RateLimitMode; test?: Partial<RateLimit>; live?: Partial<RateLimit> };
  /**
   * Start from a snapshot (`sim.snapshot()`): its data, clock, ids to come, pending deliveries and
   * idempotency keys. Its seed and account options win over the ones given here.
   */
  from?: SimulatorSnapshot;
  /**
   * How much the request log keeps (docs/request-log.md): at most `maxEntries` entries (default
   * 10,000; older ones are dropped first) and `maxBodyBytes` characters of each body (default
   * 65,536; longer bodies are cut and marked `bodyTruncated`).
   */
  requestLog?: Partial<RequestLogOptions>;
  /** Webhook delivery (docs/webhooks.md). */
  webhooks?: DeliveryOptions & {
    /** When failed attempts are retried, as offsets from the event. Default 1m, 5m, 30m, 2h, 5h, 10h, then every 12h until 3 days. */
    retrySchedule?: readonly Duration[];
  };
}

/** `sim.webhooks`: in-process endpoints and the record of every delivery attempt. */
export interface SimulatorWebhooks {
  /**
   * Registers an in-process endpoint: `handler` receives each delivery as a real `Request` (body
   * bytes and headers as a URL endpoint would get them) and returns a `Response` (nothing means
   * 200). Returns the endpoint's id and signing secret, and `close()` to delete it.
   */
  listen(
    handler: WebhookHandler,
    options?: { events?: readonly string[]; apiVersion?: ApiVersion; mode?: Mode },
  ): { id: string; secret: string; close(): void };
  /** Every delivery attempt of the last 30 simulated days, oldest first. */
  attempts(filter?: { event?: string; endpoint?: string; succeeded?: boolean }): WebhookAttempt[];
}

/** A request as a simulator received it (the `request` event). */
export interface SimulatedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

/** A request and its answer (the `response` event). */
export interface SimulatedResponse extends RequestLogEntry {
  readonly headers: Readonly<Record<string, string>>;
  readonly responseBody: string;
}

/** The events a simulator emits, for synchronous observation in tests. */
export interface SimulatorEvents {
  request: [request: SimulatedRequest];
  response: [response: SimulatedResponse];
  /** Every Onerway event, the moment it is recorded. */
  event: [event: TypedEvent];
}

/** The simulated clock of a simulator. */
export interface SimulatorClock {
  /** Simulated now, epoch milliseconds. */
  now(): number;
  /** Moves the clock forward by a duration: milliseconds or `'90s'`, `'2h'`, `'3d'`, `'1d 12h'`. */
  advance(duration: Duration): Promise<void>;
  /** Moves the clock forward to a time (Date, epoch ms or ISO string). Backwards is an error. */
  set(time: Date | number | string): Promise<void>;
  /**
   * Runs everything still scheduled (pending funds, authorization expiries, refund-card changes,
   * webhook retries), moving the clock to each in turn, until nothing more is due.
   */
  runAll(): Promise<void>;
}

