/**
 * Rate limits (SPEC §10): a token bucket per API key on the simulated clock, and a one-second
 * window that holds the overview's promise that no more than `burst` requests pass in any one
 * second (a full bucket alone would let its refill through on top). Tokens are kept in
 * thousandths so refills are exact integers: same requests at the same simulated times, same
 * answers. Buckets are per key as the key is, whatever the header's spelling.
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
  readonly mode: Mode;
  milli: number;
  atMs: number;
  /** Times of the last `burst` admitted requests, a ring: `times[next]` is the oldest. */
  times: Float64Array;
  next: number;
}

/** Past this many buckets, the ones that are back to full (as good as new) are dropped. */
const PRUNE_ABOVE = 1_024;

export interface RateDecision {
  readonly admitted: boolean;
  readonly limited: boolean;
  readonly headers: Record<string, string>;
  /** Seconds until one request fits again (for `Retry-After`). */
  readonly retryAfter: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private pruneAt = PRUNE_ABOVE;
  /** The anonymous headers of the current second of simulated time (see `anonymousHeaders`). */
  private anonymous: { reset: number; headers: Readonly<Record<string, string>> } | undefined;

  constructor(private readonly options: RateLimitOptions) {}

  /** How many buckets are kept (a bucket back to full is dropped once there are many). */
  get size(): number {
    return this.buckets.size;
  }

  get mode(): RateLimitMode {
    return this.options.mode;
  }

  clone(): RateLimiter {
    const copy = new RateLimiter(this.options);
    for (const [k, b] of this.buckets) copy.buckets.set(k, { ...b, times: b.times.slice() });
    copy.pruneAt = this.pruneAt;
    return copy;
  }

  /** Drops the buckets that are full again at `nowMs` with nothing in their window: they change nothing. */
  private prune(nowMs: number): void {
    for (const [key, b] of this.buckets) {
      const limit = this.options[b.mode];
      const full = b.milli + (nowMs - b.atMs) * limit.rate >= limit.burst * 1000;
      const newest = b.times[(b.next + b.times.length - 1) % b.times.length]!;
      if (full && nowMs - newest >= 1000) this.buckets.delete(key);
    }
    this.pruneAt = Math.max(PRUNE_ABOVE, this.buckets.size * 2);
  }

  /** Takes one token for `key` at `nowMs`. */
  take(key: string, mode: Mode, nowMs: number): RateDecision {
    const limit = this.options[mode];
    const capacity = limit.burst * 1000;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.pruneAt) this.prune(nowMs);
      bucket = { mode, milli: capacity, atMs: nowMs, times: new Float64Array(limit.burst).fill(-Infinity), next: 0 };
      this.buckets.set(key, bucket);
    }
    if (nowMs > bucket.atMs) {
      bucket.milli = Math.min(capacity, bucket.milli + (nowMs - bucket.atMs) * limit.rate);
      bucket.atMs = nowMs;
    }
    // The oldest of the last `burst` admissions: within the last second, the window is full.
    const oldest = bucket.times[bucket.next]!;
    const windowFull = nowMs - oldest < 1000;
    const limited = bucket.milli < 1000 || windowFull;
    const admitted = !limited || this.options.mode !== 'enforce';
    if (!limited) {
      bucket.milli -= 1000;
      bucket.times[bucket.next] = nowMs;
      bucket.next = (bucket.next + 1) % bucket.times.length;
    }
    const missing = capacity - bucket.milli;
    const fullAtMs = nowMs + Math.ceil(missing / limit.rate);
    const tokensWait = Math.ceil((1000 - bucket.milli) / limit.rate / 1000);
    const windowWait = Math.ceil((bucket.times[bucket.next]! + 1000 - nowMs) / 1000);
    return {
      admitted,
      limited,
      headers: {
        'X-RateLimit-Limit': String(limit.rate),
        'X-RateLimit-Remaining': String(Math.max(0, Math.min(Math.floor(bucket.milli / 1000), inWindowRemaining(bucket, nowMs)))),
        'X-RateLimit-Reset': String(Math.ceil(fullAtMs / 1000)),
      },
      retryAfter: Math.max(1, tokensWait, windowWait),
    };
  }

  /** The headers of a request that carried no usable key: a full test-mode bucket. */
  anonymousHeaders(nowMs: number): Readonly<Record<string, string>> {
    const reset = Math.ceil(nowMs / 1000);
    // The same for every request within a second of simulated time: built once per second.
    if (this.anonymous?.reset !== reset) {
      const limit = this.options.test;
      const headers = Object.freeze({ 'X-RateLimit-Limit': String(limit.rate), 'X-RateLimit-Remaining': String(limit.burst), 'X-RateLimit-Reset': String(reset) });
      this.anonymous = { reset, headers };
    }
    return this.anonymous.headers;
  }
}

/** How many more requests the one-second window admits now (the ring is in time order: a binary search). */
function inWindowRemaining(bucket: Bucket, nowMs: number): number {
  const { times, next } = bucket;
  const n = times.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nowMs - times[(next + mid) % n]! < 1000) hi = mid;
    else lo = mid + 1;
  }
  // Entries lo..n-1 fall within the last second.
  return lo;
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
