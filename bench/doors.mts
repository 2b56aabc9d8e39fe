/** The three doors side by side, each against its own floor measured in the same run. */
import { execFileSync, fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { createSimulator, installNock, startServer } from './package.mjs';
import { describePair, measure, paired, type Measurement } from './measure.mjs';

const piBody = JSON.stringify({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });

/** A measurement row from µs per operation. */
function row(name: string, usPerOp: number): Measurement {
  return { name, opsPerSec: Math.round(1e6 / usPerOp), usPerOp };
}


/** A PaymentIntent created and confirmed, as JSON: the fixed body of the floors. */
const customerBody = JSON.stringify({ email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { order: '42' } });

/** The door's answer to `body` on `path`: the bytes the floor answers too. */
async function sampleAnswer(path = '/v1/payment_intents', body = piBody): Promise<string> {
  const sim = createSimulator({ rateLimits: { mode: 'off' } });
  const res = await sim.fetch(`https://api.onerway.com${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' },
    body,
  });
  return res.text();
}
const samplePaymentIntent = () => sampleAnswer();

// No customer quota: a measurement creates more than the 50,000 a live account may hold.
const fresh = () => createSimulator({ rateLimits: { mode: 'off' }, limits: { customersPerAccount: Number.MAX_SAFE_INTEGER } });

/** The server door, against a bare node:http server (run in a process of its own: bench/server-door.mts). */
export interface ServerDoorResult {
  rows: Measurement[];
  ratios: string[];
  /** µs per sequential create+confirm through the server. */
  sequentialUs: number;
}

/** Pins a process and all its threads (and those it starts later) to one CPU: false where that cannot be done. */
function pinTo(pid: number, cpu: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function measureServerDoor(): Promise<ServerDoorResult> {
  const rows: Measurement[] = [];
  const ratios: string[] = [];
  // nock intercepts node:http and fetch from the moment it is imported; these clients must not pay for it.
  if (nock.isActive()) nock.restore();
  const sample = await samplePaymentIntent();
  const customerSample = await sampleAnswer('/v1/customers', customerBody);
  // Server: the floor is a bare node:http server answering bytes of the same size as the door's
  // answer (a PaymentIntent, or a customer), measured with the same client in the same run. Rounds
  // alternate floor and door, and the medians are compared: loopback timings on a shared machine
  // drift by tens of percent within a minute.
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(req.url === '/v1/customers' ? customerSample : sample);
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/v1/payment_intents`;
  const server = await startServer(fresh(), { deliverWebhooks: false });
  const url = `${server.url}/v1/payment_intents`;
  const key = server.sim.secretKey;

  // The headline: the client in a process of its own, as an SDK in another process is.
  const client = fork(fileURLToPath(new URL('./load-client.mjs', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((resolve) => client.once('spawn', resolve));
  // The servers on one core and the client on the other, each with all its threads (the garbage
  // collector's included): left to the scheduler, the two processes sometimes share a core, and
  // the floor's speed flips between two values a few seconds apart.
  // (Counted first: once this process is pinned, it sees one CPU.)
  const pinned = availableParallelism() >= 2 && pinTo(client.pid!, 1) && pinTo(process.pid, 0);
  ratios.push(pinned ? 'server door: servers pinned to CPU 0, client process to CPU 1 (taskset)' : 'server door: processes not pinned to cores (no taskset, or one CPU): expect noisier rounds');
  const remote = (target: string, body: string, inFlight: number, ms: number) =>
    new Promise<number>((resolve, reject) => {
      client.once('message', (m: { n: number; elapsed: number } | { error: string }) =>
        'error' in m ? reject(new Error(m.error)) : resolve((m.elapsed * 1000) / m.n),
      );
      // The bare server reads no key: the door's is sent to both.
      client.send({ url: target, key, body, inFlight, ms });
    });
  let serverSequentialUs = 0;
  const cells = [['PI create+confirm', '/v1/payment_intents', piBody], ['customer create', '/v1/customers', customerBody]] as const;
  // Both servers are warmed with every kind of traffic first. A fresh server's first seconds are
  // not its steady state: on this machine the door answers its first PaymentIntents 2-5x slower
  // while V8 compiles the engine and the heap grows to its working size (each new page faulted in
  // for the first time), and the client process is warming up too. A long test suite spends its
  // time in the steady state, so that is what the ratios compare.
  for (const [, path, body] of cells) {
    for (const inFlight of [1, 16]) {
      await remote(bareUrl.replace('/v1/payment_intents', path), body, inFlight, 500);
      await remote(url.replace('/v1/payment_intents', path), body, inFlight, 1500);
    }
  }
  for (const [what, path, body] of cells) {
    for (const inFlight of [1, 16]) {
      const label = inFlight === 1 ? 'sequential' : '16 in flight';
      const floorUrl = bareUrl.replace('/v1/payment_intents', path);
      const doorUrl = url.replace('/v1/payment_intents', path);
      // Each cell starts from an empty simulator (the compiled code stays warm): what the warm-up
      // and the cells before created would otherwise make each cell's garbage collection dearer
      // than the one before, and the order of the cells part of the result.
      server.sim.reset();
      // And from a collected heap: the garbage the warm-up and the cells before left would
      // otherwise be collected during this cell, by collectors that share the servers' core.
      (globalThis as { gc?: () => void }).gc?.();
      // Many short rounds: on this machine the floor itself flips between two speeds every few
      // seconds, and a round only compares like with like when its floor and door share one.
      // Single rounds range from about 0.7× to 1.9×: the median of 25 moves less from run to run
      // than that of 15 did.
      const pair = await paired(() => remote(floorUrl, body, inFlight, 250), () => remote(doorUrl, body, inFlight, 250), 25);
      if (inFlight === 1 && path === '/v1/payment_intents') serverSequentialUs = pair.door;
      rows.push(row(`floor: bare node:http, ${label}, ${what} bytes (client process)`, pair.floor), row(`door: server, ${label}, ${what} (client process)`, pair.door));
      ratios.push(`server door / bare node:http, ${what}, ${label}, client in its own process: ${describePair(pair)} (target ≤ 1.5×)`);
    }
  }
  client.kill();

  // For comparison with earlier runs: client and server sharing this thread, so the ratio is of
  // (client + server) sums; and undici's fetch as the client, whose own cost dominates.
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const post = (target: string) =>
    new Promise<unknown>((resolve, reject) => {
      const req = request(target, { method: 'POST', agent, headers: { Authorization: `Bearer ${target === bareUrl ? 'sk_test_x' : key}`, 'Content-Type': 'application/json', 'Content-Length': String(piBody.length) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      });
      req.on('error', reject);
      req.end(piBody);
    });
  const sameThread = await paired(async () => (await measure('', () => post(bareUrl), 400)).usPerOp, async () => (await measure('', () => post(url), 400)).usPerOp, 5);
  rows.push(row('floor: bare node:http, sequential (same thread)', sameThread.floor), row('door: server, sequential (same thread)', sameThread.door));
  ratios.push(`server door / bare node:http, sequential, client in the same thread: ${describePair(sameThread)}`);
  const viaUndici = (target: string) =>
    fetch(target, { method: 'POST', headers: { Authorization: `Bearer ${target === bareUrl ? 'sk_test_x' : key}`, 'Content-Type': 'application/json' }, body: piBody }).then((r) => r.json());
  const undici = await paired(async () => (await measure('', () => viaUndici(bareUrl), 500)).usPerOp, async () => (await measure('', () => viaUndici(url), 500)).usPerOp, 3);
  rows.push(row('floor: bare node:http, global fetch client', undici.floor), row('door: server, global fetch client', undici.door));
  ratios.push(`server door / bare node:http, global fetch client: ${describePair(undici)}`);
  bare.close();
  await server.close();
  agent.destroy();
  return { rows, ratios, sequentialUs: serverSequentialUs };
}

/** The fake fetch and nock, each against its floor. */
export async function measureInProcessDoors(): Promise<{ rows: Measurement[]; ratios: string[]; fetchUs: number }> {
  const rows: Measurement[] = [];
  const ratios: string[] = [];
  // Fake fetch.
  let sim = fresh();
  let n = 0;
  const headers = () => ({ Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' });
  const viaFetch = await measure('door: fake fetch, PI create+confirm', async () => {
    if (++n % 1000 === 0) sim = fresh();
    await (await sim.fetch('https://api.onerway.com/v1/payment_intents', { method: 'POST', headers: headers(), body: piBody })).json();
  });
  rows.push(viaFetch);

  // nock: the floor is nock answering a fixed body to the same global fetch.
  const sample = await samplePaymentIntent();
  if (!nock.isActive()) nock.activate();
  const fixed = nock('https://fixed.example').persist().post('/v1/payment_intents').reply(200, sample, { 'Content-Type': 'application/json' });
  const nockFloor = await measure('floor: nock fixed body, global fetch', async () => {
    await (await fetch('https://fixed.example/v1/payment_intents', { method: 'POST', headers: headers(), body: piBody })).json();
  });
  nock.removeInterceptor(fixed as unknown as nock.Interceptor);
  nock.cleanAll();
  rows.push(nockFloor);
  let installed = installNock(fresh());
  n = 0;
  const viaNock = await measure('door: nock, global fetch, PI create+confirm', async () => {
    if (++n % 1000 === 0) {
      installed.stop();
      installed = installNock(fresh());
    }
    const key = installed.sim.secretKey;
    await (await fetch('https://api.onerway.com/v1/payment_intents', { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: piBody })).json();
  });
  installed.stop();
  nock.restore();
  rows.push(viaNock);
  ratios.push(`nock door / nock floor: ${(viaNock.usPerOp / nockFloor.usPerOp).toFixed(2)}× (target ≤ 1.2×)`);

  return { rows, ratios, fetchUs: viaFetch.usPerOp };
}
