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

/** What the log reads of a request: the pipeline's request, as it came (its body not yet redacted). */
export type LoggedRequest = Pick<RequestLogEntry, 'method' | 'path' | 'query'> & { readonly body: string | null };

/** What the log reads of an answer: the entry's fields, named as the pipeline has them. */
export type LoggedAnswer = Pick<RequestLogEntry, 'status' | 'mode' | 'idempotencyKey' | 'replayed' | 'rateLimited' | 'apiVersion' | 'time'> & {
  readonly requestId: string;
  readonly error: { readonly type: string; readonly code?: string | null | undefined } | undefined;
};

const REPLAYED = 1;
const RATE_LIMITED = 2;
const TRUNCATED = 4;

/**
 * The entries, one column per field rather than one object per entry: a simulator logs every
 * request, and an object kept per request (and a boxed number for its time) is work for the
 * garbage collector on every request after. Entries are built when read.
 */
export class RequestLog {
  private ids: string[] = [];
  private methods: string[] = [];
  private paths: string[] = [];
  private queries: string[] = [];
  private statuses: number[] = [];
  private modes: (Mode | null)[] = [];
  private keys: (string | null)[] = [];
  /** REPLAYED, RATE_LIMITED and TRUNCATED bits. */
  private flags: number[] = [];
  private versions: string[] = [];
  /** Epoch milliseconds: an array of doubles keeps them unboxed. */
  private times: number[] = [];
  private bodies: string[] = [];
  private errors: RequestLogEntry['error'][] = [];
  private head = 0;
  /** The path and body logged last (see `write`). */
  private lastPath = '';
  private lastBody = '';

  constructor(readonly options: RequestLogOptions = DEFAULT_REQUEST_LOG) {}

  /**
   * The request answered last and its answer, written to the columns the next time the log is
   * read or written, or when the server door, its answer sent, calls `settle`: the log is work
   * that no answer waits for. Every reader settles first, so no reader can tell.
   */
  private pendingRequest: LoggedRequest | undefined;
  private pendingAnswer: LoggedAnswer | undefined;

  /** Logs an answered request; its body as the log keeps it: redacted, then cut at `maxBodyBytes`. */
  append(req: LoggedRequest, answer: LoggedAnswer): void {
    this.settle();
    this.pendingRequest = req;
    this.pendingAnswer = answer;
  }

  /** Writes the request logged last, if it is not written yet. */
  settle(): void {
    const req = this.pendingRequest;
    if (req === undefined) return;
    const answer = this.pendingAnswer!;
    this.pendingRequest = undefined;
    this.pendingAnswer = undefined;
    this.write(req, answer);
  }

  private write(req: LoggedRequest, answer: LoggedAnswer): void {
    const redacted = redactCardData(req.body ?? '');
    const max = this.options.maxBodyBytes;
    const truncated = redacted.length > max;
    this.ids.push(answer.requestId);
    this.methods.push(req.method);
    // Text repeated from the entry before is kept once (a string kept per request is work for
    // the garbage collector on every request after): equal strings compare by content.
    const path = req.path === this.lastPath ? this.lastPath : (this.lastPath = req.path);
    this.paths.push(path);
    this.queries.push(req.query);
    this.statuses.push(answer.status);
    this.modes.push(answer.mode);
    this.keys.push(answer.idempotencyKey);
    this.flags.push((answer.replayed ? REPLAYED : 0) | (answer.rateLimited ? RATE_LIMITED : 0) | (truncated ? TRUNCATED : 0));
    this.versions.push(answer.apiVersion);
    this.times.push(answer.time);
    const body = truncated ? redacted.slice(0, max) : redacted;
    this.bodies.push(body === this.lastBody ? this.lastBody : (this.lastBody = body));
    this.errors.push(answer.error ? { type: answer.error.type, code: answer.error.code ?? null } : null);
    if (this.ids.length - this.head > this.options.maxEntries) this.head++;
    this.prune(answer.time);
  }

  /**
   * The entry logged last (for the simulator's `response` event), even when the log no longer
   * lists it (`maxEntries: 0`): compaction always keeps the last one.
   */
  latest(): RequestLogEntry | undefined {
    this.settle();
    return this.ids.length > 0 ? this.entryAt(this.ids.length - 1) : undefined;
  }

  clone(): RequestLog {
    this.settle();
    const copy = new RequestLog(this.options);
    copy.adopt(this, this.head);
    copy.head = 0;
    return copy;
  }

  /** Entries still retained at `nowMs`, oldest first, matching `filter`. */
  read(nowMs: number, filter: RequestLogFilter = {}): RequestLogEntry[] {
    this.settle();
    this.prune(nowMs);
    const pathMatches = filter.path === undefined ? null : pathMatcher(filter.path);
    const method = filter.method?.toUpperCase();
    const out: RequestLogEntry[] = [];
    for (let i = this.head; i < this.ids.length; i++) {
      if (method !== undefined && this.methods[i] !== method) continue;
      if (pathMatches && !pathMatches(this.paths[i]!)) continue;
      if (filter.status !== undefined && this.statuses[i] !== filter.status) continue;
      if (filter.mode !== undefined && this.modes[i] !== filter.mode) continue;
      if (filter.idempotencyKey !== undefined && this.keys[i] !== filter.idempotencyKey) continue;
      if (filter.replayed !== undefined && ((this.flags[i]! & REPLAYED) !== 0) !== filter.replayed) continue;
      out.push(this.entryAt(i));
    }
    return out;
  }

  private entryAt(i: number): RequestLogEntry {
    const flags = this.flags[i]!;
    return {
      id: this.ids[i]!,
      method: this.methods[i]!,
      path: this.paths[i]!,
      query: this.queries[i]!,
      status: this.statuses[i]!,
      mode: this.modes[i]!,
      idempotencyKey: this.keys[i]!,
      replayed: (flags & REPLAYED) !== 0,
      rateLimited: (flags & RATE_LIMITED) !== 0,
      apiVersion: this.versions[i]!,
      time: this.times[i]!,
      body: this.bodies[i]!,
      bodyTruncated: (flags & TRUNCATED) !== 0,
      error: this.errors[i]!,
    };
  }

  /** Takes `from`'s columns from index `start` on (a copy, or the same log compacted). */
  private adopt(from: RequestLog, start: number): void {
    this.ids = from.ids.slice(start);
    this.methods = from.methods.slice(start);
    this.paths = from.paths.slice(start);
    this.queries = from.queries.slice(start);
    this.statuses = from.statuses.slice(start);
    this.modes = from.modes.slice(start);
    this.keys = from.keys.slice(start);
    this.flags = from.flags.slice(start);
    this.versions = from.versions.slice(start);
    this.times = from.times.slice(start);
    this.bodies = from.bodies.slice(start);
    this.errors = from.errors.slice(start);
  }

  private prune(nowMs: number): void {
    while (this.head < this.ids.length && nowMs - this.times[this.head]! >= REQUEST_LOG_RETENTION_MS) this.head++;
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      const start = Math.min(this.head, this.ids.length - 1);
      this.adopt(this, start);
      this.head -= start;
    }
  }
}
