/**
 * Rate limits (SPEC §10): a token bucket per API key on the simulated clock. Tokens are kept in
 * thousandths so refills are exact integers: same requests at the same simulated times, same
 * answers.
 */
import { ApiError, type Mode } from './errors.js';

export interface RateLimit {
  /** Sustained requests per second. */
  readonly rate: number;
  /** Bucket capacity: how many requests may arrive at one instant. */
  readonly burst: number;
}

/**
 * `observe` (default): buckets are kept and reported in the headers, but a request over the limit
 * is still answered (the request log marks it `rateLimited`), so a suite that never moves the
 * clock never meets a 429 by accident. `enforce`: such a request is a 429. `off`: no buckets.
 */
export type RateLimitMode = 'observe' | 'enforce' | 'off';

export interface RateLimitOptions {
  mode: RateLimitMode;
  test: RateLimit;
  live: RateLimit;
}

/** Onerway's numbers: 100/s in test mode, 1000/s per key in live mode, bursts up to 1000. */
export const DEFAULT_RATE_LIMITS: RateLimitOptions = Object.freeze({
  mode: 'observe',
  test: Object.freeze({ rate: 100, burst: 100 }),
  live: Object.freeze({ rate: 1000, burst: 1000 }),
}) as RateLimitOptions;

interface Bucket {
  milli: number;
  atMs: number;
}

export interface RateDecision {
  readonly admitted: boolean;
  readonly limited: boolean;
  readonly headers: Record<string, string>;
  /** Seconds until one request fits again (for `Retry-After`). */
  readonly retryAfter: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: RateLimitOptions) {}

  get mode(): RateLimitMode {
    return this.options.mode;
  }

  clone(): RateLimiter {
    const copy = new RateLimiter(this.options);
    for (const [k, b] of this.buckets) copy.buckets.set(k, { ...b });
    return copy;
  }

  /** Takes one token for `key` at `nowMs`. */
  take(key: string, mode: Mode, nowMs: number): RateDecision {
    const limit = this.options[mode];
    const capacity = limit.burst * 1000;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { milli: capacity, atMs: nowMs };
      this.buckets.set(key, bucket);
    }
    if (nowMs > bucket.atMs) {
      bucket.milli = Math.min(capacity, bucket.milli + (nowMs - bucket.atMs) * limit.rate);
      bucket.atMs = nowMs;
    }
    const limited = bucket.milli < 1000;
    const admitted = !limited || this.options.mode !== 'enforce';
    if (!limited) bucket.milli -= 1000;
    const missing = capacity - bucket.milli;
    const fullAtMs = nowMs + Math.ceil(missing / limit.rate);
    return {
      admitted,
      limited,
      headers: {
        'X-RateLimit-Limit': String(limit.rate),
        'X-RateLimit-Remaining': String(Math.floor(bucket.milli / 1000)),
        'X-RateLimit-Reset': String(Math.ceil(fullAtMs / 1000)),
      },
      retryAfter: Math.max(1, Math.ceil((1000 - bucket.milli) / limit.rate / 1000)),
    };
  }

  /** The headers of a request that carried no usable key: a full test-mode bucket. */
  anonymousHeaders(nowMs: number): Record<string, string> {
    const limit = this.options.test;
    return {
      'X-RateLimit-Limit': String(limit.rate),
      'X-RateLimit-Remaining': String(limit.burst),
      'X-RateLimit-Reset': String(Math.ceil(nowMs / 1000)),
    };
  }
}

export function rateLimitError(retryAfter: number): ApiError {
  return new ApiError({
    status: 429,
    type: 'rate_limit_error',
    code: 'rate_limit',
    message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
    headers: { 'Retry-After': String(retryAfter) },
  });
}
