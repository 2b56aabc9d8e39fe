/** Helpers for tests that talk to a simulator the way a merchant does: JSON over sim.fetch. */
import { expect } from 'vitest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/index.js';
import { internalsOf } from '../../src/internal.js';

export const BASE = 'https://api.onerway.com';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Parsed JSON of the body.
  body: any;
}

export interface Client {
  sim: Simulator;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  del(path: string, headers?: Record<string, string>): Promise<Reply>;
}

export function client(options: SimulatorOptions = {}, sim: Simulator = createSimulator(options)): Client {
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = {
      method,
      headers: {
        Authorization: `Bearer ${sim.secretKey}`,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    };
    const res = await sim.fetch(`${BASE}${path}`, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
  };
  return {
    sim,
    request,
    get: (path, headers) => request('GET', path, undefined, headers),
    post: (path, body = {}, headers) => request('POST', path, body, headers),
    del: (path, headers) => request('DELETE', path, undefined, headers),
  };
}

/** Everything the simulator stores, both modes, as one string: to prove a request changed nothing. */
export function stateOf(sim: Simulator): string {
  const engine = internalsOf(sim).engine;
  const connected = [...engine.connected].map(([key, data]) => [key, data.dump()] as const).filter(([, dump]) => Object.keys(dump).length > 0);
  return JSON.stringify({
    test: engine.test.dump(),
    live: engine.live.dump(),
    connected,
    ids: engine.ids.generator.state(),
    now: engine.clock.nowMs,
  });
}

/** Sends a request that must be refused: checks the status, the exact error, and that nothing changed. */
export async function rejects(c: Client, send: () => Promise<Reply>, status: number, error: object): Promise<Reply> {
  const before = stateOf(c.sim);
  const reply = await send();
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ error });
  expect(stateOf(c.sim)).toBe(before);
  return reply;
}
