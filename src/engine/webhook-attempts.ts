/**
 * The record of webhook delivery attempts. The engine keeps it (it is state: snapshots copy it);
 * the webhook endpoint resource decides what each attempt records, the simulator reads it back.
 */
import type { Mode } from './errors.js';

/** One recorded attempt (kept 30 days, SPEC §9). */
export interface WebhookAttempt {
  readonly event: string;
  readonly endpoint: string;
  readonly mode: Mode;
  readonly attempt: number;
  /** Simulated time of the attempt, epoch ms. */
  readonly time: number;
  /** The HTTP status the endpoint answered, or null (thrown handler, network error). */
  readonly status: number | null;
  readonly error: string | null;
  /** The `Onerway-Signature` header the attempt carried (`t=…,v1=…`), or null when none was sent. */
  readonly signature: string | null;
  readonly succeeded: boolean;
  /** When the next attempt is due (simulated epoch ms), or null when there is none. */
  readonly nextAttemptAt: number | null;
}

export const ATTEMPT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
