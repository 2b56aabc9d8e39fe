/** The `onerway-sim serve` command. */
import { spawn } from 'node:child_process';
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
});
