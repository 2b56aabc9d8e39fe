/**
 * `npm run fuzz -- --requests 1000000`: the long fuzz run (docs/reliability.md). Sends random
 * requests (test/fuzz/requests.ts) through the fake fetch to fresh worlds, checks each answer as
 * the CI-sized property does, and prints the count, the failures and the answers' spread.
 * Options: --requests N (default 100000), --seed S (default: now), --per-world N (default 200).
 */
import fc from 'fast-check';
import { check, request, world } from '../test/fuzz/requests.js';
import { stateOf } from '../test/helpers/sim.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`fuzz: --${name} takes a whole number, got ${process.argv[at + 1]}`);
  return value;
}

const total = option('requests', 100_000);
const seed = option('seed', Date.now() % 2 ** 31);
const perWorld = option('per-world', 200);
const started = performance.now();
const statuses = new Map<number, number>();
const failures: string[] = [];
let sent = 0;
for (let round = 0; sent < total; round++) {
  const w = await world(seed + round);
  const batch = fc.sample(request(w), { numRuns: Math.min(perWorld, total - sent), seed: seed + round });
  for (const req of batch) {
    const failure = await check(w, req, () => stateOf(w.sim));
    if (failure) failures.push(`${failure}\n    ${req.method} ${req.path.slice(0, 200)} ${JSON.stringify(req.headers)} ${req.body?.slice(0, 200) ?? ''}`);
    sent++;
  }
  for (const r of w.sim.requests()) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  if (round % 50 === 49) console.log(`… ${sent.toLocaleString('en-US')} requests, ${failures.length} failures`);
}
const seconds = (performance.now() - started) / 1000;
console.log(`fuzz: ${sent.toLocaleString('en-US')} requests (seed ${seed}) in ${seconds.toFixed(0)} s: ${failures.length} failures`);
console.log(`answers: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s} ×${n.toLocaleString('en-US')}`).join(', ')}`);
for (const f of failures.slice(0, 20)) console.log(`FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
