/** HTTP as plain data: what every adapter hands the pipeline and gets back. */

export interface WireRequest {
  /** Upper-case method. */
  readonly method: string;
  /** The path, e.g. `/v1/customers/cus_123`. */
  readonly path: string;
  /** The raw query string without `?` (empty when none). */
  readonly query: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body text (empty when none). Null when the adapter stopped reading it: too large. */
  readonly body: string | null;
  /** Body size in bytes as the adapter measured it. */
  readonly bodyBytes: number;
  /** Length of the whole URL in bytes. */
  readonly urlBytes: number;
  /**
   * When the request arrived, another one with the same idempotency key was still being answered
   * (adapters decide this before their first await): it gets 409 `idempotency_key_in_use`.
   */
  readonly concurrent?: boolean;
  /** The origin of the door, when it serves pages there too (the server's `http://host:port`). */
  readonly origin?: string;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Onerway's request limits (the overview's "Limits and quotas"). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
export const MAX_URL_BYTES = 8 * 1024;

/** `/v1/customers?limit=3` → path and raw query (without `?`), as every adapter needs them. */
export function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?');
  return q < 0 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}
