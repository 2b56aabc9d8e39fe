/** The nock and server doors' own guarantees. */
import { createServer, request as httpRequest, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { installNock } from '../src/adapters/nock.js';
import { startServer } from '../src/adapters/server.js';
import { constructEvent, createSimulator, type OnerwayEvent } from '../src/index.js';

/** A plain local HTTP server standing in for "some other host". */
async function otherHost(): Promise<{ url: string; server: Server }> {
  const server = createServer((_, res) => res.end('other host'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('nock', () => {
  afterEach(() => nock.enableNetConnect());

  it('answers from the simulator until stopped, then the interceptors are gone', async () => {
    const { sim, stop } = installNock();
    const res = await fetch('https://api.onerway.com/v1/customers', { headers: { Authorization: `Bearer ${sim.secretKey}` } });
    expect(res.status).toBe(200);
    expect(sim.requests()).toHaveLength(1);
    stop();
    expect(nock.activeMocks()).toEqual([]);
    // With nothing intercepting any more, the request goes to the (unreachable) network.
    await expect(fetch('https://api.onerway.com/v1/customers', { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    expect(sim.requests()).toHaveLength(1);
  });

  it('a malformed JSON body is the 400 it is through the other doors', async () => {
    const { sim, stop } = installNock();
    const res = await fetch('https://api.onerway.com/v1/customers', {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' },
      body: '{"email": ',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^Invalid request: the body is not valid JSON/);
    stop();
  });

  it('leaves other hosts alone by default, and blocks them (loopback aside) when asked', async () => {
    const other = await otherHost();
    const allowing = installNock();
    expect(await (await fetch(other.url)).text()).toBe('other host');
    allowing.stop();
    const blocking = installNock({}, { otherHosts: 'block' });
    await expect(fetch('https://example.com/', { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    expect(await (await fetch(other.url)).text()).toBe('other host');
    blocking.stop();
    other.server.close();
  });

  it('reaches the simulator through node:https too, with form bodies', async () => {
    const { sim, stop } = installNock();
    const body = await new Promise<string>((resolve, reject) => {
      // Through the module object, as axios and got call it (nock patches the object).
      const req = https.request(
        'https://api.onerway.com/v1/customers',
        { method: 'POST', headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/x-www-form-urlencoded' } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end('email=http%40example.com');
    });
    expect(JSON.parse(body).email).toBe('http@example.com');
    stop();
  });
});

describe('server', () => {
  it('answers 100 parallel clients correctly and separately', async () => {
    const server = await startServer();
    const key = server.sim.secretKey;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        fetch(`${server.url}/v1/customers`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: `c${i}@example.com` }),
        }).then((r) => r.json()),
      ),
    );
    expect(results.map((c) => c.email).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `c${i}@example.com`).sort());
    expect(new Set(results.map((c) => c.id)).size).toBe(100);
    await server.close();
  });

  it('refuses a body over 16 MB with 413 while it streams, without reading it all', async () => {
    const server = await startServer();
    const { port } = server;
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let written = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/customers', method: 'POST', headers: { Authorization: `Bearer ${server.sim.secretKey}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', (e) => (written >= 16 ? undefined : reject(e)));
      const pump = () => {
        while (written < 20) {
          written++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(server.sim.requests()[0]).toMatchObject({ status: 413, body: '' });
    await server.close();
  });

  it('a declared oversize body is refused before a byte of it is read', async () => {
    const server = await startServer();
    const res = await new Promise<number>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, path: '/v1/customers', method: 'POST', headers: { 'Content-Length': String(20 * 1024 * 1024), Authorization: `Bearer ${server.sim.secretKey}` } }, (r) => resolve(r.statusCode!));
      req.on('error', () => undefined);
      req.write('{');
    });
    expect(res).toBe(413);
    await server.close();
  });

  it('a slow client does not hold up the others', async () => {
    const server = await startServer();
    const slow = httpRequest({ host: '127.0.0.1', port: server.port, path: '/v1/customers', method: 'POST', headers: { Authorization: `Bearer ${server.sim.secretKey}`, 'Content-Type': 'application/json', 'Content-Length': '100' } });
    slow.on('error', () => undefined);
    slow.write('{"email":'); // …and then nothing for a while
    const quick = await fetch(`${server.url}/v1/balance`, { headers: { Authorization: `Bearer ${server.sim.secretKey}` } });
    expect(quick.status).toBe(200);
    slow.destroy();
    await server.close();
  });

  it('delivers the events of each request to endpoints registered over HTTP, with no flush asked for', async () => {
    const received: { type: string; signed: boolean }[] = [];
    let secret = '';
    let arrived: () => void = () => undefined;
    const delivered = new Promise<void>((r) => (arrived = r));
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const event = constructEvent<OnerwayEvent>(body, String(req.headers['onerway-signature']), secret);
        received.push({ type: event.type, signed: true });
        res.end();
        arrived();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const server = await startServer(createSimulator());
    try {
      const headers = { Authorization: `Bearer ${server.sim.secretKey}`, 'Content-Type': 'application/json' };
      const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      const endpoint = await fetch(`${server.url}/v1/webhook_endpoints`, { method: 'POST', headers, body: JSON.stringify({ url: hookUrl, enabled_events: ['customer.created'] }) });
      secret = ((await endpoint.json()) as { secret: string }).secret;
      await fetch(`${server.url}/v1/customers`, { method: 'POST', headers, body: JSON.stringify({ email: 'jenny@example.com' }) });
      await delivered;
    } finally {
      await server.close(); // waits for deliveries under way
      await new Promise((r) => receiver.close(r));
    }
    expect(received).toEqual([{ type: 'customer.created', signed: true }]);
    expect(server.sim.webhooks.attempts()).toMatchObject([{ status: 200 }]);
  });

  it('injected faults reach clients over HTTP: a dropped connection, a 500, simulated latency', async () => {
    const server = await startServer(createSimulator());
    try {
      const send = (fault: object) =>
        fetch(`${server.url}/v1/customers`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${server.sim.secretKey}`, 'Content-Type': 'application/json', 'Onerway-Sim-Fault': JSON.stringify(fault) },
          body: JSON.stringify({ email: 'jenny@example.com' }),
        });
      await expect(send({ kind: 'network' })).rejects.toThrow();
      const failed = await send({ kind: 'api_error' });
      expect(failed.status).toBe(500);
      expect(((await failed.json()) as { error: { type: string } }).error.type).toBe('api_error');
      const startMs = server.sim.clock.now();
      const slow = await send({ kind: 'latency', duration: '2s' });
      expect(slow.status).toBe(200);
      expect(server.sim.clock.now() - startMs).toBe(2000);
      // The network failure and the error created nothing; the slow request did.
      expect(server.sim.requests({ path: '/v1/customers', status: 200 })).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('close() leaves no open handles, even with kept-alive connections', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length;
    const server = await startServer(createSimulator());
    const keepAlive = await fetch(`${server.url}/v1/balance`, { headers: { Authorization: `Bearer ${server.sim.secretKey}` } });
    await keepAlive.text();
    await server.close();
    await new Promise((r) => setTimeout(r, 50));
    const after = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length;
    expect(after).toBeLessThanOrEqual(before);
  });
});

describe('an incompatible nock', () => {
  it('names the nock and the versions to install', () => {
    const old = Object.assign(() => undefined, { removeInterceptor: () => true, disableNetConnect: () => undefined, enableNetConnect: () => undefined }) as never;
    expect(() => installNock({}, { nock: old })).toThrow(
      /^onerway-sim\/nock cannot use nock [\d.]+ on Node [\d.]+ \(it has no isActive, activate\): npm install --save-dev nock@14 \(Node 20\) or nock@15 \(Node 22\.20\+\)\.$/,
    );
  });
});
