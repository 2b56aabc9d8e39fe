/** The three doors side by side, each against its own floor measured in the same run. */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { createSimulator } from '../src/index.js';
import { installNock } from '../src/adapters/nock.js';
import { startServer } from '../src/adapters/server.js';
import { measure, type Measurement } from './measure.mjs';

const piBody = JSON.stringify({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });

/** Runs `op` with `inFlight` concurrent workers for about `ms`; returns ops/s. */
async function concurrent(name: string, inFlight: number, op: () => Promise<unknown>, ms = 1500): Promise<Measurement> {
  const run = async (budget: number) => {
    let n = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (performance.now() - start < budget) {
          await op();
          n++;
        }
      }),
    );
    return { n, elapsed: performance.now() - start };
  };
  await run(300);
  const { n, elapsed } = await run(ms);
  return { name, opsPerSec: Math.round((n / elapsed) * 1000), usPerOp: (elapsed * 1000) / n };
}

export async function measureDoors(): Promise<{ rows: Measurement[]; ratios: string[] }> {
  const rows: Measurement[] = [];
  const ratios: string[] = [];
  const fresh = () => createSimulator({ rateLimits: { mode: 'off' } });

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
  const sample = await (await fresh().fetch('https://api.onerway.com/v1/payment_intents', { method: 'POST', headers: headers(), body: piBody })).text();
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
  rows.push(viaNock);
  ratios.push(`nock door / nock floor: ${(viaNock.usPerOp / nockFloor.usPerOp).toFixed(2)}× (target ≤ 1.2×)`);

  // Server: the floor is a bare node:http server answering the same fixed JSON.
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(sample);
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/v1/payment_intents`;
  // A keep-alive node:http client: undici's fetch costs more than the servers being measured.
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const post = (url: string, key: string) =>
    new Promise<unknown>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Content-Length': String(piBody.length) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      });
      req.on('error', reject);
      req.end(piBody);
    });
  const viaUndici = (url: string, key: string) =>
    fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: piBody }).then((r) => r.json());
  const floorSeq = await measure('floor: bare node:http, sequential', () => post(bareUrl, 'sk_test_x'));
  const floor16 = await concurrent('floor: bare node:http, 16 in flight', 16, () => post(bareUrl, 'sk_test_x'));
  const floorFetch = await measure('floor: bare node:http, global fetch client', () => viaUndici(bareUrl, 'sk_test_x'));
  bare.close();
  const server = await startServer(fresh(), { deliverWebhooks: false });
  const url = `${server.url}/v1/payment_intents`;
  const serverSeq = await measure('door: server, sequential, PI create+confirm', () => post(url, server.sim.secretKey));
  const server16 = await concurrent('door: server, 16 in flight, PI create+confirm', 16, () => post(url, server.sim.secretKey));
  const serverFetch = await measure('door: server, global fetch client, PI create+confirm', () => viaUndici(url, server.sim.secretKey));
  await server.close();
  agent.destroy();
  rows.push(floorSeq, serverSeq, floor16, server16, floorFetch, serverFetch);
  ratios.push(`server door / bare node:http, sequential: ${(serverSeq.usPerOp / floorSeq.usPerOp).toFixed(2)}× (target ≤ 1.5×)`);
  ratios.push(`server door / bare node:http, 16 in flight: ${(server16.usPerOp / floor16.usPerOp).toFixed(2)}× (target ≤ 1.5×)`);
  ratios.push(`server door / bare node:http, global fetch client: ${(serverFetch.usPerOp / floorFetch.usPerOp).toFixed(2)}×`);
  ratios.push(`fake fetch / server door (sequential): ${(viaFetch.opsPerSec / serverSeq.opsPerSec).toFixed(1)}× faster in process`);
  return { rows, ratios };
}
