#!/usr/bin/env bash
# Installs the packed tarball into an empty folder, as a user would, and imports it from both
# ESM and CommonJS. Usage: scripts/smoke-package.sh onerway-sim-x.y.z.tgz
set -euo pipefail
tarball=$(realpath "$1")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$tarball"
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
node esm.mjs
node cjs.cjs
