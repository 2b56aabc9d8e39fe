/**
 * Idempotency keys (SPEC §7, reference §7): the first answer to a keyed POST is kept for 24 hours
 * of simulated time, per account and mode, and replayed byte for byte to a retry with the same
 * parameters. Entries expire in the order they were made, so pruning costs nothing per request.
 */
import { invalidRequest, ApiError } from './errors.js';
import { characterCount, longerThan } from './text.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** A stored first answer. */
export interface StoredResponse {
  readonly fingerprint: string;
  readonly status: number;
  readonly body: string;
  readonly apiVersion: string;
  readonly requestId: string;
  readonly createdMs: number;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, StoredResponse>();
  /** Keys in the order they were stored, for expiry. */
  private readonly order: string[] = [];
  private head = 0;

  /** The stored answer for `key`, once expired entries are dropped. */
  get(key: string, nowMs: number): StoredResponse | undefined {
    this.prune(nowMs);
    return this.entries.get(key);
  }

  set(key: string, response: StoredResponse): void {
    this.entries.set(key, response);
    this.order.push(key);
  }

  get size(): number {
    return this.entries.size;
  }

  clone(): IdempotencyStore {
    const copy = new IdempotencyStore();
    for (const [k, v] of this.entries) copy.entries.set(k, v);
    copy.order.push(...this.order.slice(this.head));
    return copy;
  }

  private prune(nowMs: number): void {
    while (this.head < this.order.length) {
      const key = this.order[this.head]!;
      const entry = this.entries.get(key);
      if (entry && nowMs - entry.createdMs < IDEMPOTENCY_TTL_MS) break;
      if (entry) this.entries.delete(key);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }
}

export function checkKeyLength(key: string): void {
  if (key.trim() === '') {
    throw invalidRequest('Invalid Idempotency-Key: the key is empty. Send a unique key of up to 255 characters (a V4 UUID), or leave the header out.', {
      param: 'idempotency_key',
    });
  }
  if (longerThan(key, MAX_IDEMPOTENCY_KEY_LENGTH)) {
    throw invalidRequest(
      `Invalid Idempotency-Key: keys can be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters long (this one has ${characterCount(key)}).`,
      { param: 'idempotency_key' },
    );
  }
}

export function keyReuseError(key: string): ApiError {
  return new ApiError({
    status: 400,
    type: 'idempotency_error',
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  });
}

export function keyInUseError(key: string): ApiError {
  return new ApiError({
    status: 409,
    type: 'idempotency_error',
    code: 'idempotency_key_in_use',
    message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
  });
}

/** A canonical text of a request's parsed parameters: key order does not matter, types do. */
export function fingerprint(method: string, path: string, params: unknown): string {
  return `${method} ${path} ${canonical(params)}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
