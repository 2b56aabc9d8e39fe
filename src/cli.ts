/**
 * `onerway-sim serve [--port 12111] [--host 127.0.0.1] [--seed …] [--now …]`: a standalone
 * simulator for SDKs in any language. Prints the URL, the test keys and a curl line, then one
 * line per request.
 */
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './adapters/server.js';
import { openApiText } from './adapters/explorer-files.js';
import { TEST_CERTIFICATE } from './adapters/tls.js';
import { parseClientArgs, runClient } from './cli-client.js';
import type { FixtureSpec } from './fixtures.js';
import { createSimulator, type SimulatorOptions } from './simulator.js';

const USAGE = `Usage: onerway-sim serve [--port 12111] [--host 127.0.0.1] [--seed <text>] [--now <ISO date>] [--rate-limits observe|enforce|off]
                         [--tls] [--tls-cert <cert.pem> --tls-key <key.pem>] [--fixtures <spec.json>]
       onerway-sim trigger <event type> [--url http://127.0.0.1:12111]   make an event happen on a running server
       onerway-sim listen --forward-to <url> [--events a,b] [--url …]    forward its webhooks, one line per delivery
       onerway-sim certificate     print the test certificate --tls serves (PEM), to trust it
       onerway-sim openapi         print the OpenAPI 3.1 description of the API (JSON)
       onerway-sim --version

Serves a simulated Onerway API on http://<host>:<port>/v1/. Test helpers for other languages:
  POST /v1/test_helpers/advance                            seconds=<n> or frozen_time=<unix>
  POST /v1/test_helpers/webhooks/flush                     deliver webhooks due now
  POST /v1/test_helpers/payment_intents/:id/authenticate   outcome=success|failure
  POST /v1/test_helpers/restricted_keys                    permissions[<resource>]=none|read|write
  POST /v1/test_helpers/reset                              back to the starting state
  POST /v1/test_helpers/snapshots                          name=<name>: keep a snapshot
  POST /v1/test_helpers/snapshots/:name/restore            return to it
  POST /v1/test_helpers/fixtures                           the spec of sim.fixtures()
  POST|DELETE /v1/test_helpers/faults                      inject (method, path, fault|sequence, times, when) or clear faults
  GET  /v1/test_helpers/faults/unmatched                   the fault rules no request has matched yet
  GET  /v1/test_helpers/requests                           the request log (method, path, status, idempotency_key, replayed)
  GET  /v1/test_helpers/coverage                           what the simulator has seen, as sim.coverage()
  /v1/test_helpers/test_clocks                             Stripe-shaped test clocks`;

const FLAGS = new Set(['--port', '--host', '--seed', '--now', '--rate-limits', '--tls-cert', '--tls-key', '--fixtures']);

/** The package's version, read from its package.json (one folder up from src/ and from dist/). */
export function version(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

export interface ServeArgs {
  command: string;
  port: number;
  host: string;
  options: SimulatorOptions;
  /** HTTPS: the shipped test certificate (`true`) or files of the user's own. */
  tls?: true | { certFile: string; keyFile: string };
  /** A JSON file with the spec of `sim.fixtures`, to start from. */
  fixtures?: string;
}

export function parseArgs(argv: readonly string[]): ServeArgs | { error: string } {
  const [command = 'serve', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') return { error: USAGE };
  if (command === '--version' || command === '-v') return { error: version() };
  if (command === 'certificate') return { error: TEST_CERTIFICATE.trimEnd() };
  if (command === 'openapi') return { error: openApiText().trimEnd() };
  if (command !== 'serve') return { error: `Unknown command '${command}'.\n\n${USAGE}` };
  let tls: ServeArgs['tls'];
  let certFile: string | undefined;
  let keyFile: string | undefined;
  let fixtures: string | undefined;
  let port = 12111;
  let host = '127.0.0.1';
  const options: SimulatorOptions = {};
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const value = rest[i + 1];
    if (flag === '--help' || flag === '-h') return { error: USAGE };
    if (flag === '--version' || flag === '-v') return { error: version() };
    if (flag === '--tls') {
      tls = true;
      continue;
    }
    if (!FLAGS.has(flag)) return { error: `onerway-sim: unknown option '${flag}'; run onerway-sim --help for the options.` };
    if (value === undefined) return { error: `onerway-sim: ${flag} needs a value.` };
    i++;
    if (flag === '--port') {
      port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) return { error: `--port must be a port number, got '${value}'.` };
    } else if (flag === '--host') host = value;
    else if (flag === '--seed') options.seed = value;
    else if (flag === '--tls-cert') certFile = value;
    else if (flag === '--fixtures') fixtures = value;
    else if (flag === '--tls-key') keyFile = value;
    else if (flag === '--now') {
      if (Number.isNaN(Date.parse(value))) return { error: `--now must be a date such as 2025-01-01T00:00:00Z, got '${value}'.` };
      options.now = value;
    } else if (flag === '--rate-limits') {
      if (value !== 'observe' && value !== 'enforce' && value !== 'off') return { error: `--rate-limits must be observe, enforce or off.` };
      options.rateLimits = { mode: value };
    }
  }
  if ((certFile === undefined) !== (keyFile === undefined)) return { error: 'onerway-sim: --tls-cert and --tls-key go together.' };
  if (certFile !== undefined && keyFile !== undefined) tls = { certFile, keyFile };
  return { command, port, host, options, ...(tls && { tls }), ...(fixtures !== undefined && { fixtures }) };
}

/** Runs the CLI (see bin.ts). */
export async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'trigger' || argv[0] === 'listen') {
    const args = parseClientArgs(argv);
    if ('error' in args) {
      console.error(args.error);
      process.exit(2);
    }
    const stop = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    try {
      await runClient(args, stop, (line) => console.log(line));
      process.exit(0);
    } catch (e) {
      console.error((e as Error).message.includes('fetch failed') ? `onerway-sim: no simulator answers at ${args.url}; start one with onerway-sim serve.` : (e as Error).message);
      process.exit(1);
    }
  }
  const parsed = parseArgs(argv);
  if ('error' in parsed) {
    const ok = parsed.error === USAGE || parsed.error === version() || parsed.error === TEST_CERTIFICATE.trimEnd() || argv[0] === 'openapi';
    (ok ? console.log : console.error)(parsed.error);
    process.exit(ok ? 0 : 2);
  }
  const sim = createSimulator(parsed.options);
  if (parsed.fixtures !== undefined) {
    try {
      const made = sim.fixtures(JSON.parse(readFileSync(parsed.fixtures, 'utf8')) as FixtureSpec);
      console.log(`onerway-sim: fixtures from ${parsed.fixtures}: ${made.customers.length} customers, ${made.payments.length} payments${made.account ? `, account ${made.account.id}` : ''}`);
    } catch (e) {
      console.error(`onerway-sim: cannot load the fixtures in ${parsed.fixtures}: ${(e as Error).message}`);
      process.exit(1);
    }
  }
  sim.on('response', (r) => {
    const error = r.error ? ` ${r.error.type}${r.error.code ? `/${r.error.code}` : ''}` : '';
    console.log(`${new Date(r.time).toISOString()} ${r.method} ${r.path}${r.query ? `?${r.query}` : ''} → ${r.status} ${r.id}${r.replayed ? ' (replayed)' : ''}${error}`);
  });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    const tls = parsed.tls === true ? true : parsed.tls && { cert: readFileSync(parsed.tls.certFile, 'utf8'), key: readFileSync(parsed.tls.keyFile, 'utf8') };
    server = await startServer(sim, { port: parsed.port, host: parsed.host, ...(tls && { tls }) });
  } catch (e) {
    const code = (e as { code?: string }).code;
    console.error(
      code === 'EADDRINUSE'
        ? `onerway-sim: port ${parsed.port} is already in use on ${parsed.host}; choose another with --port (0 picks a free one).`
        : `onerway-sim: cannot listen on ${parsed.host}:${parsed.port}: ${(e as Error).message}`,
    );
    process.exit(1);
  }
  console.log(`onerway-sim listening on ${server.url}/v1/`);
  console.log(`  explorer:         ${server.url}/   (the API reference and a live view of the simulator)`);
  console.log(`  secret key:       ${sim.secretKey}   (any sk_test_… key works)`);
  console.log(`  publishable key:  ${sim.publishableKey}`);
  console.log(`  live secret key:  ${sim.liveSecretKey}`);
  let cacert = '';
  if (parsed.tls === true) {
    // The test certificate as a file, for the clients to trust.
    const file = join(tmpdir(), 'onerway-sim-localhost.pem');
    writeFileSync(file, TEST_CERTIFICATE);
    console.log(`  certificate:      ${file}   (trust it: NODE_EXTRA_CA_CERTS=${file}, curl --cacert ${file})`);
    cacert = ` --cacert ${file}`;
  }
  console.log(`  try: curl${cacert} ${server.url}/v1/customers -u ${sim.secretKey}: -d email=jenny@example.com`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

