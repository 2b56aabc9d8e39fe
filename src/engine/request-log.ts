/**
 * The request log (SPEC §9): every request the simulator answered, kept for 90 days of simulated
 * time, so a test can assert what its client sent ("exactly one capture", "every POST had an
 * idempotency key").
 */
import type { Mode } from './errors.js';

/** Matches a path: exact, with `:name` segments (each matches any one segment), or a RegExp. */
export function pathMatcher(path: string | RegExp | undefined): (p: string) => boolean {
  if (path === undefined) return () => true;
  if (path instanceof RegExp) return (p) => path.test(p);
  if (!path.includes(':')) return (p) => p === path;
  const re = new RegExp(`^${path.split('/').map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`);
  return (p) => re.test(p);
}

export const REQUEST_LOG_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** One answered request. */
export interface RequestLogEntry {
  /** The `Request-Id` it was answered with. */
  readonly id: string;
  readonly method: string;
  readonly path: string;
  /** The raw query string (without `?`). */
  readonly query: string;
  readonly status: number;
  /** Null when the key was missing or invalid. */
  readonly mode: Mode | null;
  readonly idempotencyKey: string | null;
  /** Answered from the idempotency store. */
  readonly replayed: boolean;
  /** Over the rate limit (answered anyway in `observe` mode, 429 in `enforce` mode). */
  readonly rateLimited: boolean;
  readonly apiVersion: string;
  /** Simulated time, epoch milliseconds. */
  readonly time: number;
  /**
   * The body as sent (empty when none), with card numbers and CVCs redacted as the dashboard shows
   * them (`************4242`, `***`), and cut at the log's `maxBodyBytes`.
   */
  readonly body: string;
  /** The body was longer than the log keeps: `body` holds its beginning. */
  readonly bodyTruncated: boolean;
  /** The error `type` and `code` of a failed request. */
  readonly error: { readonly type: string; readonly code: string | null } | null;
}

export interface RequestLogFilter {
  method?: string;
  /** An exact path, one with `:name` segments (`/v1/customers/:id`), or a pattern. */
  path?: string | RegExp;
  status?: number;
  mode?: Mode;
  idempotencyKey?: string | null;
  replayed?: boolean;
}

/** How much the request log keeps (docs/request-log.md). */
export interface RequestLogOptions {
  /** Entries past this count are dropped, oldest first. Default 10,000. */
  maxEntries: number;
  /** Bodies past this many characters are kept cut and marked `bodyTruncated`. Default 65,536. */
  maxBodyBytes: number;
}

export const DEFAULT_REQUEST_LOG: RequestLogOptions = { maxEntries: 10_000, maxBodyBytes: 64 * 1024 };

/** The last four digits of a card number stay, as the dashboard shows them. */
function maskNumber(digits: string): string {
  const clean = digits.replace(/[^0-9]/g, '');
  return clean.length > 4 ? `${'*'.repeat(clean.length - 4)}${clean.slice(-4)}` : digits;
}

const FORM_NUMBER = /((?:^|&)[^=&]*(?:%5B|\[)number(?:%5D|\])=)([^&]*)/gi;
const FORM_CVC = /((?:^|&)[^=&]*(?:%5B|\[)cvc(?:%5D|\])=)([^&]*)/gi;
const JSON_NUMBER = /("number"\s*:\s*)("?)([0-9][0-9 -]{5,30})\2/g;
const JSON_CVC = /("cvc"\s*:\s*)("?)([^",}\s]*)\2/g;

/** A body with card numbers and CVCs redacted (JSON or form), as the live dashboard logs them. */
export function redactCardData(body: string): string {
  if (!body.includes('number') && !body.includes('cvc')) return body;
  if (body.trimStart().startsWith('{')) {
    return body.replace(JSON_NUMBER, (_m, head: string, _q: string, digits: string) => `${head}"${maskNumber(digits)}"`).replace(JSON_CVC, (_m, head: string) => `${head}"***"`);
  }
  return body.replace(FORM_NUMBER, (_m, head: string, digits: string) => `${head}${maskNumber(decodeURIComponentSafe(digits))}`).replace(FORM_CVC, (_m, head: string) => `${head}***`);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private head = 0;

  constructor(readonly options: RequestLogOptions = DEFAULT_REQUEST_LOG) {}

  /** The body as the log keeps it: redacted, then cut at `maxBodyBytes`. */
  keep(body: string): { body: string; truncated: boolean } {
    const redacted = redactCardData(body);
    const max = this.options.maxBodyBytes;
    return redacted.length > max ? { body: redacted.slice(0, max), truncated: true } : { body: redacted, truncated: false };
  }

  append(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length - this.head > this.options.maxEntries) this.head++;
    this.prune(entry.time);
  }

  clone(): RequestLog {
    const copy = new RequestLog(this.options);
    copy.entries = this.entries.slice(this.head);
    return copy;
  }

  /** Entries still retained at `nowMs`, oldest first, matching `filter`. */
  read(nowMs: number, filter: RequestLogFilter = {}): RequestLogEntry[] {
    this.prune(nowMs);
    const pathMatches = filter.path === undefined ? null : pathMatcher(filter.path);
    const out: RequestLogEntry[] = [];
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (filter.method !== undefined && e.method !== filter.method.toUpperCase()) continue;
      if (pathMatches && !pathMatches(e.path)) continue;
      if (filter.status !== undefined && e.status !== filter.status) continue;
      if (filter.mode !== undefined && e.mode !== filter.mode) continue;
      if (filter.idempotencyKey !== undefined && e.idempotencyKey !== filter.idempotencyKey) continue;
      if (filter.replayed !== undefined && e.replayed !== filter.replayed) continue;
      out.push(e);
    }
    return out;
  }

  private prune(nowMs: number): void {
    while (this.head < this.entries.length && nowMs - this.entries[this.head]!.time >= REQUEST_LOG_RETENTION_MS) this.head++;
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
