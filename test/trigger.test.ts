/** Trigger and listen (issue #17): every triggerable event happens from real state; the CLI drives a running server. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { startServer } from '../src/adapters/server.js';
import { TRIGGERABLE_EVENTS } from '../src/engine/resources/simulator-powers.js';
import { client } from './helpers/sim.js';

it.each(TRIGGERABLE_EVENTS)('trigger %s makes that event happen', async (type) => {
  const c = client();
  const triggered = await c.post('/v1/test_helpers/events/trigger', { event: type });
  expect(triggered.status).toBe(200);
  expect(triggered.body).toMatchObject({ object: 'test_helpers.trigger', event: type });
  expect((await c.get(`/v1/events/${triggered.body.id}`)).body.type).toBe(type);
});

it('onerway-sim listen forwards deliveries and prints one line each; trigger makes them happen', async () => {
  const received: string[] = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push((JSON.parse(body) as { type: string }).type);
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  const server = await startServer();
  const forwardTo = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const listen = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', 'listen', '--forward-to', forwardTo, '--url', server.url, '--events', 'customer.created'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  listen.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const until = async (test: () => boolean) => {
    for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setTimeout(r, 50));
  };
  await until(() => out.includes('Ready!'));
  expect(out).toMatch(/^Ready! Forwarding events to http:\/\/127\.0\.0\.1:\d+\/hook\. Your webhook signing secret is whsec_\w+ \(\^C to quit\)$/m);
  const trigger = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', 'trigger', 'customer.created', '--url', server.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  const code = await new Promise((resolve) => trigger.on('exit', resolve));
  expect(code).toBe(0);
  await until(() => /--> customer\.created \[evt_\w+, attempt 1\]  <-- 200/.test(out));
  expect(out).toMatch(/--> customer\.created \[evt_\w+, attempt 1\]  <-- 200/);
  expect(received).toEqual(['customer.created']);
  const exited = new Promise((resolve) => listen.on('exit', resolve));
  listen.kill('SIGINT');
  expect(await exited).toBe(0);
  // listen removed its endpoint on the way out.
  const endpoints = await fetch(`${server.url}/v1/webhook_endpoints`, { headers: { Authorization: `Bearer ${server.sim.secretKey}` } });
  expect((await endpoints.json()).data).toEqual([]);
  await server.close();
  hook.close();
});
