/**
 * The request pipeline: a function from a plain request to a plain response. Limits, then auth,
 * version, route, parameters, operation, expansion, version rendering, serialisation. Every
 * adapter (fake fetch, nock, server) is a thin translation around this one function.
 */
import type { Engine } from '../engine/engine.js';
import { ApiError, invalidRequest } from '../engine/errors.js';
import { checkExpandPaths, expandResponse } from '../engine/expand.js';
import { array, parseFields, string } from '../engine/params.js';
import { isApiVersion, renderForVersion, type ApiVersion } from '../engine/versions.js';
import { authenticate, publishableForbidden, type KeyPolicy } from './auth.js';
import { parseBody } from './body.js';
import { parseForm } from './form.js';
import { matchRoute, unrecognized } from './router.js';
import { MAX_BODY_BYTES, MAX_URL_BYTES, type WireRequest, type WireResponse } from './types.js';

export interface PipelineConfig {
  readonly keyPolicy: KeyPolicy;
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

/** The `Onerway-Version` of the request, or the account default. */
function versionOf(engine: Engine, header: string | undefined): ApiVersion {
  if (header === undefined) return engine.options.apiVersion;
  const value = header.trim();
  if (!isApiVersion(value)) throw invalidRequest(`Invalid Onerway API version: ${value.slice(0, 100)}`);
  return value;
}

function respond(status: number, requestId: string, version: string, body: string, extra?: Readonly<Record<string, string>>): WireResponse {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Request-Id': requestId,
    'Onerway-Version': version,
  };
  if (extra) Object.assign(headers, extra);
  return { status, headers, body };
}

export function errorResponse(error: ApiError, requestId: string, version: string): WireResponse {
  return respond(error.status, requestId, version, JSON.stringify(error.toBody()), error.headers);
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

export function handle(engine: Engine, config: PipelineConfig, req: WireRequest): WireResponse {
  const requestId = engine.requestIds.next('req');
  let version: string = engine.options.apiVersion;
  try {
    const limitError = tooLarge(req);
    if (limitError) throw limitError;
    const caller = authenticate(req.headers['authorization'], config.keyPolicy);
    const apiVersion = versionOf(engine, req.headers['onerway-version']);
    version = apiVersion;
    const match = matchRoute(req.method, req.path) ?? unrecognized(req.method, req.path);
    const route = match.route;
    if (caller.publishable && !route.publishable) throw publishableForbidden();

    let raw: Record<string, unknown> = parseForm(req.query);
    if (req.method === 'POST' || req.method === 'PUT') {
      raw = Object.assign(raw, parseBody(req.body ?? '', req.headers['content-type']));
    }
    const { expand: rawExpand, ...rest } = raw;
    const expand = rawExpand === undefined ? undefined : expandParam.parse(rawExpand, 'expand');
    const params = parseFields(route.fields, rest, '');
    // Checked before the operation runs, so a bad path is refused with nothing written.
    if (expand && expand.length > 0) checkExpandPaths(expand, route.returns, route.list ?? false);

    const ctx = engine.context(caller.mode, {
      id: requestId,
      idempotencyKey: req.headers['idempotency-key'] ?? null,
      apiVersion,
      publishable: caller.publishable,
    });
    let result = route.handler(ctx, params, match.params);
    if (expand && expand.length > 0) result = expandResponse(ctx, result, expand);
    result = renderForVersion(result, apiVersion, ctx);
    return respond(200, requestId, version, JSON.stringify(result));
  } catch (e) {
    return errorResponse(e instanceof ApiError ? e : internalError(e), requestId, version);
  }
}
