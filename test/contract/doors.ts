/** The three ways into a simulator, opened the same way for the contract suite. */
import Stripe from 'stripe';
import { createSimulator, type Simulator } from '../../src/index.js';
import { installNock } from '../../src/adapters/nock.js';
import { startServer } from '../../src/adapters/server.js';

export interface Opened {
  sim: Simulator;
  stripe: Stripe;
  /** Plain fetch against the door: `path` is `/v1/…`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface Door {
  name: string;
  open(): Promise<Opened>;
}

const ONERWAY = 'https://api.onerway.com';

export const DOORS: Door[] = [
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
