/**
 * `onerway-sim/server`: a real HTTP endpoint over a simulator, for SDKs in any language. Size
 * limits are enforced while the body streams in (an oversized body is refused without being
 * buffered), idempotency keys are marked in flight as soon as the headers arrive, connections
 * are kept alive, and webhooks due after each request are delivered.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSimulator, type Simulator, type SimulatorOptions } from '../simulator.js';
import { MAX_BODY_BYTES, splitTarget, type WireResponse } from '../wire/types.js';
import { internalsOf, isSimulator } from '../internal.js';
import { TEST_CERTIFICATE, TEST_CERTIFICATE_KEY } from './tls.js';
import { CHALLENGE_PATH, serveChallenge } from './challenge-page.js';
import { serveExplorer } from './explorer-files.js';
import { answerClientError, discardRest } from './server-limits.js';

export interface ServerOptions {
  /** Port to listen on; 0 (the default) picks a free one. The CLI's default is 12111. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`: the simulator is not exposed beyond this machine. */
  host?: string;
  /** Deliver webhooks due after each request (default true), as a running Onerway would. */
  deliverWebhooks?: boolean;
  /**
   * How long a client may take to send a whole request, headers and body (default 30 s); past it
   * the request is answered 408 and its connection closed. Headers alone get a third of it.
   */
  requestTimeoutMs?: number;
  /**
   * How long `close()` waits for requests in flight before it cuts them off (default 5 s).
   */
  closeGraceMs?: number;
  /**
   * Serve HTTPS: `true` with the shipped test certificate for localhost (`server.certificate`
   * is what a client is told to trust), or your own PEM `cert` and `key`.
   */
  tls?: true | { cert: string; key: string };
}

/** Counts of what the server had to refuse or cut off (read them after `close()`). */
export interface ServerStats {
  /** Requests still unanswered when `close()`'s grace period ended, whose connections were cut. */
  readonly cutOffOnClose: number;
  /** Connections answered before a request could be read: headers too large, too slow, not HTTP. */
  readonly clientErrors: number;
}

export interface RunningServer {
  /** `http://host:port`, the base URL for clients (append `/v1/...`). */
  readonly url: string;
  readonly port: number;
  readonly sim: Simulator;
  /** What the server refused or cut off so far. */
  readonly stats: ServerStats;
  /** The certificate served over HTTPS (PEM), for a client to trust; undefined over plain HTTP. */
  readonly certificate: string | undefined;
  /**
   * Stops accepting connections, closes idle keep-alive sockets, lets requests in flight finish
   * for up to `closeGraceMs`, then cuts off the rest (counted in `stats.cutOffOnClose`); resolves
   * once deliveries under way are done.
   */
  close(): Promise<void>;
}

/**
 * The request's headers as one string per name. Node already joins repeated headers with ", "
 * and lower-cases names; only `set-cookie` stays an array, so the object is used as it is unless
 * one is present.
 */
function headersOf(req: IncomingMessage): Record<string, string> {
  const headers = req.headers;
  if (headers['set-cookie'] === undefined) return headers as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** `http://`, before the host and the target in the URL whose size is limited. */
const URL_PREFIX_BYTES = 'http://'.length;

/**
 * Reads the body, stopping (without buffering more) once it passes the limit: `then` gets the
 * text, or null when the body was too large, and the bytes seen; `fail` a stream error. Each is
 * called at most once, and only one of them. Callbacks rather than a promise: this is every
 * request's path, and each promise is a turn of the microtask queue.
 */
function readBody(req: IncomingMessage, then: (text: string | null, bytes: number) => void, fail: (e: unknown) => void): void {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let settled = false;
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > MAX_BODY_BYTES) {
      req.removeAllListeners('data');
      settled = true;
      then(null, bytes);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (settled) return;
    settled = true;
    then((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8'), bytes);
  });
  req.on('error', (e) => {
    if (settled) return;
    settled = true;
    fail(e);
  });
}

/**
 * Serves a simulator over HTTP (a new one when `sim` is options or omitted).
 *
 * @example
 * ```ts
 * const server = await startServer(createSimulator(), { port: 0 });
 * await fetch(`${server.url}/v1/customers`, { headers: { Authorization: `Bearer ${server.sim.secretKey}` } });
 * await server.close();
 * ```
 */
export async function startServer(sim: Simulator | SimulatorOptions = {}, options: ServerOptions = {}): Promise<RunningServer> {
  const simulator = isSimulator(sim) ? (sim as Simulator) : createSimulator(sim as SimulatorOptions);
  const internals = internalsOf(simulator);
  const deliver = options.deliverWebhooks ?? true;
  let deliveries: Promise<void> = Promise.resolve();
  let inFlight = 0;
  // The origin of the last Host seen: clients send the same one request after request.
  let lastHost: string | undefined;
  let lastOrigin = '';

  /** Answers one request; `done` runs once, when it is answered or failed. */
  function answer(req: IncomingMessage, res: ServerResponse, done: () => void): void {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    if (!target.startsWith('/v1/') && serveExplorer(simulator, method, target.split('?')[0]!, res)) {
      done();
      return;
    }
    if (target.startsWith(CHALLENGE_PATH)) {
      serveChallenge(simulator, internals.engine, req, res, () => {
        if (deliver && internals.hasDueWork) deliveries = deliveries.then(() => simulator.flush()).catch(() => undefined);
      });
      res.once('close', done);
      return;
    }
    const headers = headersOf(req);
    // Where the client reached the server: the pages it serves (3D Secure) are linked there.
    const host = headers['host'] ?? `127.0.0.1:${req.socket.localPort}`;
    if (host !== lastHost) {
      lastHost = host;
      lastOrigin = `${tls ? 'https' : 'http'}://${host}`;
    }
    const origin = lastOrigin;
    const { concurrent, release } = internals.reserve({ method, headers });
    const finish = (): void => {
      // The answer is on its way: the simulator finishes the request's bookkeeping meanwhile.
      internals.settle();
      release?.();
      done();
    };
    const fail = (e: unknown): void => {
      if (e instanceof Error && e.name === 'SimulatedNetworkError') {
        // An injected network failure: drop the connection without an answer.
        req.socket.destroy();
      } else if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'api_error', message: `onerway-sim server error: ${e instanceof Error ? e.message : String(e)}` } }));
      }
      finish();
    };
    const send = (out: WireResponse, refused: boolean): void => {
      try {
        // A known length spares the client chunked decoding. A flat list of names and values is
        // the form node:http stores without copying header by header.
        const head = ['Content-Length', String(Buffer.byteLength(out.body))];
        for (const name in out.headers) head.push(name, out.headers[name]!);
        // The rest of a refused body is read and dropped, so the answer is not lost.
        if (refused) discardRest(req);
        res.writeHead(out.status, head);
        res.end(out.body);
      } catch (e) {
        fail(e);
        return;
      }
      finish();
      if (deliver && internals.hasDueWork) deliveries = deliveries.then(() => simulator.flush()).catch(() => undefined);
    };
    const respond = (text: string | null, bytes: number): void => {
      let answered: WireResponse | Promise<WireResponse>;
      try {
        const { path, query } = splitTarget(target);
        answered = internals.respond(
          {
            method,
            path,
            query,
            headers,
            body: text,
            bodyBytes: bytes,
            urlBytes: URL_PREFIX_BYTES + Buffer.byteLength(headers['host'] ?? '') + Buffer.byteLength(target),
            concurrent,
            origin,
          },
          true,
        );
      } catch (e) {
        fail(e);
        return;
      }
      if (answered instanceof Promise) answered.then((out) => send(out, text === null), fail);
      else send(answered, text === null);
    };
    const declared = Number(headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) respond(null, declared);
    else readBody(req, respond, fail);
  }

  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  let settled: (() => void) | undefined;
  // noDelay: a response must not wait on Nagle's algorithm (keep-alive is HTTP's, by default).
  // URLs up to 64 KB reach the pipeline, which answers 414 past Onerway's 8 KB.
  const tls = options.tls === true ? { cert: TEST_CERTIFICATE, key: TEST_CERTIFICATE_KEY } : options.tls;
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight++;
    answer(req, res, () => {
      if (--inFlight === 0) settled?.();
    });
  };
  const serverOptions = {
    noDelay: true,
    maxHeaderSize: 64 * 1024,
    requestTimeout,
    headersTimeout: Math.max(1, Math.floor(requestTimeout / 3)),
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(requestTimeout / 4))),
  };
  const server = tls ? createHttpsServer({ ...serverOptions, ...tls }, listener) : createServer(serverOptions, listener);
  server.keepAliveTimeout = 5_000;
  const stats = { cutOffOnClose: 0, clientErrors: 0 };
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    stats.clientErrors++;
    answerClientError(error, socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${tls ? 'https' : 'http'}://${host}:${address.port}`,
    port: address.port,
    sim: simulator,
    stats,
    certificate: tls?.cert,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          settled = resolve;
          timer = setTimeout(resolve, options.closeGraceMs ?? 5_000);
        });
        clearTimeout(timer);
        stats.cutOffOnClose += inFlight;
      }
      server.closeAllConnections();
      await closed;
      await deliveries;
    },
  };
}

export { TEST_CERTIFICATE } from './tls.js';
