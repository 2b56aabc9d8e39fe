/** sim.fetch behaves as a WHATWG fetch: every input and HeadersInit form, real Responses. */
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../src/index.js';
import { stateOf } from './helpers/sim.js';

const URL_ = 'https://api.onerway.com/v1/customers';

describe('sim.fetch', () => {
  it('accepts a string, a URL and a Request, and returns real Responses', async () => {
    const sim = createSimulator();
    const auth = { Authorization: `Bearer ${sim.secretKey}` };
    const a = await sim.fetch(URL_, { method: 'POST', headers: auth });
    const b = await sim.fetch(new URL(URL_), { method: 'POST', headers: auth });
    const c = await sim.fetch(
      new Request(URL_, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"email":"r@example.com"}' }),
    );
    for (const res of [a, b, c]) {
      expect(res).toBeInstanceOf(Response);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
    }
    expect((await c.json()).email).toBe('r@example.com');
    const list = await (await sim.fetch(new Request(URL_, { headers: auth }))).json();
    expect(list.data).toHaveLength(3);
  });

  it('handles the request a turn after the call, as the network does, for every kind of body', async () => {
    const sim = createSimulator();
    const auth = { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' };
    for (const body of ['{"email":"a@example.com"}', new Blob(['{"email":"b@example.com"}'])]) {
      const seen: string[] = [];
      const pending = sim.fetch(URL_, { method: 'POST', headers: auth, body });
      // Added after the call, before anything was awaited: it still sees the request's event.
      const listener = (e: { type: string }) => seen.push(e.type);
      sim.on('event', listener);
      expect((await pending).status).toBe(200);
      sim.off('event', listener);
      expect(seen).toEqual(['customer.created']);
    }
  });

  it('accepts every HeadersInit form', async () => {
    const sim = createSimulator();
    const value = `Bearer ${sim.secretKey}`;
    for (const headers of [new Headers({ authorization: value }), [['Authorization', value]] as [string, string][], { AUTHORIZATION: value }]) {
      expect((await sim.fetch(URL_, { headers })).status).toBe(200);
    }
  });

  it('takes URLSearchParams, Uint8Array and Blob bodies', async () => {
    const sim = createSimulator();
    const headers = { Authorization: `Bearer ${sim.secretKey}` };
    const form = await sim.fetch(URL_, { method: 'POST', headers, body: new URLSearchParams({ 'metadata[a]': '1', email: 'f@example.com' }) });
    expect(await form.json()).toMatchObject({ email: 'f@example.com', metadata: { a: '1' } });
    const bytes = await sim.fetch(URL_, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: new TextEncoder().encode('{"name":"Ünïcode"}'),
    });
    expect((await bytes.json()).name).toBe('Ünïcode');
    const blob = await sim.fetch(URL_, { method: 'POST', headers, body: new Blob(['{"name":"blob"}'], { type: 'application/json' }) });
    expect((await blob.json()).name).toBe('blob');
  });

  it('fails like a network error for another origin, naming the host and the fix, sending nothing', async () => {
    const sim = createSimulator();
    const before = stateOf(sim);
    const error = await sim.fetch('https://api.example.com/v1/customers', { method: 'POST' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe(
      "onerway-sim: sim.fetch answers only https://api.onerway.com and https://api.stripe.com; the request to api.example.com (https://api.example.com/v1/customers) was not sent anywhere. Point your Onerway client at api.onerway.com (stripe-node: `host: 'api.onerway.com'`), and use the global fetch for other hosts.",
    );
    expect(stateOf(sim)).toBe(before);
  });

  it('answers https://api.stripe.com too, as the stripe clients default to it', async () => {
    const sim = createSimulator();
    const res = await sim.fetch('https://api.stripe.com/v1/customers', { method: 'POST', headers: { Authorization: `Bearer ${sim.secretKey}` } });
    expect([res.status, (await res.json()).object]).toEqual([200, 'customer']);
  });

  it('normalises the origin (explicit port, upper-case host)', async () => {
    const sim = createSimulator();
    const res = await sim.fetch('https://API.onerway.com:443/v1/customers', { headers: { Authorization: `Bearer ${sim.secretKey}` } });
    expect(res.status).toBe(200);
  });

  it('honours an aborted signal', async () => {
    const sim = createSimulator();
    const controller = new AbortController();
    controller.abort();
    await expect(sim.fetch(URL_, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a streamed body over 16 MB without reading all of it', async () => {
    const sim = createSimulator();
    const chunk = new Uint8Array(1024 * 1024).fill(97);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 64) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await sim.fetch(URL_, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(18);
  });

  it('two simulators share nothing', async () => {
    const a = createSimulator();
    const b = createSimulator();
    await a.fetch(URL_, { method: 'POST', headers: { Authorization: `Bearer ${a.secretKey}` } });
    const list = await (await b.fetch(URL_, { headers: { Authorization: `Bearer ${b.secretKey}` } })).json();
    expect(list.data).toEqual([]);
  });
});
