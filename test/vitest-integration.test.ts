/**
 * The vitest integration (issue #19): the example shop's suite (examples/shop) runs with
 * `onerwayCoverage()`, and its report names exactly the situations it did and did not exercise;
 * a requirement it never met fails the run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = (env: Record<string, string>) =>
  promisify(execFile)(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'examples/shop/vitest.config.ts'], { env: { ...process.env, ...env }, timeout: 120_000 }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

it('the shop example: its report names exactly what its tests met', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shop-coverage-'));
  const { code, out } = await run({ SHOP_COVERAGE_DIR: dir });
  expect(code).toBe(0);
  expect(out).toContain('onerway-sim payments coverage (onerway-coverage.md):');
  const report = JSON.parse(readFileSync(join(dir, 'onerway-coverage.json'), 'utf8'));
  expect(report.routes.met).toEqual(['POST /v1/payment_intents', 'POST /v1/refunds']);
  expect(report.routes.statuses).toEqual({ 'POST /v1/payment_intents': ['2xx', '4xx'], 'POST /v1/refunds': ['2xx'] });
  expect(report.paymentIntentStates.met).toEqual(['requires_payment_method', 'succeeded']);
  expect(report.paymentIntentTransitions.met).toEqual(['requires_payment_method → succeeded']);
  expect(report.testCards.met).toEqual(['pm_card_visa', 'pm_card_visa_chargeDeclinedInsufficientFunds']);
  expect(report.declineCodes).toMatchObject({ met: ['insufficient_funds'] });
  expect(report.declineCodes.missed).toContain('lost_card');
  expect(report.eventsEmitted.met).toEqual([
    'charge.failed',
    'charge.refunded',
    'charge.succeeded',
    'charge.updated',
    'payment_intent.created',
    'payment_intent.payment_failed',
    'payment_intent.succeeded',
    'refund.created',
  ]);
  expect(report.eventsEmitted.missed).toContain('charge.dispute.created');
  expect(report.timedBehaviours.met).toEqual([]);
  expect(report.unmatchedFaults).toEqual([]);
  expect(readFileSync(join(dir, 'onerway-coverage.md'), 'utf8')).toMatch(/^# Payments coverage \(onerway-sim\)\n/);
}, 150_000);

it('fails the run when a required situation was never met', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shop-coverage-'));
  const { code, out } = await run({ SHOP_COVERAGE_DIR: dir, SHOP_REQUIRE: JSON.stringify({ declineCodes: ['insufficient_funds', 'lost_card'] }) });
  expect(code).toBe(1);
  expect(out).toContain('onerway-sim: the suite never met these required payment situations: declineCodes: lost_card');
}, 150_000);
