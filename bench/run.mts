/**
 * `npm run bench`: the simulator's costs, measured in one run, with the ratios the issues set as
 * targets, each marked met or missed; `npm run bench -- --check` exits non-zero on a miss. Not part
 * of the tests: timing assertions in tests are flaky, numbers here are read.
 */
import { createSimulator } from './package.mjs';
// The one internal measurement (an operation without the pipeline) runs on the sources.
import { createSimulator as createSourceSimulator } from '../src/index.js';
import { matchRoute } from '../src/wire/router.js';
// The simulator's machinery, by its registered symbol: the same for the built package and the sources.
import { internalsOf } from '../src/internal.js';
import { describePair, measure, paired, report, type Measurement } from './measure.mjs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measureInProcessDoors, type ServerDoorResult } from './doors.mjs';

const BASE = 'https://api.onerway.com';
const body = JSON.stringify({ email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { order: '42' } });
/**
 * A simulator that is replaced every 1,000 operations: a test suite makes one per test, so a
 * single simulator holding hundreds of thousands of objects would measure the garbage
 * collector, not the simulator. All three create measurements recycle alike.
 */
function recycled(create: () => ReturnType<typeof createSimulator> = () => createSimulator()) {
  let sim = create();
  let n = 0;
  return () => {
    if (++n % 1000 === 0) sim = create();
    return sim;
  };
}

async function main() {
  const rows: Measurement[] = [];
  // In a process of its own, first, while nothing else runs (see bench/server-door.mts). The young
  // generation starts at its full 256 MB: one that starts small and grows can scavenge during the
  // allocation count, which then reads a third of the truth.
  const memory = JSON.parse(
    execFileSync(process.execPath, [...process.execArgv, '--expose-gc', '--max-semi-space-size=256', '--min-semi-space-size=256', fileURLToPath(new URL('./memory.mts', import.meta.url))], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  ) as { customerRetained: number; paymentRetained: number; customerAllocated: number; paymentAllocated: number };
  const serverDoor = JSON.parse(
    execFileSync(process.execPath, [...process.execArgv, '--expose-gc', fileURLToPath(new URL('./server-door.mts', import.meta.url))], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
  ) as ServerDoorResult;

  rows.push(await measure('createSimulator()', () => createSimulator()));

  // The floor of any fetch mock: build a Response from a JSON string and read it back.
  const sample = createSimulator();
  const sampleRes = await sample.fetch(`${BASE}/v1/customers`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sample.secretKey}`, 'Content-Type': 'application/json' },
    body,
  });
  const sampleText = await sampleRes.text();
  const sampleHeaders = Object.fromEntries(sampleRes.headers);
  const floor = await measure('floor: new Response(json) + .json()', async () => {
    await new Response(sampleText, { status: 200, headers: sampleHeaders }).json();
  });
  rows.push(floor);

  const fetchSim = recycled();
  const headers = { Authorization: `Bearer ${sample.secretKey}`, 'Content-Type': 'application/json' };
  const viaFetch = await measure('customer create via sim.fetch + .json()', async () => {
    const res = await fetchSim().fetch(`${BASE}/v1/customers`, { method: 'POST', headers, body });
    await res.json();
  });
  rows.push(viaFetch);

  const piSim = recycled();
  const piBody = JSON.stringify({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  // The floor of a canned mock for the same answer: a Response from the same bytes, read back.
  const piSample = createSimulator();
  const piRes = await piSample.fetch(`${BASE}/v1/payment_intents`, { method: 'POST', headers: { ...headers, Authorization: `Bearer ${piSample.secretKey}` }, body: piBody });
  const piText = await piRes.text();
  const piHeaders = Object.fromEntries(piRes.headers);
  // Floor and door in alternating rounds, as the server door's are: the machine's drift between
  // two measurements a minute apart is larger than the difference being measured.
  const piPair = await paired(
    async () =>
      (
        await measure('', async () => {
          await new Response(piText, { status: 200, headers: piHeaders }).json();
        }, 400)
      ).usPerOp,
    async () =>
      (
        await measure('', async () => {
          const res = await piSim().fetch(`${BASE}/v1/payment_intents`, { method: 'POST', headers, body: piBody });
          await res.json();
        }, 400)
      ).usPerOp,
  );
  const piViaFetch = { name: 'PaymentIntent create+confirm via sim.fetch (median of rounds)', opsPerSec: Math.round(1e6 / piPair.door), usPerOp: piPair.door };
  const piFloor = { name: `floor: new Response(${piText.length} bytes of PaymentIntent) + .json() (median of rounds)`, opsPerSec: Math.round(1e6 / piPair.floor), usPerOp: piPair.floor };
  rows.push(piViaFetch, piFloor);

  const wireSim = recycled();
  const wireReq = {
    method: 'POST',
    path: '/v1/customers',
    query: '',
    headers: { authorization: `Bearer ${sample.secretKey}`, 'content-type': 'application/json' },
    body,
    bodyBytes: body.length,
    urlBytes: 40,
  };
  const viaWire = await measure('customer create via the pipeline (no Response)', () => internalsOf(wireSim()).handleWire(wireReq));
  rows.push(viaWire);

  const engineSim = recycled(() => createSourceSimulator());
  const route = matchRoute('POST', '/v1/customers')!.route;
  const params = { email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { order: '42' } };
  const direct = await measure('customer create on the engine directly (sources)', () => {
    const engine = internalsOf(engineSim()).engine;
    const ctx = engine.context('test', { id: null, idempotencyKey: null, apiVersion: '2024-11-01' });
    return route.handler(ctx, params, {});
  });
  rows.push(direct);

  // Advancing 30 days over many scheduled items: cost should follow the due items, not the time.
  const advanceOver = async (items: number) => {
    const sim = createSimulator({ rateLimits: { mode: 'off' }, limits: { customersPerAccount: Number.MAX_SAFE_INTEGER } });
    const piRequest = (body: string) => ({
      method: 'POST',
      path: '/v1/payment_intents',
      query: '',
      headers: { authorization: `Bearer ${sim.secretKey}`, 'content-type': 'application/json' },
      body,
      bodyBytes: body.length,
      urlBytes: 60,
    });
    // Uncaptured authorizations (each expires after 7 days), charges whose funds are pending,
    // chargebacks (due in 7 days) and payouts (in transit, then paid), over a week of simulated time.
    const hold = JSON.stringify({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' });
    const pay = JSON.stringify({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const dispute = JSON.stringify({ amount: 2000, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
    const inner = internalsOf(sim);
    const me = (await (await sim.fetch('https://api.onerway.com/v1/account', { headers: { Authorization: `Bearer ${sim.secretKey}` } })).json()).id;
    const wire = (method: string, path: string, body: string) => inner.handleWire({ ...piRequest(body), method, path });
    wire('POST', `/v1/accounts/${me}/external_accounts`, JSON.stringify({ external_account: 'btok_us_verified' }));
    wire('POST', '/v1/payment_intents', JSON.stringify({ amount: 99_999_999, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true }));
    const payout = JSON.stringify({ amount: 100, currency: 'usd' });
    const step = Math.floor((7 * 86_400_000) / items);
    for (let i = 0; i < items; i++) {
      if (i % 4 === 3) wire('POST', '/v1/payouts', payout);
      else inner.handleWire(piRequest(i % 4 === 0 ? pay : i % 4 === 1 ? hold : dispute));
      inner.engine.clock.moveTo(inner.engine.clock.nowMs + step);
    }
    const due = inner.engine.scheduler.size;
    const start = performance.now();
    await sim.clock.advance('30d');
    return { ms: performance.now() - start, due };
  };
  const small = await advanceOver(10_000);
  const large = await advanceOver(100_000);
  const advanceRows = [
    { name: `advance 30 days over 10,000 payments, holds, disputes, payouts (${small.due} due)`, ms: small.ms },
    { name: `advance 30 days over 100,000 of them (${large.due} due)`, ms: large.ms },
  ];

  // Snapshot and restore of a state of 10,000 objects (customers with cards, payments, events).
  const big = createSimulator({ rateLimits: { mode: 'off' } });
  big.fixtures({
    customers: Array.from({ length: 1000 }, (_, i) => ({ email: `c${i}@example.com`, cards: ['pm_card_visa'] })),
    payments: Array.from({ length: 1000 }, (_, i) => ({ customer: i, amount: 2000 })),
  });
  const objects = Object.values({ ...internalsOf(big).engine.test.dump() }).reduce((n, rows) => n + rows.length, 0);
  const snap = big.snapshot();
  const snapshotCost = await measure(`snapshot() of ${objects.toLocaleString('en-US')} stored rows`, () => big.snapshot(), 500);
  const restoreCost = await measure(`restore() of ${objects.toLocaleString('en-US')} stored rows`, () => big.restore(snap), 500);
  rows.push(snapshotCost, restoreCost);

  const doors = await measureInProcessDoors();
  rows.push(...doors.rows, ...serverDoor.rows);

  report(rows);
  for (const r of advanceRows) console.log(`${r.name.padEnd(55)} ${r.ms.toFixed(1).padStart(9)} ms`);
  console.log('');
  const create = rows[0]!;
  const lines = [
    `createSimulator(): ${create.usPerOp.toFixed(2)} µs (target < 100 µs)`,
    `fake fetch round trip / floor: ${(viaFetch.usPerOp / floor.usPerOp).toFixed(2)}× (target ≤ 3×)`,
    `PaymentIntent create+confirm via the fake fetch / a Response of the same bytes: ${describePair(piPair)} (target ≤ 2×)`,
    `allocated per request through the fake fetch: customer create ${(memory.customerAllocated / 1024).toFixed(1)} KB, PaymentIntent create+confirm ${(memory.paymentAllocated / 1024).toFixed(1)} KB`,
    `held per stored customer: ${(memory.customerRetained / 1024).toFixed(2)} KB (target ≤ 10 KB)`,
    `held per paid PaymentIntent with its charge, events and balance transactions: ${(memory.paymentRetained / 1024).toFixed(2)} KB (target ≤ 25 KB)`,
    `fake fetch round trip / engine directly: ${(viaFetch.usPerOp / direct.usPerOp).toFixed(2)}×`,
    `pipeline / engine directly: ${(viaWire.usPerOp / direct.usPerOp).toFixed(2)}×`,
    // Advancing costs what is due: ten times the items, about ten times the time (never a hundred).
    `advance over 100,000 / over 10,000: ${(large.ms / small.ms).toFixed(1)}× (target ≤ 20×)`,
    ...doors.ratios,
    ...serverDoor.ratios,
    `fake fetch / server door (sequential): ${(serverDoor.sequentialUs / doors.fetchUs).toFixed(1)}× faster in process`,
  ];
  let missed = 0;
  for (const line of lines) {
    const verdict = judge(line);
    if (verdict === 'missed') missed++;
    console.log(verdict ? `${verdict === 'met' ? '✓ met   ' : '✗ MISSED'}  ${line}` : `          ${line}`);
  }
  console.log(`\n${missed === 0 ? 'every target met' : `${missed} target(s) missed`}`);
  if (process.argv.includes('--check') && missed > 0) process.exitCode = 1;
}

/**
 * Whether a line's figure meets its target: the figure is the first value after the colon
 * (µs or ×), the target the `(target < N)` or `(target ≤ N)` after it. Lines without one are
 * information only.
 */
function judge(line: string): 'met' | 'missed' | undefined {
  const target = /\(target ([<≤]) ([\d.]+)/.exec(line);
  const value = /: ([\d.]+)(?: µs|×| KB)/.exec(line);
  if (!target || !value) return undefined;
  const [v, limit] = [Number(value[1]), Number(target[2])];
  return (target[1] === '<' ? v < limit : v <= limit) ? 'met' : 'missed';
}

await main();
