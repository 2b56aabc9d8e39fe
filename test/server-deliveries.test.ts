/**
 * Awaitable deliveries on the server door (issue #17): `await sim.flush()` returns only when
 * every delivery due has been attempted and recorded, even the ones the server started itself
 * after answering a request.
 */
import { expect, it } from 'vitest';
import { startServer } from '../src/adapters/server.js';
import { createSimulator } from '../src/index.js';

it('200 times over: no delivery lands after await sim.flush() returned', async () => {
  const sim = createSimulator();
  const server = await startServer(sim);
  const handled: string[] = [];
  sim.webhooks.listen(async (request) => {
    // A handler that takes its time, as one that writes to a database does.
    await new Promise((resolve) => setTimeout(resolve, 1));
    handled.push(((await request.json()) as { type: string }).type);
  }, { events: ['customer.created'] });
  let late = 0;
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${server.url}/v1/customers`, { method: 'POST', headers: { Authorization: `Bearer ${sim.secretKey}` } });
    expect(res.status).toBe(200);
    await sim.flush();
    if (handled.length !== i + 1 || sim.webhooks.attempts().length !== i + 1) late++;
    // Nothing arrives later either.
    await new Promise((resolve) => setImmediate(resolve));
    if (handled.length !== i + 1) late++;
  }
  await server.close();
  expect(late).toBe(0);
  expect(sim.webhooks.attempts().every((a) => a.succeeded)).toBe(true);
});

it('a handler that itself asks for a flush does not wait on its own delivery', async () => {
  const sim = createSimulator();
  const seen: string[] = [];
  sim.webhooks.listen(async () => {
    await sim.flush();
    seen.push('done');
  });
  await sim.fetch('https://api.onerway.com/v1/customers', { method: 'POST', headers: { Authorization: `Bearer ${sim.secretKey}` } });
  await sim.flush();
  expect(seen).toEqual(['done']);
});

it('closing with requests and deliveries in flight loses none and does not hang', async () => {
  const sim = createSimulator();
  const server = await startServer(sim);
  const handled: string[] = [];
  sim.webhooks.listen(async (request) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    handled.push(((await request.json()) as { id: string }).id);
  }, { events: ['customer.created'] });
  const sent = Array.from({ length: 10 }, () => fetch(`${server.url}/v1/customers`, { method: 'POST', headers: { Authorization: `Bearer ${sim.secretKey}` } }));
  // Close once some are answered (their deliveries under way) and others still in flight.
  while (sim.requests().length < 3) await new Promise((resolve) => setImmediate(resolve));
  const closing = server.close();
  const answers = await Promise.allSettled(sent);
  await closing;
  const answered = answers.filter((a) => a.status === 'fulfilled' && a.value.status === 200).length;
  // Every request the server took was answered, and every event it recorded was delivered.
  expect(sim.requests()).toHaveLength(answered);
  expect(answered).toBeGreaterThan(0);
  // close() resolved after the deliveries it had started: nothing is left to flush.
  expect(handled).toHaveLength(answered);
  expect(sim.webhooks.attempts()).toHaveLength(answered);
  expect(server.stats.cutOffOnClose).toBe(0);
});
