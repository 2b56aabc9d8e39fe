/**
 * The fake WHATWG fetch: the first-class way in. Translates fetch arguments to a WireRequest and
 * the WireResponse to a real `Response`. It builds no `Request` object and parses no URL on the
 * common path (a string URL on the simulator's origin), which keeps a round trip close to the
 * cost of constructing the Response itself.
 */
import { MAX_BODY_BYTES, splitTarget, type WireRequest, type WireResponse } from '../wire/types.js';
import { textResponse } from './text-response.js';

/** The signature of `sim.fetch`: the global fetch's. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export type WireHandler = (req: WireRequest) => WireResponse | Promise<WireResponse>;

/**
 * Marks a keyed request in flight before anything is awaited. `concurrent`: its key was already
 * in flight; `release`: call when the answer is done.
 */
export type Reserve = (req: { method: string; headers: Readonly<Record<string, string>> }) => { concurrent: boolean; release?: () => void };

/** The stripe clients' default host: answered too, so a client built without `host` still works. */
export const STRIPE_ORIGIN = 'https://api.stripe.com';

function networkError(url: string, origins: readonly string[]): TypeError {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // keep the URL as it was given
  }
  const message =
    `onerway-sim: sim.fetch answers only ${origins.join(' and ')}; the request to ${host} (${url.slice(0, 200)}) was not sent anywhere. ` +
    "Point your Onerway client at api.onerway.com (stripe-node: `host: 'api.onerway.com'`), and use the global fetch for other hosts.";
  return new TypeError(message, { cause: new Error(message) });
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value fetch sends: bytes (no character above 0xFF) without NUL, CR or LF. */
const HEADER_VALUE = /^[^\0\r\n\u0100-\uffff]*$/;

/**
 * Refuses, before anything is sent, the headers the real fetch refuses (with its TypeErrors):
 * the simulator must not execute a request that the network would never have carried.
 */
function checkHeader(name: string, value: string): void {
  if (!HEADER_NAME.test(name)) throw new TypeError(`Headers.append: "${name}" is an invalid header name.`);
  if (HEADER_VALUE.test(value)) return;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 255) {
      throw new TypeError(`Cannot convert argument to a ByteString because the character at index ${i} has a value of ${code} which is greater than 255.`);
    }
  }
  throw new TypeError(`Headers.append: "${value}" is an invalid header value.`);
}

/** Lower-cased header names; repeated names joined with ", " as Headers does. */
function normalizeHeaders(init: HeadersInit | undefined, into: Record<string, string> = {}): Record<string, string> {
  if (!init) return into;
  const add = (name: string, value: string, checked = false) => {
    // HTTP whitespace at either end is dropped, as Headers does, before the value is checked.
    const v = String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    if (!checked) checkHeader(name, v);
    const key = name.toLowerCase();
    into[key] = into[key] === undefined ? v : `${into[key]}, ${v}`;
  };
  if (init instanceof Headers) init.forEach((value, name) => add(name, value, true));
  else if (Array.isArray(init)) for (const pair of init) add(pair[0]!, pair[1]!);
  else if (typeof (init as unknown as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [name, value] of init as unknown as Iterable<[string, string]>) add(name, value);
  } else for (const name of Object.keys(init)) add(name, (init as Record<string, string>)[name]!);
  return into;
}

interface Body {
  text: string | null;
  bytes: number;
  /** The Content-Type fetch would set on its own for this kind of body. */
  defaultType?: string;
}

const decoder = new TextDecoder();

function textBody(text: string): Body {
  // A string of n UTF-16 units is at least n bytes and at most 3n: measure only when it matters.
  if (text.length > MAX_BODY_BYTES) return { text: null, bytes: text.length };
  const bytes = text.length * 3 <= MAX_BODY_BYTES ? text.length : Buffer.byteLength(text);
  return bytes > MAX_BODY_BYTES ? { text: null, bytes } : { text, bytes };
}

/** Reads a stream, stopping as soon as it passes the limit. */
async function streamBody(stream: ReadableStream<Uint8Array>): Promise<Body> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_BODY_BYTES) {
      await reader.cancel();
      return { text: null, bytes };
    }
    chunks.push(value);
  }
  return { text: decoder.decode(Buffer.concat(chunks)), bytes };
}

/** The body when it can be read at once (none, or a string), else undefined. */
function bodyNow(body: BodyInit | null | undefined): Body | undefined {
  if (body === null || body === undefined) return { text: '', bytes: 0 };
  if (typeof body === 'string') {
    const read = textBody(body);
    read.defaultType = 'text/plain;charset=UTF-8';
    return read;
  }
  return undefined;
}

async function readBody(body: BodyInit | null | undefined): Promise<Body> {
  const now = bodyNow(body);
  if (now) return now;
  if (body instanceof URLSearchParams) {
    return { ...textBody(body.toString()), defaultType: 'application/x-www-form-urlencoded;charset=UTF-8' };
  }
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const view = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    if (view.byteLength > MAX_BODY_BYTES) return { text: null, bytes: view.byteLength };
    return { text: decoder.decode(view), bytes: view.byteLength };
  }
  if (body instanceof Blob) {
    if (body.size > MAX_BODY_BYTES) return { text: null, bytes: body.size };
    return { text: await body.text(), bytes: body.size, ...(body.type && { defaultType: body.type }) };
  }
  if (body instanceof FormData) {
    // Multipart is not a body the API takes: let the pipeline refuse its content type.
    return { text: '(multipart body)', bytes: 0, defaultType: 'multipart/form-data' };
  }
  if (body instanceof ReadableStream) return streamBody(body as ReadableStream<Uint8Array>);
  return textBody(String(body));
}

/** What a call carries besides its URL and body, read before anything is awaited. */
interface Call {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly signal: AbortSignal | undefined | null;
  readonly concurrent: boolean;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Builds `sim.fetch` over a wire handler. It answers `origin` (default `https://api.onerway.com`)
 * and `https://api.stripe.com`; anything else fails like a network error that names the host.
 */
export function createFetch(handler: () => WireHandler, origin: string, reserve: Reserve): FetchFunction {
  const prefix = `${origin}/`;
  const origins = origin === STRIPE_ORIGIN ? [origin] : [origin, STRIPE_ORIGIN];
  return async function fetch(input, init) {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    if (signal?.aborted) throw abortError(signal);
    const isRequest = input instanceof Request;
    const method = (init?.method ?? (isRequest ? input.method : 'GET')).toUpperCase();
    const headers = normalizeHeaders(init?.headers ?? (isRequest ? input.headers : undefined));
    // Synchronously, before the first await: a duplicate that overlaps this request sees its key.
    const { concurrent, release } = reserve({ method, headers });
    try {
      // The request is handled a turn later, as the network would: code after the call (a
      // listener added, another request sent) runs first. Then the common case (a string URL, a
      // string body or none) is answered without awaiting again: each await is another turn.
      await undefined;
      const answered = answer(input, init, { method, headers, signal, concurrent });
      return answered instanceof Response ? answered : await answered;
    } catch (e) {
      // An injected network failure looks like the real thing: fetch rejects with a TypeError.
      if (e instanceof Error && e.name === 'SimulatedNetworkError') throw new TypeError('fetch failed', { cause: e });
      throw e;
    } finally {
      release?.();
    }
  };

  function answer(input: string | URL | Request, init: RequestInit | undefined, call: Call): Response | Promise<Response> {
    if (!(input instanceof Request)) {
      const body = bodyNow(init?.body);
      if (body) return answerWith(typeof input === 'string' ? input : input.href, body, call);
    }
    return answerRead(input, init, call);
  }

  /** A body that must be read first (a Request's, a stream, bytes, a Blob…). */
  async function answerRead(input: string | URL | Request, init: RequestInit | undefined, call: Call): Promise<Response> {
    if (input instanceof Request) {
      return answerWith(input.url, init?.body !== undefined ? await readBody(init.body) : await readBody(input.body), call);
    }
    return answerWith(typeof input === 'string' ? input : input.href, await readBody(init?.body), call);
  }

  function answerWith(target: string, body: Body, { method, headers, signal, concurrent }: Call): Response | Promise<Response> {
    let url = target;
    if (!url.startsWith(prefix)) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new TypeError(`Failed to parse URL from ${url}`);
      }
      if (!origins.includes(parsed.origin)) throw networkError(url, origins);
      // Only the path and query go on: rewritten to the simulator's own origin.
      url = origin + parsed.href.slice(parsed.origin.length);
    }
    if (body.defaultType && headers['content-type'] === undefined) headers['content-type'] = body.defaultType;

    const hash = url.indexOf('#');
    const res = handler()({
      method,
      ...splitTarget(url.slice(origin.length, hash < 0 ? undefined : hash)),
      headers,
      body: body.text,
      bodyBytes: body.bytes,
      urlBytes: url.length,
      concurrent,
    });
    return res instanceof Promise ? res.then((r) => toResponse(r, signal)) : toResponse(res, signal);
  }

  function toResponse(res: WireResponse, signal: AbortSignal | undefined | null): Response {
    if (signal?.aborted) throw abortError(signal);
    return textResponse(res.body, { status: res.status, headers: res.headers });
  }
}

