/**
 * Memory, measured in a process of its own (started with --expose-gc and a young generation large
 * enough that a few thousand requests run without a scavenge): what a long-running simulator holds
 * per stored customer and per paid PaymentIntent (with its charge, events and balance
 * transactions), and how much each request allocates through the fake fetch. Prints JSON.
 */
import { createSimulator } from './package.mjs';

const exposed = (globalThis as { gc?: () => void }).gc;
if (!exposed) throw new Error('bench/memory.mts needs --expose-gc');
const gc: () => void = exposed;
const BASE = 'https://api.onerway.com';
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

async function retainedPer(count: number, path: string, body: string): Promise<number> {
  const sim = createSimulator({ rateLimits: { mode: 'off' }, limits: { customersPerAccount: Number.MAX_SAFE_INTEGER } });
  const headers = { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' };
  // Warm the paths first, so compiled code and shared tables are not counted.
  for (let i = 0; i < 200; i++) await (await sim.fetch(`${BASE}${path}`, { method: 'POST', headers, body })).json();
  const before = heap();
  for (let i = 0; i < count; i++) await (await sim.fetch(`${BASE}${path}`, { method: 'POST', headers, body })).json();
  const after = heap();
  // Keep the simulator alive until measured.
  if (sim.requests().length < 0) console.log('unreachable');
  return (after - before) / count;
}

/** Bytes allocated per request: heap growth over a run too short for the young generation to fill. */
async function allocatedPer(count: number, path: string, body: string): Promise<number> {
  const sim = createSimulator({ rateLimits: { mode: 'off' } });
  const headers = { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' };
  for (let i = 0; i < 200; i++) await (await sim.fetch(`${BASE}${path}`, { method: 'POST', headers, body })).json();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) await (await sim.fetch(`${BASE}${path}`, { method: 'POST', headers, body })).json();
  return (process.memoryUsage().heapUsed - before) / count;
}

const customer = JSON.stringify({ email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { order: '42' } });
const payment = JSON.stringify({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
const result = {
  customerRetained: await retainedPer(10_000, '/v1/customers', customer),
  paymentRetained: await retainedPer(5_000, '/v1/payment_intents', payment),
  customerAllocated: await allocatedPer(2_000, '/v1/customers', customer),
  paymentAllocated: await allocatedPer(1_000, '/v1/payment_intents', payment),
};
process.stdout.write(JSON.stringify(result));
