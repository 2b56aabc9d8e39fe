/**
 * Some engine modules import each other. Whichever of them a program loads first, none may read
 * another's constants before they exist: load each one first, in a fresh module graph.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

it.each([...files('src/engine'), ...files('src/wire'), 'src/simulator.ts', 'src/index.ts'])('%s loads first without a cycle error', async (file) => {
  vi.resetModules();
  await expect(import(/* @vite-ignore */ `../../${file}`)).resolves.toBeDefined();
  const { createSimulator } = await import('../../src/index.js');
  const sim = createSimulator();
  const res = await sim.fetch('https://api.onerway.com/v1/payment_intents', {
    method: 'POST',
    headers: { Authorization: `Bearer ${sim.secretKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }),
  });
  expect(res.status).toBe(200);
});
