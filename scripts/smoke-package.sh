#!/usr/bin/env bash
# Installs the packed tarball into an empty folder, as a user would, and imports it from both
# ESM and CommonJS. Usage: scripts/smoke-package.sh onerway-sim-x.y.z.tgz
set -euo pipefail
tarball=$(realpath "$1")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$tarball" nock@14 fast-check@4
cat > esm.mjs <<'JS'
import { createSimulator, TEST_CARDS } from 'onerway-sim';
const sim = createSimulator();
const res = await sim.fetch('https://api.onerway.com/v1/customers', {
  method: 'POST',
  headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ email: 'esm@example.com' }),
});
const body = await res.json();
if (res.status !== 200 || body.email !== 'esm@example.com' || TEST_CARDS.length === 0) throw new Error(`ESM smoke failed: ${res.status}`);
console.log(`ESM import works: ${body.id}`);
// Registrations at load time survive the build (the package is marked side-effect free).
const old = await sim.fetch('https://api.onerway.com/v1/payment_intents', {
  method: 'POST',
  headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json', 'Onerway-Version': '2024-06-01' },
  body: JSON.stringify({ amount: 100, currency: 'usd' }),
});
if (!('charges' in (await old.json()))) throw new Error('ESM smoke failed: the 2024-06-01 version change is missing from the build');
console.log('API version 2024-06-01 renders as it should');
JS
cat > cjs.cjs <<'JS'
const { createSimulator } = require('onerway-sim');
const sim = createSimulator();
sim
  .fetch('https://api.onerway.com/v1/customers', { headers: { Authorization: `Bearer ${sim.secretKey}` } })
  .then((res) => res.json())
  .then((body) => {
    if (body.object !== 'list') throw new Error('CJS smoke failed');
    console.log('CJS require works');
  });
JS
cat > doors.mjs <<'JS'
import { startServer } from 'onerway-sim/server';
import { installNock } from 'onerway-sim/nock';
const server = await startServer();
const viaServer = await fetch(`${server.url}/v1/balance`, { headers: { Authorization: `Bearer ${server.sim.secretKey}` } });
await server.close();
const { sim, stop } = installNock();
const viaNock = await fetch('https://api.onerway.com/v1/balance', { headers: { Authorization: `Bearer ${sim.secretKey}` } });
stop();
if (viaServer.status !== 200 || viaNock.status !== 200) throw new Error('subpath smoke failed');
console.log('ESM subpaths onerway-sim/server and onerway-sim/nock work');
JS
cat > explorer.mjs <<'JS'
import { createRequire } from 'node:module';
import { startServer } from 'onerway-sim/server';
const description = createRequire(import.meta.url)('onerway-sim/openapi');
if (description.openapi !== '3.1.0') throw new Error('onerway-sim/openapi is not the OpenAPI description');
const server = await startServer();
const page = await fetch(`${server.url}/`);
const served = await (await fetch(`${server.url}/openapi.json`)).json();
const script = await fetch(`${server.url}/explorer/explorer.js`);
await server.close();
if (page.status !== 200 || script.status !== 200 || served.openapi !== '3.1.0') throw new Error('the explorer is not served from the package');
console.log('onerway-sim/openapi and the explorer ship in the package');
JS
cat > doors.cjs <<'JS'
const { startServer } = require('onerway-sim/server');
const { installNock } = require('onerway-sim/nock');
if (typeof startServer !== 'function' || typeof installNock !== 'function') throw new Error('CJS subpaths missing');
const { stop } = installNock();
stop();
console.log('CJS subpaths onerway-sim/server and onerway-sim/nock load');
JS
node esm.mjs
node cjs.cjs
cat > arbitraries.mjs <<'JS'
import fc from 'fast-check';
import { cards } from 'onerway-sim/arbitraries';
const [card] = fc.sample(cards.succeeding, 1);
if (!card.startsWith('pm_card_')) throw new Error('arbitraries smoke failed');
console.log('ESM subpath onerway-sim/arbitraries works');
JS
node doors.mjs
node doors.cjs
node arbitraries.mjs
node explorer.mjs
out=$(timeout 10 npx --no-install onerway-sim --help 2>&1 || true)
echo "$out" | grep -q "Usage: onerway-sim serve" || { echo "the onerway-sim binary did not run: $out"; exit 1; }
echo "the onerway-sim binary runs"
