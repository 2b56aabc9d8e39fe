/**
 * `onerway-sim/nock`: answers requests to https://api.onerway.com from a simulator through nock
 * interceptors, so code using the global fetch, http/https, axios or got reaches the simulator
 * without being handed anything. nock is an optional peer dependency: it is loaded only here.
 */
import { createRequire } from 'node:module';
import { createSimulator, type Simulator, type SimulatorOptions } from '../simulator.js';
import { splitTarget } from '../wire/types.js';
import { internalsOf, isSimulator } from '../internal.js';

export interface NockOptions {
  /** The origin to intercept. Default `https://api.onerway.com`. */
  origin?: string;
  /**
   * What happens to requests for other hosts: `'allow'` (default) leaves them alone; `'block'`
   * makes them fail (nock's `disableNetConnect`, re-enabled by `stop()`), except loopback.
   */
  otherHosts?: 'allow' | 'block';
  /** The nock module to use (default: `require('nock')`), e.g. when several versions are installed. */
  nock?: NockModule;
}

/** The parts of nock this adapter uses (nock 14 and 15). */
export interface NockModule {
  (basePath: string): NockScope;
  removeInterceptor(interceptor: unknown): boolean;
  disableNetConnect(): void;
  enableNetConnect(matcher?: string | RegExp | ((host: string) => boolean)): void;
  isActive(): boolean;
  activate(): void;
}
/** The parts of a nock scope this adapter uses. */
export interface NockScope {
  persist(flag?: boolean): NockScope;
  intercept(uri: (uri: string) => boolean, method: string): NockInterceptor;
  on(event: 'request', listener: (req: NockRequest, interceptor: unknown, body: string) => void): NockScope;
}
/** The parts of an intercepted request this adapter reads. */
export interface NockRequest {
  headers: Record<string, string | string[]>;
}
/** The parts of a nock interceptor this adapter uses. */
export interface NockInterceptor {
  reply(fn: (this: { req: NockRequest }, uri: string, body: unknown) => Promise<[number, string, Record<string, string>]>): NockScope;
}

export interface NockInstallation {
  /** The simulator answering the intercepted requests. */
  readonly sim: Simulator;
  /** Removes the interceptors (and re-enables other hosts if they were blocked). */
  stop(): void;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

const WHICH_NOCK = 'npm install --save-dev nock@14 (Node 20) or nock@15 (Node 22.20+)';

function loadNock(): NockModule {
  let nock: NockModule;
  try {
    nock = createRequire(import.meta.url)('nock') as NockModule;
  } catch {
    throw new Error(`onerway-sim/nock needs the nock package: ${WHICH_NOCK}.`);
  }
  checkNock(nock);
  return nock;
}

/** A nock that lacks what this adapter uses (another major version, or one that fails on this Node) is named, with the fix. */
function checkNock(nock: NockModule): void {
  const missing = (['isActive', 'activate', 'removeInterceptor', 'disableNetConnect', 'enableNetConnect'] as const).filter((name) => typeof nock[name] !== 'function');
  if (typeof nock !== 'function' || missing.length > 0) {
    let version = 'an unknown version';
    try {
      version = `nock ${(createRequire(import.meta.url)('nock/package.json') as { version: string }).version}`;
    } catch {
      // keep the generic wording
    }
    throw new Error(
      `onerway-sim/nock cannot use ${version} on Node ${process.versions.node}${missing.length ? ` (it has no ${missing.join(', ')})` : ''}: ${WHICH_NOCK}.`,
    );
  }
}

/**
 * Intercepts https://api.onerway.com with nock and answers from `sim` (a new simulator when
 * omitted, or one made from options).
 *
 * @example
 * ```ts
 * const { sim, stop } = installNock();
 * const res = await fetch('https://api.onerway.com/v1/customers', { headers: { Authorization: `Bearer ${sim.secretKey}` } });
 * stop();
 * ```
 */
export function installNock(sim: Simulator | SimulatorOptions = {}, options: NockOptions = {}): NockInstallation {
  const simulator = isSimulator(sim) ? (sim as Simulator) : createSimulator(sim as SimulatorOptions);
  const internals = internalsOf(simulator);
  const nock = options.nock ?? loadNock();
  if (options.nock) checkNock(options.nock);
  const origin = (options.origin ?? 'https://api.onerway.com').replace(/\/+$/, '');
  if (!nock.isActive()) nock.activate();
  const scope = nock(origin).persist();
  // nock parses JSON bodies before a reply function sees them (and a malformed one throws inside
  // nock). Its documented 'request' event comes first with the raw text: keep that, and hide the
  // JSON content type from nock's parser; the reply function restores both for the pipeline.
  const raw = new WeakMap<NockRequest, { body: string; contentType: string | string[] | undefined }>();
  scope.on('request', (req, _interceptor, body) => {
    raw.set(req, { body, contentType: req.headers['content-type'] });
    if (req.headers['content-type'] !== undefined) req.headers['content-type'] = 'application/x-onerway-sim-raw';
  });
  const interceptors: NockInterceptor[] = [];
  for (const method of METHODS) {
    const interceptor = scope.intercept(() => true, method);
    interceptors.push(interceptor);
    interceptor.reply(async function (uri, body) {
      const sent = raw.get(this.req);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(this.req.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      if (sent?.contentType === undefined) delete headers['content-type'];
      else headers['content-type'] = Array.isArray(sent.contentType) ? sent.contentType.join(', ') : sent.contentType;
      const text = sent ? sent.body : typeof body === 'string' ? body : '';
      const res = await internals.handle({
        method,
        ...splitTarget(uri),
        headers,
        body: text,
        bodyBytes: Buffer.byteLength(text),
        urlBytes: origin.length + uri.length,
      });
      return [res.status, res.body, res.headers];
    });
  }
  if (options.otherHosts === 'block') {
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost') || host.startsWith('[::1]'));
  }
  return {
    sim: simulator,
    stop() {
      scope.persist(false);
      for (const interceptor of interceptors) nock.removeInterceptor(interceptor);
      if (options.otherHosts === 'block') nock.enableNetConnect();
    },
  };
}
