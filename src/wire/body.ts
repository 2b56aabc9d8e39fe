/** Request bodies: JSON (Onerway's own) and forms (Stripe-style SDKs), nothing else (SPEC §1). */
import { invalidRequest } from '../engine/errors.js';
import { isPlainObject } from '../engine/params.js';
import { parseForm } from './form.js';

export function parseBody(body: string, contentType: string | undefined): Record<string, unknown> {
  const media = contentType === 'application/json' ? contentType : contentType?.split(';', 1)[0]!.trim().toLowerCase();
  if (body === '') return Object.create(null) as Record<string, unknown>;
  if (media === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      throw invalidRequest(`Invalid request: the body is not valid JSON (${(e as Error).message}).`);
    }
    if (!isPlainObject(parsed)) {
      throw invalidRequest('Invalid request: a JSON body must be an object, e.g. {"amount": 2000, "currency": "usd"}.');
    }
    return parsed;
  }
  if (media === 'application/x-www-form-urlencoded') return parseForm(body);
  throw invalidRequest(
    `Invalid request: unsupported Content-Type ${contentType ?? '(none)'}. Send application/json or application/x-www-form-urlencoded.`,
  );
}
