/**
 * The request log (SPEC §9): every request the simulator answered, kept for 90 days of simulated
 * time, so a test can assert what its client sent ("exactly one capture", "every POST had an
 * idempotency key").
 */
import type { Mode } from './errors.js';

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
  /** The body as sent (empty when none). */
  readonly body: string;
  /** The error `type` and `code` of a failed request. */
  readonly error: { readonly type: string; readonly code: string | null } | null;
}

export interface RequestLogFilter {
  method?: string;
  /** An exact path, or a pattern. */
  path?: string | RegExp;
  status?: number;
  mode?: Mode;
  idempotencyKey?: string | null;
  replayed?: boolean;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private head = 0;

  append(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  clone(): RequestLog {
    const copy = new RequestLog();
    copy.entries = this.entries.slice(this.head);
    return copy;
  }

  /** Entries still retained at `nowMs`, oldest first, matching `filter`. */
  read(nowMs: number, filter: RequestLogFilter = {}): RequestLogEntry[] {
    this.prune(nowMs);
    const out: RequestLogEntry[] = [];
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (filter.method !== undefined && e.method !== filter.method.toUpperCase()) continue;
      if (filter.path !== undefined && !(typeof filter.path === 'string' ? e.path === filter.path : filter.path.test(e.path))) continue;
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
