/**
 * Webhook signatures (SPEC §11, reference §10.4–10.5): `Onerway-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>" keyed by the endpoint secret>`, the scheme stripe-node verifies, and
 * the verifier merchants use in their handlers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TypedEvent } from './typed-events.js';

export const SIGNATURE_HEADER = 'Onerway-Signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Why a payload failed verification. `header` and `payload` are what was checked. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
  constructor(
    message: string,
    readonly header: string | undefined,
    readonly payload: string | Uint8Array | undefined,
  ) {
    super(message);
  }
}

function hmac(secret: string, timestamp: number, payload: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
}

/** The signature header for `payload` at `timestamp` (Unix seconds). */
export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, payload)}`;
}

/**
 * A valid `Onerway-Signature` header for a payload you build yourself, e.g. to test a webhook
 * handler without a simulator. `timestamp` (Unix seconds) defaults to now.
 *
 * @example
 * ```ts
 * const header = generateTestHeader({ payload: JSON.stringify(event), secret: 'whsec_test' });
 * ```
 */
export function generateTestHeader(options: { payload: string; secret: string; timestamp?: number }): string {
  return signatureHeader(options.payload, options.secret, options.timestamp ?? Math.floor(Date.now() / 1000));
}

function text(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  if (payload instanceof Uint8Array) return new TextDecoder().decode(payload);
  return '';
}

/**
 * Verifies a delivery and returns its event: the raw body (string or bytes), the
 * `Onerway-Signature` header and the endpoint's secret. Throws {@link WebhookSignatureError} with
 * the messages stripe-node uses. Timestamps older than `tolerance` seconds (default 300, against
 * the real clock) fail; future ones pass; a tolerance of 0 skips the age check, as in stripe-node.
 *
 * @example
 * ```ts
 * const event = constructEvent(await request.text(), request.headers.get('onerway-signature'), secret);
 * ```
 */
export function constructEvent<T = TypedEvent>(
  payload: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  tolerance?: number,
): T {
  if (Array.isArray(header)) {
    throw new WebhookSignatureError('Unexpected: An array was passed as a header, which is not supported.', undefined, payload);
  }
  const h = header ?? undefined;
  if (typeof secret !== 'string' || secret === '') {
    throw new WebhookSignatureError(
      `The webhook signing secret must be a non-empty string (the endpoint's whsec_… secret); got ${secret === '' ? 'an empty string' : typeof secret}.`,
      h,
      payload,
    );
  }
  if (typeof payload === 'object' && payload !== null && !(payload instanceof Uint8Array)) {
    throw new WebhookSignatureError(
      'Webhook payload must be provided as a string or a Buffer (https://nodejs.org/api/buffer.html) instance representing the _raw_ request body.Payload was provided as a parsed JavaScript object instead. Signature verification is impossible without access to the original signed material.',
      h,
      undefined,
    );
  }
  const body = text(payload);
  if (!body) throw new WebhookSignatureError('No webhook payload was provided.', h, payload);
  if (!h) throw new WebhookSignatureError('No onerway-signature header value was provided.', h, payload);
  let timestamp = -1;
  const signatures: string[] = [];
  for (const item of h.split(',')) {
    const eq = item.indexOf('=');
    const k = item.slice(0, eq);
    const v = item.slice(eq + 1);
    if (k === 't') timestamp = Number.parseInt(v, 10);
    if (k === 'v1') signatures.push(v);
  }
  if (!(timestamp >= 0)) throw new WebhookSignatureError('Unable to extract timestamp and signatures from header', h, payload);
  if (signatures.length === 0) throw new WebhookSignatureError('No signatures found with expected scheme', h, payload);
  const expected = Buffer.from(hmac(secret, timestamp, body), 'utf8');
  const ok = signatures.some((s) => {
    const given = Buffer.from(s, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!ok) {
    const whitespace = secret !== secret.trim() ? ' Note: The provided signing secret contains whitespace. This often indicates an extra newline or space is in the value' : '';
    throw new WebhookSignatureError(
      `No signatures found matching the expected signature for payload. Are you passing the raw request body you received from Onerway?${whitespace}`,
      h,
      payload,
    );
  }
  const limit = tolerance ?? DEFAULT_TOLERANCE_SECONDS;
  if (limit > 0 && Math.floor(Date.now() / 1000) - timestamp > limit) {
    throw new WebhookSignatureError('Timestamp outside the tolerance zone', h, payload);
  }
  try {
    return JSON.parse(body) as T;
  } catch (e) {
    throw new WebhookSignatureError(`The payload is signed correctly but is not a JSON event: ${(e as Error).message}`, h, payload);
  }
}
