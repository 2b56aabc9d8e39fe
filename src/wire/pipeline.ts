/**
 * The request pipeline: a function from a plain request to a plain response. Limits, auth, rate
 * limit, version, route, parameters, idempotency, then the operation, expansion, version
 * rendering and serialisation; every answer is logged. Every adapter (fake fetch, nock, server)
 * is a thin translation around this one function.
 */
import type { RequestedPower } from '../engine/context.js';
import type { Engine } from '../engine/engine.js';
import { ApiError, invalidRequest, type Mode } from '../engine/errors.js';
import { checkExpandPaths, expandResponse } from '../engine/expand.js';
import { connectedAccount } from '../engine/resources/accounts.js';
import { checkPermission } from '../engine/resources/restricted-keys.js';
import { checkKeyLength, fingerprint, keyInUseError, keyReuseError, type StoredResponse } from '../engine/idempotency.js';
import { array, parseFields, string } from '../engine/params.js';
import { rateLimitError } from '../engine/rate-limit.js';
import { isApiVersion, renderForVersion, type ApiVersion } from '../engine/versions.js';
import { authenticate, publishableForbidden, type KeyPolicy } from './auth.js';
import { parseBody } from './body.js';
import { parseForm } from './form.js';
import { matchRoute, unrecognized } from './router.js';
import { MAX_BODY_BYTES, MAX_URL_BYTES, type WireRequest, type WireResponse } from './types.js';

export interface PipelineConfig {
  readonly keyPolicy: KeyPolicy;
  /** Performs a power a test helper asked for (reset, snapshots, fixtures, faults); returns the answer. */
  readonly performPower?: (power: RequestedPower) => unknown;
}

const expandParam = array(string(), { maxItems: 20 });

function tooLarge(req: WireRequest): ApiError | undefined {
  if (req.urlBytes > MAX_URL_BYTES) {
    return invalidRequest(
      `Request URL too long: Onerway accepts URLs of at most 8 KB (${MAX_URL_BYTES} bytes); this one is ${req.urlBytes} bytes. Send large parameters in a POST body.`,
      { status: 414 },
    );
  }
  if (req.body === null || req.bodyBytes > MAX_BODY_BYTES) {
    return invalidRequest(
      `Request payload too large: Onerway accepts bodies of at most 16 MB (${MAX_BODY_BYTES} bytes).`,
      { status: 413 },
    );
  }
  return undefined;
}

/**
 * The version that answers (SPEC §3): `Onerway-Version`, else `Stripe-Version` when it names a
 * version the simulator knows (the stripe clients always send their own, which is ignored
 * otherwise), else the account default.
 */
function versionOf(engine: Engine, header: string | undefined, stripeHeader: string | undefined): ApiVersion {
  if (header === undefined) {
    const stripe = stripeHeader?.trim();
    return stripe !== undefined && isApiVersion(stripe) ? stripe : engine.options.apiVersion;
  }
  const value = header.trim();
  if (!isApiVersion(value)) throw invalidRequest(`Invalid Onerway API version: ${value.slice(0, 100)}`);
  return value;
}

/** A failure of the simulator itself: a 500 that says so, never an unhandled rejection. */
export function internalError(e: unknown): ApiError {
  const detail = e instanceof Error ? e.message : String(e);
  return new ApiError({
    status: 500,
    type: 'api_error',
    message: `onerway-sim internal error: ${detail}. This is a bug in the simulator, not an Onerway error; please report it with the request that caused it.`,
  });
}

/** Idempotency applies to POST (and PUT updates) carrying a key (reference §7). */
export function idempotencyKeyOf(req: Pick<WireRequest, 'method' | 'headers'>): string | undefined {
  if (req.method !== 'POST' && req.method !== 'PUT') return undefined;
  return req.headers['idempotency-key'];
}

/** The `mode:key` under which a keyed request is in flight, or undefined. */
export function inflightKeyOf(req: Pick<WireRequest, 'method' | 'headers'>, policy: KeyPolicy): string | undefined {
  const key = idempotencyKeyOf(req);
  if (key === undefined) return undefined;
  try {
    const account = req.headers['onerway-account'] ?? req.headers['stripe-account'] ?? '';
    return `${authenticate(req.headers['authorization'], policy).mode}:${account}:${key}`;
  } catch {
    return undefined;
  }
}

interface Answer {
  status: number;
  body: string;
  headers?: Readonly<Record<string, string>> | undefined;
  error?: ApiError | undefined;
  replayed?: boolean;
}

function errorAnswer(error: ApiError): Answer {
  return { status: error.status, body: JSON.stringify(error.toBody()), headers: error.headers, error };
}

function withoutExpand(raw: Record<string, unknown>): Record<string, unknown> {
  const { expand: _, ...rest } = raw;
  return rest;
}

export function handle(engine: Engine, config: PipelineConfig, req: WireRequest): WireResponse {
  // What the previous request left for after its answer is done before this one starts.
  engine.settle();
  const requestId = engine.requestIds.next('req');
  const nowMs = engine.clock.nowMs;
  let version: string = engine.options.apiVersion;
  let mode: Mode | null = null;
  let rateHeaders: Record<string, string> | undefined;
  let limited = false;
  const idempotencyKey = idempotencyKeyOf(req) ?? null;
  const extra: Record<string, string> = {};
  /** The route for coverage: its pattern once matched. */
  let routeKey = 'unmatched';
  let answer: Answer;
  try {
    const limitError = tooLarge(req);
    if (limitError) throw limitError;
    const caller = authenticate(req.headers['authorization'], config.keyPolicy, engine);
    mode = caller.mode;
    if (engine.rateLimiter.mode !== 'off') {
      const decision = engine.rateLimiter.take(caller.key, caller.mode, nowMs);
      rateHeaders = decision.headers;
      limited = decision.limited;
      if (!decision.admitted) throw rateLimitError(decision.retryAfter);
    }
    const apiVersion = versionOf(engine, req.headers['onerway-version'], req.headers['stripe-version']);
    version = apiVersion;
    const match = matchRoute(req.method, req.path) ?? unrecognized(req.method, req.path);
    const route = match.route;
    routeKey = route.key ?? `${route.method} ${route.path}`;
    if (caller.publishable && !route.publishable) throw publishableForbidden();
    if (caller.key.startsWith('rk_')) checkPermission(engine.dataFor(caller.mode), caller.key, engine.accountId, req.method, route.path);
    // `Stripe-Account` is what the stripe clients send for `stripeAccount`: the same header.
    const onBehalfOf = req.headers['onerway-account'] ?? req.headers['stripe-account'] ?? null;
    if (onBehalfOf !== null) {
      if (route.platformOnly) {
        throw invalidRequest(
          `onerway-sim: ${req.method} ${route.path} acts on the platform's own data; the simulator does not model it for a connected account. Send this request without the Onerway-Account (Stripe-Account) header.`,
        );
      }
      connectedAccount(engine.dataFor(caller.mode), onBehalfOf, caller.key);
    }

    let raw: Record<string, unknown> = req.query ? parseForm(req.query) : {};
    if (req.method === 'POST' || req.method === 'PUT') {
      const body = parseBody(req.body ?? '', req.headers['content-type']);
      raw = req.query ? Object.assign(raw, body) : body;
    }
    const rawExpand = raw['expand'];
    // Most requests expand nothing: then the parameters are read as they came, without a copy.
    const rest = Object.hasOwn(raw, 'expand') ? withoutExpand(raw) : raw;
    const expand = rawExpand === undefined ? undefined : expandParam.parse(rawExpand, 'expand');
    const params = parseFields(route.fields, rest, '');
    // Checked before the operation runs, so a bad path is refused with nothing written.
    if (expand && expand.length > 0) checkExpandPaths(expand, route.returns, route.list ?? false);

    let store: { key: string; print: string } | undefined;
    if (idempotencyKey !== null) {
      checkKeyLength(idempotencyKey);
      extra['Idempotency-Key'] = idempotencyKey;
      if (req.concurrent) throw keyInUseError(idempotencyKey);
      const print = fingerprint(req.method === 'PUT' ? 'POST' : req.method, req.path, { params, expand: expand ?? [] });
      // Keys are scoped per account and mode: a connected account's keys are its own.
      const scoped = onBehalfOf === null ? idempotencyKey : `${onBehalfOf}:${idempotencyKey}`;
      const first = engine.idempotency[caller.mode].get(scoped, nowMs);
      if (first) {
        if (first.fingerprint !== print) throw keyReuseError(idempotencyKey);
        answer = replay(first, extra);
        version = first.apiVersion;
        return finish();
      }
      store = { key: scoped, print };
    }

    // The operation. From here on its answer, success or error, is what a retry with the same key gets.
    const ctx = engine.context(caller.mode, { id: requestId, idempotencyKey, apiVersion, publishable: caller.publishable, onBehalfOf, key: caller.key, origin: req.origin ?? null });
    try {
      let result = route.handler(ctx, params, match.params);
      const power = engine.requestedPower;
      if (power) {
        engine.requestedPower = undefined;
        if (!config.performPower) throw invalidRequest('onerway-sim: this door cannot perform the simulator\'s powers.');
        result = config.performPower(power);
      }
      if (expand && expand.length > 0) result = expandResponse(ctx, result, expand);
      result = renderForVersion(result, apiVersion, ctx);
      answer = { status: 200, body: JSON.stringify(result) };
    } catch (e) {
      answer = errorAnswer(e instanceof ApiError ? e : internalError(e));
    }
    if (store) {
      const stored: StoredResponse = { fingerprint: store.print, status: answer.status, body: answer.body, apiVersion, requestId, createdMs: nowMs };
      engine.idempotency[caller.mode].set(store.key, stored);
    }
  } catch (e) {
    answer = errorAnswer(e instanceof ApiError ? e : internalError(e));
  }
  return finish();

  function finish(): WireResponse {
    const coverage = engine.coverage;
    if (coverage) {
      coverage.route(routeKey, answer.status);
      if (answer.error) coverage.error(answer.error.type, answer.error.code, answer.error.declineCode);
    }
    return finishAnswer(engine, req, answer, { requestId, nowMs, version, mode, limited, rateHeaders, extra, idempotencyKey });
  }
}

/** Who answered, and how, besides the answer itself: what every logged answer carries. */
interface AnswerContext {
  requestId: string;
  nowMs: number;
  version: string;
  mode: Mode | null;
  limited: boolean;
  rateHeaders: Record<string, string> | undefined;
  extra: Record<string, string>;
  idempotencyKey: string | null;
}

/** The response of an answer: the standard headers, then its own, logged in the request log. */
function finishAnswer(engine: Engine, req: WireRequest, answer: Answer, c: AnswerContext): WireResponse {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Request-Id': c.requestId,
    'Onerway-Version': c.version,
  };
  // Copied name by name: spreads into a literal take V8's generic (slow) path.
  const rate = c.rateHeaders ?? engine.rateLimiter.anonymousHeaders(c.nowMs);
  for (const name in rate) headers[name] = rate[name]!;
  for (const name in c.extra) headers[name] = c.extra[name]!;
  if (answer.headers) for (const name in answer.headers) headers[name] = answer.headers[name]!;
  engine.requestLog.append(req, {
    requestId: c.requestId,
    status: answer.status,
    mode: c.mode,
    idempotencyKey: c.idempotencyKey,
    replayed: answer.replayed ?? false,
    rateLimited: c.limited,
    apiVersion: c.version,
    time: c.nowMs,
    error: answer.error,
  });
  return { status: answer.status, headers, body: answer.body };
}

function replay(first: StoredResponse, extra: Record<string, string>): Answer {
  extra['Idempotent-Replayed'] = 'true';
  extra['Original-Request'] = first.requestId;
  return { status: first.status, body: first.body, replayed: true };
}

/**
 * Answers a request with an error decided outside the pipeline (an injected fault), with the same
 * headers as any answer, logged like any other.
 */
export function answerWithError(engine: Engine, req: WireRequest, error: ApiError): WireResponse {
  const route = matchRoute(req.method, req.path)?.route;
  engine.coverage?.route(route ? `${route.method} ${route.path}` : 'unmatched', error.status);
  engine.coverage?.error(error.type, error.code, error.declineCode);
  return finishAnswer(engine, req, errorAnswer(error), {
    requestId: engine.requestIds.next('req'),
    nowMs: engine.clock.nowMs,
    version: engine.options.apiVersion,
    mode: null,
    limited: false,
    rateHeaders: undefined,
    extra: {},
    idempotencyKey: idempotencyKeyOf(req) ?? null,
  });
}
