/** The `onerway-sim serve` command. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli.js';

describe('the CLI', () => {
  it('reads its options', () => {
    expect(parseArgs(['serve'])).toEqual({ command: 'serve', port: 12111, host: '127.0.0.1', options: {} });
    expect(parseArgs(['serve', '--port', '0', '--seed', 'abc', '--now', '2030-01-01T00:00:00Z', '--rate-limits', 'enforce'])).toEqual({
      command: 'serve',
      port: 0,
      host: '127.0.0.1',
      options: { seed: 'abc', now: '2030-01-01T00:00:00Z', rateLimits: { mode: 'enforce' } },
    });
    expect(parseArgs(['serve', '--port', 'x'])).toEqual({ error: "--port must be a port number, got 'x'." });
    expect(parseArgs(['fly'])).toMatchObject({ error: expect.stringMatching(/^Unknown command 'fly'/) });
    // `onerway-sim openapi > file.json` writes the OpenAPI description.
    const printed = parseArgs(['openapi']) as { error: string };
    expect(JSON.parse(printed.error)).toEqual(JSON.parse(readFileSync('src/adapters/explorer/openapi.json', 'utf8')));
  });

  it('serves, prints the URL, keys and a curl line, and logs each request in one line', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', 'serve', '--port', '0', '--seed', 'cli-test'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const waiting = new Set<() => void>();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      for (const check of waiting) check();
    });
    const line = (re: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${re} in:\n${out}`)), 15_000);
        const check = () => {
          const m = out.match(re);
          if (!m) return;
          clearTimeout(timer);
          waiting.delete(check);
          resolve(m);
        };
        waiting.add(check);
        check();
      });
    try {
      const [, url] = await line(/listening on (http:\/\/127\.0\.0\.1:\d+)\/v1\//);
      const [, key] = await line(/secret key:\s+(sk_test_\w+)/);
      await line(/try: curl http:\/\/127\.0\.0\.1:\d+\/v1\/customers -u sk_test_\w+: -d email=jenny@example\.com/);
      const res = await fetch(`${url}/v1/customers`, { method: 'POST', headers: { Authorization: `Basic ${btoa(`${key}:`)}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'email=cli%40example.com' });
      expect((await res.json()).email).toBe('cli@example.com');
      await line(/POST \/v1\/customers → 200 req_\w+/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('says one line for an unknown flag, a flag without a value, and prints its version', () => {
    expect(parseArgs(['serve', '--bogus'])).toEqual({ error: "onerway-sim: unknown option '--bogus'; run onerway-sim --help for the options." });
    expect(parseArgs(['serve', '--port'])).toEqual({ error: 'onerway-sim: --port needs a value.' });
    expect(parseArgs(['--version'])).toEqual({ error: (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version });
  });

  it('a port in use is one line and exit code 1; npm start stops on SIGINT', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    const busy = await run(process.execPath, ['--import', 'tsx', 'src/bin.ts', 'serve', '--port', String(port)]);
    blocker.close();
    expect(busy).toEqual({ code: 1, stderr: `onerway-sim: port ${port} is already in use on 127.0.0.1; choose another with --port (0 picks a free one).\n` });

    const npm = spawn('npm', ['start', '--', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    npm.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const started = Date.now();
    while (!/listening on/.test(out) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
    const exited = new Promise<void>((resolve) => npm.on('exit', () => resolve()));
    npm.kill('SIGINT');
    await exited; // npm's own exit code on a signal varies by version: the port below is the check.
    // The server itself went too: nothing listens on its port any more.
    const url = /listening on (http:\/\/[^/]+)\/v1\//.exec(out)![1]!;
    await expect(fetch(`${url}/v1/balance`)).rejects.toThrow();
  });
});

it('serve --fixtures starts from a fixtures file', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'onerway-sim-')), 'shop.json');
  writeFileSync(file, JSON.stringify({ customers: [{ email: 'jenny@example.com', cards: ['pm_card_visa'] }], payments: [{ customer: 0, amount: 2000 }] }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', 'serve', '--port', '0', '--fixtures', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  try {
    for (let i = 0; i < 300 && !/listening on/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain(`onerway-sim: fixtures from ${file}: 1 customers, 1 payments`);
    const url = /listening on (http:\/\/[^/]+)\/v1\//.exec(out)![1]!;
    const list = await (await fetch(`${url}/v1/customers`, { headers: { Authorization: 'Bearer sk_test_any' } })).json();
    expect(list.data.map((c: { email: string }) => c.email)).toEqual(['jenny@example.com']);
  } finally {
    child.kill('SIGTERM');
  }
});

function run(command: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}
