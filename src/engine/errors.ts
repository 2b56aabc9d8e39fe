/**
 * Errors are data: one class carries everything the wire needs (status, type, code, message,
 * param, decline_code and the related objects of a card error). Engine code throws it; the
 * wire layer only serialises it. Nothing else decides an HTTP status.
 */

import { nearest } from './text.js';

/** The `type` of an error body. `rate_limit_error` is Onerway's addition to Stripe's set. */
export type ApiErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error'
  | 'rate_limit_error';

/** The `error` object of an error response, as merchants receive it (empty keys omitted). */
export interface ApiErrorBody {
  type: ApiErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  payment_method_type?: string;
  setup_intent?: unknown;
}

export interface ApiErrorInit {
  status: number;
  type: ApiErrorType;
  message: string;
  code?: string | undefined;
  param?: string | undefined;
  declineCode?: string | undefined;
  /** Related objects embedded in the body (card errors). */
  extra?: Partial<Pick<ApiErrorBody, 'charge' | 'payment_intent' | 'payment_method' | 'payment_method_type' | 'setup_intent'>>;
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  headers?: Readonly<Record<string, string>>;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly type: ApiErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly declineCode: string | undefined;
  readonly extra: ApiErrorInit['extra'];
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.param = init.param;
    this.declineCode = init.declineCode;
    this.extra = init.extra;
    this.headers = init.headers;
  }

  /** The `{ error: … }` envelope with empty keys left out (SPEC §1, reference §9.1). */
  toBody(): { error: ApiErrorBody } {
    const error: ApiErrorBody = { type: this.type, message: this.message };
    if (this.code !== undefined) error.code = this.code;
    if (this.declineCode !== undefined) error.decline_code = this.declineCode;
    if (this.param !== undefined) error.param = this.param;
    if (this.extra) Object.assign(error, this.extra);
    return { error };
  }
}

interface Options {
  code?: string | undefined;
  param?: string | undefined;
  status?: number;
}

/** A 400 (or `status`) `invalid_request_error`. */
export function invalidRequest(message: string, options: Options = {}): ApiError {
  return new ApiError({
    status: options.status ?? 400,
    type: 'invalid_request_error',
    message,
    code: options.code,
    param: options.param,
  });
}

export function missingParam(param: string): ApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

/**
 * `parameter_unknown`, as the live API says it: "Received unknown parameter: emial. Did you mean
 * email?" when one known name is close (`known` are the names accepted at that level).
 */
export function unknownParams(params: readonly string[], known: readonly string[] = []): ApiError {
  let message = params.length === 1 ? `Received unknown parameter: ${params[0]}` : `Received unknown parameters: ${params.join(', ')}`;
  if (params.length === 1) {
    const name = params[0]!;
    const open = name.lastIndexOf('[');
    const prefix = open < 0 ? '' : name.slice(0, open);
    const leaf = open < 0 ? name : name.slice(open + 1, -1);
    const [best] = nearest(leaf, known, 1);
    if (best !== undefined) message += `. Did you mean ${prefix ? `${prefix}[${best}]` : best}?`;
  }
  return invalidRequest(message, { code: 'parameter_unknown', param: params[0] });
}

export function invalidInteger(param: string, raw: unknown): ApiError {
  return invalidRequest(`Invalid integer: ${describeRaw(raw)}`, { code: 'parameter_invalid_integer', param });
}

export function invalidEmpty(param: string): ApiError {
  return invalidRequest(
    `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
    { code: 'parameter_invalid_empty', param },
  );
}

/** At most this many characters of a raw value go into an error message. */
const DESCRIBE_LIMIT = 100;

/**
 * Text of a raw parameter value inside an error message: JSON-like, at most 100 characters. It
 * writes only what fits, so a value nested thousands deep costs a few steps, never the stack.
 */
export function describeRaw(raw: unknown): string {
  if (typeof raw === 'string') return raw.length > DESCRIBE_LIMIT ? `${raw.slice(0, DESCRIBE_LIMIT - 3)}...` : raw;
  if (raw === null || raw === undefined || typeof raw !== 'object') return String(raw);
  let out = '';
  const write = (value: unknown, depth: number): void => {
    if (out.length > DESCRIBE_LIMIT) return;
    if (typeof value !== 'object' || value === null) {
      out += typeof value === 'string' ? JSON.stringify(value.length > DESCRIBE_LIMIT ? value.slice(0, DESCRIBE_LIMIT) : value) : String(value);
      return;
    }
    if (depth > 20) {
      out += '…';
      return;
    }
    const array = Array.isArray(value);
    out += array ? '[' : '{';
    let first = true;
    for (const key of Object.keys(value)) {
      if (out.length > DESCRIBE_LIMIT) break;
      if (!first) out += ',';
      first = false;
      if (!array) out += `${JSON.stringify(key.length > DESCRIBE_LIMIT ? key.slice(0, DESCRIBE_LIMIT) : key)}:`;
      write((value as Record<string, unknown>)[key], depth + 1);
    }
    out += array ? ']' : '}';
  };
  write(raw, 0);
  return out.length > DESCRIBE_LIMIT ? `${out.slice(0, DESCRIBE_LIMIT - 3)}...` : out;
}

export type Mode = 'test' | 'live';

/** `sk_test_****************1234`: prefix and last four kept (reference §14). */
export function maskKey(key: string): string {
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? '';
  const body = key.slice(prefix.length);
  if (body.length <= 4) return prefix + '*'.repeat(body.length);
  return prefix + '*'.repeat(body.length - 4) + body.slice(-4);
}

/** The live API's 403 for an account the key cannot act for (unknown, or not connected). */
export function accountAccessDenied(key: string | null, account: string): ApiError {
  const which = key === null ? 'The provided key' : `The provided key '${maskKey(key)}'`;
  return invalidRequest(`${which} does not have access to account '${account.slice(0, 200)}' (or that account does not exist). Application access may have been revoked.`, {
    status: 403,
    code: 'account_invalid',
  });
}

/**
 * `resource_missing`: 404 when the id is in the URL path, 400 when it is a parameter.
 * `otherModeHasIt` adds Stripe's "a similar object exists in live mode" sentence.
 */
export function resourceMissing(
  noun: string,
  id: string,
  param: string,
  options: { status?: 400 | 404; mode?: Mode; otherModeHasIt?: boolean; hint?: string } = {},
): ApiError {
  let message = `No such ${noun}: '${id.slice(0, 300)}'`;
  if (options.otherModeHasIt && options.mode) {
    message +=
      options.mode === 'test'
        ? '; a similar object exists in live mode, but a test mode key was used to make this request.'
        : '; a similar object exists in test mode, but a live mode key was used to make this request.';
  }
  if (options.hint) message += options.hint;
  return invalidRequest(message, { code: 'resource_missing', param, status: options.status ?? 404 });
}

/** A 402 `card_error`. */
export function cardError(
  code: string,
  message: string,
  options: { declineCode?: string | undefined; param?: string | undefined; extra?: ApiErrorInit['extra'] } = {},
): ApiError {
  return new ApiError({
    status: 402,
    type: 'card_error',
    message,
    code,
    declineCode: options.declineCode,
    param: options.param,
    extra: options.extra,
  });
}

/** `resource_limit_exceeded`: the overview's object quotas (SPEC §5). */
export function limitExceeded(message: string, param?: string): ApiError {
  return invalidRequest(message, { code: 'resource_limit_exceeded', param });
}
