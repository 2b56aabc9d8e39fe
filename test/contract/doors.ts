/** The three ways into a simulator, opened the same way for the contract suite. */
import Stripe from 'stripe';
import { afterEach, beforeEach } from 'vitest';
import { watchAgainstDescription } from '../helpers/openapi.js';
import { createSimulator, type Simulator } from '../../src/index.js';
import { installNock } from '../../src/adapters/nock.js';
import { startServer } from '../../src/adapters/server.js';
import { Agent, request } from 'node:https';

/** A fetch over node:https with the agent that trusts the server's certificate (the global fetch takes no CA). */
async function httpsFetch(url: string, init: RequestInit = {}, agent: Agent): Promise<Response> {
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  const body = init.body === undefined || init.body === null ? undefined : typeof init.body === 'string' ? init.body : await new Response(init.body).text();
  if (body !== undefined && typeof init.body !== 'string' && headers['content-type'] === undefined && init.body instanceof URLSearchParams) {
    headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out.set(name, Array.isArray(value) ? value.join(', ') : value);
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode!, headers: out }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface Opened {
  sim: Simulator;
  stripe: Stripe;
  /** Plain fetch against the door: `path` is `/v1/…`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Opens `door` before each test of the calling suite (handing it to `use`) and closes it after:
 * the setup every contract suite shares.
 */
export function eachOpened(door: Door, use: (opened: Opened) => void): void {
  let current: Opened | undefined;
  beforeEach(async () => {
    current = await door.open();
    use(current);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
}

export interface Door {
  name: string;
  open(): Promise<Opened>;
}

const ONERWAY = 'https://api.onerway.com';

const UNCHECKED_DOORS: Door[] = [
  {
    name: 'fake fetch',
    async open() {
      const sim = createSimulator();
      const stripe = new Stripe(sim.secretKey, { httpClient: Stripe.createFetchHttpClient(sim.fetch), host: 'api.onerway.com', maxNetworkRetries: 0 });
      return { sim, stripe, fetch: (path, init) => sim.fetch(`${ONERWAY}${path}`, init), close: async () => undefined };
    },
  },
  {
    name: 'nock with the global fetch',
    async open() {
      const { sim, stop } = installNock();
      const stripe = new Stripe(sim.secretKey, { httpClient: Stripe.createFetchHttpClient(), host: 'api.onerway.com', maxNetworkRetries: 0 });
      return { sim, stripe, fetch: (path, init) => globalThis.fetch(`${ONERWAY}${path}`, init), close: async () => stop() };
    },
  },
  {
    name: 'server over HTTPS',
    async open() {
      const server = await startServer({}, { tls: true });
      const sim = server.sim;
      const agent = new Agent({ ca: server.certificate, keepAlive: true });
      const stripe = new Stripe(sim.secretKey, { host: '127.0.0.1', port: server.port, protocol: 'https', httpAgent: agent, maxNetworkRetries: 0 });
      return {
        sim,
        stripe,
        fetch: (path, init) => httpsFetch(`${server.url}${path}`, init, agent),
        close: async () => {
          agent.destroy();
          await server.close();
        },
      };
    },
  },
  {
    name: 'server over loopback',
    async open() {
      const server = await startServer();
      const sim = server.sim;
      // The stripe client's own node:http client, with keep-alive, against the real socket.
      const stripe = new Stripe(sim.secretKey, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0 });
      return { sim, stripe, fetch: (path, init) => globalThis.fetch(`${server.url}${path}`, init), close: () => server.close() };
    },
  },
];

/**
 * The doors, each watched by the OpenAPI description (test/helpers/openapi.ts): closing a door
 * fails the test if any request it honoured, or any answer it gave, disagreed with the description.
 */
export const DOORS: Door[] = UNCHECKED_DOORS.map((door) => ({
  name: door.name,
  async open() {
    const opened = await door.open();
    const oracle = watchAgainstDescription(opened.sim);
    return {
      ...opened,
      async close() {
        await opened.close();
        const violations = oracle.violations();
        if (violations.length > 0) throw new Error(`The OpenAPI description disagrees with the ${door.name} door:\n${violations.slice(0, 10).join('\n')}`);
      },
    };
  },
}));
