/**
 * Runs in each test file (a vitest setup file): notes every simulator the file creates and, when
 * the file is done, writes their coverage and unmatched faults where the global setup collects it.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { coverageData } from '../coverage.js';
import { CoverageRecorder } from '../engine/coverage.js';
import { creationListeners, internalsOf } from '../internal.js';
import { mergeCoverage } from '../coverage.js';
import type { Simulator } from '../simulator.js';
import { DIR_ENV } from './env.js';

const created: Simulator[] = [];
const listener = (sim: object): void => void created.push(sim as Simulator);
creationListeners().add(listener);

afterAll(() => {
  creationListeners().delete(listener);
  const dir = process.env[DIR_ENV];
  if (!dir || created.length === 0) return;
  const merged = new CoverageRecorder();
  const unmatched: string[] = [];
  for (const sim of created) {
    mergeCoverage(merged, coverageData(internalsOf(sim).coverage));
    for (const f of sim.faults.unmatched()) unmatched.push(`${f.method ?? 'any method'} ${String(f.path ?? 'any path')}`);
  }
  writeFileSync(join(dir, `${process.pid}-${randomUUID()}.json`), JSON.stringify({ coverage: coverageData(merged), unmatched }));
});
